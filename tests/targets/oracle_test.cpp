// Batch oracles (eval/oracle.h): every one this CPU runs agrees with the trusted scalar
// oracle of the catalog reference of the same name within its stated bound, on 2^20
// random bit patterns, 2^18 inputs in [-16, 16] and the hard cases (specials, binade
// edges, integers, multiples of ln2 and pi/2, overflow and underflow thresholds). The
// check on every float32 input is oracle_exhaustive.cpp (label `exhaustive`).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "eval/oracle.h"
#include "eval/ulp.h"
#include "eval/verify.h"
#include "targets/target.h"
#include "tests/targets/oracle_check.h"

namespace uf::targets {
namespace {

// One catalog reference per name: the targets' and their holes' (a hole reference of the
// same name computes the same function).
std::map<std::string, const eval::Reference*> catalog_references() {
  std::map<std::string, const eval::Reference*> refs;
  for (const Target& t : catalog()) {
    refs.emplace(t.ref.name, &t.ref);
    for (const Hole& h : t.holes) refs.emplace(h.core_ref.name, &h.core_ref);
  }
  return refs;
}

float from_bits(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

std::vector<float> hard_cases() {
  std::vector<float> v;
  const float inf = std::numeric_limits<float>::infinity();
  for (float s : {1.0f, -1.0f}) {
    for (float a : {0.0f, inf, std::numeric_limits<float>::quiet_NaN(), 0x1p-149f, 0x1p-126f,
                    std::numeric_limits<float>::max(), 0.5f, 1.0f, 2.0f, 0x1.62e42ep+6f,
                    0x1.9fe368p+6f, 0x1.62e42ep+9f, 0x1.74385ap+9f, 0x1.34413p+8f, 0x1.43f6a8p+8f,
                    0x1.633ce8p+9f, 0x1.2p+4f, 0x1.8p+2f, 16384.0f, 1e30f, 0x1.921fb6p+0f,
                    0x1.921fb6p+1f})
      v.push_back(s * a);
    for (int k = -149; k <= 127; ++k) {
      const float p = std::ldexp(1.0f, k);
      v.push_back(s * p);
      v.push_back(s * std::nextafter(p, 0.0f));
      v.push_back(s * std::nextafter(p, inf));
    }
    for (int k = 0; k <= 1100; ++k) v.push_back(s * static_cast<float>(k));
    for (int k = 1; k <= 400; ++k) {
      for (double c : {0.69314718055994531, 1.5707963267948966, 0.30102999566398120}) {
        const float f = static_cast<float>(k * c);
        v.push_back(s * f);
        v.push_back(s * std::nextafter(f, 0.0f));
        v.push_back(s * std::nextafter(f, inf));
      }
    }
  }
  // log1p's pole and log's neighbourhood of 1.
  for (float a : {-1.0f, std::nextafter(-1.0f, 0.0f), std::nextafter(1.0f, 0.0f), std::nextafter(1.0f, 2.0f)})
    v.push_back(a);
  // Runs of 128 consecutive bit patterns across the edges of the oracles' shortcut
  // regions (eval/oracle_isa.h), so that whole blocks lie just inside and just outside
  // each region, not only blocks that straddle it.
  for (float edge : {0x1p-25f, 0x1p-12f, 1.0f, 6.0f, 32.0f, 64.0f, 512.0f, 1024.0f, 2048.0f,
                     std::numeric_limits<float>::infinity()}) {
    for (std::uint32_t sign : {0u, 0x80000000u}) {
      std::uint32_t b;
      std::memcpy(&b, &edge, 4);
      for (std::uint32_t k = b - 64; k < b + 64; ++k) v.push_back(from_bits(k | sign));
    }
  }
  for (std::uint32_t k = 0; k < 128; ++k) v.push_back(from_bits(0x80000000u | k));  // -0 and tiny negatives
  return v;
}

std::vector<float> sample_inputs() {
  std::vector<float> v = hard_cases();
  std::mt19937 rng(20261202);
  for (int i = 0; i < (1 << 20); ++i) v.push_back(from_bits(static_cast<std::uint32_t>(rng())));
  std::uniform_real_distribution<float> near(-16.0f, 16.0f);
  for (int i = 0; i < (1 << 18); ++i) v.push_back(near(rng));
  return v;
}

TEST(BatchOracle, EveryOracleAgreesWithItsTrustedScalarOracleWithinItsBound) {
  const auto refs = catalog_references();
  const std::vector<float> xs = sample_inputs();
  const auto oracles = eval::batch_oracles();
  if (oracles.empty()) GTEST_SKIP() << "no batch oracle on this CPU (needs avx2 + fma, x86-64)";
  std::set<std::string> covered;
  for (const eval::BatchOracle* o : oracles) {
    auto it = refs.find(o->ref);
    if (it == refs.end()) continue;  // a function no catalog target uses yet
    covered.insert(o->ref);
    testing::OracleCheck c;
    testing::check_oracle_block(*o, *it->second, xs.data(), xs.size(), c);
    std::printf("[ %-6s ] %-40s %zu inputs: error <= %.3g float32 ULP (%.3g double ULP) at x = %a, %llu MPFR\n",
                o->ref, o->impl, xs.size(), c.measured, c.measured * 0x1p29,
                static_cast<double>(c.worst_x), static_cast<unsigned long long>(c.mpfr));
    EXPECT_EQ(c.failures, 0u) << o->impl << ": " << c.first_failure;
    EXPECT_LE(c.measured, o->max_err) << o->impl;
  }
  // Every catalog reference with a SLEEF counterpart is covered.
  for (const char* name : {"exp", "exp2", "exp10", "expm1", "log", "log2", "log1p", "sin", "cos", "tan",
                           "tanh", "sinh", "erf"})
    EXPECT_TRUE(covered.count(name)) << name;
}

TEST(BatchOracle, CatalogReferencesCarryTheOracleOfTheirOwnFunction) {
  if (eval::batch_oracles().empty()) GTEST_SKIP() << "no batch oracle on this CPU (needs avx2 + fma, x86-64)";
  for (const auto& [name, ref] : catalog_references()) {
    if (!ref->batch) continue;
    EXPECT_EQ(name, ref->batch->ref);
    EXPECT_LT(ref->batch->max_err, eval::VerifyOptions{}.margin) << name;
  }
  // Shifted and composite hole references (f(r + shift), sin(r) - r, ...) have none.
  for (const char* name : {"sin_tail", "cos_tail", "log2_1p"}) {
    auto refs = catalog_references();
    auto it = refs.find(name);
    if (it != refs.end()) {
      EXPECT_EQ(it->second->batch, nullptr) << name;
    }
  }
  EXPECT_EQ(eval::batch_oracle("no such function"), nullptr);
}

TEST(BatchOracle, AvxFiveTwelveOraclesAreOfferedOnlyWhereTheCpuHasAvx512) {
  bool avx512 = false;
#if defined(__x86_64__)
  avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512cd");
#endif
  bool offered = false;
  for (const eval::BatchOracle* o : eval::batch_oracles()) offered |= std::string(o->isa) == "avx512";
  EXPECT_EQ(offered, avx512);
  if (!avx512) GTEST_SKIP() << "CPU lacks avx512f: only the AVX2 oracles are offered (checked)";
}

}  // namespace
}  // namespace uf::targets

namespace uf::targets {
namespace {

// The verifier with the batch oracle reports what it reports with the scalar oracle:
// max ULP, correctly rounded and over-bound counts, special mismatches and the worst
// inputs, bit for bit, for every catalog target's baseline kernel on two slices of
// 2^19 inputs (one positive, one negative).
TEST(BatchOracle, VerifierFiguresAreTheScalarOraclesOnEveryCatalogTarget) {
  if (eval::batch_oracles().empty()) GTEST_SKIP() << "no batch oracle on this CPU (needs avx2 + fma, x86-64)";
  int compared = 0;
  for (const Target& t : catalog()) {
    if (!t.ref.batch) continue;
    for (float lo : {0.7f, -3.1f}) {
      const float hi = eval::ordered_to_float(eval::float_to_ordered(lo) + (1 << 19) - 1);
      const eval::Domain dom{false, lo, hi};
      eval::VerifyOptions opt;
      opt.bound = t.baseline_max_ulp;
      const ir::Program k = t.baseline_kernel();
      const eval::VerifyReport fast = eval::verify_exhaustive(k, t.ref, dom, opt);
      opt.batch_oracle = false;
      const eval::VerifyReport slow = eval::verify_exhaustive(k, t.ref, dom, opt);
      SCOPED_TRACE(t.name + " on " + dom.describe());
      EXPECT_NE(fast.oracle.find("batch)"), std::string::npos) << fast.oracle;
      EXPECT_NE(slow.oracle.find("scalar"), std::string::npos) << slow.oracle;
      EXPECT_EQ(fast.max_ulp, slow.max_ulp);
      EXPECT_EQ(fast.correctly_rounded, slow.correctly_rounded);
      EXPECT_EQ(fast.over_bound, slow.over_bound);
      EXPECT_EQ(fast.special_mismatches, slow.special_mismatches);
      ASSERT_EQ(fast.worst.size(), slow.worst.size());
      for (std::size_t i = 0; i < fast.worst.size(); ++i) {
        EXPECT_EQ(std::memcmp(&fast.worst[i].x, &slow.worst[i].x, 4), 0) << i;
        EXPECT_EQ(std::memcmp(&fast.worst[i].y, &slow.worst[i].y, 4), 0) << i;
        EXPECT_EQ(fast.worst[i].ulp, slow.worst[i].ulp) << i;
      }
      ++compared;
    }
  }
  EXPECT_GE(compared, 16);
}

}  // namespace
}  // namespace uf::targets
