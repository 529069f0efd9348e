// The evolutionary search: evolves the core programs of a target's range-reduction
// template, scores the FULL kernel (template with cores inlined) against the full
// function on a sample set, keeps a Pareto archive of (max ULP, cost), and proves
// archive members exhaustively.
//
// Determinism: one generation = (1) sequential parent selection and mutation, each
// population slot drawing from its own Rng(seed, slot); (2) constant optimisation and
// scoring of the children in parallel (deterministic functions of the child); (3)
// sequential merge in slot order. Probes, exhaustive checks and counterexample feedback
// happen in the sequential phase; a proof running beside the evolution (proof_lag)
// enters it at a generation fixed when the proof started. So a seed gives the same
// trajectory for any thread count; only the point where a time limit stops it depends
// on speed.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/constopt.h"
#include "engine/pareto.h"
#include "engine/population.h"
#include "engine/rng.h"
#include "eval/score.h"
#include "targets/target.h"

namespace uf::dist {
class Comm;
}

namespace uf::engine {

// Where a rank of a distributed search sends its migrant at a boundary.
enum class Topology { Ring, Random };

struct SearchOptions {
  double max_ulp = 1.0;               // constraint on the proven error
  double time_limit = 60;             // seconds for the search loop (incl. in-run proofs)
  std::uint64_t max_generations = 0;  // 0: until the time limit
  std::uint64_t seed = 1;
  int threads = 0;                    // 0: all cores
  std::size_t population = 64;        // total over all islands
  int islands = 1;
  int migrate_every = 10;             // generations between migrations (islands > 1)
  Selection selection = Selection::Nsga2;
  int tournament = 8;                 // regularised evolution tournament size
  std::size_t sample_points = 16384;  // stratified sample of the domain (plus specials)
  std::size_t probe_points = 1u << 21;  // dense pre-check before an exhaustive proof
  bool verify_during_run = true;      // prove promising members while searching
  // In-run proofs after the first success run beside the evolution, on a thread of
  // their own: a proof started at the end of generation g enters the search (proven
  // kernel, or counterexamples) at the end of generation g + proof_lag, waited for if
  // not done by then, so the trajectory does not depend on how fast the proof ran.
  // Proofs before the first success take the whole machine at once (the user waits for
  // that one; beside the search it took 11.7 s instead of 7.8 on 2 cores), unless
  // proof_lag_first. 0: every proof stops the evolution until done.
  std::uint64_t proof_lag = 150;
  bool proof_lag_first = false;
  int final_verifications = 3;        // exhaustive checks after the loop (cheapest first)
  double checkpoint_every = 30;       // seconds; 0 disables periodic checkpoints
  std::filesystem::path out;          // output directory (empty: no files)
  std::filesystem::path cache_dir;    // reference cache (empty: eval::default_cache_dir())
  bool progress = false;              // live progress line on stderr
  bool quiet = false;                 // no progress output at all
  std::filesystem::path log_json;     // JSON lines progress log (empty: none)
  std::vector<ir::Program> seed_cores;  // start population (one per hole); empty: from scratch
  std::vector<ir::Op> ops;            // ops mutations may insert, guard excepted (empty: default_core_ops())
  ir::Isa isa = ir::Isa::Avx512;      // cost model
  FitOptions fit;
  std::string command_line;           // provenance
  // Optional compiled evaluator for exhaustive proofs (e.g. the host JIT, which must
  // match ir/semantics.h bit for bit); returns nullopt to fall back to the interpreter.
  std::function<std::optional<eval::BatchFn>(const ir::Program&)> compile_kernel;
  // Optional measured cost (e.g. JIT cycles/element); when set, the final front records
  // it and best.uf is the proven member with the lowest measured cost.
  std::function<std::optional<double>(const ir::Program&)> measure_cost;
  // A distributed search (docs/distributed.md): the ranks of `comm` (size > 1) each run
  // `population` in `islands` on `threads`, exchanging migrants, proof results and
  // throughput every migrate_every generations; rank 0 writes the global front,
  // best.uf and search.log into `out`, rank r > 0 its own state into out/rank-r. The
  // final proofs of the global archive are split over every rank.
  // nullptr (or size 1): a single process, exactly as without MPI.
  dist::Comm* comm = nullptr;
  Topology topology = Topology::Ring;
  // Lockstep: at each boundary every rank waits for every other rank's message, and
  // stops and checkpoints at boundaries agreed by all, so a seed and a rank count give
  // the same front. Otherwise messages are taken whenever they arrive (a slow rank
  // never stalls the others) and the trajectory depends on timing.
  bool lockstep = false;
};

struct SearchStats {
  std::uint64_t generations = 0;
  std::uint64_t evaluations = 0;       // candidates optimised and scored
  std::uint64_t mutation_retries = 0;
  std::uint64_t hole_crossovers = 0;   // multi-hole: children given another member's better core
  std::uint64_t kernel_evals = 0;      // kernel runs in the neighbour search
  double seconds = 0;                  // wall time of the search loop
  double cpu_fit = 0, cpu_neighbour = 0, cpu_score = 0, cpu_mutate = 0;  // thread-seconds
  double wall_probe = 0, wall_verify = 0, wall_final_verify = 0;
  double wall_proof_wait = 0;          // evolution waiting for a proof beside it (proof_lag > 0)
  std::uint64_t probes = 0, verifications = 0, counterexamples = 0;
  double first_proven_seconds = -1;    // wall time when the first proof succeeded
  std::size_t sample_size = 0;
  // Distributed search (this rank's figures): ranks, migrants sent and received, and
  // the wall time and bytes of its communication.
  int ranks = 1;
  std::uint64_t migrants_sent = 0, migrants_received = 0, proof_notes_received = 0;
  double wall_comm = 0;
  double wall_messages = 0;  // decoding and applying what other ranks sent (rescoring included)
  std::uint64_t bytes_sent = 0, bytes_received = 0;
  std::uint64_t messages_sent = 0, messages_received = 0;  // point to point
};

struct SearchResult {
  ParetoArchive archive;
  std::optional<Candidate> best;       // cheapest proven member
  SearchStats stats;
  bool interrupted = false;
};

// Set by a signal handler (SIGINT/SIGTERM): the search stops after the current
// generation, writes its checkpoint and front, and skips the final proofs.
std::atomic<bool>& stop_flag();

// Thrown for invalid options or an unreadable/mismatching checkpoint.
struct SearchError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Runs a search. With resume = true the state is loaded from out/checkpoint.json
// (same target required) and the run continues until its time limit, counted from
// the original start (elapsed time is saved in the checkpoint).
SearchResult run_search(const targets::Target& target, const SearchOptions& opt, bool resume);

// The full kernel of a candidate with a provenance header (`; target: NAME` first).
std::string best_program_text(const targets::Target& target, const Candidate& c,
                              const SearchOptions& opt);

}  // namespace uf::engine
