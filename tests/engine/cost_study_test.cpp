// engine/cost_study: the kernels the cost model is checked on, and the rank correlation.
#include "engine/cost_study.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <vector>

#include "ir/passes.h"
#include "ir/semantics.h"
#include "targets/target.h"

namespace uf::engine {
namespace {

TEST(Spearman, MonotoneIsOneReversedIsMinusOneTiesShareRanks) {
  const std::vector<double> a = {1, 2, 3, 4, 5};
  EXPECT_DOUBLE_EQ(spearman(a, std::vector<double>{10, 20, 25, 100, 1e9}), 1.0);
  EXPECT_DOUBLE_EQ(spearman(a, std::vector<double>{5, 4, 3, 2, 1}), -1.0);
  // Ranks of {1, 1, 2} are {1.5, 1.5, 3}; against {1, 2, 3}: r = 0.866...
  EXPECT_NEAR(spearman(std::vector<double>{1, 1, 2}, std::vector<double>{1, 2, 3}), std::sqrt(3.0) / 2, 1e-12);
  // One swap of neighbours in 5: 1 - 6 * 2 / (5 * 24) = 0.9.
  EXPECT_NEAR(spearman(a, std::vector<double>{1, 2, 4, 3, 5}), 0.9, 1e-12);
  EXPECT_TRUE(std::isnan(spearman(a, std::vector<double>{7, 7, 7, 7, 7})));
  EXPECT_TRUE(std::isnan(spearman(std::vector<double>{1}, std::vector<double>{1})));
}

TEST(CostStudy, BaselineFirstThenDistinctStructuresDeterministicInTheSeed) {
  const targets::Target& t = *targets::find("expf");
  CostStudyOptions o;
  o.kernels = 24;
  const std::vector<ir::Program> k = cost_study_kernels(t, o);
  ASSERT_EQ(k.size(), 24u);
  EXPECT_EQ(k.front(), ir::canonicalize(t.baseline_kernel()));
  std::set<std::uint64_t> shapes;
  std::set<double> costs;
  for (const ir::Program& p : k) {
    EXPECT_EQ(ir::verify(p), std::nullopt);
    EXPECT_EQ(ir::hole_count(p), 0u);
    shapes.insert(ir::structural_hash(p));
    costs.insert(ir::static_cost(p, ir::Isa::Avx2));
  }
  EXPECT_EQ(shapes.size(), k.size());
  EXPECT_GE(costs.size(), 6u) << "the walk should reach kernels of several costs";
  EXPECT_EQ(cost_study_kernels(t, o), k);
  o.seed = 2;
  EXPECT_NE(cost_study_kernels(t, o), k);
}

TEST(CostStudy, EveryKeptKernelIsWithinTheSampledErrorLimit) {
  const targets::Target& t = *targets::find("logf");
  CostStudyOptions o;
  o.kernels = 12;
  o.keep_ulp = 1e3;
  const std::vector<ir::Program> k = cost_study_kernels(t, o);
  ASSERT_GE(k.size(), 2u);
  for (std::size_t i = 1; i < k.size(); ++i) {
    // The kept kernels are accurate to well under 1e3 ULP in the middle of the domain,
    // i.e. logarithms, not arbitrary code.
    for (float x : {0.5f, 2.0f, 10.0f, 1000.0f}) {
      const float y = ir::sem::run_scalar(k[i], x);
      EXPECT_NEAR(y, std::log(x), 1e-3 * std::fabs(std::log(x)) + 1e-3) << i << " at " << x;
    }
  }
}

}  // namespace
}  // namespace uf::engine
