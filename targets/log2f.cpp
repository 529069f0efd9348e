// log2f: base-2 logarithm over every float32.
//
// Template: the logf reduction (targets/logf.cpp: x = 2^e m, r = m - 1 exact with m in
// (sqrt(1/2), sqrt2]), then y = float(e) + core(r); specials as logf.
// Hole 0: r in [sqrt(1/2)-1, sqrt2-1]; the core approximates log2(1 + r).
#include <cmath>

#include "targets/detail.h"

namespace uf::targets::detail {

namespace {
double log2_1p(double r) { return std::log1p(r) / std::log(2.0); }
int mpfr_log2_1p(mpfr_ptr rop, mpfr_srcptr x, mpfr_rnd_t rnd) {
  // log1p(x) / log(2) with 64 guard bits, then one rounding to rop's precision.
  mpfr_t a, l;
  mpfr_inits2(mpfr_get_prec(rop) + 64, a, l, static_cast<mpfr_ptr>(nullptr));
  mpfr_log1p(a, x, MPFR_RNDN);
  mpfr_const_log2(l, MPFR_RNDN);
  mpfr_div(a, a, l, MPFR_RNDN);
  int ret = mpfr_set(rop, a, rnd);
  mpfr_clears(a, l, static_cast<mpfr_ptr>(nullptr));
  return ret;
}
}  // namespace

Target make_log2f() {
  using ir::Op;
  Target t;
  t.name = "log2f";
  t.summary = "base-2 logarithm, every float32 (NaN below 0, -inf at ±0)";
  t.ref = libm_ref("log2", ::log2, mpfr_log2);
  t.domain = eval::Domain{};
  const float inf = f32_inf(), nan = f32_nan();
  t.specials = {{nan, nan},         {inf, inf},           {-inf, nan},          {0.0f, -inf},
                {-0.0f, -inf},      {1.0f, 0.0f},         {2.0f, 1.0f},         {0.5f, -1.0f},
                {1024.0f, 10.0f},   {0x1p127f, 127.0f},   {0x1p-126f, -126.0f}, {0x1p-149f, -149.0f},
                {0x1p-140f, -140.0f}, {-1.0f, nan},       {-0x1p-149f, nan}};

  ir::Builder b;
  std::uint32_t x = b.input();
  LogReduction red = log_reduce(b, x);
  std::uint32_t y = b.emit(Op::Add, b.emit(Op::I2F, red.e), b.core(red.r, 0));
  std::uint32_t out = log_specials(b, x, y);
  t.tmpl = std::move(b).finish(out);
  t.holes = {Hole{kLogHoleLo, kLogHoleHi, "log2(1+r)", libm_ref("log2_1p", log2_1p, mpfr_log2_1p)}};

  // r*c1hi + (r*c1lo + r^2 q(r)), c1hi + c1lo = 1/ln2 to 48 bits, q = c2 + ... + c10 r^8:
  // near-minimax relative error fit with sequential float32 rounding
  // (targets/tools/fitpoly.cpp, `fitpoly log2 10`); approximation error 2^-27.7.
  ir::Builder c;
  std::uint32_t r = c.input();
  std::uint32_t q = horner(c, r,
                           {-0x1.71547p-1f, 0x1.ec7094p-2f, -0x1.715afcp-2f, 0x1.277f42p-2f,
                            -0x1.eaa2dcp-3f, 0x1.a2caaap-3f, -0x1.87f2eep-3f, 0x1.7f1fcap-3f,
                            -0x1.c3a1b8p-4f});
  std::uint32_t qr = c.emit(Op::Mul, q, r);
  std::uint32_t lo = c.emit(Op::Mul, r, c.f(0x1.4ae0cp-26f));
  std::uint32_t s = c.emit(Op::Fma, qr, r, lo);
  std::uint32_t core = c.emit(Op::Fma, r, c.f(0x1.715476p+0f), s);
  t.baseline_cores = {std::move(c).finish(core)};
  t.baseline_max_ulp = 1.0;
  return t;
}

}  // namespace uf::targets::detail
