#include <gtest/gtest.h>

#include <cmath>

#include "engine/constopt.h"
#include "ir/passes.h"

namespace uf::engine {
namespace {

targets::Hole exp_hole() {
  targets::Hole h;
  h.lo = -0.5;
  h.hi = 0.5;
  h.what = "e^r";
  h.core_ref.name = "exp";
  h.core_ref.fast = [](double r) { return std::exp(r); };
  return h;
}

// c0 + r(c1 + r(c2 + r(c3 + r c4))) with every coefficient 1.
ir::Program horner4_ones() {
  ir::Builder b;
  auto r = b.input();
  auto p = b.f(1.0f);
  for (int i = 0; i < 4; ++i) p = b.emit(ir::Op::Fma, p, r, b.f(1.0f));
  return std::move(b).finish(p);
}

// Max relative error on the fit points of the degree-4 interpolant of e^r at the five
// Chebyshev nodes of [-1/2, 1/2]: a near-minimax polynomial (within a few % here).
double chebyshev_interpolant_error(const FitData& d) {
  double nodes[5], vals[5];
  for (int k = 0; k < 5; ++k) {
    nodes[k] = 0.5 * std::cos(M_PI * (2 * k + 1) / 10.0);
    vals[k] = std::exp(nodes[k]);
  }
  double mx = 0;
  for (std::size_t i = 0; i < d.r.size(); ++i) {
    double p = 0;
    for (int k = 0; k < 5; ++k) {
      double l = 1;
      for (int j = 0; j < 5; ++j) {
        if (j != k) l *= (d.r[i] - nodes[j]) / (nodes[k] - nodes[j]);
      }
      p += vals[k] * l;
    }
    mx = std::max(mx, std::fabs(p - d.g[i]) * d.w[i]);
  }
  return mx;
}

TEST(ConstantFit, FitsDegree4PolynomialAtLeastAsWellAsChebyshevInterpolation) {
  const FitData d = make_fit_data(exp_hole());
  ASSERT_GT(d.r.size(), 100u);
  const double cheb = chebyshev_interpolant_error(d);
  double err = 0;
  const ir::Program fitted = fit_constants(horner4_ones(), d, FitOptions{}, &err);
  EXPECT_LT(err, cheb);
  std::vector<double> y;
  std::vector<std::uint32_t> none;
  eval_core_f64(fitted, none, {}, d.r, y);
  double mx = 0;
  for (std::size_t i = 0; i < y.size(); ++i) mx = std::max(mx, std::fabs(y[i] - d.g[i]) * d.w[i]);
  // With the constants rounded to float32 (relative perturbation 2^-24 each).
  EXPECT_LT(mx, cheb * 1.01);
}

// g(r) = 1/3 + r/8 on [-1/2, 1/2]: the core c_hi + (c_lo + r d) depends on c_hi and
// c_lo only through their sum, so the fitter splits the fitted 1/3 into float(1/3)
// (the one added last) and the float nearest 1/3 - float(1/3): the pair carries 1/3 to
// 48 bits, which one float32 constant cannot (its error is 2^-26 relative).
TEST(ConstantFit, ConstantsTiedThroughTheirSumAreSplitIntoADoubleFloatPair) {
  targets::Hole h;
  h.lo = -0.5;
  h.hi = 0.5;
  h.what = "1/3 + r/8";
  h.core_ref.name = "third";
  h.core_ref.fast = [](double r) { return 1.0 / 3.0 + r / 8; };
  ir::Builder b;
  const auto r = b.input();
  const auto lo_sum = b.emit(ir::Op::Fma, r, b.f(0.25f), b.f(0.0f));  // c_lo + r d
  const auto out = b.emit(ir::Op::Add, lo_sum, b.f(0.5f));             // c_hi + (...)
  const ir::Program core = std::move(b).finish(out);
  const FitData d = make_fit_data(h);
  double err = 1;
  const ir::Program fitted = fit_constants(core, d, FitOptions{}, &err);
  EXPECT_LT(err, 1e-12);
  // The constants as the program holds them: c_hi is the add's, c_lo the fma's addend.
  const ir::Instr& add = fitted.code[fitted.result];
  ASSERT_EQ(add.op, ir::Op::Add);
  float hi = 0, lo = 0;
  for (int a = 0; a < 2; ++a) {
    const ir::Instr& in = fitted.code[add.args[a]];
    if (in.op == ir::Op::Const) hi = ir::bits_to_float(in.imm);
    if (in.op == ir::Op::Fma) lo = ir::bits_to_float(fitted.code[in.args[2]].imm);
  }
  EXPECT_EQ(hi, static_cast<float>(1.0 / 3.0));
  EXPECT_NE(lo, 0.0f);
  EXPECT_LT(std::fabs(static_cast<double>(hi) + lo - 1.0 / 3.0), 0x1p-48);
  // Rounded one by one, the sum would be off by |1/3 - float(1/3)| = 2^-26 / 3 or so.
  EXPECT_GT(std::fabs(static_cast<double>(hi) - 1.0 / 3.0), 0x1p-28);
}

TEST(ConstantFit, CoreWithoutConstantsIsUnchanged) {
  const ir::Program id = ir::identity_program();
  EXPECT_EQ(fit_constants(id, make_fit_data(exp_hole()), FitOptions{}), id);
}

TEST(ConstantFit, DoubleEvaluatorMatchesHandComputation) {
  const ir::Program p = horner4_ones();
  std::vector<double> y;
  const std::vector<double> r = {0.0, 0.5, -0.25};
  std::vector<std::uint32_t> none;
  eval_core_f64(p, none, {}, r, y);
  for (std::size_t i = 0; i < r.size(); ++i) {
    const double x = r[i];
    EXPECT_DOUBLE_EQ(y[i], 1 + x * (1 + x * (1 + x * (1 + x))));
  }
}

}  // namespace
}  // namespace uf::engine
