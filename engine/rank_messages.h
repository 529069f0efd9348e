// What the ranks of a distributed search (SearchOptions::comm) tell each other, and
// its codec. Two kinds of message travel on the job's one stream:
//   Exchange: at every migration boundary, from each rank to each other one: the
//     migrant and the cores hashes evaluated since the last boundary (to the
//     topology's destination only), the proofs this rank finished since
//     the last boundary (so no rank proves a kernel again, and every rank learns its
//     counterexamples), its throughput, and whether it wants to stop (lockstep mode).
//   Snapshot: at each checkpoint, from ranks 1.. to rank 0: the rank's archive, which
//     rank 0 merges into the global front it writes.
// Candidates travel as CandidateRecord JSON (engine/candidate_record.h): exact.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/candidate_record.h"

namespace uf::engine {

struct ProofNote {
  CandidateRecord candidate;  // verified; proven or not
  std::vector<float> counterexamples;
};

struct RankThroughput {
  std::uint64_t generation = 0, evaluations = 0;
  double seconds = 0;  // the rank's elapsed search time
  double comm_seconds = 0;
  std::uint64_t bytes_sent = 0, migrants_sent = 0, migrants_received = 0;
};

struct RankMessage {
  enum class Kind { Exchange, Snapshot } kind = Kind::Exchange;
  RankThroughput from;
  // Exchange
  std::uint64_t boundary = 0;  // the migration boundary's index (1, 2, ...)
  std::optional<CandidateRecord> migrant;
  // With the migrant: the cores hashes the sender evaluated since the last boundary,
  // so that the rank its migrants go to does not evaluate them again.
  std::vector<std::uint64_t> seen;
  std::vector<ProofNote> proofs;
  bool stop = false;        // lockstep: the sender wants to stop after this boundary
  bool checkpoint = false;  // lockstep: the sender's checkpoint is due
  // Snapshot
  std::vector<CandidateRecord> archive;
  std::optional<CandidateRecord> best;
};

std::string encode_rank_message(const RankMessage& m);
// Throws SearchError (engine/search.h) naming what is wrong.
RankMessage decode_rank_message(std::string_view bytes);

}  // namespace uf::engine
