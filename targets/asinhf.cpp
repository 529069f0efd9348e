// asinhf: inverse hyperbolic sine over every float32, odd: evaluated on t = |x| and the
// sign bit of x copied onto the result.
//
// Template:
//   small (t <= 1/2): v = t * t; m = core0(v) * v; y = fma(m, t, t)
//                     core0 ~ (asinh(sqrt v) - sqrt v) / v^(3/2) on [0, 1/4]
//   big: asinh(t) = log(t + sqrt(t^2 + 1)), with t + sqrt(t^2 + 1) carried as W + wl:
//        tc = min(t, 2^12); H = tc * tc; L = fma(tc, tc, -H)         tc^2 = H + L exactly
//        Q = max(H, 1) + min(H, 1), q = its exact error + L          tc^2 + 1 = Q + q
//        s = sqrt(Q); c = (fma(-s, s, Q) + q) / (2s)                 sqrt(Q + q) ~ s + c
//        W = s + tc; wl = ((s - W) + tc) + c                         (Fast2Sum, s > tc)
//        t > 2^12: W = t, wl = 0 and one more ln2 (asinh t = log 2t + O(t^-2), below
//        2^-26 of the result)
//        y = log_pair(W, wl)   (below)
//   y = copysign(select(t <= 1/2, y_small, y_big), x)
//
// log_pair(W, wl, k), shared with acoshf: log(W + wl) + k ln2 for W >= 1:
//   (r, e) = logf's reduction of W; E = float(e + k); EL = E * L1 (exact, 13-bit L1)
//   S = EL + r; es = (EL - S) + r              (Fast2Sum: |EL| >= ln2 > |r| or E = 0)
//   y = S + (es + (tail(r) + fma(E, L2, wl / W))),  tail = core(r) ~ log1p(r) - r
//   with logf's specials at W (+inf gives +inf, NaN gives NaN).
// Hole 0: v in [0, 1/4], core0. Hole 1: logf's interval, log1pf's tail core.
#include <algorithm>
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// (asinh(u) - u) / u^3 at u = sqrt(v) = sum of (-1)^n (2n)! / (4^n n!^2 (2n+1)) v^(n-1),
// n >= 1: the series for small v, the direct formula elsewhere; MPFR with guard bits.
double asinh_ratio(double v) {
  if (std::fabs(v) >= 0.0625) {
    const double u = std::sqrt(v);
    return (std::asinh(u) - u) / (v * u);
  }
  double t = 0, a = 1, pw = 1;
  for (int n = 1; n < 60 && pw != 0; ++n) {
    a *= -(2.0 * n - 1) / (2.0 * n);
    t += a * pw / (2 * n + 1);
    pw *= v;
  }
  return t;
}
int mpfr_asinh_ratio(mpfr_ptr rop, mpfr_srcptr v, mpfr_rnd_t rnd) {
  if (mpfr_nan_p(v) || mpfr_sgn(v) < 0) {
    mpfr_set_nan(rop);
    return 0;
  }
  if (mpfr_zero_p(v)) return mpfr_set_si(rop, -1, MPFR_RNDN), mpfr_div_ui(rop, rop, 6, rnd);
  mpfr_t u, a;
  const mpfr_prec_t p = mpfr_get_prec(rop) + 64 + 3 * std::max<long>(0, -mpfr_get_exp(v));
  mpfr_inits2(p, u, a, static_cast<mpfr_ptr>(nullptr));
  mpfr_sqrt(u, v, MPFR_RNDN);
  mpfr_asinh(a, u, MPFR_RNDN);
  mpfr_sub(a, a, u, MPFR_RNDN);
  mpfr_div(a, a, u, MPFR_RNDN);
  int ret = mpfr_div(rop, a, v, rnd);
  mpfr_clears(u, a, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

std::uint32_t log_pair(ir::Builder& b, std::uint32_t w, std::uint32_t wl, std::uint32_t k,
                       std::uint32_t hole) {
  using ir::Op;
  LogReduction red = log_reduce(b, w);
  std::uint32_t ef = b.emit(Op::I2F, b.emit(Op::IAdd, red.e, k));
  std::uint32_t el = b.emit(Op::Mul, ef, b.f(0x1.62ep-1f));
  const Sum2 s = fast2sum(b, el, red.r);
  std::uint32_t lo = b.emit(Op::Add, b.core(red.r, hole),
                            b.emit(Op::Fma, ef, b.f(0x1.0bfbe8p-15f), b.emit(Op::Div, wl, w)));
  std::uint32_t y = b.emit(Op::Add, s.s, b.emit(Op::Add, s.e, lo));
  return log_specials(b, w, y);
}

Target make_asinhf() {
  using ir::Op;
  Target t;
  t.name = "asinhf";
  t.summary = "inverse hyperbolic sine, every float32";
  t.ref = libm_ref("asinh", ::asinh, mpfr_asinh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},        {inf, inf},          {-inf, -inf},        {0.0f, 0.0f},
                {-0.0f, -0.0f},    {0x1p-149f, 0x1p-149f}, {-0x1p-130f, -0x1p-130f},
                {1.0f, 0x1.c34366p-1f}, {0x1p12f, 0x1.205966p+3f}, {0x1.fffffep+127f, 0x1.65a9f8p+6f}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t one = b.f(1.0f);
  // |x| <= 1/2
  std::uint32_t v = b.emit(Op::Mul, a, a);
  std::uint32_t m = b.emit(Op::Mul, b.core(v, 0), v);
  std::uint32_t ys = b.emit(Op::Fma, m, a, a);
  // |x| > 1/2
  std::uint32_t huge = b.emit(Op::Lt, b.f(0x1p12f), a);
  std::uint32_t tc = b.emit(Op::Min, b.f(0x1p12f), a);
  std::uint32_t h = b.emit(Op::Mul, tc, tc);
  std::uint32_t l = b.emit(Op::Fma, tc, tc, b.emit(Op::Neg, h));
  std::uint32_t hi = b.emit(Op::Max, h, one), lo = b.emit(Op::Min, h, one);
  std::uint32_t q_hi = b.emit(Op::Add, hi, lo);
  std::uint32_t q_lo = b.emit(Op::Add, b.emit(Op::Add, b.emit(Op::Sub, hi, q_hi), lo), l);
  std::uint32_t s = b.emit(Op::Sqrt, q_hi);
  std::uint32_t rho = b.emit(Op::Fma, b.emit(Op::Neg, s), s, q_hi);
  std::uint32_t c = b.emit(Op::Div, b.emit(Op::Add, rho, q_lo), b.emit(Op::Add, s, s));
  const Sum2 w0 = fast2sum(b, s, tc);
  std::uint32_t wl0 = b.emit(Op::Add, w0.e, c);
  std::uint32_t w = b.emit(Op::Select, huge, a, w0.s);
  std::uint32_t wl = b.emit(Op::Select, huge, b.f(0.0f), wl0);
  std::uint32_t k = b.emit(Op::ISelect, huge, b.i(1), b.i(0));
  std::uint32_t yb = log_pair(b, w, wl, k, 1);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Le, a, b.f(0.5f)), ys, yb);
  t.tmpl = std::move(b).finish(copy_sign_of(b, y, x));
  t.holes = {Hole{0.0, 0.25, "(asinh(sqrt v) - sqrt v) / v^(3/2)",
                  libm_ref("asinh_ratio", asinh_ratio, mpfr_asinh_ratio)},
             log1p_tail_hole()};

  // c0 + c1 v + ... + c5 v^5: near-minimax relative error fit with sequential float32
  // rounding (targets/tools/fitpoly.cpp, `fitpoly asinhratio 5`); approximation error
  // 2^-25.0 (the core's term is at most 0.04 of asinh).
  ir::Builder cb;
  std::uint32_t q = horner(cb, cb.input(), {-0x1.555556p-3f, 0x1.333404p-4f, -0x1.6dddeap-5f,
                                            0x1.f39bc6p-6f, -0x1.68d16cp-6f, 0x1.923386p-7f});
  t.baseline_cores = {std::move(cb).finish(q), log1p_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
