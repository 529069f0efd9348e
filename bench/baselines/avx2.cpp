// AVX2 baselines: compiled with -march=x86-64-v3 (bench/baselines/CMakeLists.txt).
#include <immintrin.h>
#include <sleef.h>

#include <xsimd/xsimd.hpp>

#include "bench/baselines/registry.h"

#if !defined(__AVX2__) || !defined(__FMA__)
#error "avx2.cpp must be compiled with -march=x86-64-v3"
#endif

#define UFB_W 8
#define UFB_VEC __m256
#define UFB_LOAD _mm256_loadu_ps
#define UFB_STORE _mm256_storeu_ps
#define UFB_ISA CodeClass::Avx2
#define UFB_TABLE avx2_table
#define UFB_MVEC(f) _ZGVdN8v_##f
#define UFB_SLEEF(f, u) Sleef_##f##8_##u##avx2
using UfbArch = xsimd::fma3<xsimd::avx2>;

#include "bench/baselines/simd_impls.inc"
