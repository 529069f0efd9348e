// The f32 interpreter against the scalar semantics of ir/semantics.h, bit for bit, for
// every op of the op table; f64 and real modes; malformed programs.
#include <gtest/gtest.h>

#include <atomic>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <mpfr.h>
#include <span>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "eval/interp.h"
#include "ir/program.h"
#include "ir/random.h"
#include "ir/semantics.h"
#include "tests/support/programs.h"

namespace {

using uf::eval::run_f32;
using uf::ir::Builder;
using uf::ir::Op;
using uf::ir::Program;
using uf::ir::Type;

std::uint32_t fb(float x) { return uf::ir::sem::u(x); }
float bf(std::uint32_t b) { return uf::ir::sem::f(b); }

// Edge values per operand type, as bit patterns.
std::vector<std::uint32_t> f32_edges() {
  std::vector<float> v = {0.0f, -0.0f, std::numeric_limits<float>::denorm_min(),
                          -std::numeric_limits<float>::denorm_min(), FLT_MIN, -FLT_MIN,
                          FLT_MAX, -FLT_MAX, std::numeric_limits<float>::infinity(),
                          -std::numeric_limits<float>::infinity(), 0.5f, 1.5f, 2.5f, -0.5f,
                          -1.5f, -2.5f, 1.0f, -1.0f, 3.0f, 0.49999997f, 8388607.5f, 8388609.0f,
                          2147483648.0f, -2147483648.0f, 2147483520.0f, -2147483904.0f,
                          4294967296.0f, 1e-40f, 123.456f, -7.25f, 0x1p-100f, 0x1p100f};
  std::vector<std::uint32_t> b;
  for (float x : v) b.push_back(fb(x));
  b.push_back(0x007fffffu);  // largest subnormal
  b.push_back(0x807fffffu);
  b.push_back(0x7fc00000u);  // quiet NaN
  b.push_back(0xffc00001u);  // negative quiet NaN with payload
  b.push_back(0x7f800001u);  // signalling NaN
  b.push_back(0xff812345u);
  return b;
}

std::vector<std::uint32_t> i32_edges() {
  return {0u, 1u, 0xffffffffu, 2u, 23u, 31u, 32u, 33u, 64u, 127u, 128u, 0xffffff81u /*-127*/,
          0xffffff82u /*-126*/, 0xffffff6bu /*-149*/, 254u, 255u, 0xffffff04u /*-252*/,
          0xffffff03u /*-253*/, 1000u, 0xfffffc18u /*-1000*/, 0x80000000u, 0x7fffffffu,
          0x7f800000u, 0x3f800000u, 0x12345678u};
}

std::vector<std::uint32_t> mask_edges() { return {0u, 0xffffffffu, 1u, 0x80000000u}; }

std::vector<std::uint32_t> edges_of(Type t) {
  switch (t) {
    case Type::F32: return f32_edges();
    case Type::I32: return i32_edges();
    case Type::Mask: return mask_edges();
    case Type::None: break;
  }
  return {0u};
}

// Inputs: every edge value of every type (as float bits) plus random patterns, an
// odd count so the last SIMD vector and the last tile are partial.
std::vector<float> test_inputs(std::size_t n_random, std::uint64_t seed) {
  std::set<std::uint32_t> s;
  for (Type t : {Type::F32, Type::I32, Type::Mask}) {
    for (auto b : edges_of(t)) s.insert(b);
  }
  std::vector<float> x;
  for (auto b : s) x.push_back(bf(b));
  uf::ir::SplitMix64 rng(seed);
  for (std::size_t i = 0; i < n_random; ++i) {
    x.push_back(bf(i % 2 ? uf::ir::random_f32_bits(rng) : static_cast<std::uint32_t>(rng.next())));
  }
  if (x.size() % 2 == 0) x.push_back(1.25f);
  return x;
}

bool is_nan_bits(std::uint32_t b) { return (b & 0x7fffffffu) > 0x7f800000u; }

bool two_nan_arith(Op op) {
  return op == Op::Add || op == Op::Sub || op == Op::Mul || op == Op::Div || op == Op::Fma;
}

// The scalar semantics of p at x, or false when the result is unspecified: an
// add/sub/mul/div/fma with two or more NaN operands returns one of their payloads, and
// which one is not fixed (IEEE 754 6.2.3; x86 returns the first source's, ARM prefers
// a signalling NaN, and compilers commute add/mul/fma operands freely, in the scalar
// reference as in SIMD code), so results depending on it are not compared.
bool scalar_reference(const Program& p, float x, std::uint32_t& out) {
  std::vector<std::uint32_t> r(p.code.size());
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const auto& in = p.code[i];
    if (two_nan_arith(in.op)) {
      int nans = 0;
      for (int k = 0; k < uf::ir::info(in.op).arity; ++k) nans += is_nan_bits(r[in.args[k]]);
      if (nans >= 2) return false;
    }
    r[i] = uf::ir::sem::eval(in.op, r[in.args[0]], r[in.args[1]], r[in.args[2]], in.imm, fb(x));
  }
  out = r[p.result];
  EXPECT_EQ(out, fb(uf::ir::sem::run_scalar(p, x)));
  return true;
}

// Expects run_f32 == the scalar semantics bit for bit (NaN payloads included) on every
// input where the result is specified.
::testing::AssertionResult matches_scalar(const Program& p, const std::vector<float>& x) {
  std::vector<float> y(x.size());
  run_f32(p, x.data(), y.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    std::uint32_t want;
    if (!scalar_reference(p, x[i], want)) continue;
    if (fb(y[i]) != want) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "input 0x%08x: interpreter 0x%08x, semantics 0x%08x",
                    fb(x[i]), fb(y[i]), want);
      return ::testing::AssertionFailure() << buf;
    }
  }
  return ::testing::AssertionSuccess();
}

// Value of type t derived from the input (bits of x reinterpreted when t is not f32).
std::uint32_t input_as(Builder& b, Type t) {
  if (t == Type::F32) return b.input();
  return b.emit(Op::AsInt, b.input());
}

std::uint32_t const_of(Builder& b, Type t, std::uint32_t bits) {
  if (t == Type::F32) return b.f(bf(bits));
  return b.i(static_cast<std::int32_t>(bits));  // masks: any 32-bit pattern
}

// Every op of the table, with the input in each operand position and edge constants in
// the others (all pairs for ternary ops), on edge and random inputs.
TEST(Interp, EveryOpMatchesScalarSemanticsBitForBit) {
  const std::vector<float> x = test_inputs(600, 1);
  std::size_t ops_tested = 0;
  for (const uf::ir::OpInfo& oi : uf::ir::kOpTable) {
    SCOPED_TRACE(std::string(oi.name));
    std::size_t programs = 0;
    if (oi.arity == 0) {
      for (auto c : edges_of(oi.result)) {
        Builder b;
        const auto v = b.emit(oi.op, 0, 0, 0, c);
        ASSERT_TRUE(matches_scalar(std::move(b).finish(v), x));
        ++programs;
      }
    }
    for (int pos = 0; pos < oi.arity; ++pos) {
      std::vector<std::vector<std::uint32_t>> others;
      for (int k = 0; k < oi.arity; ++k) {
        others.push_back(k == pos ? std::vector<std::uint32_t>{0u} : edges_of(oi.args[k]));
      }
      if (oi.arity < 3) others.resize(3, {0u});
      for (auto c0 : others[0]) {
        for (auto c1 : others[1]) {
          for (auto c2 : others[2]) {
            Builder b;
            std::uint32_t args[3] = {0, 0, 0};
            const std::uint32_t cs[3] = {c0, c1, c2};
            for (int k = 0; k < oi.arity; ++k) {
              args[k] = k == pos ? input_as(b, oi.args[k]) : const_of(b, oi.args[k], cs[k]);
            }
            const auto v = b.emit(oi.op, args[0], args[1], args[2], 0);
            // Ternary ops: fewer random inputs per program (there are ~1000 programs).
            const std::size_t n = oi.arity == 3 ? 151 : x.size();
            std::vector<float> xs(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(std::min(n, x.size())));
            ASSERT_TRUE(matches_scalar(std::move(b).finish(v), xs))
                << "input in operand " << pos << ", constants 0x" << std::hex << c0 << " 0x"
                << c1 << " 0x" << c2;
            ++programs;
          }
        }
      }
    }
    EXPECT_GT(programs, 0u);
    ++ops_tested;
  }
  EXPECT_EQ(ops_tested, uf::ir::kNumOps);
}

// Ops on two values that both vary with the input (no constant operand).
TEST(Interp, BinaryOpsOnTwoVaryingOperandsMatchScalar) {
  const std::vector<float> x = test_inputs(2000, 2);
  for (const uf::ir::OpInfo& oi : uf::ir::kOpTable) {
    if (oi.arity < 2) continue;
    SCOPED_TRACE(std::string(oi.name));
    Builder b;
    // Operand k: a different function of x per slot, converted to the slot type.
    std::uint32_t args[3];
    for (int k = 0; k < oi.arity; ++k) {
      const auto xi = b.emit(Op::AsInt, b.input());
      const auto rot = b.emit(Op::Xor, b.emit(Op::Shl, xi, b.i(7 * k)), b.emit(Op::Shr, xi, b.i(32 - 7 * k)));
      args[k] = oi.args[k] == Type::F32 ? b.emit(Op::AsFloat, k == 0 ? xi : rot) : (k == 0 ? xi : rot);
    }
    const auto v = b.emit(oi.op, args[0], args[1], oi.arity == 3 ? args[2] : 0, 0);
    ASSERT_TRUE(matches_scalar(std::move(b).finish(v), x));
  }
}

TEST(Interp, RandomProgramsMatchScalar) {
  const std::vector<float> x = test_inputs(700, 3);
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    uf::ir::RandomProgramOptions opt;
    opt.min_ops = 4;
    opt.max_ops = 48;
    const Program p = uf::ir::random_program(seed, opt);
    ASSERT_TRUE(matches_scalar(p, x)) << "seed " << seed;
  }
}

Program horner_program() {
  Builder b;
  const auto x = b.input();
  auto acc = b.f(0.25f);
  for (float c : {-0.5f, 1.0f, 3.0f}) acc = b.emit(Op::Fma, acc, x, b.f(c));
  return std::move(b).finish(acc);
}

TEST(Interp, BatchSizesThatAreNotMultiplesOfTheVectorWidth) {
  const Program p = horner_program();
  for (std::size_t n : {0u, 1u, 3u, 15u, 16u, 17u, 31u, 511u, 512u, 513u, 1023u, 1025u, 4099u}) {
    std::vector<float> x(n), y(n, -1.0f);
    for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<float>(i) * 0.37f - 50.0f;
    run_f32(p, x.data(), y.data(), n);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_EQ(fb(y[i]), fb(uf::ir::sem::run_scalar(p, x[i]))) << "n=" << n << " i=" << i;
    }
  }
}

TEST(Interp, InputAndOutputMayAlias) {
  const Program p = horner_program();
  std::vector<float> x(1500), want(1500);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = static_cast<float>(i) / 7.0f;
    want[i] = uf::ir::sem::run_scalar(p, x[i]);
  }
  run_f32(p, x.data(), x.data(), x.size());
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_EQ(fb(x[i]), fb(want[i]));
}

TEST(Interp, IdentityAndDeadCodePrograms) {
  std::vector<float> x = {1.0f, -2.0f, bf(0x7f800001u)}, y(3);
  run_f32(uf::ir::identity_program(), x.data(), y.data(), 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(fb(y[i]), fb(x[i]));
  Builder b;
  b.emit(Op::Div, b.input(), b.f(0.0f));  // dead
  const auto r = b.emit(Op::Mul, b.input(), b.f(2.0f));
  run_f32(std::move(b).finish(r), x.data(), y.data(), 3);
  EXPECT_EQ(y[0], 2.0f);
  EXPECT_EQ(y[1], -4.0f);
}

TEST(Interp, MalformedProgramsAreRejectedWithAnError) {
  float x = 1.0f, y = 0.0f;
  Program empty;
  EXPECT_THROW(run_f32(empty, &x, &y, 1), std::invalid_argument);
  Program p = uf::ir::identity_program();
  p.result = 5;
  EXPECT_THROW(run_f32(p, &x, &y, 1), std::invalid_argument);
  Program fwd = uf::ir::identity_program();
  fwd.code.push_back(uf::ir::Instr{Op::Add, {0, 2, 0}, 0});
  fwd.code.push_back(uf::ir::Instr{Op::Neg, {0, 0, 0}, 0});
  fwd.result = 1;
  EXPECT_THROW(run_f32(fwd, &x, &y, 1), std::invalid_argument);
  std::vector<double> xd(1), yd(1);
  EXPECT_THROW(uf::eval::run_f64(fwd, xd.data(), yd.data(), 1), std::invalid_argument);
}

TEST(Interp, F64ModeComputesInDouble) {
  Builder b;
  const auto x = b.input();
  const auto sq = b.emit(Op::Mul, x, x);
  const auto r = b.emit(Op::Fma, sq, b.f(3.0f), b.emit(Op::Sqrt, x));
  const Program p = std::move(b).finish(r);
  const double xs[] = {1.0 + 0x1p-12, 2.0, 0.1};
  double y[3];
  uf::eval::run_f64(p, xs, y, 3);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(y[i], std::fma(xs[i] * xs[i], 3.0, std::sqrt(xs[i])));
  }
  // The f32 result of x*x rounds; the f64 one does not.
  EXPECT_NE(static_cast<double>(uf::ir::sem::run_scalar(p, static_cast<float>(xs[0]))), y[0]);
}

TEST(Interp, F64ModeRangeReductionOps) {
  // ldexp(getmant(x), f2i(rint(x))) with integer ops and a select in between.
  Builder b;
  const auto x = b.input();
  const auto k = b.emit(Op::F2I, b.emit(Op::Rint, x));
  const auto k2 = b.emit(Op::IAdd, k, b.i(1));
  const auto m = b.emit(Op::GetMant, x);
  const auto l = b.emit(Op::Ldexp, m, k2);
  const auto sel = b.emit(Op::Select, b.emit(Op::Lt, x, b.f(0.0f)), b.f(-1.0f), l);
  const Program p = std::move(b).finish(sel);
  const double xs[] = {2.5, 3.5, 10.25, -4.0};
  double y[4];
  uf::eval::run_f64(p, xs, y, 4);
  EXPECT_EQ(y[0], 1.25 * 8.0);    // rint(2.5) = 2 (even), +1 -> 2^3
  EXPECT_EQ(y[1], 1.75 * 32.0);   // rint(3.5) = 4, +1 -> 2^5
  EXPECT_EQ(y[2], 1.28125 * 2048.0);
  EXPECT_EQ(y[3], -1.0);
}

TEST(Interp, RealModeUsesTheRequestedPrecision) {
  using uf::eval::Real;
  Builder b;
  const auto x = b.input();
  const auto r = b.emit(Op::Sqrt, b.emit(Op::Add, x, b.f(1.0f)));
  const Program p = std::move(b).finish(r);
  std::vector<Real> in(2), out(2);
  in[0] = 1;
  in[1] = 3;
  uf::eval::run_real(p, in.data(), out.data(), 2, 200);
  mpfr_t want;
  mpfr_init2(want, 200);
  mpfr_sqrt_ui(want, 2, MPFR_RNDN);
  EXPECT_EQ(mpfr_get_prec(out[0].backend().data()), 200);
  EXPECT_EQ(mpfr_cmp(out[0].backend().data(), want), 0);
  EXPECT_EQ(mpfr_cmp_ui(out[1].backend().data(), 2), 0);
  mpfr_clear(want);
  // Ties round to even in real mode too; f2i truncates.
  Builder b2;
  const auto k = b2.emit(Op::F2I, b2.input());
  const auto s = b2.emit(Op::Add, b2.emit(Op::Rint, b2.input()), b2.emit(Op::I2F, k));
  const Program p2 = std::move(b2).finish(s);
  in[0] = 2.5;
  in[1] = -3.5;
  uf::eval::run_real(p2, in.data(), out.data(), 2, 64);
  EXPECT_EQ(mpfr_get_d(out[0].backend().data(), MPFR_RNDN), 2.0 + 2.0);
  EXPECT_EQ(mpfr_get_d(out[1].backend().data(), MPFR_RNDN), -4.0 - 3.0);
  EXPECT_THROW(uf::eval::run_real(p2, in.data(), out.data(), 2, 0), std::invalid_argument);
}

}  // namespace

namespace {

// Each thread has its own register file: concurrent calls on different programs and
// batch sizes give the single-threaded results.
TEST(Interp, ConcurrentCallsAreThreadSafe) {
  std::vector<Program> progs;
  for (std::uint64_t seed = 0; seed < 16; ++seed) {
    uf::ir::RandomProgramOptions opt;
    opt.min_ops = 8;
    opt.max_ops = 40;
    progs.push_back(uf::ir::random_program(1000 + seed, opt));
  }
  const std::vector<float> x = test_inputs(3000, 9);
  std::vector<std::vector<float>> want(progs.size(), std::vector<float>(x.size()));
  for (std::size_t i = 0; i < progs.size(); ++i) run_f32(progs[i], x.data(), want[i].data(), x.size());
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::vector<float> y(x.size());
      for (int rep = 0; rep < 20; ++rep) {
        const std::size_t i = static_cast<std::size_t>(t * 7 + rep) % progs.size();
        const std::size_t n = x.size() - static_cast<std::size_t>(rep * 13);
        run_f32(progs[i], x.data(), y.data(), n);
        if (std::memcmp(y.data(), want[i].data(), n * 4) != 0) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
}

}  // namespace

// ir/apply.h gives each op one definition over every domain. For float32 operands, the
// f64 and real modes compute each op exactly or with one rounding wider than binary32,
// so rounding their result to float32 gives the f32 meaning, op by op. Exceptions
// that follow from the semantics: an fma in double may round twice (not in 200-bit
// MPFR), and ldexp in float32 rounds twice when its result is subnormal. NaN inputs
// are left out: the wide modes carry no NaN payload for the bit ops to see.
TEST(Interp, EveryOpInF64AndRealModesRoundsToItsF32Meaning) {
  std::vector<float> xs;
  auto add = [&](std::uint32_t b) {
    if (!std::isnan(bf(b))) xs.push_back(bf(b));
  };
  for (std::uint32_t b : f32_edges()) add(b);
  std::uint64_t st = 0x9e3779b97f4a7c15ull;
  for (int k = 0; k < 600; ++k) {
    st = st * 6364136223846793005ull + 1442695040888963407ull;
    add(static_cast<std::uint32_t>(st >> 32));
  }
  const std::size_t n = xs.size();
  std::vector<double> xd(xs.begin(), xs.end());
  std::vector<uf::eval::Real> xr;
  for (float x : xs) xr.emplace_back(x);
  for (Op op : uf::ir::all_ops()) {
    const Program p = uf::test::single_op_program(op);
    if (op == Op::Core) continue;  // a template: not evaluable
    std::vector<float> y32(n);
    std::vector<double> y64(n);
    std::vector<uf::eval::Real> yr(n);
    run_f32(p, xs.data(), y32.data(), n);
    uf::eval::run_f64(p, xd.data(), y64.data(), n);
    uf::eval::run_real(p, xr.data(), yr.data(), n, 200);
    for (std::size_t t = 0; t < n; ++t) {
      const float want = y32[t];
      if (op == Op::Ldexp && std::fabs(want) < FLT_MIN) continue;
      const float got64 = static_cast<float>(y64[t]);
      const float gotr = mpfr_get_flt(yr[t].backend().data(), MPFR_RNDN);
      const auto same = [&](float g) { return std::isnan(want) ? std::isnan(g) : fb(g) == fb(want); };
      if (op != Op::Fma) {
        EXPECT_TRUE(same(got64)) << uf::ir::info(op).name << " at x = " << xs[t] << ": f64 " << got64
                                 << ", f32 " << want;
      }
      EXPECT_TRUE(same(gotr)) << uf::ir::info(op).name << " at x = " << xs[t] << ": real " << gotr
                              << ", f32 " << want;
    }
  }
}

// The constant fitter's evaluator: substituted constants take their double values.
TEST(Interp, SubstitutedConstantsTakeTheirWideValues) {
  Builder b;
  const auto x = b.input();
  const auto c0 = b.f(1.0f);
  const auto c1 = b.f(2.0f);
  const Program p = std::move(b).finish(b.emit(Op::Fma, x, b.emit(Op::Add, c0, x), c1));
  const std::uint32_t idx[] = {c0, c1};
  const double c[] = {0.1, 1.0 / 3.0};
  const double xs[] = {0.5, -3.0};
  double y[2];
  uf::eval::run_f64(p, idx, c, xs, y, 2);
  for (int t = 0; t < 2; ++t) EXPECT_EQ(y[t], std::fma(xs[t], 0.1 + xs[t], 1.0 / 3.0));
  using uf::eval::Real;
  std::vector<Real> xr{Real(0.5)}, yr(1);
  uf::eval::run_real(p, idx, c, xr.data(), yr.data(), 1, 300);
  // The same value at 300 bits: 0.5 * (0.1 + 0.5) is exact there; one rounding of the sum.
  Real want(0.1, 300);
  mpfr_add_d(want.backend().data(), want.backend().data(), 0.5, MPFR_RNDN);
  mpfr_mul_d(want.backend().data(), want.backend().data(), 0.5, MPFR_RNDN);
  mpfr_add_d(want.backend().data(), want.backend().data(), 1.0 / 3.0, MPFR_RNDN);
  EXPECT_EQ(mpfr_cmp(yr[0].backend().data(), want.backend().data()), 0);
  // An index that is not a const instruction, or a count mismatch, is an error.
  const std::uint32_t bad[] = {x, c1};
  EXPECT_THROW(uf::eval::run_f64(p, bad, c, xs, y, 2), std::invalid_argument);
  EXPECT_THROW(uf::eval::run_f64(p, std::span<const std::uint32_t>(idx, 1), c, xs, y, 2),
               std::invalid_argument);
}
