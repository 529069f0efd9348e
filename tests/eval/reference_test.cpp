// MPFR references and the on-disk reference cache.
#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <limits>
#include <string>

#include "eval/reference.h"
#include "eval/score.h"
#include "eval/ulp.h"
#include "tests/support/files.h"

namespace {

namespace fs = std::filesystem;
using uf::eval::Reference;

Reference exp_ref() {
  return Reference{"exp", [](double x) { return std::exp(x); },
                   [](mpfr_ptr r, mpfr_srcptr x) { mpfr_exp(r, x, MPFR_RNDN); }};
}

TEST(ExactUlpError, IsAnUpperBoundEvenAtLowPrecision) {
  // At 40 bits v = f(x) carries a relative error up to 2^-41: the computed error must
  // still be >= the error against a 600-bit value (the truth to ~2^-570), never below.
  const Reference r = exp_ref();
  int above = 0;
  for (int i = 0; i < 2000; ++i) {
    const float x = -10.0f + 0.01f * static_cast<float>(i);
    const float y = std::nextafter(static_cast<float>(std::exp(static_cast<double>(x))), 0.0f);
    const double low = uf::eval::exact_ulp_error(r, x, y, 40);
    const double high = uf::eval::exact_ulp_error(r, x, y, 600);
    ASSERT_GE(low, high) << "x = " << x;
    above += low > high;
  }
  EXPECT_GT(above, 1000) << "the slack for the 40-bit rounding of f(x) is visible";
}

TEST(ExactUlpError, ExactReferenceValuesGiveZeroError) {
  // exp(0) = 1 exactly: MPFR reports it exact, so no slack is added.
  EXPECT_EQ(uf::eval::exact_ulp_error(exp_ref(), 0.0f, 1.0f), 0.0);
  EXPECT_EQ(uf::eval::exact_ulp_error(exp_ref(), 0.0f, std::nextafter(1.0f, 2.0f)), 1.0);
}

using uf::test::ScratchDir;
using uf::test::slurp;

// The one file in `dir`.
fs::path only_file(const fs::path& dir) {
  fs::path f;
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    f = e.path();
    ++n;
  }
  EXPECT_EQ(n, 1);
  return f;
}

TEST(Reference, ExactValueIsRoundedToNearestDouble) {
  const Reference r = exp_ref();
  EXPECT_EQ(uf::eval::exact_to_double(r, 1.0f), 0x1.5bf0a8b145769p+1);  // e
  EXPECT_EQ(uf::eval::exact_to_double(r, 0.0f), 1.0);
  EXPECT_EQ(uf::eval::exact_to_double(r, -std::numeric_limits<float>::infinity()), 0.0);
  EXPECT_TRUE(std::isnan(uf::eval::exact_to_double(r, std::numeric_limits<float>::quiet_NaN())));
}

TEST(Reference, ExactUlpErrorAgreesWithTheDoubleDefinition) {
  const Reference r = exp_ref();
  for (float x : {-80.0f, -1.5f, -0.1f, 0.3f, 1.0f, 10.0f, 70.0f}) {
    const double v = std::exp(static_cast<double>(x));
    for (float y : {static_cast<float>(v), std::nextafter(static_cast<float>(v), 0.0f),
                    static_cast<float>(v) * 1.001f}) {
      EXPECT_NEAR(uf::eval::exact_ulp_error(r, x, y), uf::eval::ulp_error(y, v), 1e-7)
          << x << " " << y;
    }
  }
}

TEST(Reference, ExactUlpErrorSpecialValues) {
  const Reference r = exp_ref();
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_EQ(uf::eval::exact_ulp_error(r, 89.0f, inf), 0.0);          // e^89 > 2^128
  EXPECT_GT(uf::eval::exact_ulp_error(r, 89.0f, FLT_MAX), 1.0);
  EXPECT_EQ(uf::eval::exact_ulp_error(r, inf, inf), 0.0);
  EXPECT_EQ(uf::eval::exact_ulp_error(r, inf, FLT_MAX), std::numeric_limits<double>::infinity());
  EXPECT_EQ(uf::eval::exact_ulp_error(r, 1.0f, -inf), std::numeric_limits<double>::infinity());
  EXPECT_EQ(uf::eval::exact_ulp_error(r, 1.0f, std::nanf("")), std::numeric_limits<double>::infinity());
  EXPECT_EQ(uf::eval::exact_ulp_error(r, std::nanf(""), std::nanf("")), 0.0);
  // Deep underflow: e^-104 is about 2^-150.04, so 0 is within half a subnormal step.
  const double e = uf::eval::exact_ulp_error(r, -104.0f, 0.0f);
  EXPECT_GT(e, 0.45);
  EXPECT_LT(e, 0.5);
}

TEST(Reference, ValuesAreComputedInParallelAndCached) {
  const ScratchDir dir("refcache-ok");
  const Reference r = exp_ref();
  const std::vector<float> x = uf::eval::stratified_sample(-10.0f, 10.0f, 3000);
  const std::vector<double> v = uf::eval::reference_values(r, x, dir.path());
  ASSERT_EQ(v.size(), x.size());
  for (std::size_t i = 0; i < x.size(); i += 97) {
    EXPECT_EQ(v[i], uf::eval::exact_to_double(r, x[i]));
  }
  const fs::path file = only_file(dir);
  const std::string before = slurp(file);
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(uf::eval::reference_values(r, x, dir.path()), v);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(slurp(file), before);
  // No cache directory: computed, nothing written.
  EXPECT_EQ(uf::eval::reference_values(r, x), v);
}

// Damages the cache file with `damage`, then expects a warning naming `why`, correct
// values, and a rewritten (valid again) file.
void expect_recomputed(const std::string& tag, const std::function<void(const fs::path&)>& damage,
                       const std::string& why) {
  const ScratchDir dir(tag);
  const Reference r = exp_ref();
  const std::vector<float> x = uf::eval::stratified_sample(0.5f, 4.0f, 1000);
  const std::vector<double> v = uf::eval::reference_values(r, x, dir.path());
  const fs::path file = only_file(dir);
  const std::string good = slurp(file);
  damage(file);
  ASSERT_NE(slurp(file), good);
  ::testing::internal::CaptureStderr();
  const std::vector<double> again = uf::eval::reference_values(r, x, dir.path());
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(err.find(why), std::string::npos) << err;
  EXPECT_NE(err.find("recomputing"), std::string::npos) << err;
  EXPECT_EQ(again, v);
  EXPECT_EQ(slurp(file), good);  // rewritten
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(uf::eval::reference_values(r, x, dir.path()), v);
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
}

TEST(Reference, CorruptCacheFileIsDetectedAndRecomputed) {
  expect_recomputed("refcache-corrupt",
                    [](const fs::path& f) {
                      std::string s = slurp(f);
                      s[s.size() / 2] ^= 0x10;  // a payload byte
                      uf::test::write_file(f, s);
                    },
                    "checksum");
}

TEST(Reference, TruncatedCacheFileIsDetectedAndRecomputed) {
  expect_recomputed("refcache-trunc",
                    [](const fs::path& f) {
                      std::string s = slurp(f);
                      uf::test::write_file(f, s.substr(0, s.size() - 100));
                    },
                    "truncated");
}

TEST(Reference, WrongHeaderIsDetectedAndRecomputed) {
  expect_recomputed("refcache-magic",
                    [](const fs::path& f) {
                      std::string s = slurp(f);
                      s[0] = 'X';
                      uf::test::write_file(f, s);
                    },
                    "bad header");
  expect_recomputed("refcache-version",
                    [](const fs::path& f) {
                      std::string s = slurp(f);
                      s[8] ^= 0x7f;  // format version
                      uf::test::write_file(f, s);
                    },
                    "mismatching header");
}

TEST(Reference, CacheOfAnotherPointSetIsNotTrusted) {
  const ScratchDir dir("refcache-other");
  const Reference r = exp_ref();
  const std::vector<float> a = uf::eval::stratified_sample(0.5f, 4.0f, 500);
  std::vector<float> b = a;
  b[10] = 3.25f;
  uf::eval::reference_values(r, a, dir.path());
  const fs::path fa = only_file(dir);
  const std::vector<double> vb = uf::eval::reference_values(r, b, dir.path());
  fs::path fb;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    if (e.path() != fa) fb = e.path();
  }
  ASSERT_FALSE(fb.empty());
  fs::copy_file(fa, fb, fs::copy_options::overwrite_existing);  // a's values under b's name
  ::testing::internal::CaptureStderr();
  EXPECT_EQ(uf::eval::reference_values(r, b, dir.path()), vb);
  EXPECT_NE(::testing::internal::GetCapturedStderr().find("mismatching header"), std::string::npos);
}

TEST(Reference, DefaultCacheDirFollowsTheEnvironment) {
  const char* old = std::getenv("ULPFORGE_CACHE");
  const std::string saved = old ? old : "";
  ::setenv("ULPFORGE_CACHE", "/tmp/uf-cache-test", 1);
  EXPECT_EQ(uf::eval::default_cache_dir(), fs::path("/tmp/uf-cache-test"));
  ::unsetenv("ULPFORGE_CACHE");
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  if (xdg && *xdg) {
    EXPECT_EQ(uf::eval::default_cache_dir(), fs::path(xdg) / "ulpforge");
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    EXPECT_EQ(uf::eval::default_cache_dir(), fs::path(home) / ".cache" / "ulpforge");
  }
  if (old) ::setenv("ULPFORGE_CACHE", saved.c_str(), 1);
}

}  // namespace
