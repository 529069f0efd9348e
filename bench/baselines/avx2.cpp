// AVX2 baselines: compiled with -march=x86-64-v3 (bench/baselines/CMakeLists.txt).
#include <immintrin.h>
#include <sleef.h>

#include <xsimd/xsimd.hpp>

// Eigen's templates compiled here and in the other ISA's unit would share mangled names
// while holding different code (-march differs), and the linker keeps one of the two: a
// per-unit name for namespace Eigen keeps them apart. <Eigen/...> header names are not
// macro-expanded, so only the namespace changes.
#define Eigen UfbEigenAvx2
#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>
#undef Eigen
// Highway's static target follows -march (HWY_AVX2 / HWY_AVX3) and its functions live in a
// per-target namespace with internal linkage (HWY_API), so the two units cannot mix.
// Highway 1.0 also asks for PCLMUL and AES before it picks AVX2 or AVX3 as the static
// target; x86-64-v3/v4 do not include them and the math functions do not use them.
#define HWY_DISABLE_PCLMUL_AES 1
#include <hwy/highway.h>
#include <hwy/contrib/math/math-inl.h>

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
#define UFB_EIGEN UfbEigenAvx2

#include "bench/baselines/simd_impls.inc"
