// Validation of a batch oracle (eval/oracle.h) against the trusted scalar oracle, shared
// by the sampled check (oracle_test.cpp, default suite) and the check on every float32
// input (oracle_exhaustive.cpp, label `exhaustive`).
//
// Per input x, with g = ref.fast(x) (glibc double, whose error the verifier already
// trusts to be below kTrustedErr float32 ULP) and s the batch oracle's value:
//  - g NaN: s must be NaN; g = ±inf: s must be the same infinity; g finite: s finite;
//  - delta = |s - g| / ulp32 (the smaller of ulp32(g), ulp32(s); above 2^129, where the
//    float32 ULP of the verifier is 2^104 whatever v, the double ULP scaled by 2^29
//    instead: a relative measure); the error of s is then
//    at most delta + kTrustedErr. Where that exceeds the oracle's max_err, MPFR decides:
//    the error |s - f(x)| / ulp32(f(x)) at 256 bits must be at most max_err.
// `measured` is the largest error so established (delta + kTrustedErr, or the MPFR one).
#pragma once

#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "eval/oracle.h"
#include "eval/reference.h"
#include "eval/ulp.h"

namespace uf::targets::testing {

inline constexpr double kTrustedErr = 0x1p-28;  // glibc double, in float32 ULP of f(x)

struct OracleCheck {
  std::uint64_t inputs = 0, mpfr = 0, failures = 0;
  double measured = 0;  // float32 ULP
  float worst_x = 0;
  std::string first_failure;
};

// |s - f(x)| / ulp32(f(x)) at 256 bits, rounded up.
inline double mpfr_oracle_error(const eval::Reference& ref, float x, double s) {
  mpfr_t xm, v, d;
  mpfr_inits2(256, xm, v, d, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_flt(xm, x, MPFR_RNDN);
  ref.exact(v, xm);
  long ue;
  if (mpfr_zero_p(v) || mpfr_get_exp(v) - 1 < -126) ue = -149;
  else if (mpfr_get_exp(v) - 1 >= 129) ue = mpfr_get_exp(v) - 1 - 23;  // relative (see below)
  else if (mpfr_get_exp(v) - 1 >= 127) ue = 104;
  else ue = mpfr_get_exp(v) - 1 - 23;
  mpfr_set_d(d, s, MPFR_RNDN);
  mpfr_sub(d, d, v, MPFR_RNDA);
  mpfr_abs(d, d, MPFR_RNDN);
  mpfr_div_2si(d, d, ue, MPFR_RNDN);
  const double e = mpfr_get_d(d, MPFR_RNDU) + 0x1p-200;  // v's own rounding at 256 bits
  mpfr_clears(xm, v, d, static_cast<mpfr_ptr>(nullptr));
  return e;
}

inline void check_oracle_block(const eval::BatchOracle& o, const eval::Reference& ref,
                               const float* x, std::size_t n, OracleCheck& c) {
  std::vector<double> s(n);
  o.run(x, s.data(), n);
  for (std::size_t i = 0; i < n; ++i) {
    const double g = ref.fast(static_cast<double>(x[i]));
    bool ok;
    double err = 0;
    if (std::isnan(g)) {
      ok = std::isnan(s[i]);
    } else if (std::isinf(g)) {
      ok = s[i] == g;
    } else if (!std::isfinite(s[i])) {
      ok = false;
    } else {
      // Above 2^129 every finite float32 is >= 2^24 ULP away and ±inf scores 0 on both
      // sides of any v >= 2^128, so there the error is measured relative to v: in
      // double ULP, scaled by 2^-29 (a double ULP in float32 ULP of a normal binade).
      const bool huge = std::fabs(g) >= 0x1p129 && std::fabs(s[i]) >= 0x1p129;
      const double u =
          huge ? std::ldexp(1.0, std::ilogb(std::min(std::fabs(g), std::fabs(s[i]))) - 23)
               : std::min(eval::ulp_of(g), eval::ulp_of(s[i]));
      err = std::fabs(s[i] - g) / u + kTrustedErr;
      if (err > o.max_err) {
        err = mpfr_oracle_error(ref, x[i], s[i]);
        ++c.mpfr;
      }
      ok = err <= o.max_err;
    }
    if (err > c.measured) {
      c.measured = err;
      c.worst_x = x[i];
    }
    if (!ok && c.failures++ == 0) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "x = %a: %s gives %a, the trusted oracle %a", static_cast<double>(x[i]),
                    o.impl, s[i], g);
      c.first_failure = buf;
    }
  }
  c.inputs += n;
}

}  // namespace uf::targets::testing
