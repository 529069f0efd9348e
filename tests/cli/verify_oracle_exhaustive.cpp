// Every committed kernel (results/<t>/best.uf), over its whole domain, verified by
// `ulpforge verify`: with the batch oracle (the default) and with the scalar libm oracle
// (--scalar-oracle, the verifier before batch oracles), and compared with the figures an
// earlier verifier recorded (tests/cli/golden/verify_<t>.json: commit 27127ce, before
// the oracle shortcuts, our log and the bookkeeping fast paths). The max ULP, the
// correctly rounded count and the worst inputs must be identical. Label `exhaustive`:
// about 40 s per kernel on 2 cores, most of it the scalar run.
#include <gtest/gtest.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "targets/target.h"
#include "tests/support/files.h"
#include "tests/support/process.h"

namespace {

namespace fs = std::filesystem;

nlohmann::json verify(const fs::path& uf, const std::string& extra, const fs::path& out) {
  const uf::test::CmdResult r =
      uf::test::run_cli("verify " + uf.string() + " --quiet --json " + out.string() + " " + extra);
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.output;  // 1: over the stated bound
  return nlohmann::json::parse(uf::test::slurp(out));
}

class CommittedKernel : public ::testing::TestWithParam<std::string> {};

TEST_P(CommittedKernel, BatchOracleGivesTheScalarVerifiersFigures) {
  const fs::path uf = fs::path(ULPFORGE_SOURCE_DIR) / "results" / GetParam() / "best.uf";
  ASSERT_TRUE(fs::exists(uf)) << uf;
  const uf::test::ScratchDir dir;
  const auto fast = verify(uf, "", dir / (GetParam() + "_batch.json"));
  const auto slow = verify(uf, "--scalar-oracle", dir / (GetParam() + "_scalar.json"));
  std::printf("[ %s ] batch %.2f s (%s), scalar %.2f s\n", GetParam().c_str(),
              fast["seconds"].get<double>(), fast["oracle"].get<std::string>().c_str(),
              slow["seconds"].get<double>());
  EXPECT_EQ(fast["max_ulp"], slow["max_ulp"]);
  EXPECT_EQ(fast["correctly_rounded"], slow["correctly_rounded"]);
  EXPECT_EQ(fast["over_bound"], slow["over_bound"]);
  EXPECT_EQ(fast["special_mismatches"], slow["special_mismatches"]);
  ASSERT_EQ(fast["worst"].size(), slow["worst"].size());
  for (std::size_t i = 0; i < fast["worst"].size(); ++i) {
    EXPECT_EQ(fast["worst"][i]["x"]["bits"], slow["worst"][i]["x"]["bits"]) << i;
    EXPECT_EQ(fast["worst"][i]["y"]["bits"], slow["worst"][i]["y"]["bits"]) << i;
    EXPECT_EQ(fast["worst"][i]["ulp"], slow["worst"][i]["ulp"]) << i;
  }
}

TEST_P(CommittedKernel, FiguresAreTheEarlierVerifiersOnRecord) {
  const fs::path uf = fs::path(ULPFORGE_SOURCE_DIR) / "results" / GetParam() / "best.uf";
  const fs::path golden = fs::path(ULPFORGE_SOURCE_DIR) / "tests" / "cli" / "golden" / ("verify_" + GetParam() + ".json");
  ASSERT_TRUE(fs::exists(uf)) << uf;
  ASSERT_TRUE(fs::exists(golden)) << golden;
  const uf::test::ScratchDir dir;
  const auto now = verify(uf, "", dir / (GetParam() + ".json"));
  std::ifstream in(golden);
  const auto rec = nlohmann::json::parse(in);
  EXPECT_EQ(now["inputs"], rec["inputs"]);
  EXPECT_EQ(now["max_ulp"], rec["max_ulp"]);
  EXPECT_EQ(now["correctly_rounded"], rec["correctly_rounded"]);
  EXPECT_EQ(now["over_bound"], rec["over_bound"]);
  EXPECT_EQ(now["special_mismatches"], rec["special_mismatches"]);
  EXPECT_EQ(now["holds"], rec["holds"]);
  ASSERT_EQ(now["worst"].size(), rec["worst"].size());
  for (std::size_t i = 0; i < rec["worst"].size(); ++i) {
    EXPECT_EQ(now["worst"][i]["x"]["bits"], rec["worst"][i]["x"]) << i;
    EXPECT_EQ(now["worst"][i]["y"]["bits"], rec["worst"][i]["y"]) << i;
    EXPECT_EQ(now["worst"][i]["ulp"], rec["worst"][i]["ulp"]) << i;
  }
}

// The catalog targets with a committed kernel.
std::vector<std::string> committed_kernels() {
  std::vector<std::string> v;
  for (const uf::targets::Target& t : uf::targets::catalog()) {
    if (fs::exists(fs::path(ULPFORGE_SOURCE_DIR) / "results" / t.name / "best.uf")) v.push_back(t.name);
  }
  return v;
}

INSTANTIATE_TEST_SUITE_P(Results, CommittedKernel, ::testing::ValuesIn(committed_kernels()));

// The committed fused kernel (results/sincosf): `verify` proves each result as its part
// (one JSON report per result), and the manifest records the larger bound exactly.
TEST(CommittedFusedKernel, EachResultProvesAndTheManifestHoldsTheLargerBound) {
  const fs::path dir = fs::path(ULPFORGE_SOURCE_DIR) / "results" / "sincosf";
  ASSERT_TRUE(fs::exists(dir / "best.uf"));
  const uf::test::ScratchDir tmp;
  const uf::test::CmdResult r = uf::test::run_cli("verify " + (dir / "best.uf").string() +
                                                  " --quiet --max-ulp 1 --json " + (tmp / "r.json").string());
  ASSERT_EQ(r.code, 0) << r.output;
  double worst = 0;
  for (const char* part : {"sinf", "cosf"}) {
    const auto rep = nlohmann::json::parse(uf::test::slurp(tmp / (std::string("r.") + part + ".json")));
    EXPECT_TRUE(rep["holds"].get<bool>()) << part;
    EXPECT_EQ(rep["inputs"], 4294967296ull) << part;
    worst = std::max(worst, rep["max_ulp"].get<double>());
  }
  const auto manifest = nlohmann::json::parse(uf::test::slurp(dir / "kernels.json"));
  EXPECT_EQ(manifest["target"], "sincosf");
  EXPECT_EQ(std::strtod(manifest["kernels"][0]["proven_max_ulp"].get<std::string>().c_str(), nullptr), worst);
}

}  // namespace
