// Internal to eval/oracle.cpp and its per-ISA units (oracle_avx2.cpp, oracle_avx512.cpp,
// compiled with -march=x86-64-v3 / -v4): the units export constant rows only (strings
// and function pointers, no static initialisers), so nothing compiled for an ISA runs
// before oracle.cpp has checked the CPU.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "eval/oracle.h"

namespace uf::eval::detail {

struct OracleRow {
  const char* ref;
  const char* impl;
  BatchOracleFn run;
  double max_err = kSleefU10MaxErr;  // the bound its validation holds it to
};

inline constexpr std::size_t kOracleRows = 13;
extern const OracleRow kAvx2Oracles[kOracleRows];
extern const OracleRow kAvx512Oracles[kOracleRows];

// Shortcuts: a block of W inputs that lies entirely in a region where f has a trivial
// closed form (its result saturates, is NaN, or is a short Taylor polynomial because
// |x| is tiny) gets that form instead of the SLEEF call; any other block (and so every
// block that straddles a region's edge) takes SLEEF. In the verifier's input order
// (consecutive bit patterns) almost every block is of one kind, and these regions hold
// most float32 inputs (for exp: |x| < 2^-25 or |x| >= 1024, 86% of them). Each form's
// error is far below the 2^-26 ULP every oracle is held to (truncation error <= 2^-70
// relative, plus a few roundings of 2^-53), and the exhaustive validation of the
// oracles (tests/eval/oracle_exhaustive.cpp) covers these blocks like the others: the
// shortcut is part of the oracle it validates. Lanes are handled by plain loops that
// the per-ISA flags vectorise; internal linkage, so the AVX-512 and AVX2 units never
// share a (differently compiled) copy.
namespace {

// GCC/Clang vector types of W lanes (compiled for the unit's ISA).
template <std::size_t W>
struct Vec {
  typedef double D __attribute__((vector_size(8 * W)));
  typedef float F __attribute__((vector_size(4 * W)));
  typedef std::uint32_t U __attribute__((vector_size(4 * W)));
  typedef std::int64_t M __attribute__((vector_size(8 * W)));  // lane masks of D compares
};

// One block of W inputs: x as doubles and the range of |x| (as bit patterns, so a NaN
// is above every finite value and inf) and whether every sign bit is set.
template <std::size_t W>
struct Block {
  typename Vec<W>::D d;
  std::uint32_t amin = ~0u, amax = 0;
  bool all_neg = true;
  explicit Block(const float* x) {
    typename Vec<W>::F f;
    typename Vec<W>::U b;
    std::memcpy(&f, x, sizeof f);
    std::memcpy(&b, x, sizeof b);
    d = __builtin_convertvector(f, typename Vec<W>::D);
    const typename Vec<W>::U a = b & 0x7fffffffu;
    std::uint32_t band = ~0u;
    for (std::size_t i = 0; i < W; ++i) {
      amin = a[i] < amin ? a[i] : amin;
      amax = a[i] > amax ? a[i] : amax;
      band &= b[i];
    }
    all_neg = (band >> 31) != 0;
  }
  bool all_below(std::uint32_t t) const { return amax < t; }     // every |x| < t (bits)
  bool all_at_least(std::uint32_t t) const { return amin >= t; }  // every |x| >= t, NaN too
  typename Vec<W>::M nan() const { return d != d; }
  typename Vec<W>::M negative() const { return d < 0.0; }  // no zero lane where this is used
};

template <std::size_t W>
void put(double* v, typename Vec<W>::D r) {
  std::memcpy(v, &r, sizeof r);
}
template <std::size_t W>
typename Vec<W>::D splat(double c) {
  typename Vec<W>::D r = {};
  return r + c;
}

constexpr double kInfD = __builtin_inf();
constexpr std::uint32_t kTiny25 = 0x33000000u;  // 2^-25
constexpr std::uint32_t kTiny12 = 0x39800000u;  // 2^-12
constexpr std::uint32_t kInfBits = 0x7f800000u;

// Saturated lanes: NaN stays NaN, negative lanes get lo, positive ones hi.
template <std::size_t W>
void saturate(const Block<W>& b, double* v, double lo, double hi) {
  typename Vec<W>::D r = b.negative() ? splat<W>(lo) : splat<W>(hi);
  r = b.nan() ? b.d : r;
  put<W>(v, r);
}

// exp-like: tiny |x| gives 1 + t + t^2/2 with t = c x (c = 1, ln 2, ln 10); |x| >= Big
// (bits) gives +inf or 0. |t| < 2^-21.7, so the truncation is < |t|^3/6 e^|t| < 2^-67
// and the roundings ~2^-52.
template <std::size_t W, std::uint32_t Big>
bool exp_like(const float* x, double* v, double c) {
  const Block<W> b(x);
  if (b.all_below(kTiny25)) {
    const typename Vec<W>::D t = b.d * c;
    put<W>(v, 1.0 + (t + 0.5 * (t * t)));
    return true;
  }
  if (!b.all_at_least(Big)) return false;
  saturate(b, v, 0.0, kInfD);
  return true;
}
template <std::size_t W>
bool short_exp(const float* x, double* v) {
  return exp_like<W, 0x44800000u>(x, v, 1.0);  // e^x: 0 / inf from |x| >= 1024
}
template <std::size_t W>
bool short_exp2(const float* x, double* v) {
  return exp_like<W, 0x45000000u>(x, v, 0x1.62e42fefa39efp-1);  // 2^x: |x| >= 2048
}
template <std::size_t W>
bool short_exp10(const float* x, double* v) {
  return exp_like<W, 0x44000000u>(x, v, 0x1.26bb1bbb55516p+1);  // 10^x: |x| >= 512
}
// expm1: tiny |x| gives x + x^2/2 (x^2 exact; truncation relative x^2/6 < 2^-52.5, a
// quarter of the result's double ULP); |x| >= 1024 gives inf or -1 (e^-1024 vanishes
// in the rounding of -1 + e^x).
template <std::size_t W>
bool short_expm1(const float* x, double* v) {
  const Block<W> b(x);
  if (b.all_below(kTiny25)) {
    put<W>(v, b.d + 0.5 * (b.d * b.d));
    return true;
  }
  if (!b.all_at_least(0x44800000u)) return false;
  saturate(b, v, -1.0, kInfD);
  return true;
}
// log, log2: a block of negative inputs (sign bits set) gives NaN, -0 gives -inf.
template <std::size_t W>
bool short_log(const float* x, double* v) {
  const Block<W> b(x);
  if (!b.all_neg) return false;
  const typename Vec<W>::D r = b.d == 0.0 ? splat<W>(-kInfD) : splat<W>(__builtin_nan(""));
  put<W>(v, r);
  return true;
}
// log1p: x < -1 gives NaN (-1 itself gives -inf: not shortcut), tiny |x| gives
// x - x^2/2 (truncation relative x^2/3).
template <std::size_t W>
bool short_log1p(const float* x, double* v) {
  const Block<W> b(x);
  if (b.all_below(kTiny25)) {
    put<W>(v, b.d - 0.5 * (b.d * b.d));
    return true;
  }
  if (!b.all_neg || !b.all_at_least(0x3f800001u)) return false;
  put<W>(v, splat<W>(__builtin_nan("")));
  return true;
}
// Odd functions with tiny |x| < 2^-12: s x (1 + c3 x^2 + c5 x^4) (truncation relative
// < 0.06 x^6 < 2^-76).
template <std::size_t W>
bool odd_tiny(const Block<W>& b, double* v, double c3, double c5, double s) {
  if (!b.all_below(kTiny12)) return false;
  const typename Vec<W>::D x2 = b.d * b.d;
  put<W>(v, s * (b.d + b.d * (x2 * (c3 + c5 * x2))));
  return true;
}
// sin and cos of inf or NaN: NaN.
template <std::size_t W>
bool not_finite_nan(const Block<W>& b, double* v) {
  if (!b.all_at_least(kInfBits)) return false;
  put<W>(v, splat<W>(__builtin_nan("")));
  return true;
}
template <std::size_t W>
bool short_sin(const float* x, double* v) {
  const Block<W> b(x);
  return odd_tiny(b, v, -1.0 / 6, 1.0 / 120, 1.0) || not_finite_nan(b, v);
}
// tan: tiny |x| as sin (x + x^3/3 + 2x^5/15, truncation < 0.06 x^6 relative), inf and NaN give NaN.
template <std::size_t W>
bool short_tan(const float* x, double* v) {
  const Block<W> b(x);
  return odd_tiny(b, v, 1.0 / 3, 2.0 / 15, 1.0) || not_finite_nan(b, v);
}
template <std::size_t W>
bool short_cos(const float* x, double* v) {
  const Block<W> b(x);
  if (b.all_below(kTiny12)) {  // 1 - x^2/2 + x^4/24, truncation < x^6/720 < 2^-81
    const typename Vec<W>::D x2 = b.d * b.d;
    put<W>(v, 1.0 + x2 * (-0.5 + x2 * (1.0 / 24)));
    return true;
  }
  return not_finite_nan(b, v);
}
// Saturating odd functions: |x| >= Big (bits) gives sign(x) * sat.
template <std::size_t W, std::uint32_t Big>
bool odd_saturated(const Block<W>& b, double* v, double sat) {
  if (!b.all_at_least(Big)) return false;
  saturate(b, v, -sat, sat);
  return true;
}
// tanh: |x| >= 32 gives +-1 (1 - tanh 32 < 2^-91).
template <std::size_t W>
bool short_tanh(const float* x, double* v) {
  const Block<W> b(x);
  return odd_tiny(b, v, -1.0 / 3, 2.0 / 15, 1.0) || odd_saturated<W, 0x42000000u>(b, v, 1.0);
}
// sinh: |x| >= 1024 gives +-inf (sinh overflows double from 710.5).
template <std::size_t W>
bool short_sinh(const float* x, double* v) {
  const Block<W> b(x);
  return odd_tiny(b, v, 1.0 / 6, 1.0 / 120, 1.0) || odd_saturated<W, 0x44800000u>(b, v, kInfD);
}
// erf: (2/sqrt(pi)) (x - x^3/3 + x^5/10) for tiny |x|; |x| >= 6 gives +-1 (erfc 6 <
// 2^-55, below half a double ULP of 1).
template <std::size_t W>
bool short_erf(const float* x, double* v) {
  const Block<W> b(x);
  return odd_tiny(b, v, -1.0 / 3, 1.0 / 10, 0x1.20dd750429b6dp+0) ||
         odd_saturated<W, 0x40c00000u>(b, v, 1.0);
}

// log and log2 of float32 inputs, our own (SLEEF's u10 log is a double-double design
// and measured 4 ns per input on AVX2): x = m 2^k exactly with m in [sqrt(1/2),
// sqrt(2)) (every positive float32, subnormals included, is a normal double), and
// log m = 2 atanh(s) = 2s (1 + z/3 + z^2/5 + ... + z^10/21), s = (m-1)/(m+1), z = s^2.
// m - 1 and m + 1 are exact (m has 24 significant bits), |s| <= 0.1716, z <= 0.02944,
// so the truncated terms are < z^11/23 < 2^-60 relative. The roundings: s (1 ulp), the
// polynomial (about 2 ulp: P lies in [1, 1.01], every term after 1 is below 0.01) and
// 2sP (1 ulp), so log m has a
// relative error below 5 * 2^-53. Then log x = k ln2_hi + (k ln2_lo + log m) with
// ln2_hi of 33 significant bits (k ln2_hi exact for |k| <= 2^20), and log2 x =
// k + log(m) log2(e). For k != 0, |log x| >= |k| ln2 - |log m| >= 0.346 >= |log m|, so
// with the two final roundings the relative error of the result stays below 7 * 2^-53
// = 2^-50.2, i.e. 2^-26.2 float32 ULP (an ULP is at least 2^-24 of the value); for
// k = 0 it is that of log m. Held to 2^-25 float32 ULP (kOwnLogMaxErr); the exhaustive
// validation measures the actual figure. Zeros, negatives, inf and NaN take their IEEE
// values (log(+-0) = -inf, log(x < 0) = NaN, log(inf) = inf).
template <std::size_t W, bool Base2>
[[gnu::always_inline]] inline void own_log_block(const float* x, double* v) {
  using D = typename Vec<W>::D;
  typedef std::uint64_t U __attribute__((vector_size(8 * W)));
  typename Vec<W>::F f;
  std::memcpy(&f, x, sizeof f);
  const D xd = __builtin_convertvector(f, D);
  U b;
  std::memcpy(&b, &xd, sizeof b);
  const U mb = (b & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
  const U kb = ((b >> 52) & 0x7ffull) | 0x4330000000000000ull;  // 2^52 + biased exponent
  D m, kd;
  std::memcpy(&m, &mb, sizeof m);
  std::memcpy(&kd, &kb, sizeof kd);
  kd = kd - (0x1p52 + 1023.0);
  const typename Vec<W>::M big = m > 0x1.6a09e667f3bcdp+0;
  m = big ? m * 0.5 : m;
  kd = big ? kd + 1.0 : kd;
  const D s = (m - 1.0) / (m + 1.0);
  const D z = s * s;
  // Estrin's scheme (a short dependency chain; Horner's was latency-bound).
  const D z2 = z * z, z4 = z2 * z2, z8 = z4 * z4;
  const D q0 = 1.0 + z * (1.0 / 3), q1 = 1.0 / 5 + z * (1.0 / 7), q2 = 1.0 / 9 + z * (1.0 / 11);
  const D q3 = 1.0 / 13 + z * (1.0 / 15), q4 = 1.0 / 17 + z * (1.0 / 19);
  const D r0 = q0 + z2 * q1, r1 = q2 + z2 * q3, r2 = q4 + z2 * (1.0 / 21);
  const D p = (r0 + z4 * r1) + z8 * r2;
  const D r = (s + s) * p;
  D res;
  if constexpr (Base2) {
    res = kd + r * 0x1.71547652b82fep+0;
  } else {
    res = kd * 0x1.62e42fee00000p-1 + (kd * 0x1.a39ef35793c76p-33 + r);
  }
  const D zero = {};
  const typename Vec<W>::M ordinary = (xd > 0.0) & (xd < kInfD);
  const D special = xd == 0.0 ? zero - kInfD : xd < 0.0 ? zero + __builtin_nan("") : xd;
  put<W>(v, ordinary ? res : special);
}
inline constexpr double kOwnLogMaxErr = 0x1p-25;

}  // namespace

// v[i] = f(x[i]) over blocks of W inputs: Block computes one whole block, except where
// the shortcut S (above) takes it. The tail is padded with zeros in a local buffer.
template <std::size_t W, void (*Block)(const float*, double*), bool (*S)(const float*, double*)>
void run_blocks(const float* x, double* v, std::size_t n) {
  std::size_t i = 0;
  for (; i + W <= n; i += W)
    if (!S(x + i, v + i)) Block(x + i, v + i);
  if (i < n) {
    float xt[W] = {};
    double vt[W];
    std::memcpy(xt, x + i, (n - i) * sizeof(float));
    if (!S(xt, vt)) Block(xt, vt);
    std::memcpy(v + i, vt, (n - i) * sizeof(double));
  }
}

// A SLEEF vector function F as a block: Load converts W floats to a vector of doubles,
// Store writes one.
template <typename V, auto F, V (*Load)(const float*), void (*Store)(double*, V)>
void sleef_block(const float* x, double* v) {
  Store(v, F(Load(x)));
}

// Block, then the scalar libm function S (the trusted oracle) on every lane with
// Lo <= |x| <= Hi: where SLEEF's function is known to differ from it in kind (SLEEF's
// sinh overflows to inf for 709.78 < |x| <= 710.47, where sinh is still finite).
template <BatchOracleFn Block, double (*S)(double), double Lo, double Hi>
void run_patched(const float* x, double* v, std::size_t n) {
  Block(x, v, n);
  for (std::size_t i = 0; i < n; ++i) {
    const double a = std::fabs(static_cast<double>(x[i]));
    if (a >= Lo && a <= Hi) [[unlikely]] v[i] = S(static_cast<double>(x[i]));
  }
}
template <BatchOracleFn Block>
constexpr BatchOracleFn kSinhPatched = &run_patched<Block, ::sinh, 709.0, 711.0>;

// The thirteen rows of one ISA, in this order, for SLEEF functions Sleef_<f>d<W>_u10<ISA>;
// each unit defines kRun<fn, shortcut> (its block runner) before expanding it.
#define UF_ORACLE_STR2(x) #x
#define UF_ORACLE_STR(x) UF_ORACLE_STR2(x)
#define UF_ORACLE_ROW2(ref, runner, name) \
  {ref, "SLEEF " UF_ORACLE_STR(SLEEF_VERSION_MAJOR) "." UF_ORACLE_STR(SLEEF_VERSION_MINOR) "." \
   UF_ORACLE_STR(SLEEF_VERSION_PATCHLEVEL) " " name, runner}
#define UF_ORACLE_ROW(ref, fn, S) UF_ORACLE_ROW2(ref, (kRun<fn, S>), UF_ORACLE_STR(fn) " + shortcuts")
#define UF_ORACLE_ROW_SINH(fn, S) \
  UF_ORACLE_ROW2("sinh", (kSinhPatched<kRun<fn, S>>), \
                 UF_ORACLE_STR(fn) " + shortcuts (glibc sinh for 709 <= |x| <= 711)")
#define UF_ORACLE_FN(f, W, ISA) Sleef_##f##d##W##_u10##ISA
#define UF_ORACLE_SLEEF_LOG_ROWS(W, ISA)                         \
  UF_ORACLE_ROW("log", UF_ORACLE_FN(log, W, ISA), short_log<W>), \
      UF_ORACLE_ROW("log2", UF_ORACLE_FN(log2, W, ISA), short_log<W>)
#define UF_ORACLE_OWN_LOG_ROWS(W)                                                                  \
  {"log", "ulpforge log (float32 inputs, double atanh series, " #W "-wide)",                      \
   (run_blocks<W, own_log_block<W, false>, short_log<W>>), kOwnLogMaxErr},                          \
      {"log2", "ulpforge log2 (float32 inputs, double atanh series, " #W "-wide)",                  \
       (run_blocks<W, own_log_block<W, true>, short_log<W>>), kOwnLogMaxErr}
#define UF_ORACLE_TABLE(W, ISA, LOG_ROWS)                                                \
  {UF_ORACLE_ROW("exp", UF_ORACLE_FN(exp, W, ISA), short_exp<W>),                        \
   UF_ORACLE_ROW("exp2", UF_ORACLE_FN(exp2, W, ISA), short_exp2<W>),                     \
   UF_ORACLE_ROW("exp10", UF_ORACLE_FN(exp10, W, ISA), short_exp10<W>),                  \
   UF_ORACLE_ROW("expm1", UF_ORACLE_FN(expm1, W, ISA), short_expm1<W>),                  \
   LOG_ROWS,                                                                             \
   UF_ORACLE_ROW("log1p", UF_ORACLE_FN(log1p, W, ISA), short_log1p<W>),                  \
   UF_ORACLE_ROW("sin", UF_ORACLE_FN(sin, W, ISA), short_sin<W>),                        \
   UF_ORACLE_ROW("cos", UF_ORACLE_FN(cos, W, ISA), short_cos<W>),                        \
   UF_ORACLE_ROW("tan", UF_ORACLE_FN(tan, W, ISA), short_tan<W>),                        \
   UF_ORACLE_ROW("tanh", UF_ORACLE_FN(tanh, W, ISA), short_tanh<W>),                     \
   UF_ORACLE_ROW_SINH(UF_ORACLE_FN(sinh, W, ISA), short_sinh<W>),                        \
   UF_ORACLE_ROW("erf", UF_ORACLE_FN(erf, W, ISA), short_erf<W>)}

}  // namespace uf::eval::detail
