// Exhaustive proof of every catalog target's baseline kernel: eval::verify_exhaustive
// over the whole proven domain (2^32 inputs for full-range targets) must hold the
// documented bound Target::baseline_max_ulp with no special-value mismatch.
// Label `exhaustive`; the measured results are recorded in docs/baselines.md.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "eval/verify.h"
#include "targets/target.h"

namespace uf::targets {
namespace {

std::vector<std::string> target_names() {
  std::vector<std::string> v;
  for (const Target& t : catalog()) v.push_back(t.name);
  return v;
}

class Exhaustive : public ::testing::TestWithParam<std::string> {};

TEST_P(Exhaustive, BaselineKernelHoldsDocumentedBoundOverWholeDomain) {
  const Target* t = find(GetParam());
  ASSERT_NE(t, nullptr);
  eval::VerifyOptions opt;
  opt.bound = t->baseline_max_ulp;
  const eval::VerifyReport rep = eval::verify_exhaustive(t->baseline_kernel(), t->ref, t->domain, opt);
  std::printf("[ %s ] domain %s: %llu inputs, max ULP %.6f, mean %.6f, %.4f%% correctly rounded, "
              "%llu special mismatches, %.1f s\n",
              t->name.c_str(), t->domain.describe().c_str(),
              static_cast<unsigned long long>(rep.inputs), rep.max_ulp, rep.mean_ulp,
              rep.inputs ? 100.0 * static_cast<double>(rep.correctly_rounded) /
                               static_cast<double>(rep.inputs)
                         : 0.0,
              static_cast<unsigned long long>(rep.special_mismatches), rep.seconds);
  EXPECT_EQ(rep.inputs, t->domain.size());
  EXPECT_TRUE(rep.holds()) << rep.to_text();
  EXPECT_LE(rep.max_ulp, t->baseline_max_ulp) << rep.to_text();
}

INSTANTIATE_TEST_SUITE_P(Catalog, Exhaustive, ::testing::ValuesIn(target_names()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace uf::targets
