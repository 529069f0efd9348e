#include <gtest/gtest.h>

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>

#include "engine/sample_set.h"
#include "ir/passes.h"
#include "targets/target.h"

namespace uf::engine {
namespace {

// expf's baseline kernel with its result scaled by (1 + 2^-20) where 1 < x < 80: about
// 8 ULP off on that whole stretch, right elsewhere.
ir::Program expf_wrong_above_one() {
  const targets::Target& t = *targets::find("expf");
  ir::Program k = t.baseline_kernel();
  ir::Builder b;
  b.p = k;
  const std::uint32_t y = k.result;
  const std::uint32_t scaled = b.emit(ir::Op::Mul, y, b.f(1.0f + 0x1p-20f));
  const std::uint32_t above = b.emit(ir::Op::Lt, b.f(1.0f), b.input());
  const std::uint32_t below = b.emit(ir::Op::Lt, b.input(), b.f(80.0f));
  const std::uint32_t wrong = b.emit(ir::Op::Select, above, scaled, y);
  const std::uint32_t out = b.emit(ir::Op::Select, below, wrong, y);
  return std::move(b).finish(out);
}

// A failed probe says how many of its inputs are over the bound and the worst error;
// with `spread` it returns, after the 16 worst, inputs spread over the whole stretch
// that is wrong (not only the worst spot), so the sample sees all of it.
TEST(SampleSet, FailedProbeCountsInputsOverTheBoundAndSpreadsItsCounterexamples) {
  const targets::Target& t = *targets::find("expf");
  tbb::task_arena arena(1);
  SampleSet::Options o;
  o.sample_points = 2048;
  o.probe_points = 1u << 16;
  SampleSet s(t, o, arena);
  s.build({});
  const ir::Program bad = expf_wrong_above_one();

  std::vector<float> worst;
  std::size_t over = 0;
  double worst_ulp = 0;
  ASSERT_FALSE(s.probe(bad, 1.0, worst, &over, &worst_ulp));
  EXPECT_EQ(worst.size(), 16u);
  EXPECT_GT(over, 100u);
  EXPECT_GT(worst_ulp, 4.0);
  EXPECT_LT(worst_ulp, 20.0);
  for (float x : worst) {
    EXPECT_GT(x, 1.0f);
    EXPECT_LT(x, 80.0f);
  }

  std::vector<float> spread;
  ASSERT_FALSE(s.probe(bad, 1.0, spread, nullptr, nullptr, 48));
  ASSERT_EQ(spread.size(), 64u);
  EXPECT_TRUE(std::equal(worst.begin(), worst.end(), spread.begin()));
  const auto [lo, hi] = std::minmax_element(spread.begin() + 16, spread.end());
  EXPECT_GT(*lo, 1.0f);
  EXPECT_LT(*lo, 8.0f);   // the spread reaches the stretch's low end...
  EXPECT_GT(*hi, 40.0f);  // ...and its high end
  EXPECT_TRUE(std::is_sorted(spread.begin() + 16, spread.end()));

  // The right kernel passes, and reports nothing over the bound.
  std::vector<float> none;
  EXPECT_TRUE(s.probe(t.baseline_kernel(), 1.0, none, &over, &worst_ulp, 48));
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(over, 0u);
  EXPECT_EQ(worst_ulp, 0.0);
}

}  // namespace
}  // namespace uf::engine
