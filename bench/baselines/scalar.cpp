// glibc libm scalar baselines: a plain loop over the array calling the libm function.
// The tree is compiled without fast-math flags, so the compiler neither vectorises these
// calls into libmvec nor replaces them with builtins: each element costs one libm call.
#include <cmath>
#include <iterator>
#include <limits>

#include "bench/baselines/registry.h"

namespace uf::bench {
namespace {

template <float (*F)(float)>
void loop(const float* in, float* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F(in[i]);
}

float c_expf(float x) { return ::expf(x); }
float c_exp2f(float x) { return ::exp2f(x); }
float c_logf(float x) { return ::logf(x); }
float c_log2f(float x) { return ::log2f(x); }
float c_sinf(float x) { return ::sinf(x); }
float c_cosf(float x) { return ::cosf(x); }
float c_tanhf(float x) { return ::tanhf(x); }
float c_erff(float x) { return ::erff(x); }
float c_erfcf(float x) { return ::erfcf(x); }
float c_exp10f(float x) { return ::exp10f(x); }
float c_expm1f(float x) { return ::expm1f(x); }
float c_log1pf(float x) { return ::log1pf(x); }
float c_sinhf(float x) { return ::sinhf(x); }
float c_coshf(float x) { return ::coshf(x); }
float c_log10f(float x) { return ::log10f(x); }
float c_atanf(float x) { return ::atanf(x); }
float c_asinf(float x) { return ::asinf(x); }
float c_acosf(float x) { return ::acosf(x); }
float c_cbrtf(float x) { return ::cbrtf(x); }
float c_atanhf(float x) { return ::atanhf(x); }
float c_asinhf(float x) { return ::asinhf(x); }
float c_acoshf(float x) { return ::acoshf(x); }
float c_tanf(float x) { return ::tanf(x); }

// sincosf: sines to out, cosines to the scratch array (registry.h).
void loop_sincosf(const float* in, float* out, std::size_t n) {
  float* c = second_output(n);
  for (std::size_t i = 0; i < n; ++i) ::sincosf(in[i], out + i, c + i);
}

}  // namespace

namespace {
// glibc documents no error bound for these (its manual lists measured test maxima).
constexpr double none = std::numeric_limits<double>::quiet_NaN();
constexpr ImplEntry kEntries[] = {
      {"expf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_expf>},
      {"exp2f", "glibc", "libm", CodeClass::Scalar, none, &loop<c_exp2f>},
      {"logf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_logf>},
      {"log2f", "glibc", "libm", CodeClass::Scalar, none, &loop<c_log2f>},
      {"sinf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_sinf>},
      {"cosf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_cosf>},
      {"tanhf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_tanhf>},
      {"erff", "glibc", "libm", CodeClass::Scalar, none, &loop<c_erff>},
      {"erfcf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_erfcf>},
      {"exp10f", "glibc", "libm", CodeClass::Scalar, none, &loop<c_exp10f>},
      {"expm1f", "glibc", "libm", CodeClass::Scalar, none, &loop<c_expm1f>},
      {"log1pf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_log1pf>},
      {"sinhf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_sinhf>},
      {"coshf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_coshf>},
      {"log10f", "glibc", "libm", CodeClass::Scalar, none, &loop<c_log10f>},
      {"atanf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_atanf>},
      {"asinf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_asinf>},
      {"acosf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_acosf>},
      {"cbrtf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_cbrtf>},
      {"atanhf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_atanhf>},
      {"asinhf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_asinhf>},
      {"acoshf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_acoshf>},
      {"tanf", "glibc", "libm", CodeClass::Scalar, none, &loop<c_tanf>},
      {"sincosf", "glibc", "libm", CodeClass::Scalar, none, &loop_sincosf},
};
}  // namespace

constinit const ImplTable scalar_table = {kEntries, std::size(kEntries)};

}  // namespace uf::bench
