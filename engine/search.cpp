#include "engine/search.h"

#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <sstream>
#include <thread>
#include <unordered_set>

#include "engine/atomic_file.h"
#include "engine/checkpoint.h"
#include "engine/mutation.h"
#include "eval/interp.h"
#include "eval/specials.h"
#include "eval/ulp.h"
#include "eval/verify.h"
#include "ir/bound.h"
#include "ir/passes.h"
#include "ir/text.h"

namespace uf::engine {

std::atomic<bool>& stop_flag() {
  static std::atomic<bool> flag{false};
  return flag;
}

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;
constexpr double kInf = std::numeric_limits<double>::infinity();

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t cores_hash(const std::vector<ir::Program>& cores) {
  std::uint64_t h = 0x51ed270b27d1a0c3ull;
  for (const auto& c : cores) h = mix(h, ir::full_hash(c));
  return h;
}

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

std::string fmt_num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string fmt_proof(const Candidate& c, std::uint64_t inputs, double s) {
  std::ostringstream os;
  os << "exhaustive check of a cost " << fmt_num(c.cost) << " kernel over " << inputs
     << " inputs: max " << ir::format_bound_up(c.proven_ulp, 6) << " ULP, " << (c.proven ? "PROVEN" : "fails")
     << " (" << fmt_num(s) << " s)";
  return os.str();
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

struct Island {
  Rng select_rng;
  std::vector<Rng> slot_rng;
  std::vector<Candidate> members;  // regularised evolution: oldest first
};

// A child produced by mutation, before constant optimisation.
struct Child {
  std::size_t island = 0;
  std::vector<ir::Program> cores;
  std::size_t hole = 0;
};

class Searcher {
 public:
  Searcher(const targets::Target& t, const SearchOptions& o) : t_(t), o_(o) {
    if (!(o_.max_ulp > 0)) throw SearchError("max ULP bound must be positive");
    if (o_.population < 4) throw SearchError("population must be at least 4");
    if (o_.islands < 1 || static_cast<std::size_t>(o_.islands) * 2 > o_.population) {
      throw SearchError("islands must be between 1 and population / 2");
    }
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
  }

  ~Searcher() { cancel_proof(); }  // an exception may have left a proof running
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  SearchResult run(bool resume);

 private:
  // ---- points ---------------------------------------------------------------
  void build_points();
  void add_counterexamples(const std::vector<float>& xs);
  void rebuild_subsample();
  void build_probe();
  void build_probe_focus();
  void fill_probe_refs(std::size_t from);

  // ---- candidates -----------------------------------------------------------
  Candidate evaluate(std::vector<ir::Program> cores, std::size_t hole, bool optimise);
  // The target's declared special values, exactly: a candidate that misses one cannot
  // be proven (its proof fails on it).
  bool meets_specials(const ir::Program& kernel) const {
    return eval::special_value_failures(
               [&kernel](const float* in, float* out, std::size_t n) { eval::run_f32(kernel, in, out, n); },
               t_.specials)
        .empty();
  }
  // The sampled max ULP a candidate is ranked by. One that misses a special value ranks
  // as bound + 1 + its sampled error: never within the bound (so never proposed for a
  // proof), yet still ordered by how close it is. Scoring it +inf instead left a search
  // from an empty core no gradient at all: its cores rarely give e.g. exp2(0) = 1
  // exactly, so every candidate was +inf and none was ever found.
  double ranked_ulp(const eval::Score& s, const ir::Program& kernel) const {
    if (std::isnan(s.max_ulp)) return kInf;
    return meets_specials(kernel) ? s.max_ulp : o_.max_ulp + 1.0 + s.max_ulp;
  }
  void rescore_all();
  std::vector<ir::Program> start_cores(std::size_t variant) const;
  void init_population();
  std::vector<Child> make_children();
  void merge(std::vector<Candidate>& kids, const std::vector<Child>& children);
  void migrate();
  std::size_t select_parent(Island& isl, const RankCrowding* rc);

  // ---- proofs ---------------------------------------------------------------
  // A proof running beside the evolution (SearchOptions::proof_lag > 0): its own
  // thread runs the exhaustive check while generations go on; the result enters the
  // search at the end of generation `due`, waited for if not done by then.
  struct ProofTicket {  // what a proof beside the search proves, and when it enters
    Candidate c;
    std::uint64_t due = 0;
  };
  struct PendingProof {
    ProofTicket ticket;
    bool compiled = false;
    std::thread worker;
    eval::VerifyReport rep;              // written by the worker, read after join
    std::exception_ptr error;            // an exception of the worker, rethrown on join
    Clock::time_point finished;          // when the worker ended
  };
  bool probe(const Candidate& c, std::vector<float>& worst);
  eval::VerifyOptions proof_options() const;
  bool prove(Candidate& c, double* wall);
  void start_proof(const ProofTicket& t);
  void finish_proof();  // waits for the pending proof and applies its result
  void cancel_proof();  // stops the pending proof, keeping it for the checkpoint
  void apply_proof(Candidate& c, const eval::VerifyReport& rep, bool compiled,
                   double first_proof_time);
  void proof_step(bool final_phase);
  void note_proven(const Candidate& c, double at);

  // ---- persistence ----------------------------------------------------------
  json candidate_json(const Candidate& c) const;
  Candidate from_checkpoint(const CheckpointCandidate& x) const;
  void save_checkpoint();
  void load_checkpoint();
  void write_front() const;
  void log_event(const std::string& text, const json& extra = {});
  void progress(bool force);

  const targets::Target& t_;
  SearchOptions o_;
  std::uint32_t nholes_ = 1;
  MutationMix mix_;
  std::vector<FitData> fit_;
  int threads_ = 1;
  std::unique_ptr<tbb::task_arena> arena_;

  std::vector<float> base_x_;
  std::vector<float> cex_;  // counterexamples (order of discovery)
  eval::PointSet points_, sub_;
  std::vector<float> probe_x_;
  std::vector<double> probe_ref_;
  std::size_t probe_base_ = 0;  // probe_x_[0, probe_base_): fixed; the rest: focus

  std::vector<Island> islands_;
  ParetoArchive archive_;
  std::unordered_set<std::uint64_t> seen_;     // cores hashes handed to evaluation
  std::unordered_set<std::uint64_t> checked_;  // kernel hashes probed or verified
  std::optional<Candidate> best_;
  std::uint64_t serial_ = 0;
  double elapsed_before_ = 0;  // from a resumed checkpoint
  double last_verify_gen_ = 0;  // generation of the last in-run proof
  std::unique_ptr<PendingProof> pending_;
  std::optional<ProofTicket> resumed_proof_;  // from a checkpoint, or cancelled
  std::atomic<bool> cancel_{false};
  SearchStats st_;
  AtomicSeconds fit_s_, nb_s_, score_s_;
  std::atomic<std::uint64_t> kernel_evals_{0};
  Clock::time_point t0_;
  double last_progress_ = -1, last_log_ = -1, last_ckpt_ = 0;
  std::uint64_t evals_at_start_ = 0;
  std::ofstream log_, log_json_;
};

// ---------------------------------------------------------------------------------
// Points

std::pair<float, float> finite_range(const eval::Domain& d) {
  float lo = d.all_floats ? -std::numeric_limits<float>::max() : d.lo;
  float hi = d.all_floats ? std::numeric_limits<float>::max() : d.hi;
  if (std::isinf(lo)) lo = std::copysign(std::numeric_limits<float>::max(), lo);
  if (std::isinf(hi)) hi = std::copysign(std::numeric_limits<float>::max(), hi);
  return {lo, hi};
}

// A float uniform in float order on [a, b] (ordered integers, eval::float_to_ordered).
float draw_ordered(Rng& rng, std::int64_t a, std::int64_t b) {
  const std::uint64_t span = static_cast<std::uint64_t>(b - a) + 1;
  return eval::ordered_to_float(a + static_cast<std::int64_t>(rng.next() % span));
}

void Searcher::build_points() {
  // Half the sample is stratified in float order (every binade represented), half is
  // evenly spaced in value over the domain clipped to [-256, 256], where the
  // non-saturated part of the common targets lives.
  const auto [lo, hi] = finite_range(t_.domain);
  const std::size_t n = std::max<std::size_t>(o_.sample_points, 64);
  base_x_ = eval::stratified_sample(lo, hi, n / 2);
  const double clo = std::max<double>(lo, -256.0), chi = std::min<double>(hi, 256.0);
  if (clo < chi) {
    const std::size_t m = n - n / 2;
    for (std::size_t i = 0; i < m; ++i) {
      base_x_.push_back(static_cast<float>(clo + (chi - clo) * (static_cast<double>(i) + 0.5) / m));
    }
  }
  for (const auto& s : t_.specials) base_x_.push_back(s.x);
  std::vector<float> all = base_x_;
  all.insert(all.end(), cex_.begin(), cex_.end());
  points_.x = all;
  points_.ref = eval::reference_values(t_.ref, points_.x,
                                       o_.cache_dir.empty() ? eval::default_cache_dir() : o_.cache_dir);
  st_.sample_size = points_.x.size();
  rebuild_subsample();
}

void Searcher::add_counterexamples(const std::vector<float>& xs) {
  std::vector<float> fresh;
  std::unordered_set<std::uint32_t> have;
  for (float x : points_.x) have.insert(ir::float_to_bits(x));
  for (float x : xs) {
    if (have.insert(ir::float_to_bits(x)).second) fresh.push_back(x);
  }
  if (fresh.empty()) return;
  const std::vector<double> ref = eval::reference_values(t_.ref, fresh, {});
  cex_.insert(cex_.end(), fresh.begin(), fresh.end());
  points_.x.insert(points_.x.end(), fresh.begin(), fresh.end());
  points_.ref.insert(points_.ref.end(), ref.begin(), ref.end());
  st_.counterexamples += fresh.size();
  st_.sample_size = points_.x.size();
  rebuild_subsample();
  build_probe_focus();
  rescore_all();
}

void Searcher::rebuild_subsample() {
  // Every k-th sample point (about 2048) plus all counterexamples: the set the
  // rounding-aware neighbour search scores on.
  sub_ = {};
  const std::size_t nbase = points_.x.size() - cex_.size();
  const std::size_t step = std::max<std::size_t>(1, nbase / 2048);
  for (std::size_t i = 0; i < points_.x.size(); ++i) {
    if (i % step == 0 || i >= nbase) {
      sub_.x.push_back(points_.x[i]);
      sub_.ref.push_back(points_.ref[i]);
    }
  }
}

void Searcher::build_probe() {
  // A dense deterministic random sample scored with the double oracle: cheap enough to
  // run on every promising member, it catches most counterexamples before a full proof.
  const auto [lo, hi] = finite_range(t_.domain);
  Rng rng(o_.seed ^ 0x70726f6265ull, 0);
  const std::size_t n = o_.probe_points;
  probe_x_.resize(n);
  const std::int64_t olo = eval::float_to_ordered(lo), ohi = eval::float_to_ordered(hi);
  const double clo = std::max<double>(lo, -256.0), chi = std::min<double>(hi, 256.0);
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 2 == 0 || !(clo < chi)) {
      probe_x_[i] = draw_ordered(rng, olo, ohi);
    } else {
      probe_x_[i] = static_cast<float>(clo + (chi - clo) * rng.uniform());
    }
  }
  fill_probe_refs(0);
  probe_base_ = n;
  build_probe_focus();
}

void Searcher::fill_probe_refs(std::size_t from) {
  // Double-oracle references of probe_x_[from, end).
  const std::size_t n = probe_x_.size();
  probe_ref_.resize(n);
  arena_->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(from, n, 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i < r.end(); ++i) probe_ref_[i] = t_.ref.fast(probe_x_[i]);
    });
  });
}

void Searcher::build_probe_focus() {
  // Large errors cluster: the next candidate's worst inputs are usually near the last
  // ones' (the same stretch of a reduced argument, a branch boundary). So as many points
  // again as the fixed probe are drawn within +-2^18 float steps of the 32 most recent
  // counterexamples, which catches most of what would otherwise fail an exhaustive
  // proof (about 40 s each) for a fraction of a second. Deterministic: a function of
  // the seed and the counterexample list (rebuilt identically on --resume).
  probe_x_.resize(probe_base_);
  probe_ref_.resize(probe_base_);
  if (cex_.empty() || probe_base_ == 0) return;
  const std::size_t k = std::min<std::size_t>(32, cex_.size());
  const std::size_t per = std::max<std::size_t>(1, o_.probe_points / k);
  const auto [lo, hi] = finite_range(t_.domain);
  const std::int64_t olo = eval::float_to_ordered(lo), ohi = eval::float_to_ordered(hi);
  constexpr std::int64_t kWindow = 1 << 18;
  Rng rng(o_.seed ^ 0x666f637573ull, cex_.size());
  for (std::size_t c = cex_.size() - k; c < cex_.size(); ++c) {
    if (!std::isfinite(cex_[c])) continue;
    const std::int64_t mid = eval::float_to_ordered(cex_[c]);
    const std::int64_t a = std::max(olo, mid - kWindow), b = std::min(ohi, mid + kWindow);
    if (a > b) continue;
    for (std::size_t i = 0; i < per; ++i) probe_x_.push_back(draw_ordered(rng, a, b));
  }
  fill_probe_refs(probe_base_);
}

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
    const KernelError e = kernel_error(t_.tmpl, cores, sub_);
    if (e.max_ulp <= 4 * o_.max_ulp + 4) {
      std::size_t evals = 0;
      cores = neighbour_search(t_.tmpl, std::move(cores), hole, sub_, 8, 3, nullptr, &evals);
      kernel_evals_ += evals;
    }
  }
  auto t3 = Clock::now();
  nb_s_.add(t3 - t2);
  Candidate c;
  c.cores = std::move(cores);
  c.kernel = ir::canonicalize(ir::inline_cores(t_.tmpl, c.cores));
  const eval::Score s = eval::score(c.kernel, points_);
  c.max_ulp = ranked_ulp(s, c.kernel);
  c.mean_ulp = s.mean_ulp;
  c.worst_x = s.worst_x;
  c.cost = ir::static_cost(c.kernel, o_.isa);
  c.ops = ir::op_count(c.kernel);
  c.hash = ir::full_hash(c.kernel);
  score_s_.add(Clock::now() - t3);
  return c;
}

void Searcher::rescore_all() {
  std::vector<Candidate*> all;
  for (auto& isl : islands_) {
    for (auto& m : isl.members) all.push_back(&m);
  }
  for (auto& m : archive_.members()) all.push_back(&m);
  arena_->execute([&] {
    tbb::parallel_for(std::size_t{0}, all.size(), [&](std::size_t i) {
      const eval::Score s = eval::score(all[i]->kernel, points_);
      all[i]->max_ulp = ranked_ulp(s, all[i]->kernel);
      all[i]->mean_ulp = s.mean_ulp;
      all[i]->worst_x = s.worst_x;
    });
  });
  ParetoArchive fresh;
  for (const auto& m : archive_.members()) fresh.insert(m);
  archive_ = std::move(fresh);
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
    Island isl;
    isl.select_rng = Rng(o_.seed, 0x1000000ull + i);
    const std::size_t n = o_.population / k + (i < o_.population % k ? 1 : 0);
    for (std::size_t j = 0; j < n; ++j) {
      isl.slot_rng.emplace_back(o_.seed, (static_cast<std::uint64_t>(i) << 24) + j + 1);
      isl.members.push_back(starts[j % starts.size()]);
    }
    islands_.push_back(std::move(isl));
  }
}

std::size_t Searcher::select_parent(Island& isl, const RankCrowding* rc) {
  const std::size_t n = isl.members.size();
  if (o_.selection == Selection::Nsga2) {
    const std::size_t a = isl.select_rng.below(static_cast<std::uint32_t>(n));
    const std::size_t b = isl.select_rng.below(static_cast<std::uint32_t>(n));
    if (rc->rank[a] != rc->rank[b]) return rc->rank[a] < rc->rank[b] ? a : b;
    return rc->crowding[a] >= rc->crowding[b] ? a : b;
  }
  // Regularised evolution: the fittest of a random tournament. Fitness: within the
  // bound, lower cost wins; outside it, lower error wins (then lower cost).
  auto better = [&](const Candidate& x, const Candidate& y) {
    const bool fx = x.max_ulp <= o_.max_ulp, fy = y.max_ulp <= o_.max_ulp;
    if (fx != fy) return fx;
    if (fx) return x.cost < y.cost || (x.cost == y.cost && x.max_ulp < y.max_ulp);
    return x.max_ulp < y.max_ulp || (x.max_ulp == y.max_ulp && x.cost < y.cost);
  };
  std::size_t best = isl.select_rng.below(static_cast<std::uint32_t>(n));
  for (int k = 1; k < o_.tournament; ++k) {
    const std::size_t c = isl.select_rng.below(static_cast<std::uint32_t>(n));
    if (better(isl.members[c], isl.members[best])) best = c;
  }
  return best;
}

std::vector<Child> Searcher::make_children() {
  std::vector<Child> out;
  const auto t = Clock::now();
  for (std::size_t i = 0; i < islands_.size(); ++i) {
    Island& isl = islands_[i];
    std::optional<RankCrowding> rc;
    if (o_.selection == Selection::Nsga2) {
      std::vector<Objectives> objs;
      for (const auto& m : isl.members) objs.push_back(m.objectives());
      rc = rank_and_crowding(objs, o_.max_ulp);
    }
    for (std::size_t j = 0; j < isl.slot_rng.size(); ++j) {
      Rng& rng = isl.slot_rng[j];
      const Candidate& parent = isl.members[select_parent(isl, rc ? &*rc : nullptr)];
      for (int attempt = 0; attempt < 24; ++attempt) {
        const std::size_t h = nholes_ > 1 ? rng.below(nholes_) : 0;
        std::vector<ir::Program> cores = parent.cores;
        cores[h] = mix_(rng, cores[h]);
        if (ir::semantic_fingerprint(cores[h]) == ir::semantic_fingerprint(parent.cores[h]) ||
            !seen_.insert(cores_hash(cores)).second) {
          ++st_.mutation_retries;
          continue;
        }
        out.push_back(Child{i, std::move(cores), h});
        break;
      }
    }
  }
  st_.cpu_mutate += seconds_since(t);
  return out;
}

void Searcher::merge(std::vector<Candidate>& kids, const std::vector<Child>& children) {
  std::vector<std::vector<Candidate>> per_island(islands_.size());
  for (std::size_t c = 0; c < kids.size(); ++c) {
    kids[c].born = serial_++;
    archive_.insert(kids[c]);
    per_island[children[c].island].push_back(std::move(kids[c]));
  }
  for (std::size_t i = 0; i < islands_.size(); ++i) {
    Island& isl = islands_[i];
    const std::size_t n = isl.slot_rng.size();
    if (o_.selection == Selection::Nsga2) {
      std::vector<Candidate> pool = std::move(isl.members);
      for (auto& k : per_island[i]) pool.push_back(std::move(k));
      std::vector<Objectives> objs;
      for (const auto& m : pool) objs.push_back(m.objectives());
      const auto keep = nsga2_select(objs, n, o_.max_ulp);
      isl.members.clear();
      for (std::size_t k : keep) isl.members.push_back(std::move(pool[k]));
    } else {
      for (auto& k : per_island[i]) isl.members.push_back(std::move(k));
      while (isl.members.size() > n) isl.members.erase(isl.members.begin());
    }
  }
}

void Searcher::migrate() {
  // Ring migration: the best member of island i (cheapest within the bound, else the
  // lowest error) replaces the worst member (last in NSGA-II order; regularised: the
  // oldest) of island i + 1.
  const std::size_t k = islands_.size();
  if (k < 2) return;
  std::vector<Candidate> elite;
  for (const Island& isl : islands_) {
    const Candidate* b = &isl.members.front();
    for (const auto& m : isl.members) {
      const bool fm = m.max_ulp <= o_.max_ulp, fb = b->max_ulp <= o_.max_ulp;
      if ((fm && !fb) || (fm && fb && m.cost < b->cost) || (!fm && !fb && m.max_ulp < b->max_ulp)) b = &m;
    }
    elite.push_back(*b);
  }
  for (std::size_t i = 0; i < k; ++i) {
    Island& dst = islands_[(i + 1) % k];
    if (o_.selection == Selection::Nsga2) {
      dst.members.back() = elite[i];
    } else {
      dst.members.erase(dst.members.begin());
      dst.members.push_back(elite[i]);
    }
  }
}

// ---------------------------------------------------------------------------------
// Proofs

bool Searcher::probe(const Candidate& c, std::vector<float>& worst) {
  const auto t = Clock::now();
  const std::size_t n = probe_x_.size();
  std::vector<float> y(n);
  std::vector<double> err(n);
  arena_->execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 16384), [&](const auto& r) {
      eval::run_f32(c.kernel, probe_x_.data() + r.begin(), y.data() + r.begin(), r.size());
      for (std::size_t i = r.begin(); i < r.end(); ++i) {
        const double e = eval::ulp_error(y[i], probe_ref_[i]);
        err[i] = std::isnan(e) ? kInf : e;
      }
    });
  });
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < n; ++i) {
    if (err[i] > o_.max_ulp) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return err[a] > err[b] || (err[a] == err[b] && a < b);
  });
  worst.clear();
  for (std::size_t k = 0; k < idx.size() && k < 16; ++k) worst.push_back(probe_x_[idx[k]]);
  ++st_.probes;
  st_.wall_probe += seconds_since(t);
  return idx.empty();
}

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
  eval::VerifyOptions vo = proof_options();
  vo.progress = o_.progress;
  std::optional<eval::BatchFn> fn;
  if (o_.compile_kernel) fn = o_.compile_kernel(c.kernel);
  const eval::VerifyReport rep = fn ? eval::verify_exhaustive(*fn, t_.ref, t_.domain, vo)
                                    : eval::verify_exhaustive(c.kernel, t_.ref, t_.domain, vo);
  *wall += seconds_since(t);
  apply_proof(c, rep, fn.has_value(), elapsed_before_ + seconds_since(t0_));
  return c.proven;
}

void Searcher::start_proof(const ProofTicket& t) {
  const Candidate& c = t.c;
  auto p = std::make_unique<PendingProof>();
  p->ticket = t;
  // Compiled here, on the search's thread: the JIT is not shared with the worker.
  std::optional<eval::BatchFn> fn;
  if (o_.compile_kernel) fn = o_.compile_kernel(c.kernel);
  p->compiled = fn.has_value();
  eval::VerifyOptions vo = proof_options();
  vo.cancel = &cancel_;
  cancel_.store(false);
  PendingProof* pp = p.get();
  p->worker = std::thread([this, pp, vo, fn = std::move(fn)] {
    try {
      pp->rep = fn ? eval::verify_exhaustive(*fn, t_.ref, t_.domain, vo)
                   : eval::verify_exhaustive(pp->ticket.c.kernel, t_.ref, t_.domain, vo);
    } catch (...) {
      pp->error = std::current_exception();
    }
    pp->finished = Clock::now();
    eval::release_thread_caches();  // this thread ends here: its MPFR caches with it
  });
  log_event("proof of a cost " + fmt_num(c.cost) + " kernel started beside the search; its result enters at generation " +
                std::to_string(t.due),
            json{{"event", "proof_started"}, {"cost", c.cost}, {"due_generation", t.due}});
  pending_ = std::move(p);
}

void Searcher::finish_proof() {
  if (!pending_) return;
  const auto t = Clock::now();
  pending_->worker.join();
  st_.wall_proof_wait += seconds_since(t);
  std::unique_ptr<PendingProof> p = std::move(pending_);
  if (p->error) std::rethrow_exception(p->error);
  st_.wall_verify += p->rep.seconds;
  apply_proof(p->ticket.c, p->rep, p->compiled,
              elapsed_before_ + std::chrono::duration<double>(p->finished - t0_).count());
}

void Searcher::cancel_proof() {
  if (!pending_) return;
  cancel_.store(true);
  pending_->worker.join();
  // The proof restarts from the checkpoint on --resume (same candidate, same due
  // generation), so a resumed run takes the path an uninterrupted one would.
  resumed_proof_ = pending_->ticket;
  pending_.reset();
}

void Searcher::apply_proof(Candidate& c, const eval::VerifyReport& rep, bool compiled,
                           double first_proof_time) {
  ++st_.verifications;
  c.verified = true;
  // A wrong declared special value is no proof, whatever the ULP error.
  c.proven_ulp = rep.special_mismatches || !rep.declared_special_failures.empty() ? kInf : rep.max_ulp;
  c.proven = rep.holds();
  for (auto& m : archive_.members()) {
    if (m.hash == c.hash) {
      m.verified = true;
      m.proven_ulp = c.proven_ulp;
      m.proven = c.proven;
    }
  }
  log_event(fmt_proof(c, rep.inputs, rep.seconds) + (compiled ? " [compiled kernel]" : " [interpreter]"),
            json{{"event", "verify"},
                 {"cost", c.cost},
                 {"proven_max_ulp", num(c.proven_ulp)},
                 {"holds", c.proven},
                 {"seconds", rep.seconds}});
  if (!c.proven) {
    std::vector<float> xs;
    for (const auto& w : rep.worst) xs.push_back(w.x);
    for (const auto& w : rep.specials) xs.push_back(w.x);
    add_counterexamples(xs);
  } else {
    note_proven(c, first_proof_time);
  }
}

void Searcher::note_proven(const Candidate& c, double at) {
  if (!best_ || c.cost < best_->cost || (c.cost == best_->cost && c.proven_ulp < best_->proven_ulp)) {
    best_ = c;
  }
  if (st_.first_proven_seconds < 0) st_.first_proven_seconds = at;
}

void Searcher::proof_step(bool final_phase) {
  // Candidates: archive members within the bound on samples, not yet checked, cheaper
  // than the best proven kernel; cheapest first.
  if (!final_phase && pending_) {
    if (st_.generations < pending_->ticket.due) return;  // one proof in flight at a time
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
    if (!probe(*pick, worst)) {
      log_event("probe found " + std::to_string(worst.size()) + " counterexample(s) for a cost " +
                    fmt_num(pick->cost) + " kernel",
                json{{"event", "probe"}, {"cost", pick->cost}, {"holds", false}});
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

// ---------------------------------------------------------------------------------
// Persistence and reporting

json Searcher::candidate_json(const Candidate& c) const {
  json cores = json::array();
  for (const auto& p : c.cores) cores.push_back(ir::print(p));
  return json{{"cores", cores},         {"max_ulp", num(c.max_ulp)},
              {"mean_ulp", num(c.mean_ulp)}, {"worst_x", ir::hexfloat(c.worst_x)},
              {"cost", c.cost},          {"ops", c.ops},
              {"born", c.born},          {"verified", c.verified},
              {"proven", c.proven},      {"proven_max_ulp", c.verified ? num(c.proven_ulp) : json(nullptr)},
              {"measured_cycles_per_element", c.measured_cost >= 0 ? json(c.measured_cost) : json(nullptr)}};
}

Candidate Searcher::from_checkpoint(const CheckpointCandidate& x) const {
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
  return c;
}

void Searcher::save_checkpoint() {
  if (o_.out.empty()) return;
  json j;
  j["version"] = kCheckpointVersion;
  j["target"] = t_.name;
  j["seed"] = o_.seed;
  j["max_ulp"] = o_.max_ulp;
  j["population"] = o_.population;
  j["islands"] = o_.islands;
  j["selection"] = o_.selection == Selection::Nsga2 ? "nsga2" : "regularized";
  j["sample_points"] = o_.sample_points;
  j["cost_isa"] = std::string(ir::isa_name(o_.isa));
  j["generation"] = st_.generations;
  j["serial"] = serial_;
  j["elapsed"] = elapsed_before_ + seconds_since(t0_);
  j["evaluations"] = st_.evaluations;
  j["first_proven_seconds"] = st_.first_proven_seconds;
  j["last_verify_generation"] = last_verify_gen_;
  json cex = json::array();
  for (float x : cex_) cex.push_back(ir::float_to_bits(x));
  j["counterexamples"] = cex;
  std::vector<std::uint64_t> seen(seen_.begin(), seen_.end()), checked(checked_.begin(), checked_.end());
  std::sort(seen.begin(), seen.end());
  std::sort(checked.begin(), checked.end());
  j["seen"] = seen;
  j["checked"] = checked;
  json isl = json::array();
  for (const Island& s : islands_) {
    json ji;
    ji["select_rng"] = s.select_rng.state();
    json rngs = json::array();
    for (const Rng& r : s.slot_rng) rngs.push_back(r.state());
    ji["slot_rng"] = rngs;
    json mem = json::array();
    for (const auto& m : s.members) mem.push_back(candidate_json(m));
    ji["members"] = mem;
    isl.push_back(ji);
  }
  j["islands_state"] = isl;
  json arch = json::array();
  for (const auto& m : archive_.members()) arch.push_back(candidate_json(m));
  j["archive"] = arch;
  j["best"] = best_ ? candidate_json(*best_) : json(nullptr);
  if (const ProofTicket* t = pending_ ? &pending_->ticket : resumed_proof_ ? &*resumed_proof_ : nullptr) {
    j["pending_proof"] = json{{"candidate", candidate_json(t->c)}, {"due_generation", t->due}};
  }
  if (auto e = write_file_atomic(o_.out / "checkpoint.json", j.dump())) {
    log_event("checkpoint not written: " + *e, json{{"event", "checkpoint_error"}, {"error", *e}});
  }
}

void Searcher::load_checkpoint() {
  const auto path = o_.out / "checkpoint.json";
  if (!std::filesystem::exists(path)) throw SearchError("cannot resume: no checkpoint at " + path.string());
  CheckpointParse r = read_checkpoint_file(path.string());
  if (!r) throw SearchError(r.error);
  const Checkpoint& k = *r.checkpoint;
  if (k.target != t_.name) throw SearchError("checkpoint is for target " + k.target + ", not " + t_.name);
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
  cex_ = k.counterexamples;
  seen_.insert(k.seen.begin(), k.seen.end());
  checked_.insert(k.checked.begin(), k.checked.end());
  islands_.clear();
  for (const CheckpointIsland& ki : k.islands_state) {
    Island s;
    s.select_rng = Rng(ki.select_rng);
    for (const auto& st : ki.slot_rng) s.slot_rng.emplace_back(st);
    for (const auto& m : ki.members) s.members.push_back(from_checkpoint(m));
    islands_.push_back(std::move(s));
  }
  std::vector<Candidate> arch;
  for (const auto& m : k.archive) arch.push_back(from_checkpoint(m));
  archive_.assign(std::move(arch));
  if (k.best) best_ = from_checkpoint(*k.best);
  if (k.pending_proof) resumed_proof_ = ProofTicket{from_checkpoint(k.pending_proof->candidate), k.pending_proof->due_generation};
}

void Searcher::write_front() const {
  if (o_.out.empty()) return;
  json j;
  j["target"] = t_.name;
  j["domain"] = t_.domain.describe();
  j["max_ulp_bound"] = o_.max_ulp;
  j["seed"] = o_.seed;
  j["cost_measured"] = static_cast<bool>(o_.measure_cost);
  j["cost_model"] = "static-" + std::string(ir::isa_name(o_.isa));
  j["sample_points"] = points_.x.size();
  j["counterexamples"] = cex_.size();
  json mem = json::array();
  for (const auto& m : archive_.members()) {
    json e = candidate_json(m);
    e["program"] = ir::print(m.kernel);
    e.erase("born");
    mem.push_back(e);
  }
  j["members"] = mem;
  j["best"] = best_ ? json(ir::print(best_->kernel)) : json(nullptr);
  j["best_cost"] = best_ ? json(best_->cost) : json(nullptr);
  j["best_proven_max_ulp"] = best_ ? num(best_->proven_ulp) : json(nullptr);
  if (auto e = write_file_atomic(o_.out / "front.json", j.dump(2) + "\n")) {
    std::cerr << "ulpforge: warning: " << *e << "\n";
  }
}

void Searcher::log_event(const std::string& text, const json& extra) {
  const double t = elapsed_before_ + seconds_since(t0_);
  if (log_.is_open()) log_ << "[" << fmt_num(t) << " s] " << text << std::endl;
  if (log_json_.is_open()) {
    json j = extra.is_null() ? json::object() : extra;
    j["t"] = t;
    j["message"] = text;
    log_json_ << j.dump() << std::endl;
  }
  if (!o_.quiet) {
    if (o_.progress) std::cerr << "\r\033[K";
    std::cerr << "[" << fmt_num(t) << " s] " << text << "\n";
  }
}

void Searcher::progress(bool force) {
  const double now = seconds_since(t0_);
  const double t = elapsed_before_ + now;
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
  if (o_.progress && !o_.quiet && (force || now - last_progress_ >= 0.5)) {
    std::cerr << "\r\033[K[" << fmt_num(t) << " s] " << os.str() << std::flush;
    last_progress_ = now;
  }
  if (force || now - last_log_ >= 5.0) {
    last_log_ = now;
    if (log_.is_open()) log_ << "[" << fmt_num(t) << " s] " << os.str() << std::endl;
    if (log_json_.is_open()) {
      json j{{"t", t},
             {"generation", st_.generations},
             {"evaluations", st_.evaluations},
             {"candidates_per_s", rate},
             {"archive", archive_.size()},
             {"best_cost", b ? json(b->cost) : json(nullptr)},
             {"best_max_ulp", b ? num(b->max_ulp) : json(nullptr)},
             {"proven_cost", best_ ? json(best_->cost) : json(nullptr)}};
      log_json_ << j.dump() << std::endl;
    }
    if (!o_.progress && !o_.quiet) std::cerr << "[" << fmt_num(t) << " s] " << os.str() << "\n";
  }
}


SearchResult Searcher::run(bool resume) {
  if (!o_.out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(o_.out, ec);
    if (ec) throw SearchError("cannot create output directory " + o_.out.string() + ": " + ec.message());
    log_.open(o_.out / "search.log", resume ? std::ios::app : std::ios::trunc);
    if (!log_) throw SearchError("cannot write to output directory " + o_.out.string());
    if (!resume) std::filesystem::remove(o_.out / "best.uf", ec);
  }
  if (!o_.log_json.empty()) {
    log_json_.open(o_.log_json, resume ? std::ios::app : std::ios::trunc);
    if (!log_json_) throw SearchError("cannot write " + o_.log_json.string());
  }
  t0_ = Clock::now();
  if (resume) load_checkpoint();
  build_points();
  build_probe();
  log_event(std::string(resume ? "resuming" : "starting") + " search for " + t_.name + " (" +
                t_.domain.describe() + "), bound " + fmt_num(o_.max_ulp) + " ULP, seed " +
                std::to_string(o_.seed) + ", " + std::to_string(threads_) + " thread(s), " +
                std::to_string(points_.x.size()) + " sample points",
            json{{"event", "start"}, {"resume", resume}});
  if (!resume) init_population();
  evals_at_start_ = st_.evaluations;
  last_ckpt_ = 0;
  bool interrupted = false;
  if (resumed_proof_) {  // the proof that was running when the checkpoint was written
    start_proof(*resumed_proof_);
    resumed_proof_.reset();
  }
  while (true) {
    if (stop_flag().load()) {
      interrupted = true;
      break;
    }
    if (o_.max_generations && st_.generations >= o_.max_generations) break;
    if (elapsed_before_ + seconds_since(t0_) >= o_.time_limit) break;
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
    if (o_.islands > 1 && st_.generations % static_cast<std::uint64_t>(o_.migrate_every) == 0) migrate();
    proof_step(false);
    progress(false);
    if (o_.checkpoint_every > 0 && seconds_since(t0_) - last_ckpt_ >= o_.checkpoint_every) {
      save_checkpoint();
      write_front();
      last_ckpt_ = seconds_since(t0_);
    }
  }
  st_.seconds = seconds_since(t0_);
  if (interrupted) {
    cancel_proof();
    log_event("interrupted: writing checkpoint and front", json{{"event", "interrupted"}});
  } else {
    finish_proof();
    proof_step(true);
  }
  if (o_.measure_cost && !interrupted) {
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
  save_checkpoint();
  write_front();
  if (best_ && !o_.out.empty()) {
    if (auto e = write_file_atomic(o_.out / "best.uf", best_program_text(t_, *best_, o_))) {
      log_event("best.uf not written: " + *e);
    }
  }
  progress(true);
  if (o_.progress && !o_.quiet) std::cerr << "\n";
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
  if (best_) {
    os << "; best proven: cost " << fmt_num(best_->cost) << ", " << best_->ops << " ops, "
       << ir::format_bound_up(best_->proven_ulp, 6) << " ULP, first proof at " << fmt_num(st_.first_proven_seconds) << " s";
  } else {
    os << "; no kernel proven within " << fmt_num(o_.max_ulp) << " ULP";
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
                           {"best_cost", best_ ? json(best_->cost) : json(nullptr)}});
  SearchResult res;
  res.archive = archive_;
  res.best = best_;
  res.stats = st_;
  res.interrupted = interrupted;
  return res;
}

}  // namespace

SearchResult run_search(const targets::Target& target, const SearchOptions& opt, bool resume) {
  Searcher s(target, opt);
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
