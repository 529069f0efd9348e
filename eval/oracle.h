// Batch oracles: f(x) in double precision over arrays of float32 inputs, vectorised
// (AVX-512 or AVX2, chosen at run time from the CPU's features), for the catalog
// references: SLEEF's double-precision u10 functions, closed forms for blocks in a
// saturated or tiny-argument region, and on AVX2 our own log and log2 (oracle_isa.h).
// The exhaustive verifier runs one over each block of inputs instead of one scalar libm
// call per input.
//
// Trust: SLEEF documents each u10 function as within 1.0 double ULP. The verifier does
// not rely on that alone: each oracle's error is validated against the trusted scalar
// oracle (glibc double, MPFR where the two disagree by more than the margin) on every
// float32 input (tests/targets/oracle_exhaustive.cpp, label `exhaustive`; a sampled check
// with 2^20 inputs and the hard cases runs in the default suite), and `max_err` below is
// an upper bound on what that validation measured, in float32 ULP of f(x). The verifier
// uses a batch oracle only when max_err is below its margin (VerifyOptions::margin), so
// every decision the double oracle could get wrong still goes to MPFR. Non-finite and
// zero results are validated to be the trusted oracle's, bit for bit. docs/proofs.md has
// the measured figures.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace uf::eval {

using BatchOracleFn = void (*)(const float* x, double* v, std::size_t n);

struct BatchOracle {
  const char* ref;   // reference name it computes ("exp", "log2", ...)
  const char* impl;  // e.g. "SLEEF 3.5.1 Sleef_expd8_u10avx512f"
  const char* isa;   // "avx512" or "avx2"
  BatchOracleFn run = nullptr;
  // Upper bound on |v - f(x)| / ulp32(f(x)) over every float32 x (validated).
  double max_err = 0;
};

// The fastest batch oracle for `ref_name` that this CPU can run (its features are read
// before any ISA-specific code runs), or nullptr when there is none (another function,
// a CPU without AVX2 + FMA, a non-x86 build, ULPFORGE_BATCH_ORACLE=off in the
// environment, which makes every verifier use the scalar oracle).
const BatchOracle* batch_oracle(std::string_view ref_name);

// Every batch oracle this CPU can run (all ISAs, fastest first per function): for tests.
std::vector<const BatchOracle*> batch_oracles();

// The bound every SLEEF u10 oracle is held to (float32 ULP of f(x)): 2^-26, i.e. 8
// double ULP. The validation must measure less; the verifier's default margin is 1e-6.
inline constexpr double kSleefU10MaxErr = 0x1p-26;

}  // namespace uf::eval
