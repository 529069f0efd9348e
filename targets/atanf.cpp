// atanf: arc tangent over every float32, odd: evaluated on t = |x| and the sign bit of x
// copied onto the result.
//
// Template:
//   t   = |x|;  big = 1 < t            (NaN: big fails and the small side gives NaN)
//   tc  = min(2^60, t)                 atan(t) rounds to float(pi/2) long before 2^60;
//                                      keeps 1/tc normal and fma(-tc, u, 1) finite
//   u   = big ? 1 / tc : t             u in [0, 1]
//   v   = u * u;  m = core(v) * v      core ~ (atan(u) - u) / u^3 in [-1/3, -0.21], so
//                                      m u ~ atan(u) - u, the tail (at most 0.22)
//   small: y = fma(m, u, u)            one rounding of a value >= 0.78 u
//   big:   atan(t) = pi/2 - atan(1/t), 1/t = u + eps u to first order with
//          eps = fma(-tc, u, 1) (the division's exact residual), so
//          atan(1/t) = u + m u + c,  c = eps u / (1 + u^2)
//          s = P1 - u; e = (P1 - s) - u          P1 - u = s + e exactly (Fast2Sum)
//          h = m u; ph = fma(m, u, -h)           m u = h + ph exactly
//          S = s - h; E = (s - S) - h            s - h = S + E exactly (Fast2Sum, s > |h|)
//          y = S + (E + (((P2 - c) + e) - ph))   P1 + P2 = pi/2 to 2^-49
//   y   = copysign(select(big, y_big, y_small), x)
// The core's error falls on the tail and the division's on c; each branch ends in one
// rounding (the small one's inside an fma), the rest being exact or far below an ULP.
// Hole 0: v in [0, 1]; the core approximates (atan(sqrt v) - sqrt v) / v^(3/2).
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// (atan(u) - u) / u^3 at u = sqrt(v): its series near 0 (-1/3 + v/5 - v^2/7 + ...), the
// direct formula elsewhere; the MPFR version with guard bits for the cancellation.
double atan_ratio(double v) {
  if (std::fabs(v) >= 0.0625) {
    const double u = std::sqrt(v);
    return (std::atan(u) - u) / (v * u);
  }
  double t = 0, pw = -1;
  for (int n = 3; n < 80 && pw != 0; n += 2) {
    t += pw / n;
    pw *= -v;
  }
  return t;
}
int mpfr_atan_ratio(mpfr_ptr rop, mpfr_srcptr v, mpfr_rnd_t rnd) {
  if (mpfr_nan_p(v) || mpfr_sgn(v) < 0) {
    mpfr_set_nan(rop);
    return 0;
  }
  if (mpfr_zero_p(v)) return mpfr_set_si_2exp(rop, -1, 0, MPFR_RNDN), mpfr_div_ui(rop, rop, 3, rnd);
  mpfr_t u, a;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(v));
  mpfr_inits2(p, u, a, static_cast<mpfr_ptr>(nullptr));
  mpfr_sqrt(u, v, MPFR_RNDN);
  mpfr_atan(a, u, MPFR_RNDN);
  mpfr_sub(a, a, u, MPFR_RNDN);
  mpfr_div(a, a, u, MPFR_RNDN);
  int ret = mpfr_div(rop, a, v, rnd);
  mpfr_clears(u, a, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

Target make_atanf() {
  using ir::Op;
  Target t;
  t.name = "atanf";
  t.summary = "arc tangent, every float32 (±pi/2 rounded at ±inf)";
  t.ref = libm_ref("atan", ::atan, mpfr_atan);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  const float half_pi = 0x1.921fb6p+0f;
  t.specials = {{nan, nan},           {inf, half_pi},        {-inf, -half_pi},   {0.0f, 0.0f},
                {-0.0f, -0.0f},       {0x1p-149f, 0x1p-149f}, {-0x1p-130f, -0x1p-130f},
                {1.0f, 0x1.921fb6p-1f}, {-1.0f, -0x1.921fb6p-1f}, {0x1p60f, half_pi},
                {0x1p127f, half_pi},  {-0x1.fffffep+127f, -half_pi}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t one = b.f(1.0f);
  std::uint32_t big = b.emit(Op::Lt, one, a);
  std::uint32_t tc = b.emit(Op::Min, b.f(0x1p60f), a);
  std::uint32_t u = b.emit(Op::Select, big, b.emit(Op::Div, one, tc), a);
  std::uint32_t v = b.emit(Op::Mul, u, u);
  std::uint32_t m = b.emit(Op::Mul, b.core(v, 0), v);
  std::uint32_t ys = b.emit(Op::Fma, m, u, u);
  std::uint32_t eps = b.emit(Op::Fma, b.emit(Op::Neg, tc), u, one);
  std::uint32_t c = b.emit(Op::Div, b.emit(Op::Mul, eps, u), b.emit(Op::Fma, u, u, one));
  std::uint32_t p1 = b.f(0x1.921fb6p+0f);
  const Sum2 d = fast2diff(b, p1, u);
  std::uint32_t small = b.emit(Op::Add, b.emit(Op::Sub, b.f(-0x1.777a5cp-25f), c), d.e);
  std::uint32_t h = b.emit(Op::Mul, m, u);
  std::uint32_t ph = b.emit(Op::Fma, m, u, b.emit(Op::Neg, h));
  const Sum2 far = fast2diff(b, d.s, h);
  std::uint32_t yb = b.emit(Op::Add, far.s, b.emit(Op::Add, far.e, b.emit(Op::Sub, small, ph)));
  std::uint32_t y = b.emit(Op::Select, big, yb, ys);
  t.tmpl = std::move(b).finish(copy_sign_of(b, y, x));
  t.holes = {Hole{0.0, 1.0, "(atan(sqrt v) - sqrt v) / v^(3/2)",
                  libm_ref("atan_ratio", atan_ratio, mpfr_atan_ratio)}};

  // c3 + c5 v + ... + c21 v^9 (atan(u) - u = u^3 (c3 + c5 u^2 + ...)), Horner in v:
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly atantail 21`); approximation error 2^-25.0
  // relative to the tail (2^-27 relative to atan).
  ir::Builder cb;
  std::uint32_t q = horner(cb, cb.input(),
                           {-0x1.555556p-2f, 0x1.999a4p-3f, -0x1.249f78p-3f, 0x1.c7d3cp-4f,
                            -0x1.75df5ap-4f, 0x1.362a5cp-4f, -0x1.d9684cp-5f, 0x1.1cc14ap-5f,
                            -0x1.bb6822p-7f, 0x1.3fe6e2p-9f});
  t.baseline_cores = {std::move(cb).finish(q)};
  t.baseline_max_ulp = 1.02;  // proven 1.0139 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
