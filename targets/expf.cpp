// expf: e^x over every float32.
//
// Template (Cody-Waite):
//   xc = max(-104, min(89, x))     constants first: NaN propagates; e^89 overflows and
//                                  e^-104 < 2^-150 rounds to +0, so clamping keeps results
//   k  = rint(xc * log2e)
//   r  = fma(k, -ln2hi, xc)        exact: r is a multiple of 2^-24 below 2^-1 in magnitude
//   r  = fma(k, -ln2lo, r)
//   y  = ldexp(core(r), f2i(k))    k in [-150, 128]: overflow to +inf and a single
//                                  rounding into the subnormals (first ldexp step exact)
// Hole 0: r in [-ln2/2, ln2/2] widened by 2e-4 relative for the rounding of xc*log2e
// (|error| <= 150 * 2^-23 in k units); the core approximates e^r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

ir::Program exp_core_baseline() {
  // 1 + r + r^2 (c2 + c3 r + ... + c6 r^4): weighted least squares at 600 Chebyshev nodes
  // with 60 Lawson iterations (near-minimax relative error) in long double, then each
  // coefficient from c2 upward rounded to float32 and the remaining ones refitted
  // (targets/tools/fitpoly.cpp, `fitpoly exp 6`). Relative approximation error 2^-28.3 on the hole.
  ir::Builder b;
  std::uint32_t r = b.input();
  std::uint32_t p = horner(b, r,
                           {1.0f, 1.0f, 0x1.fffffcp-2f, 0x1.555492p-3f, 0x1.5558bp-5f,
                            0x1.123984p-7f, 0x1.6a4d32p-10f});
  return std::move(b).finish(p);
}

Hole exp_core_hole() {
  const double h = 0.5 * std::log(2.0) * 1.0002;
  return Hole{-h, h, "e^r", libm_ref("exp", ::exp, mpfr_exp)};
}

Target make_expf() {
  using ir::Op;
  Target t;
  t.name = "expf";
  t.summary = "e^x, every float32 (overflow above 0x1.62e42ep+6, +0 below -0x1.9fe368p+6)";
  t.ref = libm_ref("exp", ::exp, mpfr_exp);
  t.ref.taylor = [](double mid, int k) { return std::exp(mid) / std::tgamma(k + 1.0); };
  t.domain = eval::Domain{};  // all_floats
  const float inf = f32_inf();
  t.specials = {{f32_nan(), f32_nan()},       {inf, inf},
                {-inf, 0.0f},                 {0.0f, 1.0f},
                {-0.0f, 1.0f},                {0x1.62e43p+6f, inf},
                {89.0f, inf},                 {1e30f, inf},
                {-0x1.9fe36ap+6f, 0.0f},      {-0x1.9fe368p+6f, 0x1p-149f},
                {-1000.0f, 0.0f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t xc = b.emit(Op::Max, b.f(-104.0f), b.emit(Op::Min, b.f(89.0f), x));
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, xc, b.f(0x1.715476p+0f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), xc);
  r = b.emit(Op::Fma, k, b.f(0x1.05c61p-29f), r);
  std::uint32_t y = b.emit(Op::Ldexp, b.core(r, 0), b.emit(Op::F2I, k));
  t.tmpl = std::move(b).finish(y);
  t.holes = {exp_core_hole()};
  t.baseline_cores = {exp_core_baseline()};
  t.baseline_max_ulp = 1.0;
  return t;
}

}  // namespace uf::targets::detail
