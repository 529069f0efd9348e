// expm1f: e^x - 1 over every float32.
//
// Template (expf's reduction, then a reconstruction that never subtracts 1 from a
// rounded e^x):
//   xc = max(-20, min(89, x))      constants first (NaN propagates); e^89 overflows and
//                                  for x <= -20 the result rounds to -1
//   k  = rint(xc * log2e);  r = fma(k, -ln2hi, xc);  r = fma(k, -ln2lo, r)   (as expf)
//   tail = core(r) ~ expm1(r) - r  (k = 0: r = x exactly, so y = x + tail near 0)
//   k >= 1: y = 2^k (c + r + tail), c = 1 - 2^-k:
//           c = 1 - p, p = 2^-k; d = (1 - c) - p      c + d = 1 - 2^-k exactly (d = 0
//                                                     for k <= 24, -p above)
//           s = c + r; e = (c - s) + r                c + r = s + e exactly (Fast2Sum,
//                                                     |c| >= 1/2 > |r|)
//           y = ldexp(s + ((e + d) + tail), k)        one rounding of a value >= 0.2,
//                                                     then exact scaling (or +inf)
//   k <= 0: y = c + 2^k r + 2^k tail, c = 2^k - 1:
//           c = p - 1, p = 2^k; d = (c + 1) - p       c - d = 2^k - 1 exactly
//           u = ldexp(r, k); s = c + u; e = (c - s) + u   (Fast2Sum; k = 0 gives s = r)
//           y = s + ((e - d) + ldexp(tail, k))
//   y  = (x == 0) ? x : y          keeps expm1(-0) = -0
// The core's error falls on the tail (at most 0.07 of the result's size for |k| <= 1,
// where the cancellation of e^x - 1 would otherwise magnify it) and the final sum is
// rounded once.
// Hole 0: r in [-ln2/2, ln2/2] widened by 2e-4 relative; the core approximates
// expm1(r) - r.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// expm1(r) - r: Taylor series near 0 (where the subtraction would cancel), the direct
// formula elsewhere; the MPFR version with guard bits for the cancellation.
double expm1_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::expm1(r) - r;
  double t = 0, term = 0.5 * r * r;
  for (int n = 2; n < 30 && term != 0; ++n) {
    t += term;
    term *= r / (n + 1);
  }
  return t;
}
int mpfr_expm1_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a;
  mpfr_init2(a, mpfr_get_prec(rop) + 64 + 2 * std::max<long>(0, -mpfr_get_exp(x)));
  mpfr_expm1(a, x, MPFR_RNDN);
  mpfr_sub(a, a, x, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clear(a);
  return ret;
}
double exp_scale(double r) { return std::exp(r); }
double expm1_scale(double r) { return std::fabs(std::expm1(r)); }
}  // namespace

Hole expm1_tail_hole(bool relative_to_expm1) {
  const double h = 0.5 * std::log(2.0) * 1.0002;
  Hole hole{-h, h, "expm1(r) - r", libm_ref("expm1_tail", expm1_tail, mpfr_expm1_tail)};
  hole.scale = relative_to_expm1 ? expm1_scale : exp_scale;
  return hole;
}

ir::Program expm1_tail_baseline() {
  // r^2 (c2 + c3 r + ... + c7 r^5), evaluated as (q*r)*r: the fit of `fitpoly expm1 7`
  // (near-minimax relative error of r + r^2 q, sequential float32 rounding,
  // targets/tools/fitpoly.cpp); approximation error 2^-31.1 relative to expm1(r).
  ir::Builder c;
  std::uint32_t rr = c.input();
  std::uint32_t q = horner(c, rr,
                           {0x1p-1f, 0x1.555554p-3f, 0x1.5554f8p-5f, 0x1.1112d6p-7f,
                            0x1.6d3a4p-10f, 0x1.9e778ep-13f});
  std::uint32_t qr = c.emit(ir::Op::Mul, q, rr);
  return std::move(c).finish(c.emit(ir::Op::Mul, qr, rr));
}

Target make_expm1f() {
  using ir::Op;
  Target t;
  t.name = "expm1f";
  t.summary = "e^x - 1, every float32 (+inf above 0x1.62e42ep+6, -1 below about -17.3)";
  t.ref = libm_ref("expm1", ::expm1, mpfr_expm1);
  t.domain = eval::Domain{};
  const float inf = f32_inf();
  t.specials = {{f32_nan(), f32_nan()}, {inf, inf},           {-inf, -1.0f},
                {0.0f, 0.0f},           {-0.0f, -0.0f},       {0x1p-149f, 0x1p-149f},
                {-0x1p-140f, -0x1p-140f}, {0x1.62e43p+6f, inf}, {89.0f, inf},
                {-20.0f, -1.0f},        {-1000.0f, -1.0f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t xc = b.emit(Op::Max, b.f(-20.0f), b.emit(Op::Min, b.f(89.0f), x));
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, xc, b.f(0x1.715476p+0f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), xc);
  r = b.emit(Op::Fma, k, b.f(0x1.05c61p-29f), r);
  std::uint32_t tail = b.core(r, 0);
  std::uint32_t ki = b.emit(Op::F2I, k);
  std::uint32_t one = b.f(1.0f);
  std::uint32_t zi = b.i(0);
  // k >= 1
  std::uint32_t pa = b.emit(Op::Ldexp, one, b.emit(Op::ISub, zi, ki));
  std::uint32_t ca = b.emit(Op::Sub, one, pa);
  std::uint32_t da = b.emit(Op::Sub, b.emit(Op::Sub, one, ca), pa);
  auto [sa, ea] = fast2sum(b, ca, r);
  std::uint32_t la = b.emit(Op::Add, b.emit(Op::Add, ea, da), tail);
  std::uint32_t ya = b.emit(Op::Ldexp, b.emit(Op::Add, sa, la), ki);
  // k <= 0
  std::uint32_t pb = b.emit(Op::Ldexp, one, ki);
  std::uint32_t cb = b.emit(Op::Sub, pb, one);
  std::uint32_t db = b.emit(Op::Sub, b.emit(Op::Add, cb, one), pb);
  auto [sb, eb] = fast2sum(b, cb, b.emit(Op::Ldexp, r, ki));
  std::uint32_t lb = b.emit(Op::Add, b.emit(Op::Sub, eb, db), b.emit(Op::Ldexp, tail, ki));
  std::uint32_t yb = b.emit(Op::Add, sb, lb);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::ILt, zi, ki), ya, yb);
  y = b.emit(Op::Select, b.emit(Op::Eq, x, b.f(0.0f)), x, y);
  t.tmpl = std::move(b).finish(y);
  t.holes = {expm1_tail_hole(true)};
  t.baseline_cores = {expm1_tail_baseline()};
  t.baseline_max_ulp = 1.02;  // proven 1.0131 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
