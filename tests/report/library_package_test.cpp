// The committed library package (results/ulpforge_math/, scripts/make-library.sh) holds
// every kernel the manifests list, each with the exact bound its manifest records: a
// kernel added, re-proven or withdrawn without regenerating the package fails here.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "ir/bound.h"
#include "report/manifest.h"
#include "tests/support/files.h"

namespace {
namespace fs = std::filesystem;

TEST(LibraryPackage, CommittedHeaderHasEveryManifestKernelWithItsExactBound) {
  const fs::path results = fs::path(ULPFORGE_SOURCE_DIR) / "results";
  const fs::path header = results / "ulpforge_math" / "include" / "ulpforge_math.h";
  if (!fs::exists(header)) GTEST_SKIP() << "no committed library package";
  const std::string h = uf::test::slurp(header);
  int kernels = 0;
  for (const auto& e : fs::directory_iterator(results)) {
    const fs::path mf = e.path() / "kernels.json";
    if (!fs::exists(mf)) continue;
    const auto r = uf::report::read_manifest_file(mf);
    ASSERT_TRUE(r) << r.error;
    for (const auto& k : r.manifest->kernels) {
      ++kernels;
      std::string up;
      for (char c : uf::report::header_function(k.header)) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const std::string line = "#define " + up + "_MAX_ULP " + uf::ir::format_bound_up(k.proven_max_ulp) +
                               " /* exact bound: " + uf::ir::format_hex_exact(k.proven_max_ulp) + " */";
      EXPECT_NE(h.find(line), std::string::npos) << "missing or stale in " << header << ": " << line;
    }
  }
  EXPECT_NE(h.find("#define ULPFORGE_MATH_FUNCTIONS " + std::to_string(kernels) + "\n"), std::string::npos)
      << "the package should hold exactly the " << kernels << " kernels of the manifests";
  for (const char* f : {"lib/cmake/ulpforge_math/ulpforge_mathConfig.cmake",
                        "lib/cmake/ulpforge_math/ulpforge_mathConfigVersion.cmake", "lib/pkgconfig/ulpforge_math.pc"})
    EXPECT_TRUE(fs::exists(results / "ulpforge_math" / f)) << f;
}

}  // namespace
