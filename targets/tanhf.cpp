// tanhf: hyperbolic tangent over every float32, odd: evaluated on t = |x| and the sign
// bit of x copied onto the result (tanh(±0) = ±0, NaN stays NaN).
//
// Template:
//   t  = |x|
//   small (t < 0.875):   y0 = core0(t)                       core0 ~ tanh(t) on [0, 0.875]
//   large:               w = 2 * min(10, t)                  tanh(t) rounds to 1 from
//                                                            t = 0x1.205968p+3 < 10
//                        k = rint(w * log2e); r = w - k ln2 (Cody-Waite, as expf)
//                        E = ldexp(core1(r), f2i(k))        ~ e^(2t), k <= 29
//                        y1 = 1 - 2 / (E + 1)               2/(E+1) <= 0.3 for t >= 0.875,
//                                                            so the subtraction is exact
//   y  = copysign(select(t < 0.875, y0, y1), x)   (NaN: t < 0.875 is false, y1 is NaN)
// Hole 0: t in [0, 0.875], core ~ tanh(t). Hole 1: r in [-ln2/2, ln2/2] (widened), ~ e^r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_tanhf() {
  using ir::Op;
  Target t;
  t.name = "tanhf";
  t.summary = "hyperbolic tangent, every float32 (±1 from |x| = 0x1.205968p+3)";
  t.ref = libm_ref("tanh", ::tanh, mpfr_tanh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},     {-nan, nan},     {inf, 1.0f},       {-inf, -1.0f},
                {0.0f, 0.0f},   {-0.0f, -0.0f},  {10.0f, 1.0f},     {-10.0f, -1.0f},
                {20.0f, 1.0f},  {0x1.205968p+3f, 1.0f}, {0x1p-149f, 0x1p-149f},
                {-0x1p-130f, -0x1p-130f}, {0x1p-13f, 0x1p-13f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t y0 = b.core(a, 0);
  std::uint32_t z = b.emit(Op::Min, b.f(10.0f), a);
  std::uint32_t w = b.emit(Op::Add, z, z);
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, w, b.f(0x1.715476p+0f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), w);
  r = b.emit(Op::Fma, k, b.f(0x1.05c61p-29f), r);
  std::uint32_t e = b.emit(Op::Ldexp, b.core(r, 1), b.emit(Op::F2I, k));
  std::uint32_t one = b.f(1.0f);
  std::uint32_t q = b.emit(Op::Div, b.f(2.0f), b.emit(Op::Add, e, one));
  std::uint32_t y1 = b.emit(Op::Sub, one, q);
  std::uint32_t small = b.emit(Op::Lt, a, b.f(0.875f));
  std::uint32_t y = b.emit(Op::Select, small, y0, y1);
  std::uint32_t out = copy_sign_of(b, y, x);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{0.0, 0.875, "tanh(t)", libm_ref("tanh", ::tanh, mpfr_tanh)}, exp_core_hole()};

  // tanh core: t + t^3 (c3 + c5 t^2 + ... + c13 t^10), evaluated as fma(q, t^3, t);
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly tanh 13 0.875`); approximation error 2^-26.4.
  ir::Builder c;
  std::uint32_t tt = c.input();
  std::uint32_t t2 = c.emit(Op::Mul, tt, tt);
  std::uint32_t p = horner(c, t2, {-0x1.555518p-2f, 0x1.1104aap-3f, -0x1.b8696ep-5f,
                                   0x1.58541ap-6f, -0x1.cae4d4p-8f, 0x1.67467cp-10f});
  std::uint32_t t3 = c.emit(Op::Mul, t2, tt);
  std::uint32_t core = c.emit(Op::Fma, p, t3, tt);
  t.baseline_cores = {std::move(c).finish(core), exp_core_baseline()};
  t.baseline_max_ulp = 1.1;  // proven 1.0204 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
