// Internal to eval/oracle.cpp and its per-ISA units (oracle_avx2.cpp, oracle_avx512.cpp,
// compiled with -march=x86-64-v3 / -v4): the units export constant rows only (strings
// and function pointers, no static initialisers), so nothing compiled for an ISA runs
// before oracle.cpp has checked the CPU.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstring>

#include "eval/oracle.h"

namespace uf::eval::detail {

struct OracleRow {
  const char* ref;
  const char* impl;
  BatchOracleFn run;
};

inline constexpr std::size_t kOracleRows = 12;
extern const OracleRow kAvx2Oracles[kOracleRows];
extern const OracleRow kAvx512Oracles[kOracleRows];

// v[i] = F(x[i]) with W-wide vectors: Load converts W floats to a vector of doubles,
// Store writes one. The tail is padded with zeros in a local buffer.
template <std::size_t W, typename V, auto F, V (*Load)(const float*), void (*Store)(double*, V)>
void run_blocks(const float* x, double* v, std::size_t n) {
  std::size_t i = 0;
  for (; i + W <= n; i += W) Store(v + i, F(Load(x + i)));
  if (i < n) {
    float xt[W] = {};
    double vt[W];
    std::memcpy(xt, x + i, (n - i) * sizeof(float));
    Store(vt, F(Load(xt)));
    std::memcpy(v + i, vt, (n - i) * sizeof(double));
  }
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

// The twelve rows of one ISA, in this order, for SLEEF functions Sleef_<f>d<W>_u10<ISA>;
// each unit defines kRun<fn> (its block runner) before expanding it.
#define UF_ORACLE_STR2(x) #x
#define UF_ORACLE_STR(x) UF_ORACLE_STR2(x)
#define UF_ORACLE_ROW2(ref, runner, name) \
  {ref, "SLEEF " UF_ORACLE_STR(SLEEF_VERSION_MAJOR) "." UF_ORACLE_STR(SLEEF_VERSION_MINOR) "." \
   UF_ORACLE_STR(SLEEF_VERSION_PATCHLEVEL) " " name, runner}
#define UF_ORACLE_ROW(ref, fn) UF_ORACLE_ROW2(ref, kRun<fn>, UF_ORACLE_STR(fn))
#define UF_ORACLE_ROW_SINH(fn) \
  UF_ORACLE_ROW2("sinh", kSinhPatched<kRun<fn>>, UF_ORACLE_STR(fn) " (glibc sinh for 709 <= |x| <= 711)")
#define UF_ORACLE_FN(f, W, ISA) Sleef_##f##d##W##_u10##ISA
#define UF_ORACLE_TABLE(W, ISA)                                                          \
  {UF_ORACLE_ROW("exp", UF_ORACLE_FN(exp, W, ISA)),                                      \
   UF_ORACLE_ROW("exp2", UF_ORACLE_FN(exp2, W, ISA)),                                    \
   UF_ORACLE_ROW("exp10", UF_ORACLE_FN(exp10, W, ISA)),                                  \
   UF_ORACLE_ROW("expm1", UF_ORACLE_FN(expm1, W, ISA)),                                  \
   UF_ORACLE_ROW("log", UF_ORACLE_FN(log, W, ISA)),                                      \
   UF_ORACLE_ROW("log2", UF_ORACLE_FN(log2, W, ISA)),                                    \
   UF_ORACLE_ROW("log1p", UF_ORACLE_FN(log1p, W, ISA)),                                  \
   UF_ORACLE_ROW("sin", UF_ORACLE_FN(sin, W, ISA)),                                      \
   UF_ORACLE_ROW("cos", UF_ORACLE_FN(cos, W, ISA)),                                      \
   UF_ORACLE_ROW("tanh", UF_ORACLE_FN(tanh, W, ISA)),                                    \
   UF_ORACLE_ROW_SINH(UF_ORACLE_FN(sinh, W, ISA)),                                    \
   UF_ORACLE_ROW("erf", UF_ORACLE_FN(erf, W, ISA))}

}  // namespace uf::eval::detail
