// Independent MPFR ULP error for the targets tests (does not use eval/ulp): the same
// definition as eval/ulp.h, computed from the exact value at 160 bits.
//   ulp(v) = 2^(floor(log2|v|) - 23) for 2^-126 <= |v| < 2^127, 2^-149 below, 2^104 above;
//   NaN reference: 0 if y is NaN; y NaN otherwise: inf; infinite v: 0 iff y == v;
//   y = ±inf with v finite: inf on sign mismatch, 0 if |v| >= 2^128, else y counts as ±2^128.
#pragma once

#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "eval/reference.h"

namespace uf::targets::testing {

inline double mpfr_ulp_error(const eval::Reference& ref, float x, float y) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  mpfr_t xm, v, d;
  mpfr_inits2(160, xm, v, d, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_flt(xm, x, MPFR_RNDN);
  ref.exact(v, xm);
  double err;
  if (mpfr_nan_p(v)) {
    err = std::isnan(y) ? 0.0 : kInf;
  } else if (std::isnan(y)) {
    err = kInf;
  } else if (mpfr_inf_p(v)) {
    err = (std::isinf(y) && (y < 0) == (mpfr_sgn(v) < 0)) ? 0.0 : kInf;
  } else if (std::isinf(y) && (y < 0) != (mpfr_sgn(v) < 0) && !mpfr_zero_p(v)) {
    err = kInf;
  } else {
    mpfr_t a;
    mpfr_init2(a, 160);
    mpfr_abs(a, v, MPFR_RNDN);
    bool done = false;
    err = 0;
    if (std::isinf(y) && mpfr_cmp_d(a, 0x1p128) >= 0) done = true;  // err = 0
    if (!done) {
      long ue;
      if (mpfr_cmp_d(a, 0x1p-126) < 0) ue = -149;
      else if (mpfr_cmp_d(a, 0x1p127) >= 0) ue = 104;
      else ue = mpfr_get_exp(a) - 1 - 23;  // a = m 2^exp, m in [1/2, 1)
      if (std::isinf(y)) mpfr_set_d(d, std::copysign(0x1p128, y), MPFR_RNDN);
      else mpfr_set_flt(d, y, MPFR_RNDN);
      mpfr_sub(d, d, v, MPFR_RNDN);
      mpfr_abs(d, d, MPFR_RNDN);
      mpfr_div_2si(d, d, ue, MPFR_RNDN);
      err = mpfr_get_d(d, MPFR_RNDN);
    }
    mpfr_clear(a);
  }
  mpfr_clears(xm, v, d, static_cast<mpfr_ptr>(nullptr));
  return err;
}

// The correctly rounded float32 value of f(x) (subnormals honoured).
inline float mpfr_rounded(const eval::Reference& ref, float x) {
  mpfr_t xm, v;
  mpfr_inits2(160, xm, v, static_cast<mpfr_ptr>(nullptr));
  mpfr_set_flt(xm, x, MPFR_RNDN);
  ref.exact(v, xm);
  float r;
  if (mpfr_nan_p(v)) {
    r = std::numeric_limits<float>::quiet_NaN();
  } else {
    // Round to 24 bits with float32's exponent range, then convert exactly.
    mpfr_t w;
    mpfr_init2(w, 24);
    mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
    mpfr_set_emin(-148);
    mpfr_set_emax(128);
    int t = mpfr_set(w, v, MPFR_RNDN);
    t = mpfr_check_range(w, t, MPFR_RNDN);
    mpfr_subnormalize(w, t, MPFR_RNDN);
    mpfr_set_emin(emin);
    mpfr_set_emax(emax);
    r = mpfr_get_flt(w, MPFR_RNDN);
    mpfr_clear(w);
  }
  mpfr_clears(xm, v, static_cast<mpfr_ptr>(nullptr));
  return r;
}

inline std::uint32_t bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

inline float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

// "x = 1.5 (0x3fc00000, 0x1.8p+0)"
inline std::string describe(float x) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.9g (0x%08x, %a)", static_cast<double>(x), bits(x),
                static_cast<double>(x));
  return buf;
}

}  // namespace uf::targets::testing
