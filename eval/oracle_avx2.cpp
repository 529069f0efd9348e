// AVX2 batch oracles: SLEEF's 4-wide double u10 functions. Compiled with
// -march=x86-64-v3 (eval/CMakeLists.txt); exports constant rows only (oracle_isa.h).
#include "eval/oracle_isa.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <sleef.h>

namespace uf::eval::detail {
namespace {

__m256d load4(const float* x) { return _mm256_cvtps_pd(_mm_loadu_ps(x)); }
void store4(double* v, __m256d a) { _mm256_storeu_pd(v, a); }

template <auto F, bool (*S)(const float*, double*)>
constexpr BatchOracleFn kRun = &run_blocks<4, sleef_block<__m256d, F, load4, store4>, S>;

}  // namespace

// log and log2 are our own (oracle_isa.h: 2.5x faster than SLEEF's here); their
// exhaustive validation ran on this unit. The AVX-512 unit keeps SLEEF's.
constinit const OracleRow kAvx2Oracles[kOracleRows] = UF_ORACLE_TABLE(4, avx2, UF_ORACLE_OWN_LOG_ROWS(4));

}  // namespace uf::eval::detail
#else
namespace uf::eval::detail {
constinit const OracleRow kAvx2Oracles[kOracleRows] = {};
}
#endif
