// ir/range.h: the value ranges are sound (every value any input produces lies in its
// range, NaN only where allowed), and tight enough to prove the guards of an exp-style
// reduction dead.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "ir/passes.h"
#include "ir/random.h"
#include "ir/range.h"
#include "ir/semantics.h"
#include "ir/text.h"

namespace uf::ir {
namespace {

// Every instruction's value on input x against its range; returns "" or a message.
std::string check_on(const Program& p, const std::vector<Range>& r, std::uint32_t xbits) {
  std::vector<std::uint32_t> v(p.size());
  for (std::uint32_t i = 0; i < p.size(); ++i) {
    const Instr& ins = p.code[i];
    v[i] = sem::eval(ins.op, v[ins.args[0]], v[ins.args[1]], v[ins.args[2]], ins.imm, xbits);
    const Type t = p.type_of(i);
    const std::string where = "%" + std::to_string(i) + " on input bits " + std::to_string(xbits);
    if (t == Type::F32) {
      const float f = sem::f(v[i]);
      if (std::isnan(f)) {
        if (!r[i].nan) return where + ": NaN outside its range";
      } else if (!(r[i].lo <= f && f <= r[i].hi)) {
        return where + ": " + std::to_string(f) + " outside [" + std::to_string(r[i].lo) + ", " +
               std::to_string(r[i].hi) + "]";
      }
    } else if (t == Type::I32) {
      const double s = sem::s(v[i]);
      if (!(r[i].lo <= s && s <= r[i].hi)) return where + ": " + std::to_string(s) + " outside its range";
    }
  }
  return "";
}

std::vector<std::uint32_t> test_inputs(std::uint64_t seed, int n) {
  SplitMix64 rng{seed};
  std::vector<std::uint32_t> xs = {0x00000000u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u,
                                   0xffc00001u, 0x00000001u, 0x7f7fffffu, 0xff7fffffu, 0x3f800000u};
  for (int i = 0; i < n; ++i) xs.push_back(i % 2 ? random_f32_bits(rng) : static_cast<std::uint32_t>(rng.next()));
  return xs;
}

TEST(ValueRanges, HoldForEveryValueOfRandomProgramsOnClampedAndRawInputs) {
  // Random programs applied to the raw input and to the input clamped into a random
  // interval (so that bounded ranges flow through every op).
  const auto xs = test_inputs(7, 400);
  SplitMix64 rng{11};
  int bounded = 0;
  for (std::uint64_t seed = 1; seed <= 300; ++seed) {
    RandomProgramOptions ro;
    ro.max_ops = 12;
    const Program core = random_program(seed, ro);
    Builder b;
    const float lo = static_cast<float>(-300.0 * rng.uniform()), hi = static_cast<float>(300.0 * rng.uniform());
    std::uint32_t t = seed % 3 == 0 ? b.emit(Op::Min, b.f(hi), b.input()) : b.emit(Op::Min, b.input(), b.f(hi));
    t = b.emit(Op::Max, b.f(lo), t);
    const Program clamped = inline_cores(std::move(b).finish(b.core(t)), std::span<const Program>(&core, 1));
    for (const Program* p : {&core, &clamped}) {
      const std::vector<Range> r = value_ranges(*p);
      for (const Range& x : r) bounded += std::isfinite(x.lo) && std::isfinite(x.hi);
      for (std::uint32_t x : xs) {
        const std::string err = check_on(*p, r, x);
        ASSERT_EQ(err, "") << print(*p);
      }
    }
  }
  EXPECT_GT(bounded, 1000);  // the test exercises bounded ranges, not just full ones
}

// expf's reduction: x clamped to [-104, 89], k = rint(x * log2(e)), ldexp(p, f2i(k)).
Program exp_reduction(bool nan_first) {
  Builder b;
  std::uint32_t t = nan_first ? b.emit(Op::Min, b.f(89.0f), b.input())   // NaN x stays NaN
                              : b.emit(Op::Min, b.input(), b.f(89.0f));  // NaN x becomes 89
  t = b.emit(Op::Max, b.f(-104.0f), t);
  const std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, t, b.f(0x1.715476p+0f)));
  const std::uint32_t ki = b.emit(Op::F2I, k);
  const std::uint32_t y = b.emit(Op::Ldexp, b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), t), ki);
  return std::move(b).finish(y);
}

TEST(ValueRanges, BoundTheExponentOfAClampedExpReduction) {
  for (bool nan_first : {true, false}) {
    const Program p = exp_reduction(nan_first);
    const std::vector<Range> r = value_ranges(p);
    std::uint32_t f2i = 0, ldexp = 0;
    for (std::uint32_t i = 0; i < p.size(); ++i) {
      if (p.code[i].op == Op::F2I) f2i = i;
      if (p.code[i].op == Op::Ldexp) ldexp = i;
    }
    const Range& k = r[p.code[f2i].args[0]];
    EXPECT_TRUE(f2i_in_range(k));
    EXPECT_EQ(k.nan, nan_first);
    EXPECT_GE(k.lo, -151.0);
    EXPECT_LE(k.hi, 129.0);
    EXPECT_TRUE(ldexp_k_in_range(r[p.code[ldexp].args[1]]));
    for (std::uint32_t x : test_inputs(3, 20000)) ASSERT_EQ(check_on(p, r, x), "");
  }
}

// min(a, b) returns b when a is NaN, so its upper bound is b's, not min(a.hi, b.hi);
// symmetrically for max. a = max(0, min(1, x)) is [0, 1] or NaN (NaN x passes both);
// b = max(min(x, 10), 0) is [0, 10], never NaN (NaN x becomes 10).
TEST(ValueRanges, MinAndMaxFollowTheirNaNOperandRule) {
  for (Op op : {Op::Min, Op::Max}) {
    Builder bl;
    const std::uint32_t a = bl.emit(Op::Max, bl.f(0.0f), bl.emit(Op::Min, bl.f(1.0f), bl.input()));
    const std::uint32_t b = bl.emit(Op::Max, bl.emit(Op::Min, bl.input(), bl.f(10.0f)), bl.f(0.0f));
    const std::uint32_t neg = bl.emit(Op::Neg, b);  // [-10, 0] for max
    const std::uint32_t m = bl.emit(op, op == Op::Min ? a : bl.emit(Op::Neg, a), op == Op::Min ? b : neg);
    const Program p = std::move(bl).finish(m);
    const std::vector<Range> r = value_ranges(p);
    EXPECT_TRUE(r[a].nan);
    EXPECT_FALSE(r[b].nan);
    EXPECT_FALSE(r[m].nan);
    for (std::uint32_t x : test_inputs(5, 2000)) ASSERT_EQ(check_on(p, r, x), "") << print(p);
    ASSERT_EQ(check_on(p, r, 0x7fc00000u), "");  // NaN x: the result is b (10 or -10)
  }
}

TEST(ValueRanges, LeaveUnboundedValuesGuarded) {
  Builder b;
  const std::uint32_t k = b.emit(Op::F2I, b.emit(Op::Rint, b.input()));
  const Program p = std::move(b).finish(b.emit(Op::Ldexp, b.f(1.0f), k));
  const std::vector<Range> r = value_ranges(p);
  EXPECT_FALSE(f2i_in_range(r[p.code[k].args[0]]));
  EXPECT_TRUE(r[p.code[k].args[0]].nan);
  EXPECT_FALSE(ldexp_k_in_range(r[k]));
  // A NaN constant is "always NaN": f2i of it is 0, which needs no saturation.
  Builder c;
  const std::uint32_t n = c.f(std::nanf(""));
  const std::uint32_t ki = c.emit(Op::F2I, n);
  const Program q = std::move(c).finish(c.emit(Op::I2F, ki));
  const std::vector<Range> rq = value_ranges(q);
  EXPECT_TRUE(rq[n].nan);
  EXPECT_EQ(rq[ki].lo, 0.0);
  EXPECT_EQ(rq[ki].hi, 0.0);
}

}  // namespace
}  // namespace uf::ir
