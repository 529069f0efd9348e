// Fuzz target: the checkpoint.json decoder (engine/checkpoint.h). Properties:
// decode_checkpoint() never throws or crashes; an error names the source; an accepted
// checkpoint satisfies what a resumed search relies on (islands = islands_state
// entries, slots add up to the population, one RNG per member, no all-zero RNG state,
// the same number of hole-free cores in every candidate), and each candidate's cores
// inline into a template with that many holes to give a well-formed kernel.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/checkpoint.h"
#include "fuzz/fuzz_check.h"
#include "ir/passes.h"

namespace {

using namespace uf;

// A template with `n` holes: core.0(x) + core.1(x) + ...
ir::Program template_with_holes(std::size_t n) {
  ir::Builder b;
  std::uint32_t acc = b.core(b.input(), 0);
  for (std::uint32_t h = 1; h < n; ++h) acc = b.emit(ir::Op::Add, acc, b.core(b.input(), h));
  return std::move(b).finish(acc);
}

void check_candidate(const engine::CheckpointCandidate& c, const ir::Program& tmpl, std::size_t cores) {
  UF_FUZZ_CHECK(c.cores.size() == cores, "every candidate has the same number of cores");
  for (const ir::Program& p : c.cores) {
    UF_FUZZ_CHECK(!ir::verify(p).has_value() && ir::hole_count(p) == 0, "a core is well-formed");
  }
  UF_FUZZ_CHECK(c.max_ulp >= 0 && c.mean_ulp >= 0 && c.proven_ulp >= 0, "errors are >= 0");
  UF_FUZZ_CHECK(!c.proven || c.verified, "proven implies verified");
  const ir::Program k = ir::canonicalize(ir::inline_cores(tmpl, c.cores));
  UF_FUZZ_CHECK(!ir::verify(k).has_value() && ir::hole_count(k) == 0, "an inlined kernel is well-formed");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const engine::CheckpointParse r = engine::decode_checkpoint(text, "checkpoint.json");
  if (!r) {
    UF_FUZZ_CHECK(r.error.find("checkpoint.json") != std::string::npos, "an error names the source");
    return 0;
  }
  const engine::Checkpoint& k = *r.checkpoint;
  UF_FUZZ_CHECK(k.max_ulp > 0, "the bound is positive");
  UF_FUZZ_CHECK(k.population >= 4 && k.islands >= 1 &&
                    static_cast<std::size_t>(k.islands) * 2 <= k.population,
                "population and islands are within the search's limits");
  UF_FUZZ_CHECK(k.islands_state.size() == static_cast<std::size_t>(k.islands), "one state per island");
  std::size_t slots = 0;
  for (const engine::CheckpointIsland& s : k.islands_state) {
    UF_FUZZ_CHECK(!s.members.empty() && s.members.size() == s.slot_rng.size(), "one RNG per member");
    UF_FUZZ_CHECK(s.select_rng != (std::array<std::uint64_t, 4>{}), "no all-zero RNG state");
    for (const auto& st : s.slot_rng) UF_FUZZ_CHECK(st != (std::array<std::uint64_t, 4>{}), "no all-zero RNG state");
    slots += s.members.size();
  }
  UF_FUZZ_CHECK(slots == k.population, "the slots add up to the population");
  const std::size_t n = k.cores_per_candidate;
  UF_FUZZ_CHECK(n >= 1, "candidates have cores");
  const ir::Program tmpl = template_with_holes(n);
  for (const auto& s : k.islands_state) {
    for (const auto& c : s.members) check_candidate(c, tmpl, n);
  }
  for (const auto& c : k.archive) check_candidate(c, tmpl, n);
  if (k.best) check_candidate(*k.best, tmpl, n);
  return 0;
}
