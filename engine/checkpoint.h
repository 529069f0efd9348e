// The search checkpoint's codec (checkpoint.json, written by run_search every
// --checkpoint-every seconds and at the end; read by --resume). The decoder checks
// types, ranges and the invariants a resumed search relies on (the islands' slots add
// up to the population, every candidate has the same number of hole-free cores, RNG
// states are valid xoshiro256** states) and returns a typed Checkpoint or an error
// naming the file and the field. It never throws for bad input and runs no search;
// the template-dependent check (cores per candidate = the target's holes) is the
// resuming search's.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/candidate_record.h"
#include "engine/population.h"
#include "ir/program.h"

namespace uf::engine {

inline constexpr int kCheckpointVersion = 1;

// Cores, scores and proof state; cost and ops are written for readers but not read
// back (the resuming search recomputes them from the kernel).
using CheckpointCandidate = CandidateRecord;

// A proof that was running beside the search (SearchOptions::proof_lag) when the
// checkpoint was written: a resumed search restarts it, due at the same generation.
struct CheckpointProof {
  CheckpointCandidate candidate;
  std::uint64_t due_generation = 0;
};

struct CheckpointIsland {
  std::array<std::uint64_t, 4> select_rng{};
  std::vector<std::array<std::uint64_t, 4>> slot_rng;
  std::vector<CheckpointCandidate> members;  // one per slot
};

struct Checkpoint {
  std::string target;
  std::uint64_t seed = 0;
  double max_ulp = 0;
  std::size_t population = 0;
  int islands = 0;
  Selection selection = Selection::Nsga2;
  std::optional<std::size_t> sample_points;  // optional field (older checkpoints lack it)
  std::optional<ir::Isa> cost_isa;            // optional field "cost_isa" (older: avx512)
  // Optional fields "rank", "ranks" and "lockstep" (older and single-process: 0 of 1):
  // the rank of a distributed search that wrote it, how many ranks the run had, and
  // whether they ran in lockstep.
  int rank = 0, ranks = 1;
  bool lockstep = false;
  std::uint64_t generation = 0, serial = 0, evaluations = 0;
  double elapsed = 0, first_proven_seconds = -1, last_verify_generation = 0;
  std::vector<float> counterexamples;
  std::vector<std::uint64_t> seen, checked;
  std::vector<CheckpointIsland> islands_state;  // islands entries
  std::vector<CheckpointCandidate> archive;
  std::optional<CheckpointCandidate> best;
  std::optional<CheckpointProof> pending_proof;  // optional field "pending_proof"
  std::size_t cores_per_candidate = 0;  // the same for every candidate
};

struct CheckpointParse {
  std::optional<Checkpoint> checkpoint;
  std::string error;  // "out/checkpoint.json: islands_state[0].slot_rng[3]: ..." when !checkpoint
  explicit operator bool() const { return checkpoint.has_value(); }
};

// The checkpoint as JSON text: what decode_checkpoint reads back (cores_per_candidate
// is not written; it is derived when decoding).
std::string encode_checkpoint(const Checkpoint& k);

// Decodes checkpoint.json text; `source` names it in error messages.
CheckpointParse decode_checkpoint(std::string_view text, std::string_view source);
// Reads and decodes a file (an unreadable file is an error, not an exception).
CheckpointParse read_checkpoint_file(const std::string& path);

}  // namespace uf::engine
