// The kernels.json codec (report/manifest.h): exact bounds, order, and errors that name
// the file and the field.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "report/manifest.h"

namespace {

using uf::report::Manifest;
using uf::report::ManifestKernel;

Manifest sample() {
  Manifest m;
  m.target = "expf";
  m.domain = "all 2^32 float32 bit patterns";
  uf::report::upsert(m, {"ulpforge_expf_u4", "ulpforge_expf_u4.h", "best_u4.uf", 4, 12, 0x1.8p+1});
  uf::report::upsert(m, {"ulpforge_expf", "ulpforge_expf.h", "best.uf", 1, 14, 0x1.f7b257d258a4fp-1});
  return m;
}

TEST(Manifest, BoundsRoundTripExactlyAsHexFloats) {
  const Manifest m = sample();
  const std::string text = uf::report::encode_manifest(m);
  EXPECT_NE(text.find("\"proven_max_ulp\": \"0x1.f7b257d258a4fp-1\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"proven_max_ulp_up\": \"0.983782525\""), std::string::npos) << text;
  const auto r = uf::report::parse_manifest(text, "kernels.json");
  ASSERT_TRUE(r) << r.error;
  ASSERT_EQ(r.manifest->kernels.size(), 2u);
  EXPECT_EQ(r.manifest->kernels[0].proven_max_ulp, 0x1.f7b257d258a4fp-1);  // bit for bit
  EXPECT_EQ(r.manifest->kernels[1].proven_max_ulp, 3.0);
  EXPECT_EQ(uf::report::encode_manifest(*r.manifest), text);
}

TEST(Manifest, EntriesAreOrderedByTierAndReplacedById) {
  Manifest m = sample();
  EXPECT_EQ(m.kernels[0].id, "ulpforge_expf");  // tier 1 before tier 4
  uf::report::upsert(m, {"ulpforge_expf", "ulpforge_expf.h", "best.uf", 1, 13, 0.5});
  ASSERT_EQ(m.kernels.size(), 2u);
  EXPECT_EQ(m.kernels[0].ops, 13u);
  EXPECT_EQ(m.find("ulpforge_expf")->proven_max_ulp, 0.5);
  EXPECT_EQ(m.find("nope"), nullptr);
}

TEST(Manifest, ErrorsNameTheFileAndTheField) {
  const std::string k = R"({"id": "a", "header": "a.h", "program": "a.uf", "tier": 1, "ops": 3, "proven_max_ulp": )";
  const struct {
    std::string text, expected;
  } cases[] = {
      {"", "m.json: not a JSON manifest"},
      {"[]", "document: expected a JSON object"},
      {R"({"domain": "d", "kernels": []})", "target: missing"},
      {R"({"target": "t", "domain": "d", "kernels": 3})", "kernels: expected an array"},
      {R"({"target": "t", "domain": "d", "kernels": [)" + k + R"("0.5"}]})", "kernels[0].proven_max_ulp: expected the exact bound as a hex float"},
      {R"({"target": "t", "domain": "d", "kernels": [)" + k + R"("-0x1p-1"}]})", "kernels[0].proven_max_ulp"},
      {R"({"target": "t", "domain": "d", "kernels": [)" + k + R"("0x1p+1024"}]})", "kernels[0].proven_max_ulp"},
      {R"({"target": "t", "domain": "d", "kernels": [)" + k + R"("0x1p-1"}, )" + k + R"("0x1p-1"}]})", "kernels[1].id: \"a\" appears twice"},
      {R"({"target": "t", "domain": "d", "kernels": [{"id": "a", "header": "../a.h", "program": "a.uf", "tier": 1, "ops": 3, "proven_max_ulp": "0x1p-1"}]})",
       "kernels[0].header: expected a file name in the manifest's directory"},
      {R"({"target": "t", "domain": "d", "kernels": [{"id": "a", "header": "a.h", "program": "a.uf", "tier": 0, "ops": 3, "proven_max_ulp": "0x1p-1"}]})",
       "kernels[0].tier: expected a positive number"},
  };
  for (const auto& c : cases) {
    const auto r = uf::report::parse_manifest(c.text, "m.json");
    EXPECT_FALSE(r) << c.text;
    EXPECT_NE(r.error.find(c.expected), std::string::npos) << c.text << "\n -> " << r.error;
  }
  const auto missing = uf::report::read_manifest_file("/nonexistent/kernels.json");
  EXPECT_FALSE(missing);
  EXPECT_NE(missing.error.find("cannot read /nonexistent/kernels.json"), std::string::npos);
}

}  // namespace
