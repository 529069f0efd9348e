// log10f: base-10 logarithm over every float32.
//
// Template: the logf reduction (targets/logf.cpp: x = 2^e m, r = m - 1 exact with m in
// (sqrt(1/2), sqrt2]), then
//   y = fma(E, L1, fma(E, L2, core(r)))   E = float(e), L1 + L2 = log10(2) to 2^-54
//                                         (L1 = float(log10 2)); each product is exact
//                                         inside its fma, as in logf
// specials as logf. Hole 0: r in [sqrt(1/2)-1, sqrt2-1]; the core approximates
// log10(1 + r).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
double log10_1p(double r) { return std::log1p(r) / std::log(10.0); }
}  // namespace

Target make_log10f() {
  using ir::Op;
  Target t;
  t.name = "log10f";
  t.summary = "base-10 logarithm, every float32 (NaN below 0, -inf at ±0)";
  t.ref = libm_ref("log10", ::log10, mpfr_log10);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},       {inf, inf},         {-inf, nan},     {0.0f, -inf},
                {-0.0f, -inf},    {1.0f, 0.0f},       {10.0f, 1.0f},   {100.0f, 2.0f},
                {1e10f, 10.0f},   {0.1f, -1.0f},      {-1.0f, nan},    {-0x1p-149f, nan},
                {0x1p-149f, -0x1.66d3e8p+5f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  LogReduction red = log_reduce(b, x);
  std::uint32_t ef = b.emit(Op::I2F, red.e);
  std::uint32_t y = b.emit(Op::Fma, ef, b.f(-0x1.ec10cp-27f), b.core(red.r, 0));
  y = b.emit(Op::Fma, ef, b.f(0x1.344136p-2f), y);
  std::uint32_t out = log_specials(b, x, y);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{kLogHoleLo, kLogHoleHi, "log10(1+r)",
                  libm_ref("log10_1p", log10_1p, mpfr_log10p1)}};

  // r*c1hi + (r*c1lo + r^2 q(r)), c1hi + c1lo = 1/ln10 to 48 bits, q = c2 + ... + c10 r^8:
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly log10 10`); approximation error 2^-27.7.
  ir::Builder c;
  std::uint32_t r = c.input();
  std::uint32_t q = horner(c, r,
                           {-0x1.bcb7aap-3f, 0x1.287a7p-3f, -0x1.bcbf5p-4f, 0x1.63d066p-4f,
                            -0x1.276a9p-4f, 0x1.f84ce4p-5f, -0x1.d78ea6p-5f, 0x1.ccffbp-5f,
                            -0x1.108478p-5f});
  std::uint32_t qr = c.emit(Op::Mul, q, r);
  std::uint32_t lo = c.emit(Op::Mul, r, c.f(-0x1.5b235ep-27f));
  std::uint32_t s = c.emit(Op::Fma, qr, r, lo);
  std::uint32_t core = c.emit(Op::Fma, r, c.f(0x1.bcb7b2p-2f), s);
  t.baseline_cores = {std::move(c).finish(core)};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
