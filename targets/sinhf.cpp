// sinhf: hyperbolic sine over every float32, odd: evaluated on t = |x| and the sign
// bit of x copied onto the result.
//
// Template:
//   t  = |x|
//   small (t < 1):  y0 = core0(t)                  core0 ~ sinh(t) on [0, 1]
//   large:          z = min(90, t)                 sinh overflows from 0x1.65a9fap+6 < 90
//                   k = rint(z * log2e); r = z - k ln2 (Cody-Waite, as expf), k <= 130
//                   p = core1(r) ~ e^r
//                   y1 = ldexp(p, k - 1) - ldexp(1 / p, -k - 1)    e^t/2 - e^-t/2; for
//                   t >= 1 the subtrahend is at most e^-2 = 0.135 of the minuend, and
//                   ldexp(p, k - 1) overflows exactly when e^t/2 does
//   y  = copysign(select(t < 1, y0, y1), x)        NaN: t < 1 fails, y1 is NaN
// Hole 0: t in [0, 1], core ~ sinh(t). Hole 1: r in [-ln2/2, ln2/2] (widened), ~ e^r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_sinhf() {
  using ir::Op;
  Target t;
  t.name = "sinhf";
  t.summary = "hyperbolic sine, every float32 (±inf from |x| = 0x1.65a9fap+6)";
  t.ref = libm_ref("sinh", ::sinh, mpfr_sinh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},          {inf, inf},           {-inf, -inf},        {0.0f, 0.0f},
                {-0.0f, -0.0f},      {0x1p-149f, 0x1p-149f}, {-0x1p-130f, -0x1p-130f},
                {0x1p-13f, 0x1p-13f}, {0x1.65a9fap+6f, inf}, {-0x1.65a9fap+6f, -inf},
                {90.0f, inf},        {-1000.0f, -inf}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t y0 = b.core(a, 0);
  std::uint32_t z = b.emit(Op::Min, b.f(90.0f), a);
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, z, b.f(0x1.715476p+0f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), z);
  r = b.emit(Op::Fma, k, b.f(0x1.05c61p-29f), r);
  std::uint32_t p = b.core(r, 1);
  std::uint32_t ki = b.emit(Op::F2I, k);
  std::uint32_t half_e = b.emit(Op::Ldexp, p, b.emit(Op::ISub, ki, b.i(1)));
  std::uint32_t inv = b.emit(Op::Div, b.f(1.0f), p);
  std::uint32_t half_einv = b.emit(Op::Ldexp, inv, b.emit(Op::ISub, b.i(-1), ki));
  std::uint32_t y1 = b.emit(Op::Sub, half_e, half_einv);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Lt, a, b.f(1.0f)), y0, y1);
  std::uint32_t out = copy_sign_of(b, y, x);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{0.0, 1.0, "sinh(t)", libm_ref("sinh", ::sinh, mpfr_sinh)}, exp_core_hole()};

  // sinh core: t + t^3 (c3 + c5 t^2 + c7 t^4 + c9 t^6), evaluated as fma(q, t^3, t);
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly sinh 9 1.0`); approximation error 2^-31.6.
  ir::Builder c;
  std::uint32_t tt = c.input();
  std::uint32_t t2 = c.emit(Op::Mul, tt, tt);
  std::uint32_t q = horner(c, t2, {0x1.555556p-3f, 0x1.1110ep-7f, 0x1.a022bap-13f, 0x1.756caap-19f});
  std::uint32_t t3 = c.emit(Op::Mul, t2, tt);
  std::uint32_t core = c.emit(Op::Fma, q, t3, tt);
  t.baseline_cores = {std::move(c).finish(core), exp_core_baseline()};
  t.baseline_max_ulp = 1.7;  // proven 1.6198 (docs/baselines.md)
  return t;
}

}  // namespace uf::targets::detail
