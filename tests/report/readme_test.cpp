// The committed results agree with their manifests, and the README's results table with
// both: each row's proven max ULP is its manifest's exact tier-1 bound rounded up to 4
// digits, and its op count the manifest's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ir/bound.h"
#include "report/manifest.h"

namespace {

namespace fs = std::filesystem;
const fs::path kRoot = ULPFORGE_SOURCE_DIR;

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream ss(row);
  std::string c;
  std::getline(ss, c, '|');  // before the first bar
  while (std::getline(ss, c, '|')) {
    const auto a = c.find_first_not_of(' '), b = c.find_last_not_of(' ');
    out.push_back(a == std::string::npos ? "" : c.substr(a, b - a + 1));
  }
  return out;
}

TEST(Results, EveryCommittedHeaderIsInItsTargetsManifest) {
  int targets = 0;
  for (const auto& d : fs::directory_iterator(kRoot / "results")) {
    if (!fs::exists(d.path() / "best.uf")) continue;
    ++targets;
    const auto r = uf::report::read_manifest_file(d.path() / "kernels.json");
    ASSERT_TRUE(r) << r.error;
    std::set<std::string> listed;
    for (const auto& k : r.manifest->kernels) {
      listed.insert(k.header);
      EXPECT_TRUE(fs::exists(d.path() / k.header)) << d.path() << ": " << k.header;
      EXPECT_TRUE(fs::exists(d.path() / k.program)) << d.path() << ": " << k.program;
      EXPECT_LE(k.proven_max_ulp, k.tier) << k.id;
    }
    for (const auto& f : fs::directory_iterator(d.path())) {
      const std::string n = f.path().filename().string();
      if (n.rfind("ulpforge_", 0) == 0 && f.path().extension() == ".h") {
        EXPECT_TRUE(listed.count(n)) << d.path() << ": " << n << " is not in kernels.json";
      }
    }
  }
  EXPECT_GE(targets, 8);
}

TEST(Results, ReadmeTableStatesTheManifestsBoundsAndOpCounts) {
  std::ifstream in(kRoot / "README.md");
  ASSERT_TRUE(in);
  std::string line;
  bool in_table = false;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.rfind("| target | start core | proven max ULP | ops |", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table) continue;
    if (line.rfind("|---", 0) == 0) continue;
    if (line.empty() || line[0] != '|') break;
    const auto c = cells(line);
    ASSERT_GE(c.size(), 4u) << line;
    const fs::path dir = kRoot / "results" / c[0];
    const auto r = uf::report::read_manifest_file(dir / "kernels.json");
    ASSERT_TRUE(r) << r.error;
    const uf::report::ManifestKernel* k = r.manifest->find("ulpforge_" + c[0]);
    ASSERT_NE(k, nullptr) << c[0];
    EXPECT_EQ(c[2], uf::ir::format_bound_up(k->proven_max_ulp, 4)) << line;
    EXPECT_EQ(c[3], std::to_string(k->ops)) << line;
    ++rows;
  }
  EXPECT_GE(rows, 8);
}

}  // namespace
