// sinf: sine on |x| <= 16384 (the proven domain; inputs outside it are not checked).
//
// Template (Cody-Waite with a 3-part pi/2, reduced argument kept as a float pair so
// its rounding does not cost half an ulp of the result):
//   k  = rint(x * 2/pi)                 |k| <= 10431
//   a  = fma(k, -P1, x)                 exact: P1 = float(pi/2) has ulp 2^-23 and
//                                       |a| < 0.8, so a is a multiple of 2^-23 below 2^0
//   ph = k * C2;  pl = fma(k, C2, -ph)  k*C2 = ph + pl exactly (C2 = -(pi/2 - P1) hi part)
//   rh = a + ph;  e = 2Sum error of a + ph (exact)
//   rl = fma(k, C3, e + pl)             rh + rl = x - k*pi/2 to about 2^-48 |rh|
//   sin side: ys = rh + fma(rl, 1 - rh^2/2, core0(rh))          core0 ~ sin(r) - r
//   cos side: w = fma(rh, -rh/2, 1) (rounded), we = fma(rh, -rh/2, 1 - w) (its error,
//             1 - w exact by Sterbenz), yc = w + fma(-rl, rh, we + core1(rh))
//                                                                core1 ~ cos(r) - (1 - r^2/2)
//   q  = f2i(k) + offset  (offset 0: sin, 1: cos)
//   v  = (q & 1) ? yc : ys
//   y  = v with its sign bit flipped when (q & 2): asfloat(asint(v) ^ ((q & 2) << 30))
//   sin only: y = (x == 0) ? x : y      (keeps sin(-0) = -0)
// The cores are tails, at most 0.11 (sin) and 0.016 (cos) of the result, so their own
// rounding errors barely reach it: each side ends in one rounding of a float pair.
// The rounding of x * 2/pi (error <= 8e-4 in k units) widens |r| <= pi/4 to 0.7875.
// Hole 0: r in [-0.7875, 0.7875], core ~ sin(r) - r; hole 1: same interval,
// core ~ cos(r) - 1 + r^2/2.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// sin(r) - r and cos(r) - 1 + r^2/2: Taylor series near 0 (where the subtraction would
// cancel), the direct formula elsewhere; MPFR versions with 64 guard bits.
double sin_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::sin(r) - r;
  const double r2 = r * r;
  double t = 0, term = -r * r2 / 6;
  for (int n = 3; n < 30 && term != 0; n += 2) {
    t += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return t;
}
double cos_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::cos(r) - 1 + 0.5 * r * r;
  const double r2 = r * r;
  double t = 0, term = r2 * r2 / 24;
  for (int n = 4; n < 30 && term != 0; n += 2) {
    t += term;
    term *= -r2 / ((n + 1) * (n + 2));
  }
  return t;
}
int mpfr_sin_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a;
  mpfr_init2(a, mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(x)));
  mpfr_sin(a, x, MPFR_RNDN);
  mpfr_sub(a, a, x, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clear(a);
  return ret;
}
int mpfr_cos_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a, h;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 4 * std::max<long>(0, -mpfr_get_exp(x));
  mpfr_inits2(p, a, h, static_cast<mpfr_ptr>(nullptr));
  mpfr_cos(a, x, MPFR_RNDN);
  mpfr_sub_ui(a, a, 1, MPFR_RNDN);
  mpfr_sqr(h, x, MPFR_RNDN);
  mpfr_div_2ui(h, h, 1, MPFR_RNDN);
  mpfr_add(a, a, h, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clears(a, h, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

Target trig_target(int quadrant_offset) {
  using ir::Op;
  Target t;
  t.domain = eval::Domain{false, -kTrigDomain, kTrigDomain};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, x, b.f(0x1.45f306p-1f)));
  std::uint32_t a = b.emit(Op::Fma, k, b.f(-0x1.921fb6p+0f), x);
  std::uint32_t c2 = b.f(0x1.777a5cp-25f);
  std::uint32_t ph = b.emit(Op::Mul, k, c2);
  std::uint32_t pl = b.emit(Op::Fma, k, c2, b.emit(Op::Neg, ph));
  std::uint32_t rh = b.emit(Op::Add, a, ph);
  std::uint32_t bb = b.emit(Op::Sub, rh, a);                            // 2Sum(a, ph)
  std::uint32_t e = b.emit(Op::Add, b.emit(Op::Sub, a, b.emit(Op::Sub, rh, bb)),
                           b.emit(Op::Sub, ph, bb));
  std::uint32_t rl = b.emit(Op::Fma, k, b.f(0x1.ee59dap-50f), b.emit(Op::Add, e, pl));
  std::uint32_t hr = b.emit(Op::Mul, rh, b.f(-0.5f));                   // -rh/2, exact
  std::uint32_t one = b.f(1.0f);
  // sin side
  std::uint32_t cfac = b.emit(Op::Fma, rh, hr, one);                    // ~ cos(rh)
  std::uint32_t ys = b.emit(Op::Add, rh, b.emit(Op::Fma, rl, cfac, b.core(rh, 0)));
  // cos side
  std::uint32_t w = b.emit(Op::Fma, rh, hr, one);
  std::uint32_t we = b.emit(Op::Fma, rh, hr, b.emit(Op::Sub, one, w));
  std::uint32_t inner = b.emit(Op::Add, we, b.core(rh, 1));
  std::uint32_t yc = b.emit(Op::Add, w, b.emit(Op::Fma, b.emit(Op::Neg, rl), rh, inner));
  std::uint32_t q = b.emit(Op::F2I, k);
  if (quadrant_offset != 0) q = b.emit(Op::IAdd, q, b.i(quadrant_offset));
  std::uint32_t ione = b.i(1);
  std::uint32_t odd = b.emit(Op::IEq, b.emit(Op::And, q, ione), ione);
  std::uint32_t v = b.emit(Op::Select, odd, yc, ys);
  std::uint32_t flip = b.emit(Op::Shl, b.emit(Op::And, q, b.i(2)), b.i(30));
  std::uint32_t y = b.emit(Op::AsFloat, b.emit(Op::Xor, b.emit(Op::AsInt, v), flip));
  if (quadrant_offset == 0) {
    std::uint32_t zero = b.emit(Op::Eq, x, b.f(0.0f));
    y = b.emit(Op::Select, zero, x, y);
  }
  t.tmpl = std::move(b).finish(y);
  const double h = 0.7875;
  // Each core's error lands in the result of its side: sin r or cos r.
  t.holes = {Hole{-h, h, "sin(r) - r", libm_ref("sin_tail", sin_tail, mpfr_sin_tail),
                  [](double r) { return std::sin(r); }},
             Hole{-h, h, "cos(r) - 1 + r^2/2", libm_ref("cos_tail", cos_tail, mpfr_cos_tail),
                  [](double r) { return std::cos(r); }}};

  // sin tail: r^3 (c3 + c5 r^2 + c7 r^4 + c9 r^6); near-minimax relative error fit of
  // r + r^3 p(r^2) to sin with sequential float32 rounding (targets/tools/fitpoly.cpp,
  // `fitpoly sin 9`); approximation error 2^-32.5 relative to sin(r).
  ir::Builder cs;
  {
    std::uint32_t rr = cs.input();
    std::uint32_t r2 = cs.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cs, r2, {-0x1.555556p-3f, 0x1.111174p-7f, -0x1.a0594ap-13f,
                                      0x1.7c273p-19f});
    std::uint32_t r3 = cs.emit(Op::Mul, r2, rr);
    t.baseline_cores.push_back(std::move(cs).finish(cs.emit(Op::Mul, p, r3)));
  }
  // cos tail: r^4 (c4 + c6 r^2 + c8 r^4), near-minimax relative error fit to the tail
  // cos(r) - 1 + r^2/2 (`fitpoly costail 8`); approximation error 2^-24.0 relative to
  // the tail, which is at most 0.016 of cos(r).
  ir::Builder cc;
  {
    std::uint32_t rr = cc.input();
    std::uint32_t r2 = cc.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cc, r2, {0x1.555554p-5f, -0x1.6c1242p-10f, 0x1.9b8e28p-16f});
    std::uint32_t r4 = cc.emit(Op::Mul, r2, r2);
    t.baseline_cores.push_back(std::move(cc).finish(cc.emit(Op::Mul, p, r4)));
  }
  t.baseline_max_ulp = 1.0;
  return t;
}

Target make_sinf() {
  Target t = trig_target(0);
  t.name = "sinf";
  t.summary = "sine on |x| <= 16384 (domain restricted: Cody-Waite reduction)";
  t.ref = libm_ref("sin", ::sin, mpfr_sin);
  t.specials = {{0.0f, 0.0f}, {-0.0f, -0.0f}, {0x1.921fb6p+0f, 1.0f}, {-0x1.921fb6p+0f, -1.0f},
                {0x1p-149f, 0x1p-149f}, {-0x1p-140f, -0x1p-140f}};
  return t;
}

}  // namespace uf::targets::detail
