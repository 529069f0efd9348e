// atanhf: inverse hyperbolic tangent over every float32 (NaN outside [-1, 1], ±inf at
// ±1), odd: evaluated on t = |x| and the sign bit of x copied onto the result.
//
// Template:
//   small (t <= 1/2): v = t * t; m = core0(v) * v; y = fma(m, t, t)
//                     core0 ~ (atanh(sqrt v) - sqrt v) / v^(3/2) on [0, 1/4]
//   big: atanh(t) = (log(1 + t) - log(1 - t)) / 2
//        A = 1 + t; dA = (1 - A) + t           1 + t = A + dA exactly (Fast2Sum)
//        r1 = A / 2 - 1                         exact, in [-1/4, 0]: log A = ln2 + r1 + tail(r1)
//        (r2, e2) = logf's reduction of B = 1 - t (exact, in (0, 1/2])
//        K = 1 - e2 (>= 2); KL = K * L1        exact (L1 = 0x1.62ep-1 has 13 bits)
//        S1 = KL + r1, S2 = S1 - r2, each with its exact error (Fast2Sum: |KL| >= 1.38,
//        |S1| >= 1.1 exceed |r1|, |r2|)
//        lo = (e1 + e2) + ((tail(r1) - tail(r2)) + fma(K, L2, dA / A))
//        y = (S2 + lo) / 2;  t = 1 gives +inf, t > 1 and NaN give NaN
//   y = copysign(select(t <= 1/2, y_small, y_big), x)
// Hole 0: v in [0, 1/4], core0 as above. Hole 1: logf's interval, log1p(r) - r
// (log1pf's tail core), evaluated at r1 and at r2.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// (atanh(u) - u) / u^3 at u = sqrt(v) = sum of v^(n-1) / (2n+1), n >= 1: the series for
// small v, the direct formula elsewhere; MPFR with guard bits for the cancellation.
double atanh_ratio(double v) {
  if (std::fabs(v) >= 0.0625) {
    const double u = std::sqrt(v);
    return (std::atanh(u) - u) / (v * u);
  }
  double t = 0, pw = 1;
  for (int n = 1; n < 60 && pw != 0; ++n) {
    t += pw / (2 * n + 1);
    pw *= v;
  }
  return t;
}
int mpfr_atanh_ratio(mpfr_ptr rop, mpfr_srcptr v, mpfr_rnd_t rnd) {
  if (mpfr_nan_p(v) || mpfr_sgn(v) < 0) {
    mpfr_set_nan(rop);
    return 0;
  }
  if (mpfr_zero_p(v)) return mpfr_set_ui(rop, 1, MPFR_RNDN), mpfr_div_ui(rop, rop, 3, rnd);
  mpfr_t u, a;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(v));
  mpfr_inits2(p, u, a, static_cast<mpfr_ptr>(nullptr));
  mpfr_sqrt(u, v, MPFR_RNDN);
  mpfr_atanh(a, u, MPFR_RNDN);
  mpfr_sub(a, a, u, MPFR_RNDN);
  mpfr_div(a, a, u, MPFR_RNDN);
  int ret = mpfr_div(rop, a, v, rnd);
  mpfr_clears(u, a, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

Target make_atanhf() {
  using ir::Op;
  Target t;
  t.name = "atanhf";
  t.summary = "inverse hyperbolic tangent, every float32 (±inf at ±1, NaN beyond)";
  t.ref = libm_ref("atanh", ::atanh, mpfr_atanh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},          {inf, nan},          {-inf, nan},        {0.0f, 0.0f},
                {-0.0f, -0.0f},      {0x1p-149f, 0x1p-149f}, {-0x1p-130f, -0x1p-130f},
                {1.0f, inf},         {-1.0f, -inf},       {0x1.000002p+0f, nan}, {-2.0f, nan},
                {0.5f, 0x1.193ea8p-1f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t one = b.f(1.0f);
  // |x| <= 1/2
  std::uint32_t v = b.emit(Op::Mul, a, a);
  std::uint32_t m = b.emit(Op::Mul, b.core(v, 0), v);
  std::uint32_t ys = b.emit(Op::Fma, m, a, a);
  // |x| > 1/2
  const Sum2 sa = fast2sum(b, one, a);
  std::uint32_t big_a = sa.s, da = sa.e;
  std::uint32_t r1 = b.emit(Op::Sub, b.emit(Op::Mul, big_a, b.f(0.5f)), one);
  std::uint32_t big_b = b.emit(Op::Sub, one, a);
  LogReduction red = log_reduce(b, big_b);
  std::uint32_t kf = b.emit(Op::I2F, b.emit(Op::ISub, b.i(1), red.e));
  std::uint32_t kl = b.emit(Op::Mul, kf, b.f(0x1.62ep-1f));
  const Sum2 s1 = fast2sum(b, kl, r1);
  const Sum2 s2 = fast2diff(b, s1.s, red.r);
  std::uint32_t tails = b.emit(Op::Sub, b.core(r1, 1), b.core(red.r, 1));
  std::uint32_t corr = b.emit(Op::Fma, kf, b.f(0x1.0bfbe8p-15f), b.emit(Op::Div, da, big_a));
  std::uint32_t lo = b.emit(Op::Add, b.emit(Op::Add, s1.e, s2.e), b.emit(Op::Add, tails, corr));
  std::uint32_t yb = b.emit(Op::Mul, b.emit(Op::Add, s2.s, lo), b.f(0.5f));
  std::uint32_t edge = b.emit(Op::Select, b.emit(Op::Eq, a, one), b.f(inf), b.f(nan));
  yb = b.emit(Op::Select, b.emit(Op::Lt, a, one), yb, edge);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Le, a, b.f(0.5f)), ys, yb);
  t.tmpl = std::move(b).finish(copy_sign_of(b, y, x));
  t.holes = {Hole{0.0, 0.25, "(atanh(sqrt v) - sqrt v) / v^(3/2)",
                  libm_ref("atanh_ratio", atanh_ratio, mpfr_atanh_ratio)},
             log1p_tail_hole()};

  // c0 + c1 v + ... + c6 v^6: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly atanhratio 6`); approximation error
  // 2^-25.0 (the core's term is at most 0.09 of atanh).
  ir::Builder c;
  std::uint32_t q = horner(c, c.input(), {0x1.555556p-2f, 0x1.999802p-3f, 0x1.24e254p-3f,
                                          0x1.bb83ep-4f, 0x1.d77afep-4f, -0x1.75cbfp-6f,
                                          0x1.f0e4p-3f});
  t.baseline_cores = {std::move(c).finish(q), log1p_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
