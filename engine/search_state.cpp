#include "engine/searcher.h"

#include <algorithm>
#include <iostream>
#include <sstream>

#include "engine/atomic_file.h"
#include "engine/checkpoint.h"
#include "engine/front_io.h"
#include "ir/bound.h"
#include "ir/text.h"

// What the search keeps and shows: its checkpoint and front (encoded by
// engine/checkpoint.h and engine/front_io.h) and its progress lines.

namespace uf::engine::detail {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------
// Persistence (the codecs are engine/checkpoint.h and engine/front_io.h)

CandidateRecord Searcher::record(const Candidate& c) const {
  CandidateRecord r;
  r.cores = c.cores;
  r.cost = c.cost;
  r.ops = c.ops;
  r.max_ulp = c.max_ulp;
  r.mean_ulp = c.mean_ulp;
  r.worst_x = c.worst_x;
  r.born = c.born;
  r.verified = c.verified;
  r.proven = c.proven;
  r.proven_ulp = c.proven_ulp;
  r.measured_cost = c.measured_cost;
  r.hole_ulp = c.hole_ulp;
  r.select_ulp = c.hole_ulp.empty() ? -1 : c.selection_ulp();
  return r;
}

Candidate Searcher::from_record(const CandidateRecord& x) const {
  Candidate c;
  c.cores = x.cores;
  if (c.cores.size() != nholes_) throw SearchError("checkpoint: wrong number of cores");
  c.kernel = ir::canonicalize(ir::inline_cores(t_.tmpl, c.cores));
  c.max_ulp = x.max_ulp;
  c.mean_ulp = x.mean_ulp;
  c.worst_x = x.worst_x;
  c.cost = ir::static_cost(c.kernel, o_.isa);
  c.ops = ir::op_count(c.kernel);
  c.hash = ir::full_hash(c.kernel);
  c.born = x.born;
  c.verified = x.verified;
  c.proven = x.proven;
  c.proven_ulp = x.verified ? x.proven_ulp : 0;
  c.measured_cost = x.measured_cost;
  c.hole_ulp = x.hole_ulp;
  c.select_ulp = x.select_ulp;
  return c;
}

void Searcher::save_checkpoint() {
  if (o_.out.empty()) return;
  Checkpoint k;
  k.target = t_.name;
  k.seed = o_.seed;
  k.max_ulp = o_.max_ulp;
  k.population = o_.population;
  k.islands = o_.islands;
  k.selection = o_.selection;
  k.sample_points = o_.sample_points;
  k.cost_isa = o_.isa;
  k.rank = rank_;
  k.ranks = nranks_;
  k.lockstep = o_.lockstep;
  k.generation = st_.generations;
  k.serial = serial_;
  k.elapsed = elapsed();
  k.evaluations = st_.evaluations;
  k.first_proven_seconds = st_.first_proven_seconds;
  k.last_verify_generation = last_verify_gen_;
  k.counterexamples = samples_->counterexamples();
  k.seen.assign(seen_.begin(), seen_.end());
  k.checked.assign(checked_.begin(), checked_.end());
  std::sort(k.seen.begin(), k.seen.end());
  std::sort(k.checked.begin(), k.checked.end());
  for (const Island& s : islands_) {
    CheckpointIsland ki;
    ki.select_rng = s.select_rng.state();
    for (const Rng& r : s.slot_rng) ki.slot_rng.push_back(r.state());
    for (const auto& m : s.members) ki.members.push_back(record(m));
    k.islands_state.push_back(std::move(ki));
  }
  for (const auto& m : archive_.members()) k.archive.push_back(record(m));
  if (best_) k.best = record(*best_);
  if (const ProofTicket* t = pending_ ? &*pending_ : resumed_proof_ ? &*resumed_proof_ : nullptr) {
    k.pending_proof = CheckpointProof{record(t->c), t->due};
  }
  if (auto e = write_file_atomic(o_.out / "checkpoint.json", encode_checkpoint(k))) {
    log_event("checkpoint not written: " + *e, json{{"event", "checkpoint_error"}, {"error", *e}});
  }
}

void Searcher::load_checkpoint() {
  const auto path = o_.out / "checkpoint.json";
  if (!std::filesystem::exists(path)) {
    throw SearchError("cannot resume: no checkpoint at " + path.string() +
                      (rank_ > 0 ? " (did the run have fewer than " + std::to_string(nranks_) + " ranks?)" : std::string()));
  }
  CheckpointParse r = read_checkpoint_file(path.string());
  if (!r) throw SearchError(r.error);
  const Checkpoint& k = *r.checkpoint;
  if (k.target != t_.name) throw SearchError("checkpoint is for target " + k.target + ", not " + t_.name);
  if (k.ranks != nranks_) {
    throw SearchError(path.string() + " was written by a search of " + std::to_string(k.ranks) +
                      " rank(s); resume it with " +
                      (k.ranks > 1 ? "mpirun -np " + std::to_string(k.ranks) : std::string("a single process")) +
                      ", not " + std::to_string(nranks_));
  }
  if (k.rank != rank_) {
    throw SearchError(path.string() + " is rank " + std::to_string(k.rank) + "'s checkpoint, not rank " +
                      std::to_string(rank_) + "'s");
  }
  if (comm_ && k.lockstep != o_.lockstep) {
    throw SearchError(path.string() + std::string(" was written ") + (k.lockstep ? "in lockstep" : "without --lockstep") +
                      "; resume it the same way");
  }
  o_.seed = k.seed;
  o_.max_ulp = k.max_ulp;
  o_.population = k.population;
  o_.islands = k.islands;
  o_.selection = k.selection;
  if (k.sample_points) o_.sample_points = *k.sample_points;
  if (k.cost_isa) o_.isa = *k.cost_isa;
  st_.generations = k.generation;
  serial_ = k.serial;
  elapsed_before_ = k.elapsed;
  st_.evaluations = k.evaluations;
  st_.first_proven_seconds = k.first_proven_seconds;
  last_verify_gen_ = k.last_verify_generation;
  resumed_cex_ = k.counterexamples;
  seen_.insert(k.seen.begin(), k.seen.end());
  checked_.insert(k.checked.begin(), k.checked.end());
  islands_.clear();
  for (const CheckpointIsland& ki : k.islands_state) {
    Island s;
    s.select_rng = Rng(ki.select_rng);
    for (const auto& st : ki.slot_rng) s.slot_rng.emplace_back(st);
    for (const auto& m : ki.members) s.members.push_back(from_record(m));
    islands_.push_back(std::move(s));
  }
  std::vector<Candidate> arch;
  for (const auto& m : k.archive) arch.push_back(from_record(m));
  archive_.assign(std::move(arch));
  if (k.best) best_ = from_record(*k.best);
  if (k.pending_proof) resumed_proof_ = ProofTicket{from_record(k.pending_proof->candidate), k.pending_proof->due_generation};
}

void Searcher::write_front() const {
  if (o_.out.empty()) return;
  Front f;
  f.target = t_.name;
  f.domain = t_.domain.describe();
  f.max_ulp_bound = o_.max_ulp;
  f.seed = o_.seed;
  f.cost_measured = static_cast<bool>(o_.measure_cost);
  f.cost_model = "static-" + std::string(ir::isa_name(o_.isa));
  f.sample_points = samples_->points().x.size();
  f.counterexamples = samples_->counterexamples().size();
  // Rank 0 of a distributed search: with every rank's latest snapshot (its scores are
  // that rank's; the final front is rescored on rank 0's samples).
  ParetoArchive merged = archive_;
  std::optional<Candidate> best = best_;
  for (const auto& snap : snapshots_) {
    if (!snap) continue;
    for (const auto& x : snap->archive) merged.insert(from_record(x));
    if (snap->best) {
      Candidate b = from_record(*snap->best);
      if (better_proven(b, best)) best = b;
    }
  }
  for (const auto& m : merged.members()) {
    FrontMember e;
    static_cast<CandidateRecord&>(e) = record(m);
    e.program = m.kernel;
    f.members.push_back(std::move(e));
  }
  if (best) f.best = FrontBest{best->kernel, best->cost, best->proven_ulp};
  if (auto e = write_file_atomic(o_.out / "front.json", encode_front(f))) {
    std::cerr << "ulpforge: warning: " << *e << "\n";
  }
}

// ---------------------------------------------------------------------------------
// Progress

namespace {

json rank_json(int rank, const RankThroughput& p) {
  return json{{"rank", rank},
              {"generation", p.generation},
              {"evaluations", p.evaluations},
              {"candidates_per_s", p.seconds > 0 ? static_cast<double>(p.evaluations) / p.seconds : 0.0},
              {"comm_seconds", p.comm_seconds},
              {"bytes_sent", p.bytes_sent},
              {"migrants_sent", p.migrants_sent},
              {"migrants_received", p.migrants_received}};
}

}  // namespace

void Searcher::progress(bool force) {
  const double now = seconds_since(t0_);
  const Candidate* b = archive_.cheapest_within(o_.max_ulp);
  const double rate = now > 0 ? static_cast<double>(st_.evaluations - evals_at_start_) / now : 0;
  std::ostringstream os;
  os << "gen " << st_.generations << " | " << fmt_num(rate) << " cand/s | ";
  if (b) {
    os << "best <= " << fmt_num(o_.max_ulp) << " ULP: " << fmt_num(b->max_ulp) << " ULP cost "
       << fmt_num(b->cost);
  } else {
    double e = kInf;
    for (const auto& m : archive_.members()) e = std::min(e, m.max_ulp);
    os << "none <= " << fmt_num(o_.max_ulp) << " ULP yet (lowest " << fmt_num(e) << ")";
  }
  os << " | proven: " << (best_ ? "cost " + fmt_num(best_->cost) + ", " + ir::format_bound_up(best_->proven_ulp, 4) + " ULP" : std::string("none"))
     << " | archive " << archive_.size();
  const double t = elapsed_before_ + now;
  json ranks = json::array();
  if (comm_) {
    // Rank 0 speaks for the job: every rank's figures, as of its latest message.
    double all = rate;
    ranks.push_back(rank_json(0, throughput()));
    for (int r = 1; r < nranks_; ++r) {
      const auto& p = peers_[static_cast<std::size_t>(r)];
      if (!p) continue;
      ranks.push_back(rank_json(r, *p));
      if (p->seconds > 0) all += static_cast<double>(p->evaluations) / p->seconds;
    }
    os << " | " << nranks_ << " ranks: " << fmt_num(all) << " cand/s, migrants in " << st_.migrants_received
       << " out " << st_.migrants_sent;
  }
  json j{{"t", t},
               {"generation", st_.generations},
               {"evaluations", st_.evaluations},
               {"candidates_per_s", rate},
               {"archive", archive_.size()},
               {"best_cost", b ? json(b->cost) : json(nullptr)},
               {"best_max_ulp", b ? json_number(b->max_ulp) : json(nullptr)},
               {"proven_cost", best_ ? json(best_->cost) : json(nullptr)}};
  if (comm_) j["ranks"] = ranks;
  log_.status(t, now, os.str(), j, force);
}

void Searcher::log_done() {
  std::ostringstream os;
  os << "done: " << st_.generations << " generations, " << st_.evaluations << " candidates in "
     << fmt_num(st_.seconds) << " s (" << fmt_num((st_.evaluations - evals_at_start_) / std::max(st_.seconds, 1e-9))
     << " cand/s); thread-seconds: fit " << fmt_num(st_.cpu_fit) << ", neighbour search "
     << fmt_num(st_.cpu_neighbour) << ", scoring " << fmt_num(st_.cpu_score) << ", mutation "
     << fmt_num(st_.cpu_mutate) << "; wall: probes " << fmt_num(st_.wall_probe) << ", proofs "
     << fmt_num(st_.wall_verify) << " + final " << fmt_num(st_.wall_final_verify)
     << (o_.proof_lag > 0 ? ", waiting for proofs beside the search " + fmt_num(st_.wall_proof_wait) : std::string())
     << " ("
     << st_.verifications << " exhaustive checks, " << st_.counterexamples << " counterexamples)";
  if (nholes_ > 1) os << "; " << st_.hole_crossovers << " hole crossovers";
  if (best_) {
    os << "; best proven: cost " << fmt_num(best_->cost) << ", " << best_->ops << " ops, "
       << ir::format_bound_up(best_->proven_ulp, 6) << " ULP, first proof at " << fmt_num(st_.first_proven_seconds) << " s";
  } else {
    os << "; no kernel proven within " << fmt_num(o_.max_ulp) << " ULP";
  }
  if (comm_) {
    os << "; rank " << rank_ << " of " << nranks_ << ": migrants out " << st_.migrants_sent << ", in "
       << st_.migrants_received << ", proof results in " << st_.proof_notes_received << ", communication "
       << fmt_num(st_.wall_comm) << " s, " << st_.bytes_sent << " bytes out, taking in messages "
       << fmt_num(st_.wall_messages) << " s";
  }
  log_event(os.str(), json{{"event", "done"},
                           {"generations", st_.generations},
                           {"evaluations", st_.evaluations},
                           {"seconds", st_.seconds},
                           {"cpu_fit", st_.cpu_fit},
                           {"cpu_neighbour", st_.cpu_neighbour},
                           {"cpu_score", st_.cpu_score},
                           {"cpu_mutate", st_.cpu_mutate},
                           {"wall_probe", st_.wall_probe},
                           {"wall_verify", st_.wall_verify},
                           {"wall_final_verify", st_.wall_final_verify},
                           {"wall_proof_wait", st_.wall_proof_wait},
                           {"first_proven_seconds", st_.first_proven_seconds},
                           {"hole_crossovers", st_.hole_crossovers},
                           {"best_cost", best_ ? json(best_->cost) : json(nullptr)},
                           {"ranks", st_.ranks},
                           {"migrants_sent", st_.migrants_sent},
                           {"migrants_received", st_.migrants_received},
                           {"proof_notes_received", st_.proof_notes_received},
                           {"wall_comm", st_.wall_comm},
                           {"wall_messages", st_.wall_messages},
                           {"bytes_sent", st_.bytes_sent},
                           {"bytes_received", st_.bytes_received},
                           {"messages_sent", st_.messages_sent},
                           {"messages_received", st_.messages_received}});
}

}  // namespace uf::engine::detail
