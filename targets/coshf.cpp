// coshf: hyperbolic cosine over every float32, even: evaluated on t = |x|.
//
// Template:
//   t  = |x|
//   small (t < 1):  u = t * t; y0 = fma(core0(u), u, 1)
//                                              core0 ~ (cosh(sqrt u) - 1) / u on [0, 1]
//                                              (0.5 to 0.55): one rounding, and the
//                                              core's error counts at most u/1.54 of it
//   large:          y1 = exp_pair_half(t, +1)  (e^t + e^-t) / 2 (targets/sinhf.cpp)
//   y  = select(t < 1, y0, y1)                 NaN: t < 1 fails, y1 is NaN
// Hole 0: u in [0, 1], core ~ (cosh(sqrt u) - 1) / u.
// Hole 1: r in [-ln2/2, ln2/2] (widened), ~ expm1(r) - r.
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
// (cosh(sqrt u) - 1) / u = 2 sinh(sqrt(u) / 2)^2 / u, without cancellation; 1/2 at 0.
double cosh_tail_u(double u) {
  if (u == 0) return 0.5;
  const double s = std::sinh(0.5 * std::sqrt(u));
  return 2.0 * s * s / u;
}
int mpfr_cosh_tail_u(mpfr_ptr rop, mpfr_srcptr u, mpfr_rnd_t rnd) {
  if (mpfr_zero_p(u)) return mpfr_set_d(rop, 0.5, rnd);
  mpfr_t a;
  mpfr_init2(a, mpfr_get_prec(rop) + 64);
  mpfr_sqrt(a, u, MPFR_RNDN);
  mpfr_div_2ui(a, a, 1, MPFR_RNDN);
  mpfr_sinh(a, a, MPFR_RNDN);
  mpfr_sqr(a, a, MPFR_RNDN);
  mpfr_mul_2ui(a, a, 1, MPFR_RNDN);
  mpfr_div(a, a, u, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clear(a);
  return ret;
}
}  // namespace

Target make_coshf() {
  using ir::Op;
  Target t;
  t.name = "coshf";
  t.summary = "hyperbolic cosine, every float32 (+inf from |x| = 0x1.65a9fap+6)";
  t.ref = libm_ref("cosh", ::cosh, mpfr_cosh);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},           {inf, inf},          {-inf, inf},        {0.0f, 1.0f},
                {-0.0f, 1.0f},        {0x1p-149f, 1.0f},   {-0x1p-13f, 1.0f},  {0x1.65a9fap+6f, inf},
                {-0x1.65a9fap+6f, inf}, {90.0f, inf},      {-1000.0f, inf}};

  ir::Builder b;
  std::uint32_t x = b.input();
  std::uint32_t a = b.emit(Op::Abs, x);
  std::uint32_t u = b.emit(Op::Mul, a, a);
  std::uint32_t y0 = b.emit(Op::Fma, b.core(u, 0), u, b.f(1.0f));
  std::uint32_t y1 = exp_pair_half(b, a, +1, 1);
  std::uint32_t y = b.emit(Op::Select, b.emit(Op::Lt, a, b.f(1.0f)), y0, y1);
  t.tmpl = std::move(b).finish(y);
  t.holes = {Hole{0.0, 1.0, "(cosh(sqrt u) - 1) / u", libm_ref("cosh_tail_u", cosh_tail_u, mpfr_cosh_tail_u)},
             expm1_tail_hole(false)};

  // c2 + c4 u + ... + c10 u^4 (cosh(t) - 1 = t^2 (c2 + c4 t^2 + ...)), Horner in u:
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly coshtail 10 1.0`); approximation error 2^-32.8.
  ir::Builder c;
  std::uint32_t q = horner(c, c.input(), {0x1p-1f, 0x1.555556p-5f, 0x1.6c164ap-10f,
                                          0x1.a04552p-16f, 0x1.255fbap-22f});
  t.baseline_cores = {std::move(c).finish(q), expm1_tail_baseline()};
  t.baseline_max_ulp = 1.0;  // proven, see docs/baselines.md
  return t;
}

}  // namespace uf::targets::detail
