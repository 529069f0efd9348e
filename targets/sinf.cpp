// sinf: sine on |x| <= 16384 (the proven domain; inputs outside it are not checked).
//
// Template (Cody-Waite with a 3-part pi/2):
//   k  = rint(x * 2/pi)                 |k| <= 10431
//   r  = fma(k, -P1, x)                 exact: P1 = float(pi/2) has ulp 2^-23 and
//                                       |r| < 0.8, so r is a multiple of 2^-23 below 2^0
//   r  = fma(k, -P2, r);  r = fma(k, -P3, r)     P1 + P2 + P3 = pi/2 to 2^-74
//   q  = f2i(k) + offset  (offset 0: sin, 1: cos)
//   v  = (q & 1) ? core1(r) : core0(r)
//   y  = v with its sign bit flipped when (q & 2): asfloat(asint(v) ^ ((q & 2) << 30))
//   sin only: y = (x == 0) ? x : y      (keeps sin(-0) = -0: fma(-0, -P1, -0) is +0)
// The rounding of x * 2/pi (error <= 8e-4 in k units) widens |r| <= pi/4 to 0.7875.
// Hole 0: r in [-0.7875, 0.7875], core ~ sin(r); hole 1: same interval, core ~ cos(r).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target trig_target(int quadrant_offset) {
  using ir::Op;
  Target t;
  t.domain = eval::Domain{false, -kTrigDomain, kTrigDomain};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t k = b.emit(Op::Rint, b.emit(Op::Mul, x, b.f(0x1.45f306p-1f)));
  std::uint32_t r = b.emit(Op::Fma, k, b.f(-0x1.921fb6p+0f), x);
  r = b.emit(Op::Fma, k, b.f(0x1.777a5cp-25f), r);
  r = b.emit(Op::Fma, k, b.f(0x1.ee59dap-50f), r);
  std::uint32_t s = b.core(r, 0);
  std::uint32_t c = b.core(r, 1);
  std::uint32_t q = b.emit(Op::F2I, k);
  if (quadrant_offset != 0) q = b.emit(Op::IAdd, q, b.i(quadrant_offset));
  std::uint32_t one = b.i(1);
  std::uint32_t odd = b.emit(Op::IEq, b.emit(Op::And, q, one), one);
  std::uint32_t v = b.emit(Op::Select, odd, c, s);
  std::uint32_t flip = b.emit(Op::Shl, b.emit(Op::And, q, b.i(2)), b.i(30));
  std::uint32_t y = b.emit(Op::AsFloat, b.emit(Op::Xor, b.emit(Op::AsInt, v), flip));
  if (quadrant_offset == 0) {
    std::uint32_t zero = b.emit(Op::Eq, x, b.f(0.0f));
    y = b.emit(Op::Select, zero, x, y);
  }
  t.tmpl = std::move(b).finish(y);
  const double h = 0.7875;
  t.holes = {Hole{-h, h, "sin(r)", libm_ref("sin", ::sin, mpfr_sin)},
             Hole{-h, h, "cos(r)", libm_ref("cos", ::cos, mpfr_cos)}};

  // sin core: r + r^3 (c3 + c5 r^2 + c7 r^4 + c9 r^6), evaluated as fma(q, r^3, r);
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly sin 9`); approximation error 2^-32.5.
  ir::Builder cs;
  {
    std::uint32_t rr = cs.input();
    std::uint32_t r2 = cs.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cs, r2, {-0x1.555556p-3f, 0x1.111174p-7f, -0x1.a0594ap-13f,
                                      0x1.7c273p-19f});
    std::uint32_t r3 = cs.emit(Op::Mul, r2, rr);
    std::uint32_t out = cs.emit(Op::Fma, p, r3, rr);
    t.baseline_cores.push_back(std::move(cs).finish(out));
  }
  // cos core: 1 + r^2 (c2 + c4 r^2 + c6 r^4 + c8 r^6), evaluated as fma(q, r^2, 1);
  // same method (`fitpoly cos 8`); approximation error 2^-32.9.
  ir::Builder cc;
  {
    std::uint32_t rr = cc.input();
    std::uint32_t r2 = cc.emit(Op::Mul, rr, rr);
    std::uint32_t p = horner(cc, r2, {-0x1p-1f, 0x1.55554ap-5f, -0x1.6c0c26p-10f,
                                      0x1.99e706p-16f});
    std::uint32_t out = cc.emit(Op::Fma, p, r2, cc.f(1.0f));
    t.baseline_cores.push_back(std::move(cc).finish(out));
  }
  t.baseline_max_ulp = 1.5;
  return t;
}

Target make_sinf() {
  Target t = trig_target(0);
  t.name = "sinf";
  t.summary = "sine on |x| <= 16384 (domain restricted: Cody-Waite reduction)";
  t.ref = libm_ref("sin", ::sin, mpfr_sin);
  t.specials = {{0.0f, 0.0f}, {-0.0f, -0.0f}, {0x1.921fb6p+0f, 1.0f}, {-0x1.921fb6p+0f, -1.0f},
                {0x1p-149f, 0x1p-149f}, {-0x1p-140f, -0x1p-140f}};
  return t;
}

}  // namespace uf::targets::detail
