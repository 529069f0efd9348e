#include <gtest/gtest.h>

#include <cmath>
#include <mpfr.h>

#include "engine/constopt.h"
#include "engine/real_certify.h"
#include "engine/real_search.h"
#include "eval/interp.h"
#include "ir/passes.h"
#include "targets/target.h"

namespace uf::engine {
namespace {

using ir::Op;

// 2^x ~ (S + x) / (S - x), S = d + w / (c + w / (a w + b)), w = x^2: ten operations of
// {+, -, x, /}, the symmetric (4, 4) rational as a continued fraction.
ir::Program continued_fraction() {
  ir::Builder b;
  const auto x = b.input();
  const auto w = b.emit(Op::Mul, x, x);
  const auto a = b.f(0.0493f);
  const auto aw = b.emit(Op::Mul, w, a);
  const auto bb = b.f(14.427f);
  const auto t3 = b.emit(Op::Add, aw, bb);
  const auto q3 = b.emit(Op::Div, w, t3);
  const auto c = b.f(8.656f);
  const auto t2 = b.emit(Op::Add, q3, c);
  const auto q2 = b.emit(Op::Div, w, t2);
  const auto d = b.f(2.885f);
  const auto s = b.emit(Op::Add, q2, d);
  const auto n = b.emit(Op::Add, s, x);
  const auto m = b.emit(Op::Sub, s, x);
  return std::move(b).finish(b.emit(Op::Div, n, m));
}

const targets::Target& exp2f() {
  const targets::Target* t = targets::find("exp2f");
  EXPECT_NE(t, nullptr);
  return *t;
}

// max |P(x) / 2^x - 1| on n + 1 even points of [0, 1], in MPFR at 200 bits.
double sampled_max_rel(const ir::Program& p, const std::vector<double>& c, int n) {
  std::vector<std::uint32_t> idx;
  for (std::uint32_t i = 0; i < p.size(); ++i)
    if (p.code[i].op == Op::Const) idx.push_back(i);
  eval::Real::default_precision(60);
  std::vector<eval::Real> x(static_cast<std::size_t>(n) + 1), y(x.size());
  for (int i = 0; i <= n; ++i) x[static_cast<std::size_t>(i)] = eval::Real(i) / n;
  eval::run_real(p, idx, c, x.data(), y.data(), x.size(), 200);
  double mx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const eval::Real e = abs(y[i] / boost::multiprecision::exp2(x[i]) - 1);
    mx = std::max(mx, e.convert_to<double>());
  }
  return mx;
}

std::vector<double> fit(const ir::Program& p, double* err) {
  targets::Hole h;
  h.lo = 0;
  h.hi = 1;
  h.core_ref = exp2f().ref;
  FitOptions fo;
  fo.lawson_iterations = 30;
  fo.nlopt_max_evals_per_const = 200;
  fo.minimax_polish_evals = 200;
  std::vector<double> c;
  fit_constants(p, make_fit_data(h, 257), fo, err, &c);
  return c;
}

TEST(RealCost, CountsAnFmaAsTheGivenNumberOfOperationsAndSkipsDeadCode) {
  ir::Builder b;
  const auto x = b.input();
  const auto f = b.emit(Op::Fma, x, x, b.f(1.0f));
  b.emit(Op::Mul, x, x);  // dead
  const ir::Program p = std::move(b).finish(b.emit(Op::Add, f, x));
  EXPECT_EQ(real_cost(p, 2), 3u);
  EXPECT_EQ(real_cost(p, 1), 2u);
}

TEST(RealFit, TheContinuedFractionReachesTheSymmetricRationalMinimaxLevel) {
  double err = 0;
  const auto c = fit(continued_fraction(), &err);
  ASSERT_EQ(c.size(), 4u);
  // The (4, 4) rational minimax of 2^x, symmetric about 0 so in effect on [-1, 1]: 5.7e-12.
  EXPECT_LT(err, 6e-12);
  EXPECT_GT(err, 5e-12);
}

TEST(RealCertify, BoundsTheErrorFromAboveAndClosely) {
  const ir::Program p = continued_fraction();
  double err = 0;
  const auto c = fit(p, &err);
  const double sampled = sampled_max_rel(p, c, 20000);
  const auto cert = certify_relative_error(p, c, "exp2", 0, 1, err);
  ASSERT_TRUE(cert.has_value());
  EXPECT_GE(cert->bound, sampled);
  EXPECT_LE(cert->bound, 1.02 * sampled);
  EXPECT_GT(cert->boxes, 255u);
}

TEST(RealCertify, AnUnderestimatedGoalStillGivesABoundAboveTheError) {
  const ir::Program p = continued_fraction();
  double err = 0;
  const auto c = fit(p, &err);
  const auto cert = certify_relative_error(p, c, "exp2", 0, 1, err / 100);
  ASSERT_TRUE(cert.has_value());
  EXPECT_GE(cert->bound, sampled_max_rel(p, c, 20000));
}

TEST(RealCertify, RefusesAPoleInTheIntervalAnUnknownFunctionAndOtherOps) {
  ir::Builder b;
  const auto x = b.input();
  const auto half = b.f(0.5f);
  const auto den = b.emit(Op::Sub, x, half);
  const ir::Program pole = std::move(b).finish(b.emit(Op::Div, x, den));
  CertifyOptions small;
  small.max_boxes = 20000;
  EXPECT_FALSE(certify_relative_error(pole, {0.5}, "exp2", 0, 1, 1.0, small).has_value());
  EXPECT_FALSE(certify_relative_error(continued_fraction(), {0.05, 14.4, 8.6, 2.9}, "erf", 0, 1, 1.0));
  EXPECT_FALSE(certifiable_function("erf"));
  ir::Builder s;
  const ir::Program root = std::move(s).finish(s.emit(Op::Sqrt, s.input()));
  EXPECT_FALSE(certify_relative_error(root, {}, "exp2", 0, 1, 1.0).has_value());
}

TEST(RealSearch, AShortRunGivesACertifiedFrontOverThePapersOpsAndThePadeBaseline) {
  RealSearchOptions o;
  o.time_limit = 3;
  o.seed = 1;
  o.max_ops = 10;
  const auto& t = exp2f();
  const RealSearchResult r = run_real_search(t.ref, o, [&](int k) { return t.ref.taylor(0.5, k); });
  ASSERT_FALSE(r.front.empty());
  double prev = INFINITY;
  for (const RealProgram& m : r.front) {
    EXPECT_LE(m.ops, 10u);
    EXPECT_LT(m.mpfr_error, prev) << "the front improves with every cost it keeps";
    prev = m.mpfr_error;
    for (const ir::Instr& in : m.program.code) {
      EXPECT_TRUE(in.op == Op::Input || in.op == Op::Const || in.op == Op::Add || in.op == Op::Sub ||
                  in.op == Op::Mul || in.op == Op::Div)
          << ir::info(in.op).name;
    }
    ASSERT_GE(m.certified, 0) << m.text;
    EXPECT_GE(m.certified, m.mpfr_error);
  }
  // The (2, 2) Pade approximant about 1/2 (cost 9): 4 / (4! 5!) (ln 2 / 2)^5 = 6.9e-6.
  ASSERT_FALSE(r.pade.empty());
  bool found = false;
  for (const RealProgram& m : r.pade) {
    if (m.ops != 9) continue;
    found = true;
    EXPECT_NEAR(m.mpfr_error, 6.9e-6, 0.3e-6);
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace uf::engine
