#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "engine/checkpoint.h"

namespace uf::engine {
namespace {

using json = nlohmann::json;

// A checkpoint of the shape run_search writes: one island of four slots.
json candidate() {
  return json{{"cores", {"%0 = input\n%1 = mul %0, %0\nret %1\n"}},
              {"max_ulp", 2.5},
              {"mean_ulp", 0.5},
              {"worst_x", "0x1p-1"},
              {"cost", 1},
              {"ops", 1},
              {"born", 3},
              {"verified", false},
              {"proven", false},
              {"proven_max_ulp", nullptr},
              {"measured_cycles_per_element", nullptr}};
}

json checkpoint() {
  json isl{{"select_rng", {1, 2, 3, 4}}, {"slot_rng", json::array()}, {"members", json::array()}};
  for (int i = 0; i < 4; ++i) {
    isl["slot_rng"].push_back({5, 6, 7, static_cast<std::uint64_t>(8 + i)});
    isl["members"].push_back(candidate());
  }
  return json{{"version", 1},          {"target", "exp2f"},   {"seed", 1},
              {"max_ulp", 1.0},        {"population", 4},     {"islands", 1},
              {"selection", "nsga2"},  {"generation", 10},    {"serial", 40},
              {"elapsed", 1.5},        {"evaluations", 40},   {"first_proven_seconds", -1},
              {"last_verify_generation", 0}, {"counterexamples", {1065353216u}},
              {"seen", {1u, 2u}},      {"checked", json::array()},
              {"islands_state", {isl}}, {"archive", {candidate()}}, {"best", nullptr}};
}

std::string error_of(const json& j) {
  const CheckpointParse r = decode_checkpoint(j.dump(), "ck.json");
  EXPECT_FALSE(r) << j.dump();
  return r.error;
}

TEST(Checkpoint, DecodesTheWrittenShape) {
  const CheckpointParse r = decode_checkpoint(checkpoint().dump(), "ck.json");
  ASSERT_TRUE(r) << r.error;
  const Checkpoint& k = *r.checkpoint;
  EXPECT_EQ(k.target, "exp2f");
  EXPECT_EQ(k.population, 4u);
  ASSERT_EQ(k.islands_state.size(), 1u);
  EXPECT_EQ(k.islands_state[0].members.size(), 4u);
  EXPECT_EQ(k.islands_state[0].slot_rng[3][3], 11u);
  EXPECT_EQ(k.cores_per_candidate, 1u);
  EXPECT_EQ(k.counterexamples.at(0), 1.0f);
  EXPECT_EQ(k.archive.at(0).worst_x, 0.5f);
  EXPECT_EQ(k.archive.at(0).measured_cost, -1);
  EXPECT_FALSE(k.best.has_value());
}

TEST(Checkpoint, DecodesTheCommittedSearchCheckpoint) {
  const CheckpointParse r =
      read_checkpoint_file(std::string(ULPFORGE_SOURCE_DIR) + "/fuzz/corpus/checkpoint/exp2f_search.json");
  ASSERT_TRUE(r) << r.error;
  EXPECT_EQ(r.checkpoint->target, "exp2f");
  EXPECT_GE(r.checkpoint->archive.size(), 1u);
}

TEST(Checkpoint, RejectsStateAResumedSearchCannotUse) {
  json j = checkpoint();
  j["islands"] = 2;
  j["population"] = 8;
  EXPECT_NE(error_of(j).find("islands_state: has 1 island(s), islands is 2"), std::string::npos);
  j = checkpoint();
  j["population"] = 6;
  EXPECT_NE(error_of(j).find("the islands hold 4 members, population is 6"), std::string::npos);
  j = checkpoint();
  j["islands_state"][0]["slot_rng"].erase(0);
  EXPECT_NE(error_of(j).find("island population does not match its slots"), std::string::npos);
  j = checkpoint();
  j["islands_state"][0]["select_rng"] = {0, 0, 0, 0};
  EXPECT_NE(error_of(j).find("islands_state[0].select_rng: the all-zero RNG state is invalid"), std::string::npos);
  j = checkpoint();
  j["archive"][0]["cores"].push_back("%0 = input\nret %0\n");
  EXPECT_NE(error_of(j).find("archive[0].cores: has 2 core(s), other candidates 1"), std::string::npos);
  j = checkpoint();
  j["islands"] = 3;
  EXPECT_NE(error_of(j).find("islands: expected an integer <= 2"), std::string::npos);
}

// A proof that ran beside the search is optional state; when present it is decoded and
// must not be due before the checkpoint's own generation.
TEST(Checkpoint, DecodesAPendingProofAndRejectsOneDueInThePast) {
  json j = checkpoint();
  j["pending_proof"] = json{{"candidate", candidate()}, {"due_generation", 25}};
  const CheckpointParse r = decode_checkpoint(j.dump(), "ck.json");
  ASSERT_TRUE(r) << r.error;
  ASSERT_TRUE(r.checkpoint->pending_proof.has_value());
  EXPECT_EQ(r.checkpoint->pending_proof->due_generation, 25u);
  EXPECT_EQ(r.checkpoint->pending_proof->candidate.born, 3u);
  EXPECT_FALSE(decode_checkpoint(checkpoint().dump(), "ck.json").checkpoint->pending_proof.has_value());
  j["pending_proof"]["due_generation"] = 9;
  EXPECT_NE(error_of(j).find("pending_proof.due_generation: is before the checkpoint's generation"),
            std::string::npos);
  j["pending_proof"] = json{{"due_generation", 30}};
  EXPECT_NE(error_of(j).find("pending_proof.candidate: missing"), std::string::npos);
}

TEST(Checkpoint, RejectsMalformedFieldsByPath) {
  json j = checkpoint();
  j["version"] = 2;
  EXPECT_NE(error_of(j).find("checkpoint version mismatch"), std::string::npos);
  j = checkpoint();
  j["selection"] = "tournament";
  EXPECT_NE(error_of(j).find("selection: expected \"nsga2\" or \"regularized\""), std::string::npos);
  j = checkpoint();
  j["counterexamples"] = {4294967296ull};
  EXPECT_NE(error_of(j).find("counterexamples[0]: expected an integer <= 4294967295"), std::string::npos);
  j = checkpoint();
  j["archive"][0]["worst_x"] = "half";
  EXPECT_NE(error_of(j).find("archive[0].worst_x: expected a float32"), std::string::npos);
  j = checkpoint();
  j["archive"][0]["proven"] = true;
  EXPECT_NE(error_of(j).find("archive[0].proven: true for a candidate that was not verified"), std::string::npos);
  j = checkpoint();
  j["islands_state"][0]["members"][2].erase("born");
  EXPECT_NE(error_of(j).find("islands_state[0].members[2].born: missing"), std::string::npos);
  j = checkpoint();
  j["best"] = candidate();
  j["best"]["cores"] = {"%0 = input\n%1 = core.0 %0\nret %1\n"};
  EXPECT_NE(error_of(j).find("best.cores[0]: a core or kernel must not contain template holes"), std::string::npos);
  EXPECT_NE(decode_checkpoint("{\"version\": ", "ck.json").error.find("corrupt checkpoint ck.json: "),
            std::string::npos);
}

}  // namespace
}  // namespace uf::engine
