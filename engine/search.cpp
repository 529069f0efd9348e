#include "engine/search.h"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "engine/atomic_file.h"
#include "engine/checkpoint.h"
#include "engine/front_io.h"
#include "engine/hole_attribution.h"
#include "engine/searcher.h"
#include "ir/bound.h"
#include "ir/text.h"

// Candidates (mutate, fit, score), the population and the run loop of the search
// (engine/searcher.h lists where its other jobs live).

namespace uf::engine {

std::atomic<bool>& stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace detail {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------
// Candidates

Candidate Searcher::evaluate(std::vector<ir::Program> cores, std::size_t hole, bool optimise) {
  auto t = Clock::now();
  if (optimise && !fit_[hole].r.empty()) {
    cores[hole] = fit_constants(cores[hole], fit_[hole], o_.fit);
  }
  auto t2 = Clock::now();
  fit_s_.add(t2 - t);
  if (optimise) {
    const KernelError e = kernel_error(t_.tmpl, cores, samples_->subsample());
    if (e.max_ulp <= 4 * o_.max_ulp + 4) {
      std::size_t evals = 0;
      cores = neighbour_search(t_.tmpl, std::move(cores), hole, samples_->subsample(), 8, 3, nullptr, &evals);
      kernel_evals_ += evals;
    }
  }
  auto t3 = Clock::now();
  nb_s_.add(t3 - t2);
  Candidate c;
  c.cores = std::move(cores);
  c.kernel = ir::canonicalize(ir::inline_cores(t_.tmpl, c.cores));
  rescore(c);
  c.cost = ir::static_cost(c.kernel, o_.isa);
  c.ops = ir::op_count(c.kernel);
  c.hash = ir::full_hash(c.kernel);
  score_s_.add(Clock::now() - t3);
  return c;
}

void Searcher::rescore(Candidate& c) const {
  const eval::PointSet& pts = samples_->points();
  thread_local std::vector<float> y;
  thread_local std::vector<double> errors;  // per point, for the per-hole errors
  y.resize(pts.x.size());
  eval::run_f32(c.kernel, pts.x.data(), y.data(), y.size());
  const eval::Score s = eval::score_outputs(y, pts, nholes_ > 1 ? &errors : nullptr);
  const bool specials_ok = meets_specials(c.kernel);
  c.max_ulp = std::isnan(s.max_ulp) ? kInf : specials_ok ? s.max_ulp : o_.max_ulp + 1.0 + s.max_ulp;
  c.mean_ulp = s.mean_ulp;
  c.worst_x = s.worst_x;
  if (nholes_ > 1) {
    c.hole_ulp = per_hole_ulp(errors, masks_, nholes_);
    c.select_ulp = selection_error(c.hole_ulp, c.max_ulp, o_.max_ulp, specials_ok);
  }
}

void Searcher::attribute_samples() {
  if (nholes_ > 1) masks_ = hole_masks(t_.tmpl, nholes_, samples_->points().x);
}

void Searcher::rescore_all() {
  std::vector<Candidate*> all;
  for (auto& isl : islands_) {
    for (auto& m : isl.members) all.push_back(&m);
  }
  for (auto& m : archive_.members()) all.push_back(&m);
  arena_->execute([&] {
    tbb::parallel_for(std::size_t{0}, all.size(), [&](std::size_t i) { rescore(*all[i]); });
  });
  ParetoArchive fresh;
  for (const auto& m : archive_.members()) fresh.insert(m);
  archive_ = std::move(fresh);
}

void Searcher::add_counterexamples(const std::vector<float>& xs) {
  const std::size_t fresh = samples_->add_counterexamples(xs);
  if (fresh == 0) return;
  st_.counterexamples += fresh;
  st_.sample_size = samples_->points().x.size();
  attribute_samples();
  rescore_all();
}

std::vector<ir::Program> Searcher::start_cores(std::size_t variant) const {
  if (!o_.seed_cores.empty()) return o_.seed_cores;
  std::vector<ir::Program> cores;
  for (std::uint32_t h = 0; h < nholes_; ++h) {
    if (variant % 2 == 0) {
      cores.push_back(ir::identity_program());  // core(r) = r
    } else {
      // core(r) = g(midpoint): the best constant start
      const double mid = 0.5 * (t_.holes[h].lo + t_.holes[h].hi);
      double g = t_.holes[h].core_ref.fast ? t_.holes[h].core_ref.fast(mid) : 1.0;
      if (!std::isfinite(g)) g = 1.0;
      ir::Builder b;
      const auto c = b.f(static_cast<float>(g));
      cores.push_back(std::move(b).finish(c));
    }
  }
  return cores;
}

void Searcher::init_population() {
  islands_.clear();
  const std::size_t k = static_cast<std::size_t>(o_.islands);
  std::vector<Candidate> starts;
  for (std::size_t v = 0; v < (o_.seed_cores.empty() ? 2u : 1u); ++v) {
    auto cores = start_cores(v);
    seen_.insert(cores_hash(cores));
    starts.push_back(evaluate(cores, 0, true));
    starts.back().born = serial_++;
    ++st_.evaluations;
    archive_.insert(starts.back());
  }
  for (std::size_t i = 0; i < k; ++i) {
    // Streams by the island's index in the whole job: rank r's islands follow rank
    // r - 1's, so rank 0 draws what a single process draws.
    const std::uint64_t gi = static_cast<std::uint64_t>(rank_) * k + i;
    Island isl;
    isl.select_rng = Rng(o_.seed, 0x1000000ull + gi);
    const std::size_t n = o_.population / k + (i < o_.population % k ? 1 : 0);
    for (std::size_t j = 0; j < n; ++j) {
      isl.slot_rng.emplace_back(o_.seed, (gi << 24) + j + 1);
      isl.members.push_back(starts[j % starts.size()]);
    }
    islands_.push_back(std::move(isl));
  }
}

std::vector<Child> Searcher::make_children() {
  std::vector<Child> out;
  const auto t = Clock::now();
  const SelectionOptions so = selection();
  const std::vector<RankCrowding> rc = island_rankings(islands_, so);
  for (std::size_t i = 0; i < islands_.size(); ++i) {
    Island& isl = islands_[i];
    for (std::size_t j = 0; j < isl.slot_rng.size(); ++j) {
      Rng& rng = isl.slot_rng[j];
      const Candidate& parent = isl.members[select_parent(isl, rc.empty() ? nullptr : &rc[i], so)];
      for (int attempt = 0; attempt < 24; ++attempt) {
        std::size_t h = nholes_ > 1 ? rng.below(nholes_) : 0;
        std::vector<ir::Program> cores = parent.cores;
        // Multi-hole, first attempt, 1 in 4: the island's best core for the parent's
        // weakest hole; otherwise a mutation of a random hole.
        const bool cross = attempt == 0 && nholes_ > 1 && rng.below(4) == 0;
        const Candidate* donor = cross ? hole_donor(isl, parent, h) : nullptr;
        cores[h] = donor ? donor->cores[h] : mix_(rng, cores[h]);
        const std::uint64_t ch = cores_hash(cores);
        if (ir::semantic_fingerprint(cores[h]) == ir::semantic_fingerprint(parent.cores[h]) ||
            !seen_.insert(ch).second) {
          ++st_.mutation_retries;
          continue;
        }
        if (comm_) seen_new_.push_back(ch);
        out.push_back(Child{i, std::move(cores), h});
        if (donor) ++st_.hole_crossovers;
        break;
      }
    }
  }
  st_.cpu_mutate += seconds_since(t);
  return out;
}

void Searcher::merge(std::vector<Candidate>& kids, const std::vector<Child>& children) {
  for (auto& k : kids) {
    k.born = serial_++;
    archive_.insert(k);
  }
  merge_children(islands_, std::move(kids), children, selection());
}

// ---------------------------------------------------------------------------------
// The run loop

void Searcher::begin(bool resume) {
  std::filesystem::path text_log;
  if (!o_.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o_.out, ec);
    if (ec) throw SearchError("cannot create output directory " + o_.out.string() + ": " + ec.message());
    text_log = o_.out / "search.log";
    if (!resume) std::filesystem::remove(o_.out / "best.uf", ec);
  }
  log_.open(text_log, o_.log_json, resume);
  t0_ = Clock::now();
  if (resume) load_checkpoint();
  samples_ = std::make_unique<SampleSet>(t_, sample_options(o_), *arena_);
  samples_->build(std::move(resumed_cex_));
  attribute_samples();
  st_.sample_size = samples_->points().x.size();
  if (comm_ && resume) check_resumed_ranks();
  log_event(std::string(resume ? "resuming" : "starting") + " search for " + t_.name + " (" +
                t_.domain.describe() + "), bound " + fmt_num(o_.max_ulp) + " ULP, seed " +
                std::to_string(o_.seed) + ", " +
                (comm_ ? std::to_string(nranks_) + " ranks (" + (o_.lockstep ? "lockstep" : "asynchronous") +
                             " exchanges every " + std::to_string(o_.migrate_every) + " generations) of " : std::string()) +
                std::to_string(threads_) + " thread(s), " +
                std::to_string(samples_->points().x.size()) + " sample points",
            json{{"event", "start"}, {"resume", resume}, {"ranks", nranks_}, {"lockstep", o_.lockstep}});
  if (comm_) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    log_event("rank " + std::to_string(rank_) + " of " + std::to_string(nranks_) + ": pid " +
                  std::to_string(::getpid()) + " on " + host,
              json{{"event", "rank"}, {"rank", rank_}, {"pid", ::getpid()}, {"host", host}});
  }
  if (!resume) init_population();
  evals_at_start_ = st_.evaluations;
  last_ckpt_ = 0;
  if (resumed_proof_) {  // the proof that was running when the checkpoint was written
    start_proof(*resumed_proof_);
    resumed_proof_.reset();
  }
}

void Searcher::generation() {
  std::vector<Child> children = make_children();
  std::vector<Candidate> kids(children.size());
  arena_->execute([&] {
    tbb::parallel_for(std::size_t{0}, children.size(), [&](std::size_t c) {
      kids[c] = evaluate(children[c].cores, children[c].hole, true);
    });
  });
  st_.evaluations += kids.size();
  merge(kids, children);
  ++st_.generations;
  if (o_.islands > 1 && st_.generations % static_cast<std::uint64_t>(o_.migrate_every) == 0) {
    migrate(islands_, selection());
  }
  if (comm_) exchange_step();
  proof_step(false);
  progress(false);
  const bool due = o_.checkpoint_every > 0 && seconds_since(t0_) - last_ckpt_ >= o_.checkpoint_every;
  bool write = due;
  if (comm_ && o_.lockstep) {
    // Lockstep ranks checkpoint together, at a boundary one of them asked for: resumed,
    // they all start from one generation.
    want_checkpoint_ = want_checkpoint_ || due;
    write = agreed_checkpoint_;
    agreed_checkpoint_ = false;
  }
  if (write) {
    save_checkpoint();
    write_front();
    if (comm_) send_snapshot();
    last_ckpt_ = seconds_since(t0_);
    want_checkpoint_ = false;
  }
}

void Searcher::end(bool& interrupted) {
  st_.seconds = seconds_since(t0_);
  if (comm_) interrupted = agreed_flag(interrupted);  // the ranks end alike
  if (interrupted) {
    cancel_proof();
    log_event("interrupted: writing checkpoint and front", json{{"event", "interrupted"}});
  } else {
    finish_proof();
    if (!comm_) proof_step(true);
  }
  if (comm_) {
    drain();
    save_checkpoint();          // this rank's own state, before the merge
    if (!root()) write_front();  // its own front, in out/rank-r
    merge_ranks();
    if (!interrupted) {
      final_distributed_ = true;  // each final proof split over every rank
      if (root()) {
        proof_step(true);
        end_final_proofs();
      } else {
        serve_final_proofs();
      }
      final_distributed_ = false;
    }
  }
  if (o_.measure_cost && !interrupted && root()) {
    for (auto& m : archive_.members()) {
      if (auto mc = o_.measure_cost(m.kernel)) m.measured_cost = *mc;
    }
    for (const auto& m : archive_.members()) {
      if (!m.proven || m.measured_cost < 0) continue;
      if (!best_ || best_->measured_cost < 0 || m.measured_cost < best_->measured_cost) best_ = m;
    }
  }
  st_.cpu_fit = fit_s_.seconds();
  st_.cpu_neighbour = nb_s_.seconds();
  st_.cpu_score = score_s_.seconds();
  st_.kernel_evals = kernel_evals_.load();
  if (comm_) {
    share_best();
    const dist::CommStats cs = comm_->stats();
    st_.wall_comm = cs.seconds;
    st_.bytes_sent = cs.bytes_sent;
    st_.bytes_received = cs.bytes_received;
    st_.messages_sent = cs.messages_sent;
    st_.messages_received = cs.messages_received;
  } else {
    save_checkpoint();
  }
  if (root()) write_front();
  if (best_ && !o_.out.empty() && root()) {
    if (auto e = write_file_atomic(o_.out / "best.uf", best_program_text(t_, *best_, o_))) {
      log_event("best.uf not written: " + *e);
    }
  }
  progress(true);
  log_.finish_line();
  log_done();
}

SearchResult Searcher::run(bool resume) {
  begin(resume);
  bool interrupted = false;
  while (true) {
    if (stop_flag().load()) {
      interrupted = true;
      if (!comm_ || !o_.lockstep) break;
      want_stop_ = true;
    }
    // Every rank stops at the same generation count.
    if (o_.max_generations && st_.generations >= o_.max_generations) break;
    if (elapsed() >= o_.time_limit) {
      if (!comm_ || !o_.lockstep) break;
      want_stop_ = true;  // lockstep: sent at the next boundary; all stop after it
    }
    if (agreed_stop_) break;
    generation();
  }
  end(interrupted);
  SearchResult res;
  res.archive = archive_;
  res.best = best_;
  res.stats = st_;
  res.interrupted = interrupted;
  return res;
}

}  // namespace detail

SearchResult run_search(const targets::Target& target, const SearchOptions& opt, bool resume) {
  detail::Searcher s(target, opt);
  return s.run(resume);
}

std::string best_program_text(const targets::Target& target, const Candidate& c,
                              const SearchOptions& opt) {
  std::ostringstream os;
  os << "; target: " << target.name << "\n";
  os << "; found by ulpforge " << ULPFORGE_VERSION << " search, seed " << opt.seed << ", --max-ulp "
     << fmt_num(opt.max_ulp) << "\n";
  os << "; domain: " << target.domain.describe() << "\n";
  os << "; proven max ULP: " << ir::format_bound(c.proven_ulp) << " (exhaustive check of every input of "
     << target.domain.describe() << ", special values included)\n";
  os << "; sampled max ULP " << fmt_num(c.max_ulp) << ", mean " << fmt_num(c.mean_ulp) << "; static cost "
     << fmt_num(c.cost) << ", " << c.ops << " ops\n";
  if (!opt.command_line.empty()) os << "; command: " << opt.command_line << "\n";
  os << ir::print(c.kernel);
  return os.str();
}

}  // namespace uf::engine
