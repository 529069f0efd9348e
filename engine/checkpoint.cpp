#include "engine/checkpoint.h"

#include <fstream>
#include <iterator>

#include "engine/json_fields.h"
#include "ir/text.h"

namespace uf::engine {

namespace {
using namespace json_fields;

std::array<std::uint64_t, 4> rng_state(const json& v, const std::string& path) {
  const json& a = array(v, path);
  if (a.size() != 4) fail(path, "expected 4 state words");
  std::array<std::uint64_t, 4> s{};
  for (std::size_t i = 0; i < 4; ++i) s[i] = unsigned_integer(a[i], at_index(path, i));
  // xoshiro256** never leaves the all-zero state: it would draw 0 forever.
  if (s == std::array<std::uint64_t, 4>{}) fail(path, "the all-zero RNG state is invalid");
  return s;
}

CheckpointCandidate candidate(const json& c, const std::string& path, std::size_t& cores_per) {
  return decode_candidate(c, path, cores_per);
}

std::vector<std::uint64_t> hashes(const json& v, const std::string& path) {
  std::vector<std::uint64_t> out;
  const json& a = array(v, path);
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(unsigned_integer(a[i], at_index(path, i)));
  return out;
}

Checkpoint read(const json& j) {
  Checkpoint k;
  if (!j.is_object()) fail("document", "expected a JSON object");
  const std::uint64_t version = unsigned_integer(field(j, "", "version"), "version");
  if (version != static_cast<std::uint64_t>(kCheckpointVersion)) {
    fail("version", "checkpoint version mismatch: " + std::to_string(version) + ", this build reads " +
                        std::to_string(kCheckpointVersion));
  }
  k.target = string(field(j, "", "target"), "target");
  k.seed = unsigned_integer(field(j, "", "seed"), "seed");
  k.max_ulp = number(field(j, "", "max_ulp"), "max_ulp");
  if (!(k.max_ulp > 0)) fail("max_ulp", "expected a positive bound");
  // The same limits the search options have (population >= 4, 1 <= islands <= population / 2).
  k.population = unsigned_integer(field(j, "", "population"), "population", 1u << 24);
  if (k.population < 4) fail("population", "expected at least 4");
  k.islands = static_cast<int>(unsigned_integer(field(j, "", "islands"), "islands", k.population / 2));
  if (k.islands < 1) fail("islands", "expected at least 1");
  const std::string sel = string(field(j, "", "selection"), "selection");
  if (sel == "nsga2") {
    k.selection = Selection::Nsga2;
  } else if (sel == "regularized") {
    k.selection = Selection::Regularized;
  } else {
    fail("selection", "expected \"nsga2\" or \"regularized\", found \"" + sel + "\"");
  }
  if (j.contains("sample_points")) {
    k.sample_points = unsigned_integer(j["sample_points"], "sample_points", std::uint64_t{1} << 32);
    if (*k.sample_points < 64) fail("sample_points", "expected at least 64");
  }
  if (const json* r = optional_field(j, "ranks")) {
    k.ranks = static_cast<int>(unsigned_integer(*r, "ranks", 1u << 20));
    if (k.ranks < 1) fail("ranks", "expected at least 1");
  }
  if (const json* r = optional_field(j, "rank")) {
    k.rank = static_cast<int>(unsigned_integer(*r, "rank", 1u << 20));
    if (k.rank >= k.ranks) fail("rank", "expected a rank below ranks (" + std::to_string(k.ranks) + ")");
  }
  if (const json* l = optional_field(j, "lockstep")) k.lockstep = boolean(*l, "lockstep");
  if (j.contains("cost_isa")) {
    k.cost_isa = ir::parse_isa(string(j["cost_isa"], "cost_isa"));
    if (!k.cost_isa) fail("cost_isa", "expected avx2, avx512 or neon");
  }
  k.generation = unsigned_integer(field(j, "", "generation"), "generation");
  k.serial = unsigned_integer(field(j, "", "serial"), "serial");
  k.elapsed = number(field(j, "", "elapsed"), "elapsed");
  if (k.elapsed < 0) fail("elapsed", "expected seconds >= 0");
  k.evaluations = unsigned_integer(field(j, "", "evaluations"), "evaluations");
  k.first_proven_seconds = number(field(j, "", "first_proven_seconds"), "first_proven_seconds");
  k.last_verify_generation = number(field(j, "", "last_verify_generation"), "last_verify_generation");
  const json& cex = array(field(j, "", "counterexamples"), "counterexamples");
  for (std::size_t i = 0; i < cex.size(); ++i) {
    k.counterexamples.push_back(
        ir::bits_to_float(static_cast<std::uint32_t>(unsigned_integer(cex[i], at_index("counterexamples", i), 0xffffffffu))));
  }
  k.seen = hashes(field(j, "", "seen"), "seen");
  k.checked = hashes(field(j, "", "checked"), "checked");
  const json& isl = array(field(j, "", "islands_state"), "islands_state");
  if (isl.size() != static_cast<std::size_t>(k.islands)) {
    fail("islands_state", "has " + std::to_string(isl.size()) + " island(s), islands is " + std::to_string(k.islands));
  }
  std::size_t slots = 0;
  for (std::size_t i = 0; i < isl.size(); ++i) {
    const std::string p = at_index("islands_state", i);
    CheckpointIsland s;
    s.select_rng = rng_state(field(isl[i], p, "select_rng"), member(p, "select_rng"));
    const json& rngs = array(field(isl[i], p, "slot_rng"), member(p, "slot_rng"));
    for (std::size_t r = 0; r < rngs.size(); ++r) s.slot_rng.push_back(rng_state(rngs[r], at_index(member(p, "slot_rng"), r)));
    const json& ms = array(field(isl[i], p, "members"), member(p, "members"));
    for (std::size_t m = 0; m < ms.size(); ++m) {
      s.members.push_back(candidate(ms[m], at_index(member(p, "members"), m), k.cores_per_candidate));
    }
    if (s.members.empty() || s.members.size() != s.slot_rng.size()) {
      fail(p, "island population does not match its slots");
    }
    slots += s.members.size();
    k.islands_state.push_back(std::move(s));
  }
  if (slots != k.population) {
    fail("islands_state", "the islands hold " + std::to_string(slots) + " members, population is " +
                              std::to_string(k.population));
  }
  const json& arch = array(field(j, "", "archive"), "archive");
  for (std::size_t i = 0; i < arch.size(); ++i) {
    k.archive.push_back(candidate(arch[i], at_index("archive", i), k.cores_per_candidate));
  }
  const json& best = field(j, "", "best");
  if (!best.is_null()) k.best = candidate(best, "best", k.cores_per_candidate);
  if (j.contains("pending_proof") && !j["pending_proof"].is_null()) {
    const json& pp = j["pending_proof"];
    CheckpointProof p;
    p.candidate = candidate(field(pp, "pending_proof", "candidate"), "pending_proof.candidate", k.cores_per_candidate);
    p.due_generation = unsigned_integer(field(pp, "pending_proof", "due_generation"), "pending_proof.due_generation");
    if (p.due_generation < k.generation) {
      fail("pending_proof.due_generation", "is before the checkpoint's generation");
    }
    k.pending_proof = std::move(p);
  }
  return k;
}
}  // namespace

std::string encode_checkpoint(const Checkpoint& k) {
  json j;
  j["version"] = kCheckpointVersion;
  j["target"] = k.target;
  j["seed"] = k.seed;
  j["max_ulp"] = k.max_ulp;
  j["population"] = k.population;
  j["islands"] = k.islands;
  j["selection"] = k.selection == Selection::Nsga2 ? "nsga2" : "regularized";
  if (k.sample_points) j["sample_points"] = *k.sample_points;
  if (k.cost_isa) j["cost_isa"] = std::string(ir::isa_name(*k.cost_isa));
  if (k.ranks > 1) {
    j["rank"] = k.rank;
    j["ranks"] = k.ranks;
    j["lockstep"] = k.lockstep;
  }
  j["generation"] = k.generation;
  j["serial"] = k.serial;
  j["elapsed"] = k.elapsed;
  j["evaluations"] = k.evaluations;
  j["first_proven_seconds"] = k.first_proven_seconds;
  j["last_verify_generation"] = k.last_verify_generation;
  json cex = json::array();
  for (float x : k.counterexamples) cex.push_back(ir::float_to_bits(x));
  j["counterexamples"] = cex;
  j["seen"] = k.seen;
  j["checked"] = k.checked;
  json isl = json::array();
  for (const CheckpointIsland& s : k.islands_state) {
    json mem = json::array();
    for (const auto& m : s.members) mem.push_back(encode_candidate(m));
    isl.push_back(json{{"select_rng", s.select_rng}, {"slot_rng", s.slot_rng}, {"members", mem}});
  }
  j["islands_state"] = isl;
  json arch = json::array();
  for (const auto& m : k.archive) arch.push_back(encode_candidate(m));
  j["archive"] = arch;
  j["best"] = k.best ? encode_candidate(*k.best) : json(nullptr);
  if (k.pending_proof) {
    j["pending_proof"] = json{{"candidate", encode_candidate(k.pending_proof->candidate)},
                              {"due_generation", k.pending_proof->due_generation}};
  }
  return j.dump();
}

CheckpointParse decode_checkpoint(std::string_view text, std::string_view source) {
  CheckpointParse r;
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    r.error = "corrupt checkpoint " + std::string(source) + ": " + e.what();
    return r;
  }
  try {
    r.checkpoint = read(j);
  } catch (const FieldError& e) {
    r.error = "corrupt checkpoint " + std::string(source) + ": " + e.what();
  }
  return r;
}

CheckpointParse read_checkpoint_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return CheckpointParse{std::nullopt, "cannot read checkpoint " + path};
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return CheckpointParse{std::nullopt, "cannot read checkpoint " + path};
  return decode_checkpoint(text, path);
}

}  // namespace uf::engine
