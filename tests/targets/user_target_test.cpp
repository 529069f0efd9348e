// User-defined targets: the expression language, TOML loading, and the error messages
// for malformed files (each names the line, the key and what was expected).
#include <gtest/gtest.h>

#include <mpfi.h>
#include <mpfr.h>

#include <bit>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "eval/reference.h"
#include "eval/score.h"
#include "eval/ulp.h"
#include "eval/verify.h"
#include "ir/passes.h"
#include "ir/semantics.h"
#include "targets/expr.h"
#include "targets/expr_detail.h"
#include "targets/user_target.h"

namespace uf::targets {
namespace {

double fast(const std::string& e, double x) {
  ExprParse p = parse_expr(e);
  EXPECT_TRUE(p.expr) << e << ": column " << p.error.column << ": " << p.error.message;
  return p.expr ? p.expr->eval(x) : NAN;
}

// The expression evaluated in MPFR at 200 bits, rounded to double.
double exact(const std::string& e, double x) {
  ExprParse p = parse_expr(e);
  EXPECT_TRUE(p.expr) << e;
  if (!p.expr) return NAN;
  mpfr_t r, xm;
  mpfr_inits2(200, r, xm, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(xm, x, MPFR_RNDN);
  p.expr->eval_mpfr(r, xm);
  const double d = mpfr_get_d(r, MPFR_RNDN);
  mpfr_clears(r, xm, static_cast<mpfr_ptr>(nullptr));
  return d;
}

TEST(Expr, OperatorPrecedenceAndAssociativity) {
  EXPECT_EQ(fast("1 - 2 - 3", 0), -4.0);
  EXPECT_EQ(fast("8 / 2 / 2", 0), 2.0);
  EXPECT_EQ(fast("2 ^ 3 ^ 2", 0), 512.0);       // right associative
  EXPECT_EQ(fast("-x^2", 3), -9.0);             // ^ binds tighter than unary minus
  EXPECT_EQ(fast("2^-x", 1), 0.5);              // unary minus in an exponent
  EXPECT_EQ(fast("1 + 2 * 3", 0), 7.0);
  EXPECT_EQ(fast("(1 + 2) * 3", 0), 9.0);
  EXPECT_EQ(fast("--x", 2), 2.0);
  EXPECT_EQ(fast("0x1p-2 + 1e1", 0), 10.25);
}

// tan(pi^344444422) made the MPFR evaluation run for minutes (argument reduction at
// ~5e8 bits; a timeout of the expr fuzz target). Intermediates beyond 2^16384 now
// overflow to inf, as the double evaluation does far earlier.
TEST(Expr, HugeIntermediatesOverflowInsteadOfStalling) {
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(std::isnan(exact("(pi/x)/tan(pi^344444422/pi+pi)", 0.5)));
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 5.0);
  EXPECT_TRUE(std::isnan(exact("2^20000 / 2^20000", 0.5)));  // inf / inf
  EXPECT_EQ(exact("2^16000 / 2^16000", 0.5), 1.0);            // inside the range: exact
  EXPECT_TRUE(std::isnan(exact("2^-20000 * 2^20000", 0.5)));  // 0 * inf
  // An enclosure wholly beyond 2^16384 is that infinity, so what follows is finite at the
  // first precision: before, it was the whole line, and the evaluation ran erfc's series
  // at every precision up to 16384 bits (1.8 s; a timeout of the expr fuzz target).
  const auto t1 = std::chrono::steady_clock::now();
  EXPECT_EQ(exact("x^2^666661 / erfc(-41)^256", 0.75), 0.0);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count(), 1.0);
  EXPECT_EQ(exact("exp(2^20000)", 0.5), INFINITY);
  EXPECT_EQ(exact("1 / 2^20000 + x", 0.5), 0.5);
  // Below 2^-16384 both paths flush to zero: 0.75^70756 is 2^-29366.6, so the product is
  // 0 (before, the enclosure kept 2^-29366.6 and the product was 2^1633, inf as a double).
  EXPECT_EQ(exact("x^70756 * 2^16000 * 2^15000", 0.75), 0.0);
  // pow(NaN, 0) = 1 in both paths (before: a NaN enclosure at every precision level).
  EXPECT_EQ(exact("log(-x)^(x^70756)", 0.75), 1.0);
  EXPECT_EQ(exact("1^log(-x)", 0.75), 1.0);
}

// MPFI's sin, cos and tan find an endpoint's quadrant one limb of precision at a time:
// about 10 ms for an argument near 2^16000 at 88 bits, at every precision level when the
// expression cancels (a few dozen such calls ran past libFuzzer's 10 s limit in CI, the
// expr fuzz target), and no end for an endpoint near MPFR's smallest number. Points now
// go to MPFR, intervals wider than a period to [-1, 1] (the whole line for tan), and
// intervals inside [-8, 8] to the images of their ends and the extrema they contain.
TEST(Expr, TrigOfHugeAndTinyArgumentsIsQuickAndCorrectlyRounded) {
  auto direct = [](int (*f)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t), double x, long scale) {
    mpfr_t a, r;
    mpfr_init2(a, 60);
    mpfr_init2(r, 200);
    mpfr_set_d(a, x, MPFR_RNDN);
    mpfr_mul_2si(a, a, scale, MPFR_RNDN);  // exact
    f(r, a, MPFR_RNDN);
    const double d = mpfr_get_d(r, MPFR_RNDN);
    mpfr_clears(a, r, static_cast<mpfr_ptr>(nullptr));
    return d;
  };
  EXPECT_EQ(exact("sin(x*2^16000)", 0.75), direct(mpfr_sin, 0.75, 16000));
  EXPECT_EQ(exact("cos(x*2^16383)", -0.625), direct(mpfr_cos, -0.625, 16383));
  EXPECT_EQ(exact("tan(x*2^9000)", 0.75), direct(mpfr_tan, 0.75, 9000));
  EXPECT_EQ(exact("sin(x)", 1e300), std::sin(1e300));  // a double: glibc is correctly rounded here
  // x^111114411111111111 at 0.75 underflows to MPFR's smallest number: the enclosure is
  // [0, 2^-1073741824] (it did not finish in MPFI's tan), and the result is tiny, not NaN.
  const double tiny = exact("tan(-(x^111114411111111111))", 0.75);
  EXPECT_TRUE(tiny == 0 && std::signbit(tiny)) << tiny;
  EXPECT_EQ(exact("cos(3-x^111114411111111111)", 0.75), std::cos(3.0));
  EXPECT_EQ(exact("sin(1-x^111114411111111111)", 0.75), std::sin(1.0));
  // Wide intervals (9^5000 and e^11000 are enclosed, not exact) at low precision, then
  // narrow at high precision: the cancelling pairs give exactly 0.
  std::string e = "0";
  for (int i = 0; i < 20; ++i) e += "+cos(9^5000)-cos(9^5000)+tan(exp(11000)*x)-tan(exp(11000)*x)";
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(exact(e, 0.5), 0.0);
  // A stall guard, not a speed claim: these 20 pairs took 7.7-11.6 s under ASan before,
  // 0.24 s without sanitizers and about 3 s under qemu-x86_64 now.
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 10.0);
}

// The interval sin, cos and tan above, on intervals inside [-9, 9] (around their
// critical points too): every sampled image lies inside, and MPFI's enclosure of the same
// interval is never narrower on either side.
TEST(Expr, IntervalTrigEnclosesItsImageAndIsNoWiderThanMpfi) {
  std::mt19937_64 g(7);
  std::uniform_real_distribution<double> u(-9, 9), w01(0, 1);
  for (const std::string name : {"sin", "cos", "tan"}) {
    const detail::FnDef* f = nullptr;
    for (const detail::FnDef& d : detail::fn_table())
      if (d.name == name) f = &d;
    ASSERT_NE(f, nullptr);
    const auto mpfi_f = name == "sin" ? mpfi_sin : name == "cos" ? mpfi_cos : mpfi_tan;
    int outside = 0, wider = 0;
    for (int it = 0; it < 3000; ++it) {
      double a = u(g);
      if (it % 4 == 0) a = (it % 11 - 5) * 1.5707963267948966 + (w01(g) - 0.5) * 1e-9;  // near pi/2 k
      const double width[] = {w01(g) * 8, w01(g) * 1e-6, w01(g) * 0.5, 0};
      const double b = a + width[it % 4];
      mpfi_t x, ours, theirs;
      mpfi_init2(x, 53);
      mpfi_init2(ours, 53);
      mpfi_init2(theirs, 53);
      mpfr_set_d(&x->left, a, MPFR_RNDD);
      mpfr_set_d(&x->right, b, MPFR_RNDU);
      f->interval1(ours, x);
      mpfi_f(theirs, x);
      mpfr_t s, v;
      mpfr_init2(s, 53);
      mpfr_init2(v, 200);
      for (int k = 0; k <= 32; ++k) {
        mpfr_set_d(s, a + (b - a) * k / 32.0, MPFR_RNDN);
        if (mpfr_less_p(s, &x->left) || mpfr_greater_p(s, &x->right)) continue;
        f->exact1(v, s, MPFR_RNDN);
        if (mpfr_less_p(v, &ours->left) || mpfr_greater_p(v, &ours->right)) ++outside;
      }
      if (mpfr_less_p(&ours->left, &theirs->left) || mpfr_greater_p(&ours->right, &theirs->right)) ++wider;
      mpfr_clears(s, v, static_cast<mpfr_ptr>(nullptr));
      mpfi_clear(x);
      mpfi_clear(ours);
      mpfi_clear(theirs);
    }
    EXPECT_EQ(outside, 0) << name;
    EXPECT_EQ(wider, 0) << name;
  }
}

TEST(Expr, EveryFunctionMatchesLibmInDoubleAndMpfr) {
  const double x = 0.375;
  const std::pair<const char*, double> cases[] = {
      {"exp(x)", std::exp(x)},     {"exp2(x)", std::exp2(x)},   {"expm1(x)", std::expm1(x)},
      {"log(x)", std::log(x)},     {"log2(x)", std::log2(x)},   {"log1p(x)", std::log1p(x)},
      {"sqrt(x)", std::sqrt(x)},   {"cbrt(x)", std::cbrt(x)},   {"sin(x)", std::sin(x)},
      {"cos(x)", std::cos(x)},     {"tan(x)", std::tan(x)},     {"tanh(x)", std::tanh(x)},
      {"atan(x)", std::atan(x)},   {"erf(x)", std::erf(x)},     {"erfc(x)", std::erfc(x)},
      {"pow(x, 2.5)", std::pow(x, 2.5)}, {"pi * x", M_PI * x}};
  ASSERT_EQ(function_names().size(), 16u);
  for (const auto& [e, want] : cases) {
    EXPECT_DOUBLE_EQ(fast(e, x), want) << e;
    EXPECT_NEAR(exact(e, x), want, 4e-16 * std::fabs(want)) << e;
  }
}

TEST(Expr, MpfrReadsDecimalLiteralsAtFullPrecision) {
  // 0.1 as a double is 0.1000000000000000055...; MPFR parses the text, so 0.1*x - 0.1
  // at x = 1 is exactly zero there, while the double value differs from the text.
  EXPECT_EQ(exact("0.1 * x - 0.1", 1.0), 0.0);
  EXPECT_NEAR(exact("(0.1 - 0x1.999999999999ap-4) * 1e20", 1.0), -0.555e3, 1.0);
}

TEST(Expr, ErrorsGiveTheColumnAndWhatWasExpected) {
  struct Case {
    const char* text;
    std::size_t column;
    const char* fragment;
  } cases[] = {
      {"", 1, "expected an expression"},
      {"x +", 4, "end of input"},
      {"expo(x)", 1, "unknown function 'expo'"},
      {"exp(x", 6, "expected ')'"},
      {"(x + 1", 7, "expected ')'"},
      {"y * 2", 1, "unknown name 'y'"},
      {"pow(x)", 6, "expected ','"},
      {"exp(x, 2)", 6, "expected ')'"},
      {"2x", 1, "malformed number"},
      {"x $ 2", 3, "found '$'"},
      {"exp", 4, "expected '(' after function 'exp'"},
      {"x * * 2", 5, "expected a number"},
  };
  for (const Case& c : cases) {
    ExprParse p = parse_expr(c.text);
    ASSERT_FALSE(p.expr) << "'" << c.text << "' parsed";
    EXPECT_EQ(p.error.column, c.column) << "'" << c.text << "': " << p.error.message;
    EXPECT_NE(p.error.message.find(c.fragment), std::string::npos)
        << "'" << c.text << "': " << p.error.message;
  }
}

// |fast - f(x)| for the double value `v` and the exact value at x, computed in MPFR
// (f at 300 bits by the Ziv evaluation, the difference rounded up).
double exact_distance(const Expr& e, double x, double v) {
  mpfr_t r, xm;
  mpfr_inits2(300, r, xm, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_d(xm, x, MPFR_RNDN);
  e.eval_mpfr(r, xm);
  double d = NAN;
  if (mpfr_number_p(r)) {
    mpfr_sub_d(r, r, v, MPFR_RNDU);
    mpfr_abs(r, r, MPFR_RNDU);
    d = mpfr_get_d(r, MPFR_RNDU);
  }
  mpfr_clears(r, xm, static_cast<mpfr_ptr>(nullptr));
  return d;
}

struct BoundCase {
  const char* expr;
  float lo, hi;
  double finite_fraction;  // at least this share of the samples must get a finite bound
};

// Cancelling expressions (where a double evaluation loses most or all of its digits)
// and ordinary ones, each sampled at 4001 float32 points spread over its interval.
TEST(Expr, BoundedEvalEnclosesTheExactValueIncludingUnderCancellation) {
  const BoundCase cases[] = {
      {"1 + tanh(x)", -20.0f, 0.0f, 1.0},
      {"exp(x) - 1", -1e-3f, 1e-3f, 1.0},
      {"(x + 1e30) - 1e30", -1.0f, 1.0f, 0.0},
      {"sin(x) - x", -1e-2f, 1e-2f, 1.0},
      {"cos(x) - 1 + x*x/2", -1e-2f, 1e-2f, 1.0},
      {"exp(-x*x)", -4.0f, 4.0f, 1.0},
      {"sqrt(x*x + 1) - x", -100.0f, 100.0f, 1.0},
      {"log(1 + x) - log1p(x)", -0.5f, 0.5f, 1.0},
      {"x^3 - 3*x^2 + 3*x - 1", 0.9f, 1.1f, 1.0},
      {"pow(x + 0.1, x - 0.25) * erfc(x) / cbrt(x - 3)", 0.05f, 2.5f, 1.0},
      {"tan(x) + atan(x) * pi - exp2(x) + log2(x + 5) - expm1(x / 3)", -1.5f, 1.5f, 1.0},
      {"erf(0.1 * x) / x", -3.0f, 3.0f, 0.99},  // the sample holds x = 0: 0/0
  };
  for (const BoundCase& c : cases) {
    ExprParse p = parse_expr(c.expr);
    ASSERT_TRUE(p.expr) << c.expr;
    std::size_t finite = 0, total = 0;
    for (float x : eval::stratified_sample(c.lo, c.hi, 4001)) {
      double err = 0;
      const double v = p.expr->eval_bounded(x, &err);
      EXPECT_EQ(std::bit_cast<std::uint64_t>(v), std::bit_cast<std::uint64_t>(p.expr->eval(x)))
          << c.expr << " at " << x;  // same value as the plain double oracle
      ++total;
      if (!std::isfinite(err)) continue;
      ++finite;
      const double d = exact_distance(*p.expr, x, v);
      EXPECT_LE(d, err) << c.expr << " at x = " << x << " (" << std::hexfloat << x
                        << std::defaultfloat << "): double " << v << ", bound " << err;
    }
    EXPECT_GE(static_cast<double>(finite), c.finite_fraction * static_cast<double>(total))
        << c.expr << ": " << finite << " of " << total << " samples got a finite bound";
  }
}

// The verifier evaluates user expressions in blocks (eval_bounded_batch): every value and
// bound must be eval_bounded's bit for bit (a NaN value may be any NaN), on every kind of node (literals, pi, x,
// negation, the four operations, pow, every function), on specials (NaN, inf, zeros,
// subnormals) and with a length that leaves a partial block.
TEST(Expr, BlockEvaluationIsTheScalarBoundedEvaluationBitForBit) {
  const char* exprs[] = {
      "1 + tanh(x)", "exp(x) - 1", "(x + 1e30) - 1e30", "-x * pi / 3", "x",
      "pow(x + 0.1, x - 0.25) * erfc(x) / cbrt(x - 3)",
      "tan(x) + atan(x) * pi - exp2(x) + log2(x + 5) - expm1(x / 3)",
      "sqrt(x*x + 1) - x + log(x) + log1p(x) + sin(x) * cos(x) + erf(x) + x^3 - 2^x",
      "1 / (x - x)", "0.1",
  };
  std::vector<float> xs = eval::stratified_sample(-50.0f, 50.0f, 3000);
  for (float v : {0.0f, -0.0f, 0x1p-149f, -0x1p-130f, INFINITY, -INFINITY, NAN, 1.0f, -1.0f, 3.0f})
    xs.push_back(v);
  xs.push_back(0.5f);  // 3011 inputs: 47 blocks of 64 and a partial one
  for (const char* e : exprs) {
    ExprParse p = parse_expr(e);
    ASSERT_TRUE(p.expr) << e;
    std::vector<double> v(xs.size()), err(xs.size());
    p.expr->eval_bounded_batch(xs.data(), v.data(), err.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      double e1 = 0;
      const double v1 = p.expr->eval_bounded(xs[i], &e1);
      if (!(std::isnan(v1) && std::isnan(v[i]))) {  // a NaN's sign and payload mean nothing
        ASSERT_EQ(std::bit_cast<std::uint64_t>(v[i]), std::bit_cast<std::uint64_t>(v1)) << e << " at " << xs[i];
      }
      ASSERT_EQ(std::bit_cast<std::uint64_t>(err[i]), std::bit_cast<std::uint64_t>(e1)) << e << " at " << xs[i];
    }
  }
}

// The bound is useful where nothing cancels: a few double ULPs of the value, far below
// the 2^-23 relative spacing that decides a float32 proof.
TEST(Expr, BoundedEvalIsTightWithoutCancellation) {
  ExprParse p = parse_expr("exp(-x*x) * (1 + 0.5 * sin(x))");
  ASSERT_TRUE(p.expr);
  for (float x : eval::stratified_sample(-4.0f, 4.0f, 2001)) {
    double err = 0;
    const double v = p.expr->eval_bounded(x, &err);
    EXPECT_LT(err, 1e-13 * std::fabs(v)) << "x = " << x;
  }
  // Cancellation shows in the bound: 1 + tanh(x) near x = -18 keeps no digit.
  double err = 0;
  const double v = p.expr->eval_bounded(0, &err);
  EXPECT_EQ(v, 1.0);
  ExprParse q = parse_expr("1 + tanh(x)");
  const double w = q.expr->eval_bounded(-18.0, &err);
  EXPECT_GT(err, std::fabs(w) * 0.1);
  // And unknown bounds are infinite, never wrong: a pole, a domain edge, a NaN.
  for (const char* e : {"1 / (x - x)", "log(x - 1)", "sqrt(x - 1)", "tan(x * 0.5 * pi)"}) {
    ExprParse r = parse_expr(e);
    r.expr->eval_bounded(1.0, &err);
    EXPECT_EQ(err, INFINITY) << e;
  }
}

// prec + 64 bits would give 0 for tiny x (x + 1e30 keeps ~190 bits, none of them
// x's); the Ziv loop raises the precision until the enclosure rounds to x.
TEST(Expr, MpfrIsCorrectlyRoundedUnderCatastrophicCancellation) {
  ExprParse p = parse_expr("(x + 1e30) - 1e30");
  ASSERT_TRUE(p.expr);
  for (float xf : {0x1p-149f, 1e-38f, -3.5e-20f, 1.5f, -0x1.fffffep-1f, 7.0f}) {
    mpfr_t r, xm;
    mpfr_init2(r, 128);
    mpfr_init2(xm, 24);
    mpfr_set_flt(xm, xf, MPFR_RNDN);
    p.expr->eval_mpfr(r, xm);
    EXPECT_TRUE(mpfr_equal_p(r, xm)) << "x = " << std::hexfloat << xf << ": got "
                                     << mpfr_get_d(r, MPFR_RNDN);
    mpfr_clears(r, xm, static_cast<mpfr_ptr>(nullptr));
  }
  // Through the Reference the scoring path uses (exact_to_double, reference_values).
  LoadResult t = parse_target("name = \"c\"\nreference = \"(x + 1e30) - 1e30\"\ndomain = [-1, 1]\n",
                              "c.toml");
  ASSERT_TRUE(t) << t.error;
  EXPECT_EQ(eval::exact_to_double(t.target->ref, 0x1p-149f), 0x1p-149);
  const std::vector<double> ref = eval::reference_values(t.target->ref, {1e-30f, -2.5f}, {});
  EXPECT_EQ(ref[0], static_cast<double>(1e-30f));
  EXPECT_EQ(ref[1], -2.5);
  // An exact zero under cancellation (the enclosure always straddles 0) ends, tiny.
  ExprParse z = parse_expr("sin(x) - sin(x)");
  mpfr_t r, xm;
  mpfr_init2(r, 128);
  mpfr_init2(xm, 24);
  mpfr_set_flt(xm, 0.75f, MPFR_RNDN);
  z.expr->eval_mpfr(r, xm);
  EXPECT_TRUE(mpfr_zero_p(r) || mpfr_get_exp(r) < -1000) << mpfr_get_d(r, MPFR_RNDN);
  mpfr_clears(r, xm, static_cast<mpfr_ptr>(nullptr));
}

class TargetFile : public ::testing::Test {
 protected:
  std::filesystem::path dir_;
  void SetUp() override {
    dir_ = std::filesystem::path(ULPFORGE_BINARY_DIR) / "test-tmp" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
  }
  std::filesystem::path write(const std::string& name, const std::string& text) {
    std::filesystem::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  // Loads `text`; expects failure with every fragment in the error message.
  void expect_error(const std::string& text, std::initializer_list<std::string> fragments) {
    const std::filesystem::path p = write("bad.toml", text);
    LoadResult r = load_target_file(p);
    ASSERT_FALSE(r) << "accepted:\n" << text;
    for (const std::string& f : fragments) {
      EXPECT_NE(r.error.find(f), std::string::npos) << "error '" << r.error << "' lacks '" << f << "'";
    }
  }
};

TEST_F(TargetFile, LoadsTheIssueExampleAsAnIdentityTemplateOnTheDomain) {
  LoadResult r = load_target_file(
      write("gauss.toml", "name = \"gauss\"\nreference = \"exp(-x*x)\"\ndomain = [-4.0, 4.0]\ntemplate = \"none\"\n"));
  ASSERT_TRUE(r) << r.error;
  const Target& t = *r.target;
  EXPECT_EQ(t.name, "gauss");
  EXPECT_FALSE(t.domain.all_floats);
  EXPECT_EQ(t.domain.lo, -4.0f);
  EXPECT_EQ(t.domain.hi, 4.0f);
  EXPECT_EQ(ir::verify(t.tmpl), std::nullopt);
  EXPECT_EQ(ir::hole_count(t.tmpl), 1u);
  ASSERT_EQ(t.holes.size(), 1u);
  EXPECT_EQ(t.holes[0].lo, -4.0);
  EXPECT_EQ(t.holes[0].hi, 4.0);
  EXPECT_DOUBLE_EQ(t.ref.fast(0.5), std::exp(-0.25));
  // The identity template with a core c computes c(x).
  const ir::Program cores[1] = {ir::identity_program()};
  EXPECT_EQ(ir::sem::run_scalar(ir::inline_cores(t.tmpl, cores), 1.25f), 1.25f);
  EXPECT_EQ(ir::verify(t.baseline_kernel()), std::nullopt);
}

TEST_F(TargetFile, IdentityTemplateBaselineInterpolatesTheReference) {
  LoadResult r = parse_target("name = \"g1\"\nreference = \"exp(-x*x)\"\ndomain = [-1, 1]\ntemplate = \"none\"\n", "g1.toml");
  ASSERT_TRUE(r) << r.error;
  const ir::Program k = r.target->baseline_kernel();
  EXPECT_EQ(ir::verify(k), std::nullopt);
  double worst = 0;
  for (int i = 0; i <= 2000; ++i) {
    const float x = -1.0f + 0.001f * static_cast<float>(i);
    worst = std::max(worst, std::fabs(ir::sem::run_scalar(k, x) - std::exp(-double(x) * x)));
  }
  // Degree-10 Chebyshev interpolation of e^(-u^2) on [-1, 1]: about 1e-7, plus float32
  // coefficient and evaluation rounding.
  EXPECT_LT(worst, 2e-6);
}

// A user target goes through the exhaustive verifier like a built-in one: its domain,
// its expression reference (double oracle + MPFR arbitration) and its baseline kernel.
TEST_F(TargetFile, UserTargetIsVerifiedOverItsDomain) {
  LoadResult r = parse_target(
      "name = \"cube\"\nreference = \"x^3 - x\"\ndomain = [2, 2.015625]\n", "cube.toml");
  ASSERT_TRUE(r) << r.error;
  const Target& t = *r.target;
  eval::VerifyOptions opt;
  opt.bound = 1e6;
  const eval::VerifyReport rep = eval::verify_exhaustive(t.baseline_kernel(), t.ref, t.domain, opt);
  EXPECT_EQ(rep.inputs, t.domain.size());
  EXPECT_EQ(rep.inputs, (1u << 16) + 1);
  EXPECT_EQ(rep.special_mismatches, 0u);
  // Degree-10 interpolation of a cubic is exact up to float32 rounding of coefficients
  // and Horner steps: measured 0.506 ULP.
  EXPECT_LT(rep.max_ulp, 2.0) << rep.to_text();
  std::printf("[ cube ] %llu inputs, baseline max ULP %.3f\n",
              static_cast<unsigned long long>(rep.inputs), rep.max_ulp);
}

// f = 1 + tanh(x) on [-12, -11.99] is about 7.5e-11: the double 1 + tanh(x) keeps
// only ~5 significant bits, so the plain oracle misjudges a correctly rounded kernel
// by many ULPs. The bounded oracle knows it cannot decide and hands every input to
// MPFR; its report matches a per-input MPFR computation.
uf::eval::BatchFn one_plus_tanh_kernel() {
  return [](const float* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double e = std::exp(2.0 * static_cast<double>(in[i]));
      out[i] = static_cast<float>(2 * e / (1 + e));  // relative error ~1e-16: CR floats
    }
  };
}

TEST_F(TargetFile, VerifierFallsBackToMpfrWhereTheDoubleOracleCancels) {
  LoadResult r = parse_target(
      "name = \"opt\"\nreference = \"1 + tanh(x)\"\ndomain = [-12, -11.99]\n", "opt.toml");
  ASSERT_TRUE(r) << r.error;
  const Target& t = *r.target;
  eval::VerifyOptions opt;
  opt.bound = 1.0;
  const eval::BatchFn k = one_plus_tanh_kernel();
  const eval::VerifyReport rep = eval::verify_exhaustive(k, t.ref, t.domain, opt);

  // Per-input MPFR truth.
  double max_exact = 0;
  std::uint64_t cr = 0, over = 0, n = 0;
  for (std::int64_t i = eval::float_to_ordered(t.domain.lo); i <= eval::float_to_ordered(t.domain.hi); ++i) {
    const float x = eval::ordered_to_float(i);
    float y;
    k(&x, &y, 1);
    const double e = eval::exact_ulp_error(t.ref, x, y);
    max_exact = std::max(max_exact, e);
    cr += e <= 0.5;
    over += e > opt.bound;
    ++n;
  }
  ASSERT_EQ(rep.inputs, n);
  EXPECT_EQ(rep.max_ulp, max_exact);
  EXPECT_EQ(rep.correctly_rounded, cr);
  EXPECT_EQ(rep.over_bound, over);
  EXPECT_TRUE(rep.holds()) << rep.to_text();
  EXPECT_LE(rep.max_ulp, 0.5 + 1e-6);
  EXPECT_GE(rep.mpfr_arbitrations, n);  // no input could be settled in double

  // The same target with only the plain double oracle and the old fixed margin.
  eval::Reference plain = t.ref;
  plain.fast_bounded = nullptr;
  const eval::VerifyReport old = eval::verify_exhaustive(k, plain, t.domain, opt);
  EXPECT_FALSE(old.holds());
  EXPECT_GT(old.over_bound, 0u);
  EXPECT_LT(old.correctly_rounded, cr);
  std::printf("[ 1+tanh ] %llu inputs: bounded oracle max %.4f ULP (%llu MPFR calls), plain "
              "oracle %llu over bound 1 (wrongly), %llu of %llu correctly rounded\n",
              static_cast<unsigned long long>(n), rep.max_ulp,
              static_cast<unsigned long long>(rep.mpfr_arbitrations),
              static_cast<unsigned long long>(old.over_bound),
              static_cast<unsigned long long>(old.correctly_rounded),
              static_cast<unsigned long long>(cr));
}

// Where nothing cancels, the bound settles almost every input in double, and the
// report still equals the per-input MPFR truth (kernel: the double value rounded to
// float32 and nudged by 3e-8 relative, so errors spread over [0, 1] ULP).
TEST_F(TargetFile, BoundedVerifyMatchesPerInputMpfrAndRarelyArbitrates) {
  LoadResult r = parse_target(
      "name = \"g\"\nreference = \"exp(-x*x)\"\ndomain = [0.5, 0.53125]\n", "g.toml");
  ASSERT_TRUE(r) << r.error;
  const Target& t = *r.target;
  const eval::BatchFn k = [](const float* in, float* out, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      const double x = in[i];
      out[i] = static_cast<float>(std::exp(-x * x) * (1 + 3e-8));
    }
  };
  eval::VerifyOptions opt;
  opt.bound = 0.75;
  opt.worst_count = 5;
  const eval::VerifyReport rep = eval::verify_exhaustive(k, t.ref, t.domain, opt);
  std::vector<std::pair<double, float>> errs;
  std::uint64_t cr = 0, over = 0;
  for (std::int64_t i = eval::float_to_ordered(t.domain.lo); i <= eval::float_to_ordered(t.domain.hi); ++i) {
    const float x = eval::ordered_to_float(i);
    float y;
    k(&x, &y, 1);
    const double e = eval::exact_ulp_error(t.ref, x, y);
    errs.push_back({e, x});
    cr += e <= 0.5;
    over += e > opt.bound;
  }
  std::sort(errs.begin(), errs.end(), [](auto a, auto b) { return a.first > b.first; });
  ASSERT_EQ(rep.inputs, errs.size());
  EXPECT_EQ(rep.max_ulp, errs[0].first);
  EXPECT_EQ(rep.correctly_rounded, cr);
  EXPECT_EQ(rep.over_bound, over);
  EXPECT_GT(over, 0u);
  EXPECT_LT(over, rep.inputs);
  ASSERT_EQ(rep.worst.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(rep.worst[i].ulp, errs[i].first) << i;
  EXPECT_LT(rep.mpfr_arbitrations, rep.inputs / 100) << rep.to_text();
}

TEST_F(TargetFile, CatalogTemplateAndIntegerDomainAreAccepted) {
  LoadResult r = parse_target(
      "# comment\nname = \"myexp\"\nreference = \"exp(x)\"\ndomain = [-10, 10]\ntemplate = \"expf\"\n",
      "inline.toml");
  ASSERT_TRUE(r) << r.error;
  const Target* base = find("expf");
  ASSERT_NE(base, nullptr);
  EXPECT_EQ(r.target->tmpl, base->tmpl);
  EXPECT_EQ(r.target->baseline_cores.size(), base->baseline_cores.size());
  EXPECT_EQ(r.target->domain.lo, -10.0f);
  EXPECT_EQ(r.target->domain.hi, 10.0f);
  EXPECT_EQ(r.target->baseline_kernel(), base->baseline_kernel());
}

TEST_F(TargetFile, TemplateNoneGivesTheIdentityTemplate) {
  LoadResult r = parse_target(
      "name = \"sq\"\nreference = \"x^2\"\ndomain = [0, 1]\ntemplate = \"none\"\n", "t.toml");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(ir::hole_count(r.target->tmpl), 1u);
  EXPECT_FALSE(r.target->start_from_baseline);
}

TEST_F(TargetFile, DefaultComposesCatalogFunctionsAndFallsBackToNone) {
  // No catalog function: nothing to compose, the identity template.
  LoadResult plain = parse_target("name = \"sq\"\nreference = \"x^2 - x\"\ndomain = [0, 1]\n", "t.toml");
  ASSERT_TRUE(plain) << plain.error;
  EXPECT_EQ(ir::hole_count(plain.target->tmpl), 1u);
  EXPECT_FALSE(plain.target->start_from_baseline);
  // The logistic sigmoid: expf's template and holes, started from its baseline cores.
  LoadResult sig = parse_target("name = \"sigmoid\"\nreference = \"1/(1+exp(-x))\"\ndomain = [-20, 20]\n", "s.toml");
  ASSERT_TRUE(sig) << sig.error;
  const Target* expf = find("expf");
  ASSERT_NE(expf, nullptr);
  EXPECT_EQ(sig.target->holes.size(), expf->holes.size());
  EXPECT_EQ(ir::hole_count(sig.target->tmpl), expf->holes.size());
  EXPECT_TRUE(sig.target->start_from_baseline);
  EXPECT_NE(sig.target->summary.find("composed of expf"), std::string::npos) << sig.target->summary;
  // Its baseline kernel is 1 / (1 + expf's baseline kernel(-x)), bit for bit.
  const ir::Program k = sig.target->baseline_kernel();
  const ir::Program ke = expf->baseline_kernel();
  for (float x : {-20.0f, -3.5f, -0.25f, 0.0f, 1e-8f, 0.75f, 9.0f, 20.0f}) {
    const float e = ir::sem::run_scalar(ke, -x);
    EXPECT_EQ(std::bit_cast<std::uint32_t>(ir::sem::run_scalar(k, x)), std::bit_cast<std::uint32_t>(1.0f / (1.0f + e))) << x;
  }
  // An erfc cannot be composed: "auto" falls back to none, "compose" is an error.
  LoadResult ec = parse_target("name = \"c\"\nreference = \"erfc(x)\"\ndomain = [0, 4]\n", "c.toml");
  ASSERT_TRUE(ec) << ec.error;
  EXPECT_EQ(ir::hole_count(ec.target->tmpl), 1u);
  expect_error("name = \"c\"\nreference = \"erfc(x)\"\ndomain = [0, 4]\ntemplate = \"compose\"\n",
               {"bad.toml:4:", "key 'template'", "cannot compose", "erfc has no catalog kernel"});
  // A catalog call on a constant argument: whatever the composition does with it, every
  // hole it declares is one the kernel uses (or it falls back to none).
  LoadResult cst = parse_target("name = \"k\"\nreference = \"exp(x) + log(2)\"\ndomain = [0, 1]\n", "k.toml");
  ASSERT_TRUE(cst) << cst.error;
  std::vector<bool> used(cst.target->holes.size(), false);
  for (const ir::Instr& in : cst.target->tmpl.code)
    if (in.op == ir::Op::Core) used.at(in.imm) = true;
  for (std::size_t h = 0; h < used.size(); ++h) EXPECT_TRUE(used[h]) << "hole " << h;
  EXPECT_EQ(cst.target->holes.size(), cst.target->baseline_cores.size());
}

// toml++ recurses once per dotted-key component; 50000 of them overflowed the stack
// inside toml::parse (found by feeding the target_file fuzz target a long key chain).
TEST_F(TargetFile, OversizedFileIsRejectedBeforeTomlParsing) {
  std::string deep = "[";
  for (int i = 0; i < 50000; ++i) deep += "a.";
  deep += "b]\n";
  const LoadResult r = parse_target(deep, "deep.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error.find("deep.toml: 100004 bytes; a target file (four keys) is at most 8192 bytes"),
            std::string::npos)
      << r.error;
  std::string padded = "name = \"a\"\nreference = \"x\"\ndomain = [0, 1]\n";
  padded += "#" + std::string(kMaxTargetFileBytes - padded.size() - 2, ' ') + "\n";
  ASSERT_EQ(padded.size(), kMaxTargetFileBytes);
  EXPECT_TRUE(parse_target(padded, "padded.toml")) << "a file of exactly the limit is accepted";
}

TEST_F(TargetFile, TomlSyntaxErrorNamesLineAndColumn) {
  expect_error("name = \"a\"\nreference = \"exp(x)\ndomain = [0, 1]\n", {"bad.toml:2:"});
}

TEST_F(TargetFile, MissingKeysAreNamed) {
  expect_error("name = \"a\"\ndomain = [0, 1]\n", {"missing key 'reference'", "expression in x"});
  expect_error("reference = \"x\"\ndomain = [0, 1]\n", {"missing key 'name'"});
  expect_error("name = \"a\"\nreference = \"x\"\n", {"missing key 'domain'", "[lo, hi]"});
  expect_error("", {"missing key 'name'"});
}

TEST_F(TargetFile, WrongValueTypesNameLineKeyAndFoundType) {
  expect_error("name = 3\nreference = \"x\"\ndomain = [0, 1]\n",
               {"bad.toml:1:", "key 'name'", "expected a string", "found an integer"});
  expect_error("name = \"a\"\nreference = [1]\ndomain = [0, 1]\n",
               {"bad.toml:2:", "key 'reference'", "found an array"});
  expect_error("name = \"a\"\nreference = \"x\"\ndomain = \"0..1\"\n",
               {"bad.toml:3:", "key 'domain'", "array of two", "found a string"});
  expect_error("name = \"a\"\nreference = \"x\"\ndomain = [0, 1]\ntemplate = 7\n",
               {"bad.toml:4:", "key 'template'", "\"none\" or a catalog target"});
}

TEST_F(TargetFile, BadDomainsAreRejected) {
  const std::string head = "name = \"a\"\nreference = \"x\"\n";
  expect_error(head + "domain = [0, 1, 2]\n", {"bad.toml:3:", "key 'domain'", "found 3 elements"});
  expect_error(head + "domain = [1.0]\n", {"key 'domain'", "found 1 element"});
  expect_error(head + "domain = [\"a\", 1]\n", {"key 'domain'", "element 1 is a string"});
  expect_error(head + "domain = [2.0, 1.0]\n", {"key 'domain'", "lo < hi"});
  expect_error(head + "domain = [-inf, 1.0]\n", {"key 'domain'", "not a finite float32"});
  expect_error(head + "domain = [0, 1e39]\n", {"key 'domain'", "element 2"});
  // lo < hi in the file, but both round to the same float32 (caught by the domain
  // property of fuzz/target_file_fuzz.cpp).
  expect_error(head + "domain = [1.0, 1.00000001]\n", {"key 'domain'", "round to the same float32"});
  expect_error(head + "domain = [0, 1e-300]\n", {"key 'domain'", "round to the same float32"});
}

// A domain so narrow that 1 / half-width overflows float32 (here [0, 2^-149]) gets the
// identity baseline core instead of one with infinite coefficients.
TEST_F(TargetFile, NarrowestDomainGetsAFiniteBaselineCore) {
  LoadResult r = parse_target("name = \"n\"\nreference = \"x\"\ndomain = [0, 1e-45]\n", "n.toml");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.target->domain.hi, 0x1p-149f);
  ASSERT_EQ(r.target->baseline_cores.size(), 1u);
  for (const ir::Instr& in : r.target->baseline_cores[0].code) {
    if (in.op == ir::Op::Const) {
      EXPECT_TRUE(std::isfinite(ir::bits_to_float(in.imm)));
    }
  }
}

TEST_F(TargetFile, ReferenceExpressionErrorsGiveTheColumn) {
  expect_error("name = \"a\"\n\nreference = \"exp(x) + expo(x)\"\ndomain = [0, 1]\n",
               {"bad.toml:3:", "key 'reference'", "column 10", "unknown function 'expo'"});
  expect_error("name = \"a\"\nreference = \"(x + 1\"\ndomain = [0, 1]\n",
               {"key 'reference'", "column 7", "expected ')'"});
}

TEST_F(TargetFile, UnknownKeysAndTemplatesAndBadNamesAreRejected) {
  expect_error("name = \"a\"\nreference = \"x\"\ndomian = [0, 1]\n",
               {"bad.toml:3:", "unknown key 'domian'", "expected name, reference, domain, template"});
  expect_error("name = \"a\"\nreference = \"x\"\ndomain = [0, 1]\ntemplate = \"expff\"\n",
               {"bad.toml:4:", "key 'template'", "found \"expff\"", "\"expf\""});
  expect_error("name = \"1abc\"\nreference = \"x\"\ndomain = [0, 1]\n",
               {"key 'name'", "expected an identifier"});
}

TEST_F(TargetFile, MissingFileIsAnErrorNotACrash) {
  LoadResult r = load_target_file(dir_ / "does-not-exist.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error.find("no such file"), std::string::npos) << r.error;
  LoadResult d = load_target_file(dir_);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error.find("not a regular file"), std::string::npos) << d.error;
}

}  // namespace
}  // namespace uf::targets
