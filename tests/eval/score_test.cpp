// Scoring on point sets and stratified sampling.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>

#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/score.h"
#include "eval/ulp.h"
#include "ir/program.h"
#include "ir/semantics.h"

namespace {

using uf::eval::PointSet;
using uf::ir::Builder;
using uf::ir::Op;

uf::eval::Reference exp_ref() {
  return uf::eval::Reference{"exp", [](double x) { return std::exp(x); },
                             [](mpfr_ptr r, mpfr_srcptr x) { mpfr_exp(r, x, MPFR_RNDN); }};
}

// 1 + x + x^2/2: a crude exp whose error grows with |x|.
uf::ir::Program taylor2() {
  Builder b;
  const auto x = b.input();
  const auto p = b.emit(Op::Fma, b.f(0.5f), x, b.f(1.0f));
  return std::move(b).finish(b.emit(Op::Fma, p, x, b.f(1.0f)));
}

PointSet points(float lo, float hi, std::size_t n) {
  PointSet ps;
  ps.x = uf::eval::stratified_sample(lo, hi, n);
  ps.ref = uf::eval::reference_values(exp_ref(), ps.x);
  return ps;
}

TEST(StratifiedSample, IncludesBothEndsAndIsSortedAndDeterministic) {
  const auto s = uf::eval::stratified_sample(-3.0f, 7.0f, 1000);
  ASSERT_EQ(s.size(), 1000u);
  EXPECT_EQ(s.front(), -3.0f);
  EXPECT_EQ(s.back(), 7.0f);
  for (std::size_t i = 1; i < s.size(); ++i) ASSERT_LT(s[i - 1], s[i]);
  EXPECT_EQ(s, uf::eval::stratified_sample(-3.0f, 7.0f, 1000));
}

TEST(StratifiedSample, EveryBinadeIsRepresented) {
  const auto s = uf::eval::stratified_sample(1e-30f, 1e30f, 2000);
  std::set<int> binades;
  for (float v : s) binades.insert(std::ilogb(v));
  for (int e = std::ilogb(1e-30f); e <= std::ilogb(1e30f); ++e) EXPECT_TRUE(binades.count(e)) << e;
}

TEST(StratifiedSample, SmallIntervalsGiveEachFloatOnce) {
  const float lo = 1.0f, hi = std::nextafter(std::nextafter(1.0f, 2.0f), 2.0f);
  const auto s = uf::eval::stratified_sample(lo, hi, 100);
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(uf::eval::stratified_sample(2.0f, 2.0f, 10), std::vector<float>{2.0f});
  EXPECT_TRUE(uf::eval::stratified_sample(0.0f, 1.0f, 0).empty());
  EXPECT_THROW(uf::eval::stratified_sample(2.0f, 1.0f, 10), std::invalid_argument);
  EXPECT_THROW(uf::eval::stratified_sample(std::nanf(""), 1.0f, 10), std::invalid_argument);
}

TEST(Score, KnownBadProgramReportsItsWorstInput) {
  const PointSet ps = points(-0.5f, 0.5f, 4001);
  const uf::eval::Score s = uf::eval::score(taylor2(), ps);
  // The truncation error x^3/6 is largest at the ends; at x = -0.5 e^x sits in a
  // binade with half the spacing, so -0.5 is the worst point.
  EXPECT_EQ(s.worst_x, -0.5f);
  const float y = uf::ir::sem::run_scalar(taylor2(), -0.5f);
  EXPECT_EQ(s.worst_y, y);
  EXPECT_DOUBLE_EQ(s.max_ulp, uf::eval::ulp_error(y, std::exp(-0.5)));
  EXPECT_GT(s.max_ulp, 1e5);
  EXPECT_GT(s.mean_ulp, 0.0);
  EXPECT_LT(s.mean_ulp, s.max_ulp);
  EXPECT_EQ(s.special_mismatches, 0u);
}

TEST(Score, OutputsWithWrongSpecialValuesAreCounted) {
  PointSet ps = points(1.0f, 2.0f, 4);
  std::vector<float> y(ps.x.size());
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = static_cast<float>(ps.ref[i]);
  y[1] = std::numeric_limits<float>::quiet_NaN();
  y[2] = -std::numeric_limits<float>::infinity();
  const uf::eval::Score s = uf::eval::score_outputs(y, ps);
  EXPECT_EQ(s.special_mismatches, 2u);
  EXPECT_EQ(s.max_ulp, std::numeric_limits<double>::infinity());
  EXPECT_EQ(s.worst_x, ps.x[1]);
  EXPECT_LE(s.mean_ulp, 0.5);  // over the finite errors
}

TEST(Score, ManyProgramsInParallelMatchOneByOne) {
  const PointSet ps = points(-1.0f, 1.0f, 2000);
  std::vector<uf::ir::Program> ks;
  for (int i = 0; i < 24; ++i) {
    Builder b;
    const auto x = b.input();
    const auto p = b.emit(Op::Fma, b.f(0.5f + 0.01f * static_cast<float>(i)), x, b.f(1.0f));
    ks.push_back(std::move(b).finish(b.emit(Op::Fma, p, x, b.f(1.0f))));
  }
  const auto many = uf::eval::score_many(ks, ps);
  ASSERT_EQ(many.size(), ks.size());
  for (std::size_t i = 0; i < ks.size(); ++i) {
    const auto one = uf::eval::score(ks[i], ps);
    EXPECT_EQ(many[i].max_ulp, one.max_ulp);
    EXPECT_EQ(many[i].worst_x, one.worst_x);
  }
}

TEST(Score, MismatchedPointSetIsAnError) {
  PointSet ps = points(1.0f, 2.0f, 10);
  ps.ref.pop_back();
  EXPECT_THROW(uf::eval::score(taylor2(), ps), std::invalid_argument);
  std::vector<float> y(3);
  EXPECT_THROW(uf::eval::score_outputs(y, points(1.0f, 2.0f, 10)), std::invalid_argument);
}

}  // namespace
