// log1pf: log(1 + x) over every float32.
//
// Template (one hole, used twice; the core is the tail log1p(r) - r, so that r itself
// and the multiple of ln2 are added exactly and its error falls on a small term):
//   near = sqrt(1/2)-1 < x < sqrt2-1:  y0 = x + core(x)        no rounding of 1 + x
//   otherwise: u = 1 + x (rounded); c = (x - (u - 1)) / u     c/u restores the part of x
//              lost in rounding u (u - 1 and x - (u - 1) are exact when |x| >= 0.29)
//              (r, e) = logf's reduction of u  (targets/logf.cpp); E = float(e)
//              A = E * L1                     L1 = 0x1.62ep-1 has 13 bits: A exact
//              s = A + r; d = (A - s) + r     A + r = s + d exactly (Fast2Sum: |A| >=
//                                             ln2 > |r| unless E = 0, where s = r)
//              y1 = s + (d + (core(r) + fma(E, L2, c)))   L1 + L2 = ln2 to 2^-39
//              specials of log at u: u = +inf -> +inf, u = 0 (x = -1) -> -inf,
//              u < 0 or NaN -> NaN
//   y  = near ? y0 : y1        (NaN: the comparisons fail and y1 is NaN)
// Hole 0: r in [sqrt(1/2)-1, sqrt2-1]; the core approximates log1p(r) - r.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// log1p(r) - r: Taylor series near 0 (where the subtraction would cancel), the direct
// formula elsewhere; the MPFR version with guard bits for the cancellation.
double log1p_tail(double r) {
  if (std::fabs(r) >= 0.125) return std::log1p(r) - r;
  double t = 0, pw = -r * r;
  for (int n = 2; n < 40 && pw != 0; ++n) {
    t += pw / n;
    pw *= -r;
  }
  return t;
}
int mpfr_log1p_tail(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  if (!mpfr_regular_p(x)) return mpfr_set_ui(rop, 0, rnd) + (mpfr_nan_p(x) ? (mpfr_set_nan(rop), 0) : 0);
  mpfr_t a;
  mpfr_init2(a, mpfr_get_prec(rop) + 64 + 2 * std::max<long>(0, -mpfr_get_exp(x)));
  mpfr_log1p(a, x, MPFR_RNDN);
  mpfr_sub(a, a, x, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clear(a);
  return ret;
}
double log1p_scale(double r) { return std::fabs(std::log1p(r)); }
}  // namespace

Hole log1p_tail_hole() {
  Hole hole{kLogHoleLo, kLogHoleHi, "log1p(r) - r", libm_ref("log1p_tail", log1p_tail, mpfr_log1p_tail)};
  hole.scale = log1p_scale;
  return hole;
}

ir::Program log1p_tail_baseline() {
  // r^2 q(r), q = c2 + c3 r + ... + c10 r^8, evaluated as (q*r)*r: logf's fit
  // (`fitpoly log1p 10`, near-minimax relative error of r + r^2 q).
  ir::Builder cb;
  std::uint32_t r = cb.input();
  std::uint32_t q = horner(cb, r,
                           {-0x1.fffff8p-2f, 0x1.55555p-2f, -0x1.000432p-2f, 0x1.99a416p-3f,
                            -0x1.5425cp-3f, 0x1.226e6ep-3f, -0x1.0f4052p-3f, 0x1.085dbap-3f,
                            -0x1.383b7ap-4f});
  return std::move(cb).finish(cb.emit(ir::Op::Mul, cb.emit(ir::Op::Mul, q, r), r));
}

Target make_log1pf() {
  using ir::Op;
  Target t;
  t.name = "log1pf";
  t.summary = "log(1 + x), every float32 (NaN below -1, -inf at -1)";
  t.ref = libm_ref("log1p", ::log1p, mpfr_log1p);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},         {inf, inf},          {-inf, nan},         {0.0f, 0.0f},
                {-0.0f, -0.0f},     {-1.0f, -inf},       {-2.0f, nan},        {1.0f, 0x1.62e43p-1f},
                {0x1p-149f, 0x1p-149f}, {-0x1p-140f, -0x1p-140f}, {0x1p-30f, 0x1p-30f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t y0 = b.emit(Op::Add, x, b.core(x, 0));
  std::uint32_t one = b.f(1.0f);
  std::uint32_t u = b.emit(Op::Add, one, x);
  std::uint32_t c = b.emit(Op::Div, b.emit(Op::Sub, x, b.emit(Op::Sub, u, one)), u);
  LogReduction red = log_reduce(b, u);
  std::uint32_t ef = b.emit(Op::I2F, red.e);
  std::uint32_t big = b.emit(Op::Mul, ef, b.f(0x1.62ep-1f));
  const Sum2 s = fast2sum(b, big, red.r);
  std::uint32_t lo = b.emit(Op::Add, b.core(red.r, 0), b.emit(Op::Fma, ef, b.f(0x1.0bfbe8p-15f), c));
  std::uint32_t y1 = b.emit(Op::Add, s.s, b.emit(Op::Add, s.e, lo));
  y1 = log_specials(b, u, y1);
  std::uint32_t near = b.emit(Op::MAnd, b.emit(Op::Lt, b.f(static_cast<float>(kLogHoleLo)), x),
                              b.emit(Op::Lt, x, b.f(static_cast<float>(kLogHoleHi))));
  std::uint32_t y = b.emit(Op::Select, near, y0, y1);
  t.tmpl = std::move(b).finish(y);

  t.holes = {log1p_tail_hole()};
  t.baseline_cores = {log1p_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
