// log1pf: log(1 + x) over every float32.
//
// Template (one hole, used twice):
//   near = sqrt(1/2)-1 < x < sqrt2-1:  y0 = core(x)            no rounding of 1 + x
//   otherwise: u = 1 + x (rounded); c = (x - (u - 1)) / u     c/u restores the part of x
//              lost in rounding u (u - 1 and x - (u - 1) are exact when |x| >= 0.29)
//              (r, e) = logf's reduction of u  (targets/logf.cpp)
//              y1 = fma(E, ln2hi, core(r) + fma(E, ln2lo, c))  E = float(e)
//              specials of log at u: u = +inf -> +inf, u = 0 (x = -1) -> -inf,
//              u < 0 or NaN -> NaN
//   y  = near ? y0 : y1        (NaN: the comparisons fail and y1 is NaN)
// Hole 0: r in [sqrt(1/2)-1, sqrt2-1]; the core approximates log1p(r) (logf's core).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

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
  std::uint32_t y0 = b.core(x, 0);
  std::uint32_t one = b.f(1.0f);
  std::uint32_t u = b.emit(Op::Add, one, x);
  std::uint32_t c = b.emit(Op::Div, b.emit(Op::Sub, x, b.emit(Op::Sub, u, one)), u);
  LogReduction red = log_reduce(b, u);
  std::uint32_t ef = b.emit(Op::I2F, red.e);
  std::uint32_t lo = b.emit(Op::Fma, ef, b.f(-0x1.05c61p-29f), c);
  std::uint32_t s = b.emit(Op::Add, b.core(red.r, 0), lo);
  std::uint32_t y1 = b.emit(Op::Fma, ef, b.f(0x1.62e43p-1f), s);
  y1 = log_specials(b, u, y1);
  std::uint32_t near = b.emit(Op::MAnd, b.emit(Op::Lt, b.f(static_cast<float>(kLogHoleLo)), x),
                              b.emit(Op::Lt, x, b.f(static_cast<float>(kLogHoleHi))));
  std::uint32_t y = b.emit(Op::Select, near, y0, y1);
  t.tmpl = std::move(b).finish(y);

  const Target lg = make_logf();  // same hole interval and baseline core as logf
  t.holes = lg.holes;
  t.baseline_cores = lg.baseline_cores;
  t.baseline_max_ulp = 1.25;  // proven 1.2067 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
