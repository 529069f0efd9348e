#include "engine/searcher.h"

#include "dist/comm.h"
#include "dist/verify.h"
#include "ir/text.h"

// A distributed search (SearchOptions::comm, docs/distributed.md): each rank evolves
// its own islands; at every migration boundary each rank sends each other rank one
// message (engine/rank_messages.h) with its migrant (to the topology's destination
// only), the proofs it finished (so no kernel is proven twice and counterexamples are
// shared) and its figures. Rank 0 keeps the latest archive snapshot of every rank for
// the front it writes; at the end it merges every rank's archive and drives the final
// proofs, each split over all ranks (dist/verify.h).

namespace uf::engine::detail {

using json = nlohmann::json;

void Searcher::init_ranks() {
  if (!o_.comm || o_.comm->size() < 2) return;
  comm_ = o_.comm;
  rank_ = comm_->rank();
  nranks_ = comm_->size();
  st_.ranks = nranks_;
  sent_to_.assign(static_cast<std::size_t>(nranks_), 0);
  received_from_.assign(static_cast<std::size_t>(nranks_), 0);
  snapshots_.assign(static_cast<std::size_t>(nranks_), std::nullopt);
  peers_.assign(static_cast<std::size_t>(nranks_), std::nullopt);
  topology_rng_ = Rng(o_.seed, 0x2000000ull + static_cast<std::uint64_t>(rank_));
  if (rank_ > 0) {
    // Rank r keeps its state in out/rank-r and says nothing on the terminal: rank 0
    // speaks for the job (its status line has every rank's figures).
    if (!o_.out.empty()) o_.out = o_.out / ("rank-" + std::to_string(rank_));
    o_.progress = false;
    o_.quiet = true;
    // Its JSON log, when one is asked for, beside its state: its full figures (rank 0's
    // log has every rank's, as of their latest messages).
    if (!o_.log_json.empty()) o_.log_json = o_.out.empty() ? std::filesystem::path() : o_.out / "search.jsonl";
    log_ = SearchLog(false, true);
  }
}

bool Searcher::agreed_flag(bool mine) {
  for (const std::string& v : comm_->all_gather(mine ? "1" : "0")) {
    if (v == "1") return true;
  }
  return false;
}

void Searcher::check_resumed_ranks() {
  if (!o_.lockstep) return;
  const std::vector<std::string> gens = comm_->all_gather(std::to_string(st_.generations));
  for (int r = 0; r < nranks_; ++r) {
    if (gens[static_cast<std::size_t>(r)] != gens[0]) {
      throw SearchError("cannot resume in lockstep: rank 0's checkpoint is at generation " + gens[0] + ", rank " +
                        std::to_string(r) + "'s at " + gens[static_cast<std::size_t>(r)] +
                        " (the run stopped between two checkpoints)");
    }
  }
}

RankThroughput Searcher::throughput() const {
  RankThroughput t;
  t.generation = st_.generations;
  t.evaluations = st_.evaluations;
  t.seconds = elapsed();
  const dist::CommStats cs = comm_->stats();
  t.comm_seconds = cs.seconds;
  t.bytes_sent = cs.bytes_sent;
  t.migrants_sent = st_.migrants_sent;
  t.migrants_received = st_.migrants_received;
  return t;
}

RankMessage Searcher::snapshot_message() const {
  RankMessage m;
  m.kind = RankMessage::Kind::Snapshot;
  m.from = throughput();
  for (const auto& c : archive_.members()) m.archive.push_back(record(c));
  if (best_) m.best = record(*best_);
  return m;
}

void Searcher::exchange_step() {
  const bool boundary = st_.generations % static_cast<std::uint64_t>(o_.migrate_every) == 0;
  if (boundary) {
    ++boundary_;
    int dest = (rank_ + 1) % nranks_;
    if (o_.topology == Topology::Random) {
      dest = static_cast<int>(topology_rng_.below(static_cast<std::uint64_t>(nranks_ - 1)));
      if (dest >= rank_) ++dest;
    }
    const SelectionOptions so = selection();
    const Candidate* elite = &fittest(islands_.front(), so);
    for (const Island& isl : islands_) {
      const Candidate& f = fittest(isl, so);
      if (fitter(f, *elite, o_.max_ulp, false)) elite = &f;
    }
    RankMessage m;
    m.kind = RankMessage::Kind::Exchange;
    m.from = throughput();
    m.boundary = boundary_;
    m.proofs = std::move(notes_out_);
    notes_out_.clear();
    m.stop = want_stop_;
    m.checkpoint = want_checkpoint_;
    const std::string plain = encode_rank_message(m);
    m.migrant = record(*elite);
    m.seen = std::move(seen_new_);
    seen_new_.clear();
    const std::string with_migrant = encode_rank_message(m);
    for (int r = 0; r < nranks_; ++r) {
      if (r == rank_) continue;
      comm_->send(r, r == dest ? with_migrant : plain);
      ++sent_to_[static_cast<std::size_t>(r)];
    }
    ++st_.migrants_sent;
    if (o_.lockstep) {
      // Every other rank's message of this boundary, in rank order (a snapshot may come
      // first: it does not change the trajectory). The stop and checkpoint decisions
      // are taken from the same messages on every rank.
      bool stop = want_stop_;
      bool ckpt = want_checkpoint_;
      for (int r = 0; r < nranks_; ++r) {
        if (r == rank_) continue;
        while (true) {
          const RankMessage rm = take(comm_->receive(r));
          if (rm.kind != RankMessage::Kind::Exchange) continue;
          if (rm.boundary != boundary_) {
            throw SearchError("lockstep: rank " + std::to_string(r) + " sent boundary " +
                              std::to_string(rm.boundary) + " while this rank is at " + std::to_string(boundary_));
          }
          stop = stop || rm.stop;
          ckpt = ckpt || rm.checkpoint;
          break;
        }
      }
      agreed_stop_ = stop;
      agreed_checkpoint_ = ckpt;
      return;
    }
  }
  if (!o_.lockstep) {
    while (auto msg = comm_->try_receive()) take(*msg);
  }
}

RankMessage Searcher::take(const dist::Message& msg) {
  const auto t = Clock::now();
  const std::size_t from = static_cast<std::size_t>(msg.source);
  ++received_from_[from];
  RankMessage m = decode_rank_message(msg.bytes);
  peers_[from] = m.from;
  if (m.kind == RankMessage::Kind::Snapshot) {
    if (root()) snapshots_[from] = m;
  } else {
    for (const ProofNote& n : m.proofs) apply_note(n);
    seen_.insert(m.seen.begin(), m.seen.end());
    if (m.migrant) accept_migrant(*m.migrant);
  }
  st_.wall_messages += seconds_since(t);
  return m;
}

void Searcher::accept_migrant(const CandidateRecord& r) {
  Candidate c = from_record(r);
  rescore(c);  // on this rank's samples (its counterexamples differ)
  c.born = serial_++;
  seen_.insert(cores_hash(c.cores));
  archive_.insert(c);
  Island& dst = islands_[boundary_ % islands_.size()];
  receive_migrant(dst, std::move(c), selection());
  ++st_.migrants_received;
}

void Searcher::apply_note(const ProofNote& n) {
  ++st_.proof_notes_received;
  Candidate c = from_record(n.candidate);
  checked_.insert(c.hash);
  mark_checked(c);
  if (c.proven) {
    rescore(c);
    archive_.insert(c);
    note_proven(c, elapsed());
  }
  if (!n.counterexamples.empty()) add_counterexamples(n.counterexamples);
}

void Searcher::send_snapshot() {
  if (root()) return;
  comm_->send(0, encode_rank_message(snapshot_message()));
  ++sent_to_[0];
}

void Searcher::drain() {
  // Each rank learns how many messages every other rank sent it, and takes the rest.
  const std::vector<std::uint64_t> expected = comm_->all_to_all(sent_to_);
  for (int r = 0; r < nranks_; ++r) {
    while (received_from_[static_cast<std::size_t>(r)] < expected[static_cast<std::size_t>(r)]) {
      take(comm_->receive(r));
    }
  }
  comm_->complete_sends();
}

void Searcher::merge_ranks() {
  // Every rank's archive and best to rank 0 (one gather; an archive is tens of
  // members of about a kilobyte), rescored on rank 0's samples.
  const std::vector<std::string> all = comm_->gather(root() ? std::string() : encode_rank_message(snapshot_message()), 0);
  if (!root()) return;
  for (int r = 1; r < nranks_; ++r) {
    const RankMessage m = decode_rank_message(all[static_cast<std::size_t>(r)]);
    for (const CandidateRecord& x : m.archive) {
      Candidate c = from_record(x);
      rescore(c);
      if (c.verified) checked_.insert(c.hash);
      archive_.insert(c);
    }
    if (m.best) note_proven(from_record(*m.best), -1);
  }
  snapshots_.assign(snapshots_.size(), std::nullopt);  // all in the archive now
}

eval::VerifyReport Searcher::prove_kernel(const ir::Program& kernel, bool* compiled) {
  eval::VerifyOptions vo = proof_options();
  vo.progress = o_.progress;
  std::optional<eval::BatchFn> fn;
  if (o_.compile_kernel) fn = o_.compile_kernel(kernel);
  *compiled = fn.has_value();
  const eval::BatchFn run = fn ? *fn : eval::interpreter_batch(kernel);
  if (final_distributed_) return dist::verify_distributed(*comm_, run, t_.ref, t_.domain, vo);
  return eval::verify_exhaustive(run, t_.ref, t_.domain, vo);
}

void Searcher::serve_final_proofs() {
  while (true) {
    const std::string text = comm_->broadcast(std::string(), 0);
    if (text.empty()) return;
    ir::ParseResult p = ir::parse(text);
    if (!p) throw SearchError("final proof: rank 0 sent a kernel this rank cannot parse: " + p.error.to_string());
    bool compiled = false;
    prove_kernel(*p.program, &compiled);
  }
}

void Searcher::end_final_proofs() { comm_->broadcast(std::string(), 0); }

void Searcher::share_best() {
  const std::string mine = root() && best_ ? encode_candidate(record(*best_)).dump() : std::string();
  const std::string b = comm_->broadcast(mine, 0);
  if (root()) return;
  best_.reset();
  if (b.empty()) return;
  std::size_t cores = 0;
  try {
    best_ = from_record(decode_candidate(json::parse(b), "best", cores));
  } catch (const std::exception& e) {
    throw SearchError(std::string("rank 0's best kernel: ") + e.what());
  }
}

}  // namespace uf::engine::detail
