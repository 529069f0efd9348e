// cbrtf: cube root over every float32, odd: evaluated on t = |x| and the sign bit of x
// copied onto the result.
//
// Template:
//   small = t < 2^-126: ts = small ? t * 2^24 : t, eb = small ? -8 : 0   (2^24 = (2^8)^3)
//   m  = getmant(ts) in [1, 2);  e = getexp(ts)
//   q  = rint(float(e) / 3)  (float(e) * 0x1.555556p-2; e/3 is never within 1/6 of a
//        half-integer, so the rounding of the product cannot move q); r = e - 3q in
//        {-1, 0, 1};  a = ldexp(m, r) in [1/2, 4), exact:  cbrt(t) = 2^(q + eb) cbrt(a)
//   y0 = core(m) * C_r             core ~ cbrt(m) on [1, 2], C_r = float(2^(r/3))
//   one Newton step with an exact residual:
//     h = y0 * y0, l = fma(y0, y0, -h)           y0^2 = h + l exactly
//     hy = h * y0, g = fma(h, y0, -hy)           h y0 = hy + g exactly
//     d  = fma(l, y0, (hy - a) + g)              y0^3 - a (hy - a exact by Sterbenz
//                                                while y0 is within 2^-3 of cbrt a)
//     y1 = y0 - d / (3h)
//   y  = ldexp(y1, q + eb); t = 0, inf or NaN gives t itself
// The step squares the core's relative error (2^-16.7 for the baseline: 2^-33 after),
// and y1 is one rounding of y0 plus a small correction.
// Hole 0: m in [1, 2]; the core approximates cbrt(m) (to about 2^-14 or better).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_cbrtf() {
  using ir::Op;
  Target t;
  t.name = "cbrtf";
  t.summary = "cube root, every float32";
  t.ref = libm_ref("cbrt", ::cbrt, mpfr_cbrt);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},        {inf, inf},         {-inf, -inf},        {0.0f, 0.0f},
                {-0.0f, -0.0f},    {1.0f, 1.0f},       {-8.0f, -2.0f},      {27.0f, 3.0f},
                {0x1p-149f, 0x1.428a3p-50f}, {0x1p-126f, 0x1p-42f}, {0x1p126f, 0x1p42f},
                {0x1.fffffep+127f, 0x1.965feap+42f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t small = b.emit(Op::Lt, a, b.f(0x1p-126f));
  std::uint32_t ts = b.emit(Op::Select, small, b.emit(Op::Mul, a, b.f(0x1p24f)), a);
  std::uint32_t eb = b.emit(Op::ISelect, small, b.i(-8), b.i(0));
  std::uint32_t m = b.emit(Op::GetMant, ts);
  std::uint32_t e = b.emit(Op::GetExp, ts);
  std::uint32_t q = b.emit(Op::F2I, b.emit(Op::Rint, b.emit(Op::Mul, b.emit(Op::I2F, e),
                                                           b.f(0x1.555556p-2f))));
  std::uint32_t r = b.emit(Op::ISub, e, b.emit(Op::IMul, q, b.i(3)));
  std::uint32_t am = b.emit(Op::Ldexp, m, r);
  std::uint32_t cr = b.emit(Op::Select, b.emit(Op::IEq, r, b.i(1)), b.f(0x1.428a3p+0f),
                            b.emit(Op::Select, b.emit(Op::IEq, r, b.i(-1)), b.f(0x1.965feap-1f),
                                   b.f(1.0f)));
  std::uint32_t y0 = b.emit(Op::Mul, b.core(m, 0), cr);
  std::uint32_t h = b.emit(Op::Mul, y0, y0);
  std::uint32_t l = b.emit(Op::Fma, y0, y0, b.emit(Op::Neg, h));
  std::uint32_t hy = b.emit(Op::Mul, h, y0);
  std::uint32_t g = b.emit(Op::Fma, h, y0, b.emit(Op::Neg, hy));
  std::uint32_t d = b.emit(Op::Fma, l, y0, b.emit(Op::Add, b.emit(Op::Sub, hy, am), g));
  std::uint32_t y1 = b.emit(Op::Sub, y0, b.emit(Op::Div, d, b.emit(Op::Mul, h, b.f(3.0f))));
  std::uint32_t y = b.emit(Op::Ldexp, y1, b.emit(Op::IAdd, q, eb));
  std::uint32_t ok = b.emit(Op::MAnd, b.emit(Op::Lt, b.f(0.0f), a), b.emit(Op::Lt, a, b.f(inf)));
  y = b.emit(Op::Select, ok, y, a);
  t.tmpl = std::move(b).finish(copy_sign_of(b, y, x));
  t.holes = {Hole{1.0, 2.0, "cbrt(m)", libm_ref("cbrt", ::cbrt, mpfr_cbrt)}};
  t.holes[0].refined = true;

  // c0 + c1 m + ... + c4 m^4: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly cbrt 4`); approximation error 2^-16.7.
  ir::Builder c;
  std::uint32_t p = horner(c, c.input(), {0x1.0392cp-1f, 0x1.6fb1f8p-1f, -0x1.33d39ep-2f,
                                          0x1.60a154p-4f, -0x1.5b77b6p-7f});
  t.baseline_cores = {std::move(c).finish(p)};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
