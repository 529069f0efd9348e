// sinhf: hyperbolic sine over every float32, odd: evaluated on t = |x| and the sign
// bit of x copied onto the result.
//
// Template:
//   t  = |x|
//   small (t < 1):  y0 = core0(t)                  core0 ~ sinh(t) on [0, 1]
//   large:          y1 = exp_pair_half(t, -1)       (e^t - e^-t) / 2, below
//   y  = copysign(select(t < 1, y0, y1), x)        NaN: t < 1 fails, y1 is NaN
//
// exp_pair_half(t, sign), shared with coshf:
//   z = min(90, t)                 sinh and cosh overflow from 0x1.65a9fap+6 < 90
//   k = rint(z * log2e); r = z - k ln2 (Cody-Waite, as expf), k <= 130
//   tail = core1(r) ~ expm1(r) - r                       e^r = 1 + r + tail
//   s = 1 + r; e = (1 - s) + r                           1 + r = s + e exactly (Fast2Sum)
//   p = s + (e + tail) ~ e^r;  w = ldexp(1 / p, -2k)     e^-z = 2^k w
//   y = ldexp(s + (e + (tail + sign w)), k - 1)
// Keeping e^r as s + e + tail until the last addition leaves one rounding of a value
// near 1 (the others fall on the small tail and w, whose errors count a few percent of
// an ULP); the ldexp is exact up to overflow. For t >= 1 w is at most 0.14 of the sum.
// Hole 0: t in [0, 1], core ~ sinh(t). Hole 1: r in [-ln2/2, ln2/2] (widened),
// ~ expm1(r) - r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

std::uint32_t exp_pair_half(ir::Builder& b, std::uint32_t t, int sign, std::uint32_t hole) {
  using ir::Op;
  std::uint32_t z = b.emit(Op::Min, b.f(90.0f), t);
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, z, b.f(0x1.715476p+0f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.62e43p-1f), z);
  r = b.emit(Op::Fma, k, b.f(0x1.05c61p-29f), r);
  std::uint32_t tail = b.core(r, hole);
  std::uint32_t one = b.f(1.0f);
  const Sum2 s = fast2sum(b, one, r);                                     // exactly (|r| < 1)
  std::uint32_t p = b.emit(Op::Add, s.s, b.emit(Op::Add, s.e, tail));     // ~ e^r
  std::uint32_t ki = b.emit(Op::F2I, k);
  std::uint32_t m2k = b.emit(Op::ISub, b.i(0), b.emit(Op::IAdd, ki, ki));
  std::uint32_t w = b.emit(Op::Ldexp, b.emit(Op::Div, one, p), m2k);
  std::uint32_t v = b.emit(sign < 0 ? Op::Sub : Op::Add, tail, w);
  std::uint32_t sum = b.emit(Op::Add, s.s, b.emit(Op::Add, s.e, v));
  return b.emit(Op::Ldexp, sum, b.emit(Op::ISub, ki, b.i(1)));
}

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
  std::uint32_t y1 = exp_pair_half(b, a, -1, 1);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Lt, a, b.f(1.0f)), y0, y1);
  std::uint32_t out = copy_sign_of(b, y, x);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{0.0, 1.0, "sinh(t)", libm_ref("sinh", ::sinh, mpfr_sinh)}, expm1_tail_hole(false)};

  // sinh core: t + t^3 (c3 + c5 t^2 + c7 t^4 + c9 t^6), evaluated as fma(q, t^3, t);
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly sinh 9 1.0`); approximation error 2^-31.6.
  ir::Builder c;
  std::uint32_t tt = c.input();
  std::uint32_t t2 = c.emit(Op::Mul, tt, tt);
  std::uint32_t q = horner(c, t2, {0x1.555556p-3f, 0x1.1110ep-7f, 0x1.a022bap-13f, 0x1.756caap-19f});
  std::uint32_t t3 = c.emit(Op::Mul, t2, tt);
  std::uint32_t core = c.emit(Op::Fma, q, t3, tt);
  t.baseline_cores = {std::move(c).finish(core), expm1_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
