// exp10f: 10^x over every float32.
//
// Template (Cody-Waite in base 2, as expf):
//   xc = max(-46, min(39, x))      constants first (NaN propagates); 10^39 overflows and
//                                  10^-46 < 2^-150 rounds to +0, so clamping keeps results
//   k  = rint(xc * log2(10))       k in [-153, 130]
//   r  = fma(k, -L1, xc)           L1 = float(log10 2) has ulp 2^-25 and |r| < 0.16, so r
//                                  is a multiple of 2^-25 below 2^-2: exact
//   r  = fma(k, -L2, r)            L1 + L2 = log10(2) to 2^-50
//   y  = ldexp(core(r), f2i(k))    first ldexp step exact, one rounding into subnormals
// Hole 0: r in [-log10(2)/2, log10(2)/2] widened by 2e-4 relative (rounding of
// xc*log2(10), at most 153 * 2^-23 in k units); the core approximates 10^r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
double exp10_d(double x) { return std::pow(10.0, x); }
}  // namespace

Target make_exp10f() {
  using ir::Op;
  Target t;
  t.name = "exp10f";
  t.summary = "10^x, every float32 (overflow from 0x1.344136p+5, +0 below -0x1.693c6ap+5)";
  t.ref = libm_ref("exp10", exp10_d, mpfr_exp10);
  t.domain = eval::Domain{};
  const float inf = f32_inf();
  t.specials = {{f32_nan(), f32_nan()}, {inf, inf},       {-inf, 0.0f},     {0.0f, 1.0f},
                {-0.0f, 1.0f},          {1.0f, 10.0f},    {2.0f, 100.0f},   {10.0f, 1e10f},
                {0x1.344136p+5f, inf},  {39.0f, inf},     {-46.0f, 0.0f},   {-1000.0f, 0.0f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t xc = b.emit(Op::Max, b.f(-46.0f), b.emit(Op::Min, b.f(39.0f), x));
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, xc, b.f(0x1.a934fp+1f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.344136p-2f), xc);
  r = b.emit(Op::Fma, k, b.f(0x1.ec10cp-27f), r);
  std::uint32_t y = b.emit(Op::Ldexp, b.core(r, 0), b.emit(Op::F2I, k));
  t.tmpl = std::move(b).finish(y);
  const double h = 0.5 * std::log10(2.0) * 1.0002;
  t.holes = {Hole{-h, h, "10^r", libm_ref("exp10", exp10_d, mpfr_exp10)}};

  // 1 + c1 r + ... + c6 r^6: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly exp10 6`); approximation error 2^-28.5.
  ir::Builder c;
  std::uint32_t p = horner(c, c.input(),
                           {1.0f, 0x1.26bb1cp+1f, 0x1.53524ap+1f, 0x1.046f9cp+1f, 0x1.2bd9fcp+0f,
                            0x1.156a2ep-1f, 0x1.a63ffcp-3f});
  t.baseline_cores = {std::move(c).finish(p)};
  t.baseline_max_ulp = 1.01;  // proven 1.0036 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
