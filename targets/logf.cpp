// logf: natural logarithm over every float32.
//
// Template:
//   s  = x < 2^-126                    (subnormal, zero or negative)
//   xs = s ? x * 2^23 : x;  eb = s ? -23 : 0
//   m  = getmant(xs) in [1, 2);  e = getexp(xs)
//   m > sqrt2 (float 0x1.6a09e6p+0) ->  m = m/2, e = e + 1     (m in (0.7071068, 1.4142135])
//   r  = m - 1                          exact (Sterbenz), r in [sqrt(1/2)-1, sqrt2-1]
//   y  = fma(E, ln2hi, fma(E, ln2lo, core(r)))   E = float(e + eb), |E| <= 150: the
//                                       product E*ln2hi is exact inside the fma
//   specials: 0 < x < inf -> y; x = ±0 -> -inf; x = +inf -> +inf; otherwise NaN.
// Hole 0: r in [sqrt(1/2)-1, sqrt2-1]; the core approximates log1p(r).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

LogReduction log_reduce(ir::Builder& b, std::uint32_t x) {
  using ir::Op;
  std::uint32_t s = b.emit(Op::Lt, x, b.f(0x1p-126f));
  std::uint32_t xs = b.emit(Op::Select, s, b.emit(Op::Mul, x, b.f(0x1p23f)), x);
  std::uint32_t eb = b.emit(Op::ISelect, s, b.i(-23), b.i(0));
  std::uint32_t m = b.emit(Op::GetMant, xs);
  std::uint32_t e = b.emit(Op::GetExp, xs);
  std::uint32_t big = b.emit(Op::Lt, b.f(0x1.6a09e6p+0f), m);
  m = b.emit(Op::Select, big, b.emit(Op::Mul, m, b.f(0.5f)), m);
  e = b.emit(Op::ISelect, big, b.emit(Op::IAdd, e, b.i(1)), e);
  e = b.emit(Op::IAdd, e, eb);
  std::uint32_t r = b.emit(Op::Sub, m, b.f(1.0f));
  return {r, e};
}

std::uint32_t log_specials(ir::Builder& b, std::uint32_t x, std::uint32_t y) {
  using ir::Op;
  const float inf = f32_inf();
  std::uint32_t zero = b.f(0.0f), pinf = b.f(inf);
  std::uint32_t ok = b.emit(Op::MAnd, b.emit(Op::Lt, zero, x), b.emit(Op::Lt, x, pinf));
  std::uint32_t sp = b.emit(Op::Select, b.emit(Op::Eq, x, pinf), pinf, b.f(f32_nan()));
  sp = b.emit(Op::Select, b.emit(Op::Eq, x, zero), b.f(-inf), sp);
  return b.emit(Op::Select, ok, y, sp);
}

Target make_logf() {
  using ir::Op;
  Target t;
  t.name = "logf";
  t.summary = "natural logarithm, every float32 (NaN below 0, -inf at ±0)";
  t.ref = libm_ref("log", ::log, mpfr_log);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},   {inf, inf},      {-inf, nan},   {0.0f, -inf},
                {-0.0f, -inf}, {1.0f, 0.0f},   {-1.0f, nan},  {-0x1p-149f, nan},
                {-0x1.fffffep+127f, nan}};

  ir::Builder b;
  std::uint32_t x = b.input();
  LogReduction red = log_reduce(b, x);
  std::uint32_t ef = b.emit(Op::I2F, red.e);
  std::uint32_t y = b.emit(Op::Fma, ef, b.f(-0x1.05c61p-29f), b.core(red.r, 0));
  y = b.emit(Op::Fma, ef, b.f(0x1.62e43p-1f), y);
  std::uint32_t out = log_specials(b, x, y);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{kLogHoleLo, kLogHoleHi, "log1p(r)", libm_ref("log1p", ::log1p, mpfr_log1p)}};

  // r + r^2 q(r), q = c2 + c3 r + ... + c10 r^8, evaluated as fma(q*r, r, r) so the
  // leading term r is exact: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly log1p 10`); approximation error 2^-27.8.
  ir::Builder c;
  std::uint32_t r = c.input();
  std::uint32_t q = horner(c, r,
                           {-0x1.fffff8p-2f, 0x1.55555p-2f, -0x1.000432p-2f, 0x1.99a416p-3f,
                            -0x1.5425cp-3f, 0x1.226e6ep-3f, -0x1.0f4052p-3f, 0x1.085dbap-3f,
                            -0x1.383b7ap-4f});
  std::uint32_t qr = c.emit(Op::Mul, q, r);
  std::uint32_t core = c.emit(Op::Fma, qr, r, r);
  t.baseline_cores = {std::move(c).finish(core)};
  t.baseline_max_ulp = 1.0;
  return t;
}

}  // namespace uf::targets::detail
