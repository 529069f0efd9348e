// expm1f: e^x - 1 over every float32.
//
// Template (expf's reduction, then a reconstruction that never subtracts 1 from a
// rounded e^x):
//   xc = max(-20, min(89, x))      constants first (NaN propagates); e^89 overflows and
//                                  for x <= -20 the result rounds to -1
//   k  = rint(xc * log2e);  r = fma(k, -ln2hi, xc);  r = fma(k, -ln2lo, r)   (as expf)
//   m  = core(r) ~ expm1(r)        (k = 0: r = x exactly, so y = core(x) near 0)
//   k >= 1: y = ldexp(m + (1 - 2^-k), k)      1 - 2^-k exact; one rounding, then exact
//                                             scaling (or overflow to +inf)
//   k <= 0: y = ldexp(m, k) - (1 - 2^k)       ldexp exact, 1 - 2^k exact for k >= -24
//   y  = (x == 0) ? x : y          keeps expm1(-0) = -0
// Hole 0: r in [-ln2/2, ln2/2] widened by 2e-4 relative; the core approximates expm1(r).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

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
  std::uint32_t m = b.core(r, 0);
  std::uint32_t ki = b.emit(Op::F2I, k);
  std::uint32_t one = b.f(1.0f);
  std::uint32_t zi = b.i(0);
  // k >= 1
  std::uint32_t p2mk = b.emit(Op::Ldexp, one, b.emit(Op::ISub, zi, ki));
  std::uint32_t ya = b.emit(Op::Ldexp, b.emit(Op::Add, m, b.emit(Op::Sub, one, p2mk)), ki);
  // k <= 0
  std::uint32_t p2k = b.emit(Op::Ldexp, one, ki);
  std::uint32_t yb = b.emit(Op::Sub, b.emit(Op::Ldexp, m, ki), b.emit(Op::Sub, one, p2k));
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::ILt, zi, ki), ya, yb);
  y = b.emit(Op::Select, b.emit(Op::Eq, x, b.f(0.0f)), x, y);
  t.tmpl = std::move(b).finish(y);
  const double h = 0.5 * std::log(2.0) * 1.0002;
  t.holes = {Hole{-h, h, "expm1(r)", libm_ref("expm1", ::expm1, mpfr_expm1)}};

  // r + r^2 (c2 + c3 r + ... + c7 r^5), evaluated as fma(q*r, r, r): near-minimax
  // relative error fit with sequential float32 rounding (targets/tools/fitpoly.cpp,
  // `fitpoly expm1 7`); approximation error 2^-31.1.
  ir::Builder c;
  std::uint32_t rr = c.input();
  std::uint32_t q = horner(c, rr,
                           {0x1p-1f, 0x1.555554p-3f, 0x1.5554f8p-5f, 0x1.1112d6p-7f,
                            0x1.6d3a4p-10f, 0x1.9e778ep-13f});
  std::uint32_t qr = c.emit(Op::Mul, q, rr);
  std::uint32_t core = c.emit(Op::Fma, qr, rr, rr);
  t.baseline_cores = {std::move(c).finish(core)};
  t.baseline_max_ulp = 1.5;  // proven 1.4471 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
