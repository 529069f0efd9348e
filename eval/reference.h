// References: the functions we approximate, in double (fast oracle) and in MPFR
// (exact arbiter), plus on-disk caches of reference values for point sets.
#pragma once

#include <mpfr.h>

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "eval/oracle.h"

namespace uf::eval {

struct Reference {
  std::string name;  // stable id used in cache keys, e.g. "exp"
  // Double-precision oracle (libm); error well below 1e-8 float32 ULP.
  std::function<double(double)> fast;
  // Exact value: sets rop = f(x) rounded to nearest at rop's precision.
  std::function<void(mpfr_t rop, const mpfr_t x)> exact;
  // Optional double oracle with a rigorous error bound: returns v and sets *err to a
  // bound on |v - f(x)| (absolute; +inf when no bound is known, e.g. after overflow,
  // a NaN, or an argument interval touching a singularity). When set, the verifier
  // trusts v only as far as *err allows and sends every input it cannot settle to
  // `exact`; when empty, `fast` is trusted with VerifyOptions::margin (catalog
  // references, whose libm error is far below that margin).
  std::function<double(double x, double* err)> fast_bounded = {};
  // Optional block form of fast_bounded over float32 inputs, value and bound bit for
  // bit those of fast_bounded (a NaN value may be any NaN); the verifier uses it when set.
  std::function<void(const float* x, double* value, double* err, std::size_t n)> fast_bounded_batch = {};
  // Optional vectorised `fast` over float32 inputs (eval/oracle.h: SLEEF, validated on
  // every float32 input). The verifier runs it over whole blocks in place of `fast`
  // when its validated error is below the margin; nullptr: `fast` per input.
  const BatchOracle* batch = nullptr;
  // Optional closed form of the Taylor coefficients: f^(k)(mid) / k!. The real-number
  // experiment's Taylor baseline uses it; empty: no Taylor baseline.
  std::function<double(double mid, int k)> taylor = {};
};

// f(x) computed with MPFR at `bits` precision (default 128) and rounded to double.
double exact_to_double(const Reference& ref, float x, int bits = 128);
// Exact ULP error of y at x, computed in MPFR (for arbitration near bounds).
double exact_ulp_error(const Reference& ref, float x, float y, int bits = 128);

// Reference values ref[i] = exact_to_double(f, x[i]) for a point set, computed in
// parallel. When cache_dir is non-empty the values are stored in and loaded from a
// file keyed by (reference name, hash of the points); a truncated, corrupt or
// mismatching cache file is detected (header, size, checksum), reported on stderr,
// and recomputed.
std::vector<double> reference_values(const Reference& ref, const std::vector<float>& x,
                                     const std::filesystem::path& cache_dir = {});

// Default cache location: $ULPFORGE_CACHE, else $XDG_CACHE_HOME/ulpforge, else
// ~/.cache/ulpforge.
std::filesystem::path default_cache_dir();

// MPFR keeps caches (constants such as log 2, memory pools) per thread, freed only on
// request. A thread the program starts itself (std::thread, not a TBB worker) that
// ran references, proofs or verifications calls this before it ends; otherwise its
// caches leak when it exits (LeakSanitizer reports them).
void release_thread_caches();

}  // namespace uf::eval
