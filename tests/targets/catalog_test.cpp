// Catalog tests: every built-in target's template, holes, specials and sampled accuracy
// of its baseline kernel (against an independent MPFR ULP computation).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "eval/interp.h"
#include "eval/ulp.h"
#include "eval/verify.h"
#include "ir/passes.h"
#include "ir/semantics.h"
#include "targets/detail.h"
#include "targets/target.h"
#include "tests/targets/mpfr_ulp.h"

namespace uf::targets {
namespace {

using testing::bits;
using testing::describe;
using testing::from_bits;

bool same_result(float got, float want) {
  if (std::isnan(want)) return std::isnan(got);
  return bits(got) == bits(want);
}

bool in_domain(const eval::Domain& d, float x) {
  if (d.all_floats) return true;
  return x >= d.lo && x <= d.hi;
}

// ~2^16 bit patterns stepped evenly across the domain (ordered-integer order for an
// interval, raw bit patterns for all floats, so NaNs are included) plus a borderline
// list: thresholds, reduction boundaries and specials, each with 4 neighbours a side.
std::vector<float> sample_points(const Target& t) {
  std::vector<float> xs;
  constexpr std::uint64_t kSteps = 1 << 16;
  if (t.domain.all_floats) {
    for (std::uint64_t i = 0; i < kSteps; ++i) {
      xs.push_back(from_bits(static_cast<std::uint32_t>((i << 16) + ((i * 40503u) & 0xffffu))));
    }
  } else {
    const std::int64_t a = eval::float_to_ordered(t.domain.lo);
    const std::int64_t b = eval::float_to_ordered(t.domain.hi);
    for (std::uint64_t i = 0; i <= kSteps; ++i) {
      xs.push_back(eval::ordered_to_float(a + static_cast<std::int64_t>((b - a) * i / kSteps)));
    }
  }
  std::vector<float> border = {1.0f,          0x1p-126f,      0x1p-149f,       0x1.fffffep+127f,
                               0.875f,        2.25f,          3.9375f,         0x1.f5a88ap+1f,
                               0x1.205968p+3f, 10.0f,         0x1.62e42ep+6f,  0x1.62e43p+6f,
                               89.0f,         0x1.9fe368p+6f, 104.0f,          126.0f,
                               128.0f,        149.0f,         150.0f,          151.0f,
                               0x1.6a09e6p+0f, 0x1.6a09e6p-1f, 0x1.921fb6p+0f, 0x1.921fb6p+1f,
                               0x1.2d97c8p+3f, 0x1.5fdbbep+12f, 16384.0f,       0.5f,
                               0.34657359f,   20.0f,          0.7853982f,
                               // trig cold path: the Payne-Hanek chunk switches (e > 48, 72, 96,
                               // 120) and the hardest reductions of float32 (|x mod pi/2| tiny)
                               0x1p+49f,      0x1p+73f,       0x1p+97f,        0x1p+121f,
                               0x1.f37c8ap+95f, 0x1.628d4cp+40f, 1e30f,        0x1.000002p+14f};
  for (const auto& s : t.specials) border.push_back(s.x);
  for (float b : border) {
    for (float s : {b, -b}) {
      if (std::isnan(s)) continue;
      float lo = s, hi = s;
      xs.push_back(s);
      for (int i = 0; i < 4; ++i) {
        lo = std::nextafter(lo, -INFINITY);
        hi = std::nextafter(hi, INFINITY);
        xs.push_back(lo);
        xs.push_back(hi);
      }
    }
  }
  std::vector<float> in;
  for (float x : xs) {
    if (in_domain(t.domain, x)) in.push_back(x);
  }
  return in;
}

std::vector<std::string> target_names() {
  std::vector<std::string> v;
  for (const Target& t : catalog()) v.push_back(t.name);
  return v;
}

TEST(Catalog, HoldsTheEightCoreFunctionsWithUniqueNames) {
  std::set<std::string> names;
  for (const Target& t : catalog()) {
    EXPECT_TRUE(names.insert(t.name).second) << "duplicate " << t.name;
    EXPECT_FALSE(t.summary.empty()) << t.name;
  }
  for (const char* n : {"expf", "exp2f", "logf", "log2f", "sinf", "cosf", "tanhf", "erff"}) {
    EXPECT_TRUE(names.count(n)) << n;
  }
}

TEST(Catalog, FindReturnsTheTargetOrNull) {
  const Target* e = find("expf");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->name, "expf");
  EXPECT_EQ(find("no-such-function"), nullptr);
  EXPECT_EQ(find(""), nullptr);
}

TEST(Catalog, TrigTargetsCoverEveryFloat) {
  for (const char* n : {"sinf", "cosf"}) {
    const Target* t = find(n);
    ASSERT_NE(t, nullptr);
    EXPECT_TRUE(t->domain.all_floats) << n;
    // The cold path sits behind a guard (evaluated only for vectors that need it).
    EXPECT_TRUE(std::any_of(t->tmpl.code.begin(), t->tmpl.code.end(),
                            [](const ir::Instr& i) { return i.op == ir::Op::Guard; }))
        << n;
  }
}

// The Payne-Hanek chunks are the bits of 2/pi: chunk i = floor(2/pi 2^(24(i+1))) mod 2^24.
TEST(Catalog, TwoOverPiChunksAreTheBitsOfTwoOverPi) {
  mpfr_t c, t, q;
  mpfr_inits2(800, c, t, q, static_cast<mpfr_ptr>(nullptr));
  mpfr_const_pi(c, MPFR_RNDN);
  mpfr_ui_div(c, 2, c, MPFR_RNDN);
  for (std::size_t i = 0; i < std::size(detail::kTwoOverPiChunks); ++i) {
    mpfr_mul_2ui(t, c, 24 * (i + 1), MPFR_RNDN);
    mpfr_floor(t, t);
    mpfr_div_2ui(q, t, 24, MPFR_RNDN);
    mpfr_floor(q, q);
    mpfr_mul_2ui(q, q, 24, MPFR_RNDN);
    mpfr_sub(t, t, q, MPFR_RNDN);
    EXPECT_EQ(mpfr_get_ui(t, MPFR_RNDN), detail::kTwoOverPiChunks[i]) << "chunk " << i;
  }
  mpfr_clears(c, t, q, static_cast<mpfr_ptr>(nullptr));
}

// erfcf's reconstructions that the stepped sample barely reaches: subnormal results
// (x in [9.18, 10.06], ldexp rounding into the subnormals) and 2 - erfc(|x|) for x in
// [-3.84, -0.5] (the 2Sum with 2), each stepped densely, within the documented bound.
TEST(Catalog, ErfcfSubnormalAndNegativeSidesHoldTheDocumentedBound) {
  const Target* t = find("erfcf");
  ASSERT_NE(t, nullptr);
  const ir::Program k = t->baseline_kernel();
  std::vector<float> xs;
  auto step = [&](float lo, float hi, std::int64_t stride) {
    const std::int64_t a = eval::float_to_ordered(lo), b = eval::float_to_ordered(hi);
    for (std::int64_t i = a; i <= b; i += stride) xs.push_back(eval::ordered_to_float(i));
  };
  step(9.18f, 10.06f, 193);
  step(-3.84f, -0.5f, 1999);
  std::vector<float> ys(xs.size());
  eval::run_f32(k, xs.data(), ys.data(), xs.size());
  std::size_t subnormal = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    if (ys[i] != 0 && std::fabs(ys[i]) < 0x1p-126f) ++subnormal;
    const double e = testing::mpfr_ulp_error(t->ref, xs[i], ys[i]);
    ASSERT_LE(e, t->baseline_max_ulp) << "erfcf(" << describe(xs[i]) << ") = " << describe(ys[i])
                                      << ", reference " << testing::mpfr_rounded(t->ref, xs[i]);
  }
  EXPECT_GT(subnormal, 4000u);
}

class TargetTest : public ::testing::TestWithParam<std::string> {
 protected:
  const Target& target() const {
    const Target* t = find(GetParam());
    EXPECT_NE(t, nullptr);
    return *t;
  }
};

TEST_P(TargetTest, TemplateCoresAndKernelAreWellFormed) {
  const Target& t = target();
  EXPECT_EQ(ir::verify(t.tmpl), std::nullopt);
  ASSERT_GE(t.holes.size(), 1u);
  EXPECT_EQ(ir::hole_count(t.tmpl), t.holes.size());
  ASSERT_EQ(t.baseline_cores.size(), t.holes.size());
  for (std::size_t i = 0; i < t.baseline_cores.size(); ++i) {
    EXPECT_EQ(ir::verify(t.baseline_cores[i]), std::nullopt) << "core " << i;
    EXPECT_EQ(ir::hole_count(t.baseline_cores[i]), 0u) << "core " << i;
  }
  const ir::Program k = t.baseline_kernel();
  EXPECT_EQ(ir::verify(k), std::nullopt);
  EXPECT_EQ(ir::hole_count(k), 0u);
  EXPECT_GT(t.baseline_max_ulp, 0.0);
}

TEST_P(TargetTest, HolesHaveIntervalsAndReferences) {
  const Target& t = target();
  for (std::size_t i = 0; i < t.holes.size(); ++i) {
    const Hole& h = t.holes[i];
    EXPECT_LT(h.lo, h.hi) << "hole " << i;
    EXPECT_FALSE(h.what.empty());
    ASSERT_TRUE(h.core_ref.fast && h.core_ref.exact) << "hole " << i;
    EXPECT_TRUE(std::isfinite(h.core_ref.fast(0.5 * (h.lo + h.hi))));
  }
}

// Each baseline core approximates its hole's reference on the hole interval: a check
// that holes, references and cores describe the same thing (the full-kernel accuracy is
// tested separately). A tail core (a hole with a scale) is measured in ULPs of the
// scale, the size of the result its error lands on; a refined core (a Newton seed) is
// expected within 2^-14 relative (about 2^9 ULP) instead.
TEST_P(TargetTest, BaselineCoresApproximateTheirHoleReference) {
  const Target& t = target();
  for (std::size_t i = 0; i < t.holes.size(); ++i) {
    const Hole& h = t.holes[i];
    double worst = 0;
    for (int j = 0; j <= 4096; ++j) {
      const float r = static_cast<float>(h.lo + (h.hi - h.lo) * j / 4096.0);
      const double want = h.core_ref.fast(r);
      const float got = ir::sem::run_scalar(t.baseline_cores[i], r);
      if (h.scale) {
        // A zero scale (r = 0) is measured in the smallest subnormal: the core must be exact.
        const double ulp = eval::ulp_of(static_cast<float>(h.scale(r)));
        worst = std::max(worst, std::fabs(got - want) / ulp);
      } else {
        worst = std::max(worst, eval::ulp_error(got, want));
      }
    }
    EXPECT_LT(worst, h.refined ? 512.0 : 4.0) << t.name << " hole " << i << " (" << h.what << ")";
  }
}

// The declared special values are the correctly rounded results (MPFR), and the
// baseline kernel returns them bit for bit (any NaN matching NaN) under the scalar
// semantics and in the f32 interpreter.
TEST_P(TargetTest, SpecialValuesAreCorrectAndBaselineReturnsThemExactly) {
  const Target& t = target();
  ASSERT_FALSE(t.specials.empty());
  const ir::Program k = t.baseline_kernel();
  std::vector<float> in, out(t.specials.size());
  for (const SpecialValue& s : t.specials) in.push_back(s.x);
  eval::run_f32(k, in.data(), out.data(), in.size());
  for (std::size_t i = 0; i < t.specials.size(); ++i) {
    const SpecialValue& s = t.specials[i];
    EXPECT_TRUE(in_domain(t.domain, s.x)) << describe(s.x);
    EXPECT_TRUE(same_result(testing::mpfr_rounded(t.ref, s.x), s.expected))
        << t.name << ": declared special " << describe(s.x) << " -> " << describe(s.expected)
        << " but MPFR rounds to " << describe(testing::mpfr_rounded(t.ref, s.x));
    const float scalar = ir::sem::run_scalar(k, s.x);
    EXPECT_TRUE(same_result(scalar, s.expected))
        << t.name << "(" << describe(s.x) << ") = " << describe(scalar) << ", want "
        << describe(s.expected) << " (scalar semantics)";
    EXPECT_TRUE(same_result(out[i], s.expected))
        << t.name << "(" << describe(s.x) << ") = " << describe(out[i]) << ", want "
        << describe(s.expected) << " (f32 interpreter)";
  }
}

TEST_P(TargetTest, SampledAccuracyOfBaselineWithinDocumentedBound) {
  const Target& t = target();
  const ir::Program k = t.baseline_kernel();
  const std::vector<float> xs = sample_points(t);
  std::vector<float> ys(xs.size());
  eval::run_f32(k, xs.data(), ys.data(), xs.size());
  double worst = -1;
  std::size_t wi = 0, mismatches = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const float scalar = ir::sem::run_scalar(k, xs[i]);
    if (bits(scalar) != bits(ys[i]) && !(std::isnan(scalar) && std::isnan(ys[i]))) {
      if (++mismatches <= 3) {
        ADD_FAILURE() << "interpreter and scalar semantics differ at " << describe(xs[i]) << ": "
                      << describe(ys[i]) << " vs " << describe(scalar);
      }
    }
    const double e = testing::mpfr_ulp_error(t.ref, xs[i], ys[i]);
    if (e > worst) {
      worst = e;
      wi = i;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_LE(worst, t.baseline_max_ulp)
      << t.name << ": worst input " << describe(xs[wi]) << " gives " << describe(ys[wi])
      << ", reference " << testing::mpfr_rounded(t.ref, xs[wi]) << ", error " << worst << " ULP";
  RecordProperty("sampled_max_ulp", std::to_string(worst));
  std::printf("[ %s ] %zu ops, static cost %.2f, %zu points, sampled max ULP %.4f at %s\n",
              t.name.c_str(), ir::op_count(k), ir::static_cost(k), xs.size(), worst,
              describe(xs[wi]).c_str());
}

INSTANTIATE_TEST_SUITE_P(Catalog, TargetTest, ::testing::ValuesIn(target_names()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

// Independent cross-check of the verifier: the baseline expf max ULP over every float of
// [1, 1.125] (2^20 inputs) computed here with MPFR alone equals what
// eval::verify_exhaustive reports over the same slice.
TEST(CrossCheck, ExpfBaselineMaxUlpFromMpfrAgreesWithVerifier) {
  const Target* t = find("expf");
  ASSERT_NE(t, nullptr);
  const ir::Program k = t->baseline_kernel();
  const eval::Domain slice{false, 1.0f, 1.125f};
  std::vector<float> xs;
  for (float x = slice.lo; x <= slice.hi; x = std::nextafter(x, INFINITY)) xs.push_back(x);
  ASSERT_EQ(xs.size(), (1u << 20) + 1);
  ASSERT_EQ(slice.size(), xs.size());
  std::vector<float> ys(xs.size());
  eval::run_f32(k, xs.data(), ys.data(), xs.size());
  double worst = 0;
  float worst_x = 0;
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const double e = testing::mpfr_ulp_error(t->ref, xs[i], ys[i]);
    if (e > worst) {
      worst = e;
      worst_x = xs[i];
    }
  }
  eval::VerifyOptions opt;
  opt.bound = t->baseline_max_ulp;
  const eval::VerifyReport rep = eval::verify_exhaustive(k, t->ref, slice, opt);
  EXPECT_EQ(rep.inputs, xs.size());
  EXPECT_NEAR(rep.max_ulp, worst, 1e-6) << "MPFR worst input " << describe(worst_x);
  ASSERT_FALSE(rep.worst.empty());
  EXPECT_EQ(bits(rep.worst.front().x), bits(worst_x));
  EXPECT_TRUE(rep.holds());
}

// sincosf fuses sinf's and cosf's templates: with any cores its results are those two
// kernels' bits (here the baseline cores and the cores of the committed sinf kernel's
// search are not at hand, so the baseline ones) on every kind of input, the cold
// Payne-Hanek side included, and the shared work is done once.
TEST(Fused, SincosfResultsAreTheSinfAndCosfKernelsBitForBit) {
  const FusedTarget* f = find_fused("sincosf");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->parts, (std::vector<std::string>{"sinf", "cosf"}));
  EXPECT_EQ(find("sincosf"), nullptr);  // not a one-result target
  const ir::MultiProgram k = f->baseline_kernel();
  ASSERT_EQ(k.outputs.size(), 2u);
  std::vector<float> xs;
  std::uint32_t s = 99;
  for (int i = 0; i < 200000; ++i) {
    s ^= s << 13, s ^= s >> 17, s ^= s << 5;
    xs.push_back(ir::sem::f(s));
  }
  for (float v : {0.0f, -0.0f, 1e30f, -3e7f, 16384.0f, 16384.002f, 0x1p-149f}) xs.push_back(v);
  for (std::size_t r = 0; r < 2; ++r) {
    std::vector<float> fused(xs.size()), part(xs.size());
    eval::run_f32(ir::remove_dead_code(k.output(r)), xs.data(), fused.data(), xs.size());
    eval::run_f32(f->part(r).baseline_kernel(), xs.data(), part.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      const bool same = (fused[i] != fused[i] && part[i] != part[i]) || ir::sem::u(fused[i]) == ir::sem::u(part[i]);
      ASSERT_TRUE(same) << f->outputs[r] << " x=" << std::hexfloat << xs[i];
    }
  }
  // One reduction and one evaluation of each core on each path: far fewer instructions
  // than the two kernels together.
  EXPECT_LT(ir::op_count(k.code) * 10,
            (ir::op_count(f->part(0).baseline_kernel()) + ir::op_count(f->part(1).baseline_kernel())) * 6);
}

}  // namespace
}  // namespace uf::targets
