// Every float32 input (2^32) of the hand-built expf kernel: the verifier's full-range
// path (NaN patterns, infinities, overflow and underflow, subnormal results), its
// streaming, and its agreement with an independent sampled MPFR computation.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>

#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/score.h"
#include "eval/verify.h"
#include "ir/semantics.h"
#include "tests/eval/expf_kernel.h"

namespace {

TEST(VerifierExhaustive, ExpfKernelOverAllFloatsAgreesWithSampledMpfr) {
  const auto kernel = uf::eval::testing::expf_kernel();
  const auto ref = uf::eval::testing::exp_reference();
  uf::eval::VerifyOptions opt;
  opt.progress = true;
  opt.bound = 1.0;
  const uf::eval::VerifyReport r = uf::eval::verify_exhaustive(kernel, ref, uf::eval::Domain{}, opt);
  std::printf("%s", r.to_text().c_str());
  EXPECT_EQ(r.inputs, std::uint64_t{1} << 32);
  EXPECT_EQ(r.special_mismatches, 0u);  // NaN -> NaN, +inf -> inf, -inf -> 0
  std::uint64_t total = 0;
  for (auto c : r.hist_counts) total += c;
  EXPECT_EQ(total, r.inputs);

  // Independent check: MPFR on a stratified sample of the finite floats plus every
  // reported worst input; the sample can only find errors up to the exhaustive maximum.
  double sampled = 0;
  const float fmax = std::numeric_limits<float>::max();
  for (float x : uf::eval::stratified_sample(-fmax, fmax, 200000)) {
    sampled = std::max(sampled, uf::eval::exact_ulp_error(ref, x, uf::ir::sem::run_scalar(kernel, x)));
  }
  EXPECT_LE(sampled, r.max_ulp);
  EXPECT_GT(sampled, 0.5 * r.max_ulp);
  for (const auto& w : r.worst) {
    EXPECT_EQ(w.y, uf::ir::sem::run_scalar(kernel, w.x));
    EXPECT_EQ(w.ulp, uf::eval::exact_ulp_error(ref, w.x, w.y));
  }
  ASSERT_FALSE(r.worst.empty());
  EXPECT_EQ(r.worst[0].ulp, r.max_ulp);
}

}  // namespace
