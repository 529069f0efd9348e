// Sanity of the benchmark baselines: every library symbol is wired to the function it
// claims to compute, vector tails are handled, and the inputs are reproducible.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>

#include "bench/baselines/registry.h"

namespace {

using uf::bench::Impl;
using uf::bench::CodeClass;

double ref(const std::string& f, double x) {
  if (f == "expf") return std::exp(x);
  if (f == "exp2f") return std::exp2(x);
  if (f == "logf") return std::log(x);
  if (f == "log2f") return std::log2(x);
  if (f == "sinf") return std::sin(x);
  if (f == "cosf") return std::cos(x);
  if (f == "tanhf") return std::tanh(x);
  if (f == "erff") return std::erf(x);
  if (f == "erfcf") return std::erfc(x);
  if (f == "exp10f") return std::pow(10.0, x);
  if (f == "expm1f") return std::expm1(x);
  if (f == "log1pf") return std::log1p(x);
  if (f == "sinhf") return std::sinh(x);
  if (f == "coshf") return std::cosh(x);
  if (f == "log10f") return std::log10(x);
  if (f == "atanf") return std::atan(x);
  if (f == "asinf") return std::asin(x);
  if (f == "acosf") return std::acos(x);
  if (f == "cbrtf") return std::cbrt(x);
  if (f == "atanhf") return std::atanh(x);
  if (f == "asinhf") return std::asinh(x);
  if (f == "acoshf") return std::acosh(x);
  if (f == "tanf") return std::tan(x);
  if (f == "sincosf") return std::sin(x);  // its first result; the second is checked apart
  ADD_FAILURE() << "no reference for " << f;
  return 0;
}

// A sub-interval of each function where every library (xsimd's exp included) is finite
// and accurate to far better than the tolerance below.
std::pair<float, float> safe_interval(const std::string& f) {
  if (f == "expf") return {-80, 80};
  if (f == "exp2f") return {-120, 120};
  if (f == "logf" || f == "log2f" || f == "log10f") return {1e-30f, 1e30f};
  if (f == "log1pf") return {-0.9f, 5};
  if (f == "asinf" || f == "acosf" || f == "atanhf") return {-0.999f, 0.999f};
  if (f == "acoshf") return {1.001f, 50};
  if (f == "sinf" || f == "cosf" || f == "sincosf") return {-3.14159f, 3.14159f};
  if (f == "tanf") return {-1.5f, 1.5f};
  return {-5, 5};
}

TEST(Baselines, EveryFunctionHasScalarAndVectorImplementations) {
  for (const auto& f : uf::bench::baseline_functions()) {
    std::set<std::string> libs;
    for (const auto& i : uf::bench::implementations(f)) libs.insert(i.library);
    EXPECT_TRUE(libs.count("glibc")) << f;
    if (uf::bench::isa_supported(uf::bench::CodeClass::Avx2)) {
      EXPECT_TRUE(libs.count("libmvec")) << f;
      // SLEEF has erfc only at 1.5 ULP (Sleef_erfcf*_u15).
      EXPECT_TRUE(libs.count(f == "erfcf" ? "sleef-u15" : "sleef-u10")) << f;
      EXPECT_TRUE(libs.count("xsimd")) << f;
    }
    EXPECT_FALSE(uf::bench::bench_domains(f).empty()) << f;
  }
}

// The peers: Highway 1.0's contrib/math has no exp2, exp10, cosh, cbrt, tan or erf; Eigen 3.4 is
// measured on the first eight functions but exp2 (it has none). Each row carries the
// library's documented bound (Highway's "Max Error"; Eigen states none).
TEST(Baselines, HighwayAndEigenRowsCoverEveryFunctionTheyProvide) {
  if (!uf::bench::isa_supported(CodeClass::Avx2)) GTEST_SKIP() << "CPU lacks AVX2 and FMA";
  const std::map<std::string, double> highway = {
      {"expf", 1},  {"logf", 4},   {"log2f", 2},  {"sinf", 3},   {"cosf", 3},  {"tanhf", 4},
      {"expm1f", 4}, {"log1pf", 2}, {"sinhf", 4}, {"log10f", 2}, {"atanf", 3},
      {"asinf", 2},  {"acosf", 2},  {"atanhf", 3}, {"asinhf", 3}, {"acoshf", 3}};
  const std::set<std::string> eigen = {"expf", "logf", "log2f", "sinf", "cosf", "tanhf", "erff"};
  for (const auto& f : uf::bench::baseline_functions()) {
    int hw = 0, ei = 0;
    for (const auto& i : uf::bench::implementations(f)) {
      if (i.isa != CodeClass::Avx2) continue;
      if (i.library == "highway") {
        ++hw;
        EXPECT_EQ(i.bound, highway.at(f)) << f;
      }
      if (i.library == "eigen") {
        ++ei;
        EXPECT_TRUE(std::isnan(i.bound)) << f;
      }
    }
    EXPECT_EQ(hw, highway.count(f) ? 1 : 0) << f;
    EXPECT_EQ(ei, eigen.count(f) ? 1 : 0) << f;
  }
}

// Counts the rows of an ISA class among the runnable and the not-runnable lists.
std::pair<int, int> rows_of(CodeClass isa) {
  int runnable = 0, not_runnable = 0;
  for (const Impl& i : uf::bench::implementations()) runnable += i.isa == isa;
  for (const Impl& i : uf::bench::unsupported_implementations()) not_runnable += i.isa == isa;
  return {runnable, not_runnable};
}

void expect_rows_follow_the_cpu(CodeClass isa) {
  const auto [runnable, not_runnable] = rows_of(isa);
  if (!uf::bench::isa_supported(isa)) {
    EXPECT_EQ(runnable, 0) << "rows of a class the CPU lacks must not be offered";
    EXPECT_GT(not_runnable, 0) << "the rows are compiled in and reported as not run";
    EXPECT_EQ(uf::bench::not_run_reason(isa),
              "not run: CPU lacks " + uf::bench::missing_cpu_feature(isa));
    GTEST_SKIP() << "CPU lacks " << uf::bench::missing_cpu_feature(isa) << ": "
                 << uf::bench::isa_name(isa) << " baselines not run";
  }
  EXPECT_GT(runnable, 0);
  EXPECT_EQ(not_runnable, 0);
  EXPECT_EQ(uf::bench::not_run_reason(isa), "");
}

TEST(Baselines, Avx2RowsRunOnlyWhereTheCpuHasAvx2AndFma) { expect_rows_follow_the_cpu(CodeClass::Avx2); }

TEST(Baselines, Avx512RowsRunOnlyWhereTheCpuHasAvx512) { expect_rows_follow_the_cpu(CodeClass::Avx512); }

// Set by the ctest that runs this binary under `qemu-x86_64 -cpu max`: the emulated CPU
// has AVX2 and no AVX-512, so the run above took the AVX2-only path.
TEST(Baselines, EmulatedAvx2OnlyCpuIsSeenWithoutAvx512) {
  if (!std::getenv("ULPFORGE_EXPECT_NO_AVX512")) GTEST_SKIP() << "not under the AVX2-only emulator";
  EXPECT_TRUE(uf::bench::isa_supported(CodeClass::Avx2));
  EXPECT_EQ(uf::bench::missing_cpu_feature(CodeClass::Avx512), "avx512f");
}

TEST(Baselines, EveryImplementationComputesItsFunction) {
  for (const Impl& impl : uf::bench::implementations()) {
    if (impl.library == "ulpforge") continue;
    auto [lo, hi] = safe_interval(impl.func);
    const auto x = uf::bench::make_inputs({impl.func, lo, hi, "safe"}, 257, 7);
    std::vector<float> y(x.size());
    impl.array(x.data(), y.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = ref(impl.func, x[i]);
      ASSERT_TRUE(std::isfinite(y[i])) << impl.id() << " x=" << x[i];
      // ~100 float ULP: catches a symbol wired to the wrong function or lane mix-ups,
      // not accuracy (that is measured exhaustively by baseline_accuracy).
      EXPECT_LE(std::fabs(y[i] - r), 1e-5 * std::fabs(r) + 1e-6)
          << impl.id() << " x=" << x[i] << " y=" << y[i] << " ref=" << r;
    }
    // A two-result row (sincosf) leaves its second result in the scratch array.
    if (impl.func != "sincosf") continue;
    const float* c = uf::bench::second_output(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
      const double r = std::cos(x[i]);
      EXPECT_LE(std::fabs(c[i] - r), 1e-5 * std::fabs(r) + 1e-6)
          << impl.id() << " cos x=" << x[i] << " y=" << c[i] << " ref=" << r;
    }
  }
}

TEST(Baselines, TailElementsMatchFullVectorResults) {
  for (const Impl& impl : uf::bench::implementations()) {
    auto [lo, hi] = safe_interval(impl.func);
    const auto x = uf::bench::make_inputs({impl.func, lo, hi, "safe"}, 37, 3);
    std::vector<float> all(x.size()), one(x.size());
    impl.array(x.data(), all.data(), x.size());  // 2 full AVX-512 vectors + tail of 5
    for (std::size_t i = 0; i < x.size(); ++i) impl.array(&x[i], &one[i], 1);
    for (std::size_t i = 0; i < x.size(); ++i)
      EXPECT_EQ(std::memcmp(&all[i], &one[i], sizeof(float)), 0)
          << impl.id() << " lane " << i << " x=" << x[i];
  }
}

TEST(Baselines, InputsAreReproducibleAndInsideTheDomain) {
  for (const auto& d : uf::bench::bench_domains()) {
    const auto a = uf::bench::make_inputs(d, 4096);
    const auto b = uf::bench::make_inputs(d, 4096);
    ASSERT_EQ(a.size(), 4096u);
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0) << d.label;
    for (float v : a) {
      ASSERT_GE(v, d.lo) << d.func << " " << d.label;
      ASSERT_LE(v, d.hi) << d.func << " " << d.label;
    }
  }
}

TEST(Baselines, WideLogDomainsCoverManyBinades) {
  // (0, FLT_MAX] is sampled by bit pattern: values below 1e-20 and above 1e20 appear.
  const auto d = uf::bench::bench_domains("logf").front();
  const auto x = uf::bench::make_inputs(d, 4096);
  int tiny = 0, huge = 0;
  for (float v : x) {
    tiny += v < 1e-20f;
    huge += v > 1e20f;
  }
  EXPECT_GT(tiny, 100);
  EXPECT_GT(huge, 100);
}

TEST(Baselines, FileSafeLabels) {
  EXPECT_EQ(uf::bench::file_safe("[-87.5,89]"), "m87.5_89");
  EXPECT_EQ(uf::bench::file_safe("(0,FLT_MAX]"), "0_FLT_MAX");
}

}  // namespace
