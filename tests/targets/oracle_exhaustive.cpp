// Every batch oracle this CPU runs, on every float32 input (2^32): the validation that
// eval/oracle.h's max_err rests on (see oracle_check.h for the criterion). The figures
// printed here are the ones docs/proofs.md records. Label `exhaustive`: about a minute
// per oracle on 2 cores (the trusted scalar oracle dominates).
#include <gtest/gtest.h>

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "eval/oracle.h"
#include "targets/target.h"
#include "tests/targets/oracle_check.h"

namespace uf::targets {
namespace {

const eval::Reference* catalog_reference(const std::string& name) {
  for (const Target& t : catalog()) {
    if (t.ref.name == name) return &t.ref;
    for (const Hole& h : t.holes)
      if (h.core_ref.name == name) return &h.core_ref;
  }
  return nullptr;
}

std::vector<std::string> oracle_ids() {
  std::vector<std::string> v;
  for (const eval::BatchOracle* o : eval::batch_oracles()) v.push_back(std::string(o->ref) + "_" + o->isa);
  if (v.empty()) v.push_back("none");
  return v;
}

class OracleExhaustive : public ::testing::TestWithParam<std::string> {};

TEST_P(OracleExhaustive, AgreesWithTheTrustedOracleOnEveryFloat) {
  const eval::BatchOracle* o = nullptr;
  for (const eval::BatchOracle* c : eval::batch_oracles())
    if (std::string(c->ref) + "_" + c->isa == GetParam()) o = c;
  if (!o) GTEST_SKIP() << "no batch oracle on this CPU (needs avx2 + fma, x86-64)";
  const eval::Reference* ref = catalog_reference(o->ref);
  if (!ref) GTEST_SKIP() << "no catalog target uses " << o->ref;
  constexpr std::uint64_t kBlock = 1 << 16;
  tbb::combinable<testing::OracleCheck> part;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, (std::uint64_t{1} << 32) / kBlock),
                    [&](const tbb::blocked_range<std::uint64_t>& r) {
                      std::vector<float> x(kBlock);
                      for (std::uint64_t b = r.begin(); b != r.end(); ++b) {
                        for (std::uint64_t j = 0; j < kBlock; ++j) {
                          const auto bits = static_cast<std::uint32_t>(b * kBlock + j);
                          std::memcpy(&x[j], &bits, 4);
                        }
                        testing::check_oracle_block(*o, *ref, x.data(), kBlock, part.local());
                      }
                    });
  testing::OracleCheck c;
  part.combine_each([&](const testing::OracleCheck& p) {
    c.inputs += p.inputs;
    c.mpfr += p.mpfr;
    if (p.failures && !c.failures) c.first_failure = p.first_failure;
    c.failures += p.failures;
    if (p.measured > c.measured) {
      c.measured = p.measured;
      c.worst_x = p.worst_x;
    }
  });
  std::printf("[ %-6s ] %s: %llu inputs, error <= %.4g float32 ULP (%.3g double ULP) at x = %a, "
              "%llu MPFR decisions, %llu failures\n",
              o->ref, o->impl, static_cast<unsigned long long>(c.inputs), c.measured,
              c.measured * 0x1p29, static_cast<double>(c.worst_x),
              static_cast<unsigned long long>(c.mpfr), static_cast<unsigned long long>(c.failures));
  EXPECT_EQ(c.inputs, std::uint64_t{1} << 32);
  EXPECT_EQ(c.failures, 0u) << c.first_failure;
  EXPECT_LE(c.measured, o->max_err);
}

INSTANTIATE_TEST_SUITE_P(Sleef, OracleExhaustive, ::testing::ValuesIn(oracle_ids()),
                         [](const ::testing::TestParamInfo<std::string>& i) { return i.param; });

}  // namespace
}  // namespace uf::targets
