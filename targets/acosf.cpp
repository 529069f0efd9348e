// acosf: arc cosine over [-1, 1] (NaN outside).
//
// Template: asinf's reduction of t = |x| (targets/asinf.cpp: big = 1/2 < t, z = (1-t)/2,
// sqrt(z) = s + c, m = core(v) v with asin(a) = a + a m), then
//   small (|x| <= 1/2): acos(x) = pi/2 - asin(x) = P1 - x - x m + P2
//          S = P1 - x; E = (P1 - S) - x          exactly (Fast2Sum, |x| <= 1/2 < P1)
//          y = S + fma(-x, m, E + P2)            P1 + P2 = pi/2 to 2^-49
//   big:   acos(x) = A + 2 sigma asin(sqrt z), A = 0, sigma = 1 for x > 0 and A = pi,
//          sigma = -1 for x < 0:  = A + w + 2 sigma fma(s, m, c) + A2,  w = 2 sigma s
//          S = A + w; E = (A - S) + w            exactly (Fast2Sum: A = 0 or pi > |w|)
//          y = S + (E + (A2 + (2 sigma) fma(s, m, c)))   A + A2 = pi to 2^-48 (or 0)
//   y = select(big, y_big, y_small)              (NaN propagates through z and x)
// Each branch ends in one rounding. Hole 0: v in [0, 1/4], asinf's core.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_acosf() {
  using ir::Op;
  Target t;
  t.name = "acosf";
  t.summary = "arc cosine, every float32 (NaN outside [-1, 1])";
  t.ref = libm_ref("acos", ::acos, mpfr_acos);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},           {inf, nan},           {-inf, nan},
                {0.0f, 0x1.921fb6p+0f}, {-0.0f, 0x1.921fb6p+0f}, {1.0f, 0.0f},
                {-1.0f, 0x1.921fb6p+1f}, {0.5f, 0x1.0c1524p+0f}, {0x1p-149f, 0x1.921fb6p+0f},
                {0x1.000002p+0f, nan}, {-2.0f, nan}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  AsinParts p = asin_reduce(b, a);
  // |x| <= 1/2
  std::uint32_t p1 = b.f(0x1.921fb6p+0f);
  const Sum2 d0 = fast2diff(b, p1, x);
  std::uint32_t lo0 = b.emit(Op::Add, d0.e, b.f(-0x1.777a5cp-25f));
  std::uint32_t ys = b.emit(Op::Add, d0.s, b.emit(Op::Fma, b.emit(Op::Neg, x), p.m, lo0));
  // |x| > 1/2
  std::uint32_t neg = b.emit(Op::Lt, x, b.f(0.0f));
  std::uint32_t hi = b.emit(Op::Select, neg, b.f(0x1.921fb6p+1f), b.f(0.0f));
  std::uint32_t lo = b.emit(Op::Select, neg, b.f(-0x1.777a5cp-24f), b.f(0.0f));
  std::uint32_t two_sigma = b.emit(Op::Select, neg, b.f(-2.0f), b.f(2.0f));
  std::uint32_t w = b.emit(Op::Mul, two_sigma, p.s);
  const Sum2 big = fast2sum(b, hi, w);
  std::uint32_t tail = b.emit(Op::Fma, two_sigma, b.emit(Op::Fma, p.s, p.m, p.c), lo);
  std::uint32_t yb = b.emit(Op::Add, big.s, b.emit(Op::Add, big.e, tail));
  t.tmpl = std::move(b).finish(b.emit(Op::Select, p.big, yb, ys));
  t.holes = {asin_hole()};
  t.baseline_cores = {asin_core_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
