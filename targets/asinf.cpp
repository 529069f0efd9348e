// asinf: arc sine over [-1, 1] (NaN outside), odd: evaluated on t = |x| and the sign bit
// of x copied onto the result.
//
// Shared with acosf (asin_reduce): one core evaluation a lane,
//   big = 1/2 < t
//   z   = (1 - t) / 2                  exact for t in [1/2, 1] (Sterbenz; NaN for t > 1)
//   s   = sqrt(z); c = fma(-s, s, z) / max(2s, 2^-60)
//                                      sqrt(z) = s + c to first order (the residual of
//                                      the rounded root; 0 at z = 0)
//   v   = big ? z : t * t              in [0, 1/4]
//   m   = core(v) * v                  core ~ (asin(sqrt v) - sqrt v) / v^(3/2), so
//                                      asin(a) = a + a m for a = sqrt(v) (m <= 0.05)
// asinf:
//   small: y = fma(m, t, t)
//   big:   asin(t) = pi/2 - 2 asin(sqrt z) = P1 - 2s - 2c - 2 s m + P2
//          S = P1 - 2s; E = (P1 - S) - 2s           exactly (Fast2Sum, 2s <= 1 < P1)
//          y = S + fma(-2s, m, (P2 - 2c) + E)       P1 + P2 = pi/2 to 2^-49
//   y = copysign(select(big, y_big, y_small), x)
// Each branch ends in one rounding; the core's error falls on a term at most 0.09 of
// the result. Hole 0: v in [0, 1/4], core ~ (asin(sqrt v) - sqrt v) / v^(3/2).
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// (asin(u) - u) / u^3 at u = sqrt(v): its series near 0 (sum of (2n)! / (4^n n!^2
// (2n+1)) v^(n-1), n >= 1), the direct formula elsewhere; the MPFR version with guard
// bits for the cancellation.
double asin_ratio(double v) {
  if (std::fabs(v) >= 0.0625) {
    const double u = std::sqrt(v);
    return (std::asin(u) - u) / (v * u);
  }
  double t = 0, a = 1, pw = 1;  // a = (2n)! / (4^n n!^2)
  for (int n = 1; n < 60 && pw != 0; ++n) {
    a *= (2.0 * n - 1) / (2.0 * n);
    t += a * pw / (2 * n + 1);
    pw *= v;
  }
  return t;
}
int mpfr_asin_ratio(mpfr_ptr rop, mpfr_srcptr v, mpfr_rnd_t rnd) {
  if (mpfr_nan_p(v) || mpfr_sgn(v) < 0) {
    mpfr_set_nan(rop);
    return 0;
  }
  if (mpfr_zero_p(v)) return mpfr_set_ui(rop, 1, MPFR_RNDN), mpfr_div_ui(rop, rop, 6, rnd);
  mpfr_t u, a;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(v));
  mpfr_inits2(p, u, a, static_cast<mpfr_ptr>(nullptr));
  mpfr_sqrt(u, v, MPFR_RNDN);
  mpfr_asin(a, u, MPFR_RNDN);
  mpfr_sub(a, a, u, MPFR_RNDN);
  mpfr_div(a, a, u, MPFR_RNDN);
  int ret = mpfr_div(rop, a, v, rnd);
  mpfr_clears(u, a, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

AsinParts asin_reduce(ir::Builder& b, std::uint32_t t) {
  using ir::Op;
  AsinParts p;
  p.big = b.emit(Op::Lt, b.f(0.5f), t);
  std::uint32_t z = b.emit(Op::Mul, b.emit(Op::Sub, b.f(1.0f), t), b.f(0.5f));
  p.s = b.emit(Op::Sqrt, z);
  std::uint32_t rho = b.emit(Op::Fma, b.emit(Op::Neg, p.s), p.s, z);
  std::uint32_t two_s = b.emit(Op::Add, p.s, p.s);
  p.c = b.emit(Op::Div, rho, b.emit(Op::Max, b.f(0x1p-60f), two_s));
  std::uint32_t v = b.emit(Op::Select, p.big, z, b.emit(Op::Mul, t, t));
  p.m = b.emit(Op::Mul, b.core(v, 0), v);
  return p;
}

Hole asin_hole() {
  return Hole{0.0, 0.25, "(asin(sqrt v) - sqrt v) / v^(3/2)",
              libm_ref("asin_ratio", asin_ratio, mpfr_asin_ratio)};
}

ir::Program asin_core_baseline() {
  // c0 + c1 v + ... + c5 v^5: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly asinratio 5`); approximation error
  // 2^-24.0 relative to the core (the core's term is at most 0.09 of asin).
  ir::Builder c;
  std::uint32_t q = horner(c, c.input(),
                           {0x1.555554p-3f, 0x1.3335b2p-4f, 0x1.6cf408p-5f, 0x1.0398ccp-5f,
                            0x1.d55862p-7f, 0x1.3a91fcp-5f});
  return std::move(c).finish(q);
}

Target make_asinf() {
  using ir::Op;
  Target t;
  t.name = "asinf";
  t.summary = "arc sine, every float32 (NaN outside [-1, 1])";
  t.ref = libm_ref("asin", ::asin, mpfr_asin);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},          {inf, nan},           {-inf, nan},
                {0.0f, 0.0f},        {-0.0f, -0.0f},       {0x1p-149f, 0x1p-149f},
                {-0x1p-130f, -0x1p-130f}, {1.0f, 0x1.921fb6p+0f}, {-1.0f, -0x1.921fb6p+0f},
                {0.5f, 0x1.0c1524p-1f}, {0x1.000002p+0f, nan}, {-2.0f, nan}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  AsinParts p = asin_reduce(b, a);
  std::uint32_t ys = b.emit(Op::Fma, p.m, a, a);
  std::uint32_t p1 = b.f(0x1.921fb6p+0f);
  std::uint32_t two_s = b.emit(Op::Add, p.s, p.s);
  const Sum2 big = fast2diff(b, p1, two_s);
  std::uint32_t two_c = b.emit(Op::Add, p.c, p.c);
  std::uint32_t small = b.emit(Op::Add, b.emit(Op::Sub, b.f(-0x1.777a5cp-25f), two_c), big.e);
  std::uint32_t yb = b.emit(Op::Add, big.s, b.emit(Op::Fma, b.emit(Op::Neg, two_s), p.m, small));
  std::uint32_t y = b.emit(Op::Select, p.big, yb, ys);
  t.tmpl = std::move(b).finish(copy_sign_of(b, y, x));
  t.holes = {asin_hole()};
  t.baseline_cores = {asin_core_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
