// AVX-512 baselines: compiled with -march=x86-64-v4 (bench/baselines/CMakeLists.txt).
#include <immintrin.h>
#include <sleef.h>

#include <xsimd/xsimd.hpp>

#include "bench/baselines/registry.h"

#if !defined(__AVX512F__)
#error "avx512.cpp must be compiled with -march=x86-64-v4"
#endif

#define UFB_W 16
#define UFB_VEC __m512
#define UFB_LOAD _mm512_loadu_ps
#define UFB_STORE _mm512_storeu_ps
#define UFB_ISA CodeClass::Avx512
#define UFB_TABLE avx512_table
#define UFB_MVEC(f) _ZGVeN16v_##f
#define UFB_SLEEF(f, u) Sleef_##f##16_##u##avx512f
using UfbArch = xsimd::avx512bw;

#include "bench/baselines/simd_impls.inc"
