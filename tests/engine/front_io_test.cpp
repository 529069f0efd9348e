#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "engine/front_io.h"
#include "ir/passes.h"
#include "ir/text.h"

namespace uf::engine {
namespace {

const std::string kSquare = "\"%0 = input\\n%1 = mul %0, %0\\nret %1\\n\"";

std::string member(const std::string& extra = "") {
  return "{\"cores\": [" + kSquare + "], \"cost\": 1.5, \"max_ulp\": 0.4" + extra + "}";
}

TEST(FrontIo, ReadsTheCommittedExpfFront) {
  const FrontParse r = read_front_file(std::string(ULPFORGE_SOURCE_DIR) + "/results/expf/front.json");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.front->target, "expf");
  ASSERT_TRUE(r.front->seed.has_value());
  ASSERT_FALSE(r.front->members.empty());
  for (const FrontMember& m : r.front->members) {
    EXPECT_EQ(m.cores.size(), 1u);
    EXPECT_TRUE(m.program.has_value());
  }
  ASSERT_TRUE(r.front->best.has_value());
  EXPECT_LE(r.front->best->proven_max_ulp, 1.0);
}

TEST(FrontIo, NullErrorsReadAsInfinity) {
  const FrontParse r = parse_front("{\"members\": [{\"cores\": [" + kSquare +
                                       "], \"cost\": 2, \"max_ulp\": null, \"verified\": true, "
                                       "\"proven_max_ulp\": null}]}",
                                   "f.json");
  ASSERT_TRUE(r) << r.error;
  EXPECT_TRUE(std::isinf(r.front->members[0].max_ulp));
  EXPECT_TRUE(std::isinf(r.front->members[0].proven_ulp));
  EXPECT_FALSE(r.front->target.has_value());
}

TEST(FrontIo, BestIsUsedOnlyWithAProvenBound) {
  const std::string head = "{\"members\": [" + member() + "], \"best\": " + kSquare + ", \"best_cost\": 1.5";
  FrontParse r = parse_front(head + ", \"best_proven_max_ulp\": 0.49}", "f.json");
  ASSERT_TRUE(r) << r.error;
  ASSERT_TRUE(r.front->best.has_value());
  EXPECT_EQ(r.front->best->proven_max_ulp, 0.49);
  r = parse_front(head + ", \"best_proven_max_ulp\": null}", "f.json");
  ASSERT_TRUE(r) << r.error;
  EXPECT_FALSE(r.front->best.has_value());
}

TEST(FrontIo, ErrorsNameTheFileAndTheField) {
  struct Case {
    std::string text, expected;
  };
  const Case cases[] = {
      {"{\"members\": [" + member() + ", {\"cores\": [" + kSquare + "], \"max_ulp\": 1}]}", "f.json: malformed front: members[1].cost: missing"},
      {"{\"members\": [{\"cores\": 3}]}", "members[0].cores: expected an array"},
      {"{\"members\": [{\"cores\": []}]}", "members[0].cores: expected at least one core program"},
      {"{\"members\": [{\"cores\": [\"%0 = input\\nret %7\\n\"], \"cost\": 1, \"max_ulp\": 1}]}", "members[0].cores[0]: bad program: 2:"},
      {"{\"members\": [{\"cores\": [\"%0 = input\\n%1 = core.0 %0\\nret %1\\n\"], \"cost\": 1, \"max_ulp\": 1}]}", "must not contain template holes"},
      {"{\"members\": [" + member(", \"verified\": true") + "]}", "members[0].proven_max_ulp: missing"},
      {"{\"members\": [" + member(", \"verified\": 1") + "]}", "members[0].verified: expected true or false"},
      {"{\"members\": [{\"cores\": [" + kSquare + "], \"cost\": 1, \"max_ulp\": -1}]}", "an error bound is negative"},
      {"{\"target\": 5, \"members\": []}", "target: expected a string"},
      {"{\"seed\": -3, \"members\": []}", "seed: expected a non-negative integer"},
      {"{\"members\": [], \"best\": 7}", "best: expected a program string or null"},
      {"[1, 2]", "document: expected a JSON object"},
      {"{\"members\": [", "f.json: not a JSON front"},
      {"", "f.json: not a JSON front"},
  };
  for (const Case& c : cases) {
    const FrontParse r = parse_front(c.text, "f.json");
    EXPECT_FALSE(r) << c.text;
    EXPECT_NE(r.error.find(c.expected), std::string::npos) << c.text << "\n -> " << r.error;
  }
}

TEST(FrontIo, UnreadableFileIsAnError) {
  const FrontParse r = read_front_file("/nonexistent/front.json");
  EXPECT_FALSE(r);
  EXPECT_EQ(r.error, "cannot read /nonexistent/front.json");
}

}  // namespace
}  // namespace uf::engine
