#include "engine/searcher.h"

#include <cmath>
#include <sstream>

#include "ir/bound.h"
#include "ir/text.h"

// Probes and exhaustive proofs of the search's candidates: in line (the first proof
// takes the whole machine) or beside the evolution (engine/background_proof.h).

namespace uf::engine::detail {

namespace {

using json = nlohmann::json;

// Inputs over the bound a failed probe adds to the sample beyond its 16 worst, spread
// over every input it found over the bound (SampleSet::probe).
constexpr std::size_t kProbeSpread = 48;

std::string fmt_proof(const Candidate& c, std::uint64_t inputs, double s) {
  std::ostringstream os;
  os << "exhaustive check of a cost " << fmt_num(c.cost) << " kernel over " << inputs
     << " inputs: max " << ir::format_bound_up(c.proven_ulp, 6) << " ULP, " << (c.proven ? "PROVEN" : "fails")
     << " (" << fmt_num(s) << " s)";
  return os.str();
}

}  // namespace

// ---------------------------------------------------------------------------------
// Proofs

eval::VerifyOptions Searcher::proof_options() const {
  eval::VerifyOptions vo;
  vo.bound = o_.max_ulp;
  vo.threads = threads_;
  vo.worst_count = 16;
  vo.specials = t_.specials;
  return vo;
}

bool Searcher::prove(Candidate& c, double* wall) {
  const auto t = Clock::now();
  // Split over the ranks (the final proofs of a distributed search): they wait for
  // rank 0's kernel (engine/search_ranks.cpp).
  if (final_distributed_) comm_->broadcast(ir::print(c.kernel), 0);
  bool compiled = false;
  const eval::VerifyReport rep = prove_kernel(c.kernel, &compiled);
  *wall += seconds_since(t);
  apply_proof(c, rep, compiled, elapsed());
  return c.proven;
}

void Searcher::start_proof(const ProofTicket& t) {
  // Compiled here, on the search's thread: the JIT is not shared with the worker.
  std::optional<eval::BatchFn> fn;
  if (o_.compile_kernel) fn = o_.compile_kernel(t.c.kernel);
  pending_compiled_ = fn.has_value();
  pending_ = t;
  proof_.start([this, vo = proof_options(), kernel = t.c.kernel, fn = std::move(fn)](const std::atomic<bool>* cancel) {
    eval::VerifyOptions v = vo;
    v.cancel = cancel;
    return fn ? eval::verify_exhaustive(*fn, t_.ref, t_.domain, v)
              : eval::verify_exhaustive(kernel, t_.ref, t_.domain, v);
  });
  log_event("proof of a cost " + fmt_num(t.c.cost) + " kernel started beside the search; its result enters at generation " +
                std::to_string(t.due),
            json{{"event", "proof_started"}, {"cost", t.c.cost}, {"due_generation", t.due}});
}

void Searcher::finish_proof() {
  if (!pending_) return;
  const auto t = Clock::now();
  BackgroundProof::Result r = proof_.wait();
  st_.wall_proof_wait += seconds_since(t);
  ProofTicket ticket = std::move(*pending_);
  pending_.reset();
  st_.wall_verify += r.rep.seconds;
  apply_proof(ticket.c, r.rep, pending_compiled_,
              elapsed_before_ + std::chrono::duration<double>(r.finished - t0_).count());
}

void Searcher::cancel_proof() {
  if (!pending_) return;
  proof_.cancel();
  // The proof restarts from the checkpoint on --resume (same candidate, same due
  // generation), so a resumed run takes the path an uninterrupted one would.
  resumed_proof_ = std::move(pending_);
  pending_.reset();
}

void Searcher::apply_proof(Candidate& c, const eval::VerifyReport& rep, bool compiled,
                           double first_proof_time) {
  ++st_.verifications;
  c.verified = true;
  // A wrong declared special value is no proof, whatever the ULP error.
  c.proven_ulp = rep.special_mismatches || !rep.declared_special_failures.empty() ? kInf : rep.max_ulp;
  c.proven = rep.holds();
  mark_checked(c);
  log_event(fmt_proof(c, rep.inputs, rep.seconds) + (compiled ? " [compiled kernel]" : " [interpreter]"),
            json{{"event", "verify"},
                 {"cost", c.cost},
                 {"proven_max_ulp", json_number(c.proven_ulp)},
                 {"holds", c.proven},
                 {"seconds", rep.seconds}});
  std::vector<float> xs;
  if (!c.proven) {
    for (const auto& w : rep.worst) xs.push_back(w.x);
    for (const auto& w : rep.specials) xs.push_back(w.x);
  }
  // The other ranks learn of it at the next boundary.
  if (comm_ && !final_distributed_) notes_out_.push_back(ProofNote{record(c), xs});
  if (!c.proven) {
    add_counterexamples(xs);
  } else {
    note_proven(c, first_proof_time);
  }
}

void Searcher::mark_checked(const Candidate& c) {
  for (auto& m : archive_.members()) {
    if (m.hash == c.hash) {
      m.verified = true;
      m.proven_ulp = c.proven_ulp;
      m.proven = c.proven;
    }
  }
}

void Searcher::note_proven(const Candidate& c, double at) {
  if (better_proven(c, best_)) best_ = c;
  if (st_.first_proven_seconds < 0) st_.first_proven_seconds = at;
}

void Searcher::proof_step(bool final_phase) {
  // Candidates: archive members within the bound on samples, not yet checked, cheaper
  // than the best proven kernel; cheapest first.
  if (!final_phase && pending_) {
    if (st_.generations < pending_->due) return;  // one proof in flight at a time
    finish_proof();
  }
  int budget = final_phase ? o_.final_verifications : 1;
  for (int round = 0; round < 64 && budget > 0; ++round) {
    Candidate* pick = nullptr;
    for (auto& m : archive_.members()) {
      if (m.max_ulp > o_.max_ulp || checked_.count(m.hash)) continue;
      if (best_ && m.cost >= best_->cost) continue;
      pick = &m;
      break;
    }
    if (!pick) return;
    checked_.insert(pick->hash);
    std::vector<float> worst;
    const auto t = Clock::now();
    std::size_t over = 0;
    double worst_ulp = 0;
    const bool clean = samples_->probe(pick->kernel, o_.max_ulp, worst, &over, &worst_ulp, kProbeSpread);
    ++st_.probes;
    st_.wall_probe += seconds_since(t);
    if (!clean) {
      // How far off the kernel the sample called within the bound is, and where: a
      // kernel just over the bound (1.01 ULP) and one that is wrong on a whole range the
      // sample misses call for different remedies.
      log_event("probe found " + std::to_string(worst.size()) + " counterexample(s) for a cost " +
                    fmt_num(pick->cost) + " kernel (" + std::to_string(over) + " probe points over the bound, worst " +
                    fmt_num(worst_ulp) + " ULP at x = " + fmt_num(worst.front()) + ")",
                json{{"event", "probe"}, {"cost", pick->cost}, {"holds", false}, {"over", over},
                     {"worst_ulp", std::isfinite(worst_ulp) ? json(worst_ulp) : json("inf")},
                     {"worst_x", worst.front()}});
      add_counterexamples(worst);  // may reorder the archive: restart the scan
      continue;
    }
    if (!final_phase) {
      // Until the first proof, every promising member is proved at once; afterwards
      // proofs are spaced out (generation g after one at generation p needs
      // g >= 1.25 p + 20), so the search keeps most of the machine. Counting
      // generations, not seconds, keeps the run deterministic.
      if (!o_.verify_during_run) return;
      const double g = static_cast<double>(st_.generations);
      if (best_ && g < 1.25 * last_verify_gen_ + 20) return;
      last_verify_gen_ = g;
    }
    Candidate c = *pick;
    // Until the first kernel is proven, proofs take the whole machine at once (the
    // user waits for that first proof); later ones run beside the search.
    if (!final_phase && o_.proof_lag > 0 && (best_ || o_.proof_lag_first)) {
      start_proof(ProofTicket{c, st_.generations + o_.proof_lag});
      return;
    }
    prove(c, final_phase ? &st_.wall_final_verify : &st_.wall_verify);
    --budget;
  }
}

}  // namespace uf::engine::detail
