// exp2f: 2^x over every float32.
//
// Template:
//   xc = max(-151, min(128, x))    constants first (NaN propagates); 2^128 overflows and
//                                  2^-151 rounds to +0, so clamping keeps results
//   k  = rint(xc);  r = xc - k     exact; r in [-1/2, 1/2]
//   y  = ldexp(core(r), f2i(k))    k in [-151, 128]; one rounding into the subnormals
// Hole 0: r in [-1/2, 1/2]; the core approximates 2^r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_exp2f() {
  using ir::Op;
  Target t;
  t.name = "exp2f";
  t.summary = "2^x, every float32 (+inf from 128, +0 at and below -150)";
  t.ref = libm_ref("exp2", ::exp2, mpfr_exp2);
  t.ref.taylor = [](double mid, int k) {
    return std::exp2(mid) * std::pow(std::log(2.0), k) / std::tgamma(k + 1.0);
  };
  t.domain = eval::Domain{};
  const float inf = f32_inf();
  t.specials = {{f32_nan(), f32_nan()}, {inf, inf},          {-inf, 0.0f},
                {0.0f, 1.0f},           {-0.0f, 1.0f},       {1.0f, 2.0f},
                {-1.0f, 0.5f},          {10.0f, 1024.0f},    {127.0f, 0x1p127f},
                {128.0f, inf},          {-126.0f, 0x1p-126f}, {-140.0f, 0x1p-140f},
                {-149.0f, 0x1p-149f},   {-150.0f, 0.0f},     {-1000.0f, 0.0f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t xc = b.emit(Op::Max, b.f(-151.0f), b.emit(Op::Min, b.f(128.0f), x));
  std::uint32_t k = b.emit(Op::Rint, xc);
  std::uint32_t r = b.emit(Op::Sub, xc, k);
  std::uint32_t y = b.emit(Op::Ldexp, b.core(r, 0), b.emit(Op::F2I, k));
  t.tmpl = std::move(b).finish(y);
  t.holes = {Hole{-0.5, 0.5, "2^r", libm_ref("exp2", ::exp2, mpfr_exp2)}};

  // 1 + c1 r + ... + c6 r^6: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly exp2 6`); approximation error 2^-28.3.
  ir::Builder c;
  std::uint32_t p = horner(c, c.input(),
                           {1.0f, 0x1.62e43p-1f, 0x1.ebfbdcp-3f, 0x1.c6af7ap-5f, 0x1.3b2dd2p-7f,
                            0x1.5f094ap-10f, 0x1.417aa6p-13f});
  t.baseline_cores = {std::move(c).finish(p)};
  t.baseline_max_ulp = 1.0;
  return t;
}

}  // namespace uf::targets::detail
