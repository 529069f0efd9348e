// AVX-512 batch oracles: SLEEF's 8-wide double u10 functions. Compiled with
// -march=x86-64-v4 (eval/CMakeLists.txt); exports constant rows only (oracle_isa.h).
#include "eval/oracle_isa.h"

#if defined(__x86_64__)
#include <immintrin.h>
#include <sleef.h>

namespace uf::eval::detail {
namespace {

__m512d load8(const float* x) { return _mm512_cvtps_pd(_mm256_loadu_ps(x)); }
void store8(double* v, __m512d a) { _mm512_storeu_pd(v, a); }

template <auto F, bool (*S)(const float*, double*)>
constexpr BatchOracleFn kRun = &run_blocks<8, sleef_block<__m512d, F, load8, store8>, S>;

}  // namespace

constinit const OracleRow kAvx512Oracles[kOracleRows] = UF_ORACLE_TABLE(8, avx512f, UF_ORACLE_SLEEF_LOG_ROWS(8, avx512f));

}  // namespace uf::eval::detail
#else
namespace uf::eval::detail {
constinit const OracleRow kAvx512Oracles[kOracleRows] = {};
}
#endif
