#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "engine/candidate_record.h"
#include "engine/constopt.h"
#include "engine/hole_attribution.h"
#include "engine/population.h"
#include "eval/interp.h"
#include "ir/passes.h"
#include "targets/target.h"

namespace uf::engine {
namespace {

const targets::Target& target(const char* name) {
  const targets::Target* t = targets::find(name);
  if (!t) throw std::runtime_error(std::string("no target ") + name);
  return *t;
}

std::uint32_t mask_of(const targets::Target& t, float x) {
  const std::vector<float> xs{x};
  return hole_masks(t.tmpl, static_cast<std::uint32_t>(t.holes.size()), xs).at(0);
}

TEST(HoleAttribution, SinfPointsDependOnTheSideTheirQuadrantSelects) {
  const targets::Target& t = target("sinf");
  EXPECT_EQ(mask_of(t, 0.5f), 1u);     // k = 0: the sin side, core 0
  EXPECT_EQ(mask_of(t, -0.5f), 1u);
  EXPECT_EQ(mask_of(t, 2.0f), 2u);     // k = 1: the cos side, core 1
  EXPECT_EQ(mask_of(t, 3.0f), 1u);     // k = 2: sin side again, sign flipped
  EXPECT_EQ(mask_of(t, 0.0f), 0u);     // sin(0) = 0 is the template's own
  EXPECT_EQ(mask_of(t, std::numeric_limits<float>::quiet_NaN()), 0u);
  const targets::Target& c = target("cosf");
  EXPECT_EQ(mask_of(c, 0.5f), 2u);     // cos(0.5): the cos side
  EXPECT_EQ(mask_of(c, 2.0f), 1u);     // cos(2) = -sin(2 - pi/2)
}

TEST(HoleAttribution, ErffPointsDependOnTheHoleOfTheirInterval) {
  const targets::Target& t = target("erff");
  EXPECT_EQ(mask_of(t, 0.5f), 1u);
  EXPECT_EQ(mask_of(t, -1.5f), 2u);
  EXPECT_EQ(mask_of(t, 3.0f), 4u);
  EXPECT_EQ(mask_of(t, 5.0f), 0u);  // erf rounds to 1: no core is used
}

// The sinf kernel with its baseline cores, and with core `bad` replaced by the
// constant 0: that hole's error rises, the other's stays.
TEST(HoleAttribution, PerHoleErrorsSeeWhichCoreIsWrong) {
  const targets::Target& t = target("sinf");
  eval::PointSet pts;
  for (int i = 1; i <= 4000; ++i) pts.x.push_back(static_cast<float>(i) * 0.002f - 4.0f);
  for (float x : pts.x) pts.ref.push_back(std::sin(static_cast<double>(x)));
  const std::vector<std::uint32_t> masks = hole_masks(t.tmpl, 2, pts.x);
  const auto errors = [&](const std::vector<ir::Program>& cores) {
    std::vector<float> y(pts.x.size());
    eval::run_f32(ir::inline_cores(t.tmpl, cores), pts.x.data(), y.data(), y.size());
    std::vector<double> err;
    eval::score_outputs(y, pts, &err);
    return per_hole_ulp(err, masks, 2);
  };
  const std::vector<double> good = errors(t.baseline_cores);
  ASSERT_EQ(good.size(), 3u);
  EXPECT_LT(good[0], 1.0);
  EXPECT_LT(good[1], 1.0);
  ir::Builder b;
  const auto z = b.f(0.0f);
  const ir::Program zero = std::move(b).finish(z);
  for (std::size_t bad : {0u, 1u}) {
    std::vector<ir::Program> cores = t.baseline_cores;
    cores[bad] = zero;
    const std::vector<double> e = errors(cores);
    EXPECT_GT(e[bad], 1000.0) << "hole " << bad;
    EXPECT_EQ(e[1 - bad], good[1 - bad]) << "hole " << bad;
  }
}

TEST(HoleAttribution, SelectionErrorFallsWhenAnyHoleImprovesAndStaysAboveTheBound) {
  const double bound = 1.0;
  // Hole 0 dominates; improving hole 1 leaves the max alone but lowers the selection error.
  const std::vector<double> a{1e5, 1e3, 0}, b{1e5, 10, 0};
  EXPECT_LT(selection_error(b, 1e5, bound, true), selection_error(a, 1e5, bound, true));
  // Errors well within the bound earn nothing more.
  EXPECT_EQ(selection_error(std::vector<double>{1e5, 0.1, 0}, 1e5, bound, true),
            selection_error(std::vector<double>{1e5, 0.4, 0}, 1e5, bound, true));
  // Above the bound exactly when the max is; within it, the max itself.
  EXPECT_GT(selection_error(std::vector<double>{1.01, 0.1, 0}, 1.01, bound, true), bound);
  EXPECT_EQ(selection_error(std::vector<double>{0.9, 0.1, 0}, 0.9, bound, true), 0.9);
  // A missed special value costs bound + 1, as the ranked max does.
  EXPECT_EQ(selection_error(a, 1e5, bound, false), selection_error(a, 1e5, bound, true) + bound + 1);
  // An infinite hole leaves the others a gradient.
  const double inf = std::numeric_limits<double>::infinity();
  EXPECT_LT(selection_error(std::vector<double>{inf, 10, 0}, inf, bound, true),
            selection_error(std::vector<double>{inf, 1e3, 0}, inf, bound, true));
  // One hole: the max.
  EXPECT_EQ(selection_error(std::vector<double>{}, 7.0, bound, true), 7.0);
}

TEST(HoleAttribution, FitterRanksOutOfBoundCandidatesBySelectionError) {
  Candidate x, y;
  x.max_ulp = y.max_ulp = 1e5;
  x.select_ulp = 50;
  y.select_ulp = 60;
  EXPECT_TRUE(fitter(x, y, 1.0));
  EXPECT_FALSE(fitter(y, x, 1.0));
  y.max_ulp = y.select_ulp = 0.9;  // within the bound beats any out-of-bound one
  EXPECT_TRUE(fitter(y, x, 1.0));
}

TEST(HoleAttribution, HoleDonorOffersTheIslandsBestCoreForTheParentsWeakestHole) {
  const auto member = [](std::vector<double> h) {
    Candidate c;
    c.hole_ulp = std::move(h);
    return c;
  };
  Island isl;
  isl.members = {member({100, 5, 0}), member({3, 500, 0}), member({50, 2, 0})};
  std::size_t hole = 9;
  // Member 0 is 33x behind on hole 0 (member 1 holds the best) and 2.5x on hole 1.
  EXPECT_EQ(hole_donor(isl, isl.members[0], hole), &isl.members[1]);
  EXPECT_EQ(hole, 0u);
  EXPECT_EQ(hole_donor(isl, isl.members[1], hole), &isl.members[2]);
  EXPECT_EQ(hole, 1u);
  Island alone;
  alone.members = {member({1, 1, 0})};
  EXPECT_EQ(hole_donor(alone, alone.members[0], hole), nullptr);  // best on every hole
  Candidate one;  // one hole: no per-hole errors
  EXPECT_EQ(hole_donor(isl, one, hole), nullptr);
}

TEST(HoleAttribution, CandidateRecordKeepsPerHoleErrorsExactly) {
  CandidateRecord r;
  r.cores = {ir::identity_program(), ir::identity_program()};
  r.max_ulp = std::numeric_limits<double>::infinity();
  r.hole_ulp = {0.1 + 0.2, std::numeric_limits<double>::infinity(), 0};
  r.select_ulp = 1234.5678901234567;
  std::size_t per = 0;
  const CandidateRecord back = decode_candidate(encode_candidate(r), "c", per);
  EXPECT_EQ(back.hole_ulp, r.hole_ulp);
  EXPECT_EQ(back.select_ulp, r.select_ulp);
  CandidateRecord single;
  single.cores = {ir::identity_program()};
  EXPECT_FALSE(encode_candidate(single).contains("hole_ulp"));  // one hole: nothing added
}

// A tail core's constants are fitted against the result its error lands in: the
// constant core that best approximates cos(r) - 1 + r^2/2 relative to cos r is the
// tail's midrange, not the 0 a fit relative to the tail itself would leave.
TEST(HoleAttribution, TailCoresFitAgainstTheirSidesResult) {
  const targets::Hole& h = target("sinf").holes[1];
  const FitData d = make_fit_data(h);
  ASSERT_FALSE(d.r.empty());
  for (std::size_t i = 0; i < d.r.size(); ++i) EXPECT_DOUBLE_EQ(d.w[i], 1.0 / std::cos(d.r[i]));
  ir::Builder b;
  const auto c = b.f(1.0f);
  const ir::Program core = std::move(b).finish(c);
  double err = 0;
  const ir::Program fitted = fit_constants(core, d, FitOptions{}, &err);
  const ir::Instr& r = fitted.code.at(fitted.result);
  const float v = r.op == ir::Op::Const ? ir::bits_to_float(r.imm) : -1;
  EXPECT_GT(v, 0.005f);  // the tail spans [0, 0.0155] on |r| <= 0.7875
  EXPECT_LT(v, 0.0105f);
}

}  // namespace
}  // namespace uf::engine
