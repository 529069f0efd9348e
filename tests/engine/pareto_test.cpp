#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/pareto.h"

namespace uf::engine {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Candidate cand(double err, double cost) {
  Candidate c;
  c.max_ulp = err;
  c.cost = cost;
  return c;
}

TEST(Pareto, DominanceNeedsOneStrictImprovement) {
  EXPECT_TRUE(dominates({1, 2}, {1, 3}));
  EXPECT_TRUE(dominates({0.5, 3}, {1, 3}));
  EXPECT_FALSE(dominates({1, 3}, {1, 3}));
  EXPECT_FALSE(dominates({0.5, 4}, {1, 3}));
}

TEST(Pareto, FeasibleDominatesInfeasibleWhateverTheCost) {
  EXPECT_TRUE(constrained_dominates({0.9, 100}, {1.5, 1}, 1.0));
  EXPECT_FALSE(constrained_dominates({1.5, 1}, {0.9, 100}, 1.0));
  // Both infeasible: plain dominance, so a cheap inaccurate program survives.
  EXPECT_FALSE(constrained_dominates({2, 10}, {3, 1}, 1.0));
  EXPECT_TRUE(constrained_dominates({2, 1}, {3, 1}, 1.0));
}

TEST(Pareto, NondominatedSortLayersFronts) {
  const std::vector<Objectives> o = {{1, 5}, {2, 2}, {3, 3}, {0.5, 9}, {4, 4}, {kInf, 0}};
  const auto fronts = nondominated_sort(o, 100.0);
  // (inf, 0) is outside the bound: every feasible member dominates it.
  ASSERT_EQ(fronts.size(), 4u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{0, 1, 3}));
  EXPECT_EQ(fronts[1], (std::vector<std::size_t>{2}));
  EXPECT_EQ(fronts[2], (std::vector<std::size_t>{4}));
  EXPECT_EQ(fronts[3], (std::vector<std::size_t>{5}));
}

TEST(Pareto, NondominatedSortPutsFeasibleFirst) {
  const std::vector<Objectives> o = {{5, 1}, {0.8, 20}, {0.9, 10}};
  const auto fronts = nondominated_sort(o, 1.0);
  ASSERT_EQ(fronts.size(), 2u);
  EXPECT_EQ(fronts[0], (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(fronts[1], (std::vector<std::size_t>{0}));
}

TEST(Pareto, CrowdingGivesBoundaryMembersInfinity) {
  const std::vector<Objectives> o = {{1, 1}, {0.5, 2}, {0.25, 4}, {0.1, 8}};
  const std::vector<std::size_t> front = {0, 1, 2, 3};
  const auto d = crowding_distance(o, front);
  EXPECT_TRUE(std::isinf(d[0]));
  EXPECT_TRUE(std::isinf(d[3]));
  EXPECT_GT(d[1], 0);
  EXPECT_GT(d[2], 0);
  EXPECT_FALSE(std::isinf(d[1]));
}

TEST(Pareto, Nsga2SelectKeepsFirstFrontAndBreaksTiesByCrowding) {
  // Front 0 = {0,1,2,3} (four members on a line); ask for 3: the two ends (infinite
  // crowding) must survive, plus the less crowded interior point.
  const std::vector<Objectives> o = {{8, 1}, {4, 2}, {3.9, 2.1}, {1, 8}, {9, 9}};
  const auto keep = nsga2_select(o, 3, 100.0);
  ASSERT_EQ(keep.size(), 3u);
  EXPECT_NE(std::find(keep.begin(), keep.end(), 0u), keep.end());
  EXPECT_NE(std::find(keep.begin(), keep.end(), 3u), keep.end());
  EXPECT_EQ(std::find(keep.begin(), keep.end(), 4u), keep.end());
}

TEST(Pareto, ArchiveKeepsOnlyNonDominatedSortedByCost) {
  ParetoArchive a;
  EXPECT_TRUE(a.insert(cand(10, 1)));
  EXPECT_TRUE(a.insert(cand(1, 5)));
  EXPECT_FALSE(a.insert(cand(2, 6)));   // dominated by (1, 5)
  EXPECT_FALSE(a.insert(cand(1, 5)));   // equal: the first stays
  EXPECT_TRUE(a.insert(cand(0.5, 5)));  // dominates (1, 5)
  EXPECT_TRUE(a.insert(cand(3, 2)));
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.members()[0].cost, 1);
  EXPECT_EQ(a.members()[1].cost, 2);
  EXPECT_EQ(a.members()[2].cost, 5);
  EXPECT_EQ(a.members()[2].max_ulp, 0.5);
  ASSERT_NE(a.cheapest_within(3.0), nullptr);
  EXPECT_EQ(a.cheapest_within(3.0)->cost, 2);
  EXPECT_EQ(a.cheapest_within(0.1), nullptr);
}

TEST(Pareto, ArchiveRejectsNaNObjectives) {
  ParetoArchive a;
  EXPECT_FALSE(a.insert(cand(std::nan(""), 1)));
  EXPECT_EQ(a.size(), 0u);
}

}  // namespace
}  // namespace uf::engine
