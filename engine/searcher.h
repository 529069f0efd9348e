// The search's engine room, shared by the files that implement it (not part of the
// library interface; engine/search.h is). One class drives a run; its jobs live in
// separate files:
//   engine/search.cpp         candidates (mutate, fit, score), population, the run loop
//   engine/search_proofs.cpp  probes and exhaustive proofs, in line or beside the search
//   engine/search_state.cpp   checkpoint and front (through their codecs), progress
//   engine/search_ranks.cpp   a distributed search: exchanges between ranks, the
//                             global archive, final proofs split over the ranks
// and the parts it drives have their own types: engine/sample_set.h,
// engine/population.h, engine/background_proof.h, engine/checkpoint.h,
// engine/front_io.h, engine/search_log.h.
#pragma once

#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <unordered_set>
#include <vector>

#include "dist/comm.h"
#include "engine/background_proof.h"
#include "engine/candidate_record.h"
#include "engine/mutation.h"
#include "engine/population.h"
#include "engine/rank_messages.h"
#include "engine/sample_set.h"
#include "engine/search.h"
#include "engine/search_log.h"
#include "eval/interp.h"
#include "eval/specials.h"
#include "eval/verify.h"
#include "ir/passes.h"

namespace uf::engine::detail {


using Clock = std::chrono::steady_clock;
using json = nlohmann::json;
inline constexpr double kInf = std::numeric_limits<double>::infinity();

inline double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

inline std::uint64_t cores_hash(const std::vector<ir::Program>& cores) {
  std::uint64_t h = 0x51ed270b27d1a0c3ull;
  for (const auto& c : cores) h = mix(h, ir::full_hash(c));
  return h;
}

// Relaxed atomic accumulation of thread-seconds.
struct AtomicSeconds {
  std::atomic<std::uint64_t> ns{0};
  void add(Clock::duration d) {
    ns.fetch_add(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()),
                 std::memory_order_relaxed);
  }
  double seconds() const { return static_cast<double>(ns.load()) * 1e-9; }
};

inline SampleSet::Options sample_options(const SearchOptions& o) {
  return SampleSet::Options{o.sample_points, o.probe_points, o.seed, o.cache_dir};
}

// Whether proven candidate c replaces `best` as the kernel a search returns: cheaper,
// or as cheap with a lower proven error.
inline bool better_proven(const Candidate& c, const std::optional<Candidate>& best) {
  return !best || c.cost < best->cost || (c.cost == best->cost && c.proven_ulp < best->proven_ulp);
}

class Searcher {
 public:
  Searcher(const targets::Target& t, const SearchOptions& o)
      : t_(t), o_(o), log_(o.progress, o.quiet) {
    if (!(o_.max_ulp > 0)) throw SearchError("max ULP bound must be positive");
    if (o_.population < 4) throw SearchError("population must be at least 4");
    if (o_.islands < 1 || static_cast<std::size_t>(o_.islands) * 2 > o_.population) {
      throw SearchError("islands must be between 1 and population / 2");
    }
    if (o_.migrate_every < 1) throw SearchError("migrate_every must be at least 1");
    nholes_ = std::max<std::uint32_t>(1, ir::hole_count(t_.tmpl));
    if (t_.holes.size() < nholes_) throw SearchError("target " + t_.name + " lacks hole descriptions");
    if (!o_.seed_cores.empty() && o_.seed_cores.size() != nholes_) {
      throw SearchError("seed program gives " + std::to_string(o_.seed_cores.size()) +
                        " cores, the template has " + std::to_string(nholes_) + " holes");
    }
    mix_ = MutationMix::standard(o_.ops.empty() ? default_core_ops() : o_.ops);
    for (std::uint32_t h = 0; h < nholes_; ++h) fit_.push_back(make_fit_data(t_.holes[h]));
    threads_ = o_.threads > 0 ? o_.threads : static_cast<int>(std::thread::hardware_concurrency());
    arena_ = std::make_unique<tbb::task_arena>(threads_);
    init_ranks();
  }

  ~Searcher() { cancel_proof(); }  // an exception may have left a proof running
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // begin (outputs, samples, population), generations until stopped, end (final
  // proofs, checkpoint, front, best.uf).
  SearchResult run(bool resume);

 private:
  void begin(bool resume);
  void generation();  // mutate, evaluate, select, migrate, prove, report, checkpoint
  void end(bool& interrupted);  // a distributed search: interrupted if any rank was

  // ---- candidates -----------------------------------------------------------
  Candidate evaluate(std::vector<ir::Program> cores, std::size_t hole, bool optimise);
  // The target's declared special values, exactly: a candidate that misses one cannot
  // be proven (its proof fails on it).
  bool meets_specials(const ir::Program& kernel) const {
    return eval::special_value_failures(eval::interpreter_batch(kernel), t_.specials).empty();
  }
  // rescore(): sampled scores on this rank's sample set. A candidate that misses a
  // special value has max_ulp = bound + 1 + its sampled error: never within the bound
  // (so never proposed for a proof), yet still ordered by how close it is. Scoring it
  // +inf instead left a search from an empty core no gradient at all: its cores rarely
  // give e.g. exp2(0) = 1 exactly, so every candidate was +inf and none was ever found.
  // Multi-hole: also the per-hole errors and the selection error
  // (engine/hole_attribution.h).
  void rescore(Candidate& c) const;
  void attribute_samples();          // masks_ for the current sample set
  void rescore_all();
  void add_counterexamples(const std::vector<float>& xs);
  std::vector<ir::Program> start_cores(std::size_t variant) const;
  void init_population();
  std::vector<Child> make_children();
  void merge(std::vector<Candidate>& kids, const std::vector<Child>& children);
  SelectionOptions selection() const { return SelectionOptions{o_.selection, o_.tournament, o_.max_ulp}; }

  // ---- proofs ---------------------------------------------------------------
  // A proof running beside the evolution (SearchOptions::proof_lag > 0) enters the
  // search at the end of generation `due`, waited for if not done by then.
  struct ProofTicket {  // what a proof beside the search proves, and when it enters
    Candidate c;
    std::uint64_t due = 0;
  };
  eval::VerifyOptions proof_options() const;
  bool prove(Candidate& c, double* wall);
  void start_proof(const ProofTicket& t);
  void finish_proof();  // waits for the pending proof and applies its result
  void cancel_proof();  // stops the pending proof, keeping it for the checkpoint
  void apply_proof(Candidate& c, const eval::VerifyReport& rep, bool compiled,
                   double first_proof_time);
  void proof_step(bool final_phase);
  void note_proven(const Candidate& c, double at);

  // ---- ranks of a distributed search (engine/search_ranks.cpp) --------------
  // comm_ is set only for a job of more than one rank; every function below is then
  // called by every rank at the same point of the run.
  void init_ranks();                  // output directory, logging and streams per rank
  void check_resumed_ranks();         // lockstep: every rank resumed at one generation
  void exchange_step();               // at boundaries: send; then take what arrived
  RankMessage take(const dist::Message& m);  // counts, decodes and applies a message
  void mark_checked(const Candidate& c);     // a proof's result on the archive's copies
  void accept_migrant(const CandidateRecord& r);
  void apply_note(const ProofNote& n);
  void send_snapshot();               // ranks > 0: the archive, for rank 0's front
  bool agreed_flag(bool mine);        // true on every rank when one rank says true
  void drain();                       // takes every message still in flight
  void merge_ranks();                 // rank 0: every rank's archive and best
  void serve_final_proofs();          // ranks > 0: their part of rank 0's final proofs
  void end_final_proofs();            // rank 0: releases the others
  void share_best();                  // rank 0's best, on every rank
  eval::VerifyReport prove_kernel(const ir::Program& kernel, bool* compiled);
  RankThroughput throughput() const;
  RankMessage snapshot_message() const;
  bool root() const { return rank_ == 0; }

  // ---- persistence ----------------------------------------------------------
  CandidateRecord record(const Candidate& c) const;
  Candidate from_record(const CandidateRecord& x) const;
  void save_checkpoint();
  void load_checkpoint();
  void write_front() const;
  double elapsed() const { return elapsed_before_ + seconds_since(t0_); }
  void log_event(const std::string& text, const json& extra = {}) { log_.event(elapsed(), text, extra); }
  void progress(bool force);
  void log_done();

  const targets::Target& t_;
  SearchOptions o_;
  std::uint32_t nholes_ = 1;
  MutationMix mix_;
  std::vector<FitData> fit_;
  int threads_ = 1;
  std::unique_ptr<tbb::task_arena> arena_;
  std::unique_ptr<SampleSet> samples_;
  std::vector<float> resumed_cex_;  // counterexamples of a resumed checkpoint
  std::vector<std::uint32_t> masks_;  // multi-hole: the holes each sample point depends on

  dist::Comm* comm_ = nullptr;       // set for a job of more than one rank
  int rank_ = 0, nranks_ = 1;
  Rng topology_rng_;
  std::uint64_t boundary_ = 0;       // migration boundaries passed
  bool want_stop_ = false, agreed_stop_ = false, want_checkpoint_ = false, agreed_checkpoint_ = false;
  bool final_distributed_ = false;   // final proofs split over the ranks (rank 0 drives)
  std::vector<ProofNote> notes_out_;          // proofs finished since the last boundary
  std::vector<std::uint64_t> seen_new_;       // cores hashes evaluated since the last boundary
  std::vector<std::uint64_t> sent_to_, received_from_;  // messages, for the drain
  std::vector<std::optional<RankMessage>> snapshots_;    // rank 0: each rank's latest
  std::vector<std::optional<RankThroughput>> peers_;     // rank 0: each rank's latest figures

  std::vector<Island> islands_;
  ParetoArchive archive_;
  std::unordered_set<std::uint64_t> seen_;     // cores hashes handed to evaluation
  std::unordered_set<std::uint64_t> checked_;  // kernel hashes probed or verified
  std::optional<Candidate> best_;
  std::uint64_t serial_ = 0;
  double elapsed_before_ = 0;  // from a resumed checkpoint
  double last_verify_gen_ = 0;  // generation of the last in-run proof
  BackgroundProof proof_;
  std::optional<ProofTicket> pending_;        // the proof beside the search, while it runs
  bool pending_compiled_ = false;
  std::optional<ProofTicket> resumed_proof_;  // from a checkpoint, or cancelled
  SearchStats st_;
  AtomicSeconds fit_s_, nb_s_, score_s_;
  std::atomic<std::uint64_t> kernel_evals_{0};
  Clock::time_point t0_;
  double last_ckpt_ = 0;
  std::uint64_t evals_at_start_ = 0;
  SearchLog log_;
};


}  // namespace uf::engine::detail
