// acoshf: inverse hyperbolic cosine over every float32 (NaN below 1, 0 at 1).
//
// Template: acosh(x) = log(x + sqrt(x^2 - 1)), with x^2 - 1 and the sum carried as
// float pairs:
//   xc = min(x, 2^12)
//   xc <= 2: u = xc - 1 (exact); Q = fma(u, u, 2u); q = fma(u, u, 2u - Q)
//            (x^2 - 1 = u^2 + 2u; 2u - Q is exact by Sterbenz, so q is the error of Q
//            to a relative 2^-24 of itself: no cancellation near x = 1)
//   xc > 2:  H = xc * xc; L = fma(xc, xc, -H); Q = H - 1; q = ((H - Q) - 1) + L
//   s = sqrt(Q); c = (fma(-s, s, Q) + q) / max(2s, 2^-60)     sqrt(Q + q) ~ s + c
//   W = xc + s; wl = ((xc - W) + s) + c                         (Fast2Sum, xc >= s)
//   x > 2^12: W = x, wl = 0 and one more ln2 (acosh x = log 2x - O(x^-2))
//   y = log_pair(W, wl)  (targets/asinhf.cpp); x < 1 and NaN give NaN
// Hole 0: logf's interval, log1pf's tail core log1p(r) - r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

Target make_acoshf() {
  using ir::Op;
  Target t;
  t.name = "acoshf";
  t.summary = "inverse hyperbolic cosine, every float32 (NaN below 1)";
  t.ref = libm_ref("acosh", ::acosh, mpfr_acosh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},           {inf, inf},          {-inf, nan},       {0.0f, nan},
                {-0.0f, nan},         {1.0f, 0.0f},        {0x1.fffffep-1f, nan}, {-1.0f, nan},
                {0x1.000002p+0f, 0x1p-11f}, {2.0f, 0x1.512428p+0f},
                {0x1.fffffep+127f, 0x1.65a9f8p+6f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t one = b.f(1.0f);
  std::uint32_t huge = b.emit(Op::Lt, b.f(0x1p12f), x);
  std::uint32_t xc = b.emit(Op::Min, b.f(0x1p12f), x);
  // xc <= 2
  std::uint32_t u = b.emit(Op::Sub, xc, one);
  std::uint32_t u2 = b.emit(Op::Add, u, u);
  std::uint32_t qa = b.emit(Op::Fma, u, u, u2);
  std::uint32_t qla = b.emit(Op::Fma, u, u, b.emit(Op::Sub, u2, qa));
  // xc > 2
  std::uint32_t h = b.emit(Op::Mul, xc, xc);
  std::uint32_t l = b.emit(Op::Fma, xc, xc, b.emit(Op::Neg, h));
  std::uint32_t qb = b.emit(Op::Sub, h, one);
  std::uint32_t qlb = b.emit(Op::Add, b.emit(Op::Sub, b.emit(Op::Sub, h, qb), one), l);
  std::uint32_t near = b.emit(Op::Le, xc, b.f(2.0f));
  std::uint32_t q_hi = b.emit(Op::Select, near, qa, qb);
  std::uint32_t q_lo = b.emit(Op::Select, near, qla, qlb);
  std::uint32_t s = b.emit(Op::Sqrt, q_hi);
  std::uint32_t rho = b.emit(Op::Fma, b.emit(Op::Neg, s), s, q_hi);
  std::uint32_t c = b.emit(Op::Div, b.emit(Op::Add, rho, q_lo),
                           b.emit(Op::Max, b.f(0x1p-60f), b.emit(Op::Add, s, s)));
  const Sum2 w0 = fast2sum(b, xc, s);
  std::uint32_t wl0 = b.emit(Op::Add, w0.e, c);
  std::uint32_t w = b.emit(Op::Select, huge, x, w0.s);
  std::uint32_t wl = b.emit(Op::Select, huge, b.f(0.0f), wl0);
  std::uint32_t k = b.emit(Op::ISelect, huge, b.i(1), b.i(0));
  std::uint32_t y = log_pair(b, w, wl, k, 0);
  y = b.emit(Op::Select, b.emit(Op::Le, one, x), y, b.f(nan));
  t.tmpl = std::move(b).finish(y);
  t.holes = {log1p_tail_hole()};
  t.baseline_cores = {log1p_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
