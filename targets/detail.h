// Helpers shared by the per-function target definitions (targets/<name>.cpp): reference
// construction from a libm/MPFR function pair and polynomial builders for cores.
#pragma once

#include <mpfr.h>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "ir/program.h"
#include "targets/target.h"

namespace uf::targets::detail {

using MpfrFn = int (*)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t);
using LibmFn = double (*)(double);

// f(x) with fast = libm in double and exact = MPFR, round to nearest.
eval::Reference libm_ref(std::string name, LibmFn fast, MpfrFn exact);
// f(r + shift): the reference of a core whose argument is t - shift. The sum r + shift
// is formed exactly in MPFR (precision widened to hold it), then f is rounded once.
eval::Reference shifted_ref(std::string name, LibmFn fast, MpfrFn exact, double shift);

// Appends Horner's scheme for c[0] + c[1]*x + ... + c[n]*x^n as fma steps (the highest
// coefficient is a constant, each step p = fma(p, x, c[i])); returns the value index.
std::uint32_t horner(ir::Builder& b, std::uint32_t x, std::initializer_list<float> c);

// Fast2Sum: for |a| >= |u|, a + u = s + e exactly, s = a + u rounded, e = (a - s) + u
// (fast2diff: a - u = s + e, e = (a - s) - u). Emitted in that order.
struct Sum2 {
  std::uint32_t s, e;
};
Sum2 fast2sum(ir::Builder& b, std::uint32_t a, std::uint32_t u);
Sum2 fast2diff(ir::Builder& b, std::uint32_t a, std::uint32_t u);
// 2Sum (Knuth): a + u = s + e exactly for any a, u (no overflow), s = a + u rounded.
Sum2 two_sum(ir::Builder& b, std::uint32_t a, std::uint32_t u);

// float32 special constants.
float f32_inf();
float f32_nan();

// Transfers the sign bit of `x` onto `y` (y assumed non-negative or NaN): asfloat(asint(y) |
// (asint(x) & 0x80000000)). Used by odd functions evaluated on |x|.
std::uint32_t copy_sign_of(ir::Builder& b, std::uint32_t y, std::uint32_t x);

// One definition per file (targets/<name>.cpp).
Target make_expf();
Target make_exp2f();
Target make_logf();
Target make_log2f();
Target make_sinf();
Target make_cosf();
Target make_tanf();
Target make_tanhf();
Target make_erff();
Target make_erfcf();
Target make_exp10f();
Target make_log1pf();
Target make_expm1f();
Target make_sinhf();
Target make_coshf();
Target make_log10f();
Target make_atanf();
Target make_asinf();
Target make_acosf();
Target make_cbrtf();
Target make_atanhf();
Target make_asinhf();
Target make_acoshf();

// Shared pieces: the e^r core on [-ln2/2, ln2/2] (expf hole 0, tanhf hole 1) and the
// hole describing it.
ir::Program exp_core_baseline();
Hole exp_core_hole();
// The expm1(r) - r core on the same interval (expm1f hole 0, sinhf/coshf hole 1): a
// template adds r and 1 itself, exactly (Fast2Sum), so the core's error lands on a
// small tail. Its fit scale is |expm1(r)| (expm1f) or e^r (sinhf, coshf).
ir::Program expm1_tail_baseline();
Hole expm1_tail_hole(bool relative_to_expm1);

// (e^z + sign e^-z) / 2 for z = min(90, t), t >= 0 (sinhf, coshf; targets/sinhf.cpp):
// Cody-Waite reduction z = k ln2 + r, tail = core(r, hole) ~ expm1(r) - r,
// 1 + r = s + e exactly, p = s + (e + tail) ~ e^r, w = ldexp(1/p, -2k) (e^-z = 2^k w),
// y = ldexp(s + (e + (tail + sign w)), k - 1).
std::uint32_t exp_pair_half(ir::Builder& b, std::uint32_t t, int sign, std::uint32_t hole);

// logf/log2f argument reduction (targets/logf.cpp): x = 2^e * m with m in
// (sqrt(1/2), sqrt2], r = m - 1 exactly; subnormal x is first scaled by 2^23.
struct LogReduction {
  std::uint32_t r;  // f32: m - 1 in [sqrt(1/2) - 1, sqrt2 - 1]
  std::uint32_t e;  // i32: the exponent e
};
LogReduction log_reduce(ir::Builder& b, std::uint32_t x);
// Returns y for 0 < x < +inf; -inf for ±0; +inf for +inf; NaN for x < 0 and NaN.
std::uint32_t log_specials(ir::Builder& b, std::uint32_t x, std::uint32_t y);
// The log1p(r) - r tail core on the log reduction's interval (log1pf, atanhf, asinhf,
// acoshf): templates add r and the multiple of ln2 exactly (Fast2Sum).
Hole log1p_tail_hole();
ir::Program log1p_tail_baseline();
// log(W + wl) + k ln2 for W >= 1 (or +inf, NaN) and |wl| far below W, with the tail
// core at `hole` (asinhf, acoshf; targets/asinhf.cpp). k is an i32 value.
std::uint32_t log_pair(ir::Builder& b, std::uint32_t w, std::uint32_t wl, std::uint32_t k,
                       std::uint32_t hole);
// Hole interval of the log reduction.
inline constexpr double kLogHoleLo = -0.29289321881345254;  // sqrt(1/2) - 1
inline constexpr double kLogHoleHi = 0.41421356237309515;   // sqrt2 - 1

// asinf/acosf (targets/asinf.cpp): for t = |x|, big = 1/2 < t, z = (1 - t)/2,
// sqrt(z) = s + c to first order, and m = core(v) v (v = big ? z : t^2) with
// asin(a) = a + a m for a = sqrt(v): one core evaluation a lane.
struct AsinParts {
  std::uint32_t big;  // mask: 1/2 < t
  std::uint32_t s;    // f32: sqrt(z) rounded
  std::uint32_t c;    // f32: sqrt(z) - s to first order
  std::uint32_t m;    // f32: asin(a)/a - 1 at a = sqrt(v)
};
AsinParts asin_reduce(ir::Builder& b, std::uint32_t t);
Hole asin_hole();
ir::Program asin_core_baseline();

// sinf/cosf/tanf (targets/sinf.cpp): the shared reduction, the sin and cos cores (holes
// 0 and 1) and the finish: sin; cos (the quadrant advanced by one, cos x = sin(x + pi/2));
// tan (sin/cos as float pairs divided). Holes, cores and domain are filled in;
// name/summary/specials are left to the caller.
enum class TrigKind { Sin, Cos, Tan };
Target trig_target(TrigKind kind);
// sinf's and cosf's templates as one fused template: results sin x, cos x (targets/sinf.cpp).
ir::MultiProgram sincos_template();
// |x| up to which the Cody-Waite fast path is used (and proven); above it, and for inf
// and NaN, the Payne-Hanek cold path (targets/sinf.cpp).
inline constexpr float kTrigFastLimit = 16384.0f;  // 2^14
// 2/pi = sum_i kTwoOverPiChunks[i] 2^(-24(i+1)): its first 216 bits in 24-bit chunks
// (MPFR at 600 bits; checked in tests/targets/catalog_test.cpp).
inline constexpr std::uint32_t kTwoOverPiChunks[9] = {0xa2f983, 0x6e4e44, 0x1529fc, 0x2757d1, 0xf534dd,
                                                      0xc0db62, 0x95993c, 0x439041, 0xfe5163};

}  // namespace uf::targets::detail
