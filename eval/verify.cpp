#include "eval/verify.h"
#include "eval/verify_chunk.h"

#include <unistd.h>

#include <algorithm>
#include <bit>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "eval/interp.h"
#include "eval/specials.h"
#include "eval/ulp.h"
#include "eval/ulp_simd.h"
#include "ir/bound.h"

// The exhaustive check: the chunks of the domain in parallel (eval/verify_chunk.cpp),
// their states reduced into the report (printed by eval/verify_report.cpp).

namespace uf::eval {

namespace {

using detail::kChunk;
using detail::kEdges;
using detail::kMaxSpecials;
using detail::worse;

// Shows "[#####.....]  45.2%  123.4 M inputs/s  ETA 12 s" on stderr until stopped.
class ProgressBar {
 public:
  ProgressBar(const std::atomic<std::uint64_t>& done, std::uint64_t total)
      : done_(done), total_(total), t0_(std::chrono::steady_clock::now()),
        th_([this] { loop(); }) {}
  ~ProgressBar() {
    {
      std::lock_guard<std::mutex> g(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    th_.join();
    draw();
    std::fputc('\n', stderr);
  }

 private:
  void loop() {
    std::unique_lock<std::mutex> g(mu_);
    while (!cv_.wait_for(g, std::chrono::milliseconds(250), [this] { return stop_; })) draw();
  }
  void draw() {
    const std::uint64_t d = done_.load(std::memory_order_relaxed);
    const double s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0_).count();
    const double frac = total_ ? static_cast<double>(d) / static_cast<double>(total_) : 1.0;
    const double rate = s > 0 ? static_cast<double>(d) / s : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total_ - d) / rate : 0.0;
    char bar[31];
    const int filled = static_cast<int>(frac * 30);
    for (int i = 0; i < 30; ++i) bar[i] = i < filled ? '#' : '.';
    bar[30] = 0;
    std::fprintf(stderr, "\r[%s] %5.1f%%  %7.1f M inputs/s  ETA %5.0f s ", bar, frac * 100,
                 rate / 1e6, eta);
    std::fflush(stderr);
  }
  const std::atomic<std::uint64_t>& done_;
  std::uint64_t total_;
  std::chrono::steady_clock::time_point t0_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread th_;
};

void check_arguments(const BatchFn& kernel, const Reference& ref, const Domain& dom, const VerifyOptions& opt) {
  if (!kernel) throw std::invalid_argument("verify_exhaustive: no kernel");
  if (!ref.fast || !ref.exact) {
    throw std::invalid_argument("verify_exhaustive: reference '" + ref.name +
                                "' lacks a fast or an exact function");
  }
  if (!dom.all_floats && (std::isnan(dom.lo) || std::isnan(dom.hi) || dom.lo > dom.hi)) {
    throw std::invalid_argument("verify_exhaustive: empty or NaN domain " + dom.describe());
  }
  if (!(opt.margin >= 0)) throw std::invalid_argument("verify_exhaustive: negative margin");
  if (std::isnan(opt.bound)) throw std::invalid_argument("verify_exhaustive: NaN bound");
  if (opt.part_count < 1 || opt.part_index < 0 || opt.part_index >= opt.part_count) {
    throw std::invalid_argument("verify_exhaustive: part " + std::to_string(opt.part_index) + " of " +
                                std::to_string(opt.part_count));
  }
}

}  // namespace

namespace detail {

void accumulate(VerifyPartial& into, const VerifyPartial& from) {
  into.max_ulp = std::max(into.max_ulp, from.max_ulp);
  into.sum += from.sum;
  into.finite += from.finite;
  into.correctly_rounded += from.correctly_rounded;
  into.over_bound += from.over_bound;
  into.special_mismatches += from.special_mismatches;
  into.mpfr_arbitrations += from.mpfr_arbitrations;
  into.cpu_kernel += from.cpu_kernel;
  into.cpu_oracle += from.cpu_oracle;
  into.cpu_mpfr += from.cpu_mpfr;
  into.cpu_total += from.cpu_total;
  for (std::size_t i = 0; i < from.hist_counts.size(); ++i) into.hist_counts[i] += from.hist_counts[i];
  into.worst.insert(into.worst.end(), from.worst.begin(), from.worst.end());
  into.specials.insert(into.specials.end(), from.specials.begin(), from.specials.end());
}

void keep_lists(VerifyPartial& p, std::size_t worst_count) {
  std::sort(p.worst.begin(), p.worst.end(), worse);
  if (p.worst.size() > worst_count) p.worst.resize(worst_count);
  std::sort(p.specials.begin(), p.specials.end(), [](const Indexed& a, const Indexed& b) { return a.index < b.index; });
  if (p.specials.size() > kMaxSpecials) p.specials.resize(kMaxSpecials);
}

}  // namespace detail

// Per chunk: run the kernel, score every input against the double oracle, then let
// MPFR decide every input whose classification the oracle's error (< 2^-29 ULP) could
// change: |e - 0.5| < margin (correctly rounded or not), |e - bound| <= margin (within
// the bound or not), and the chunk's worst_count largest errors that could enter the
// running top list. Infinite errors are special-value mismatches, decided exactly.
// A reference with fast_bounded takes settle_bounded instead, which replaces the fixed
// margin by each input's own error bound.
VerifyPartial verify_partial(const BatchFn& kernel, const Reference& ref, const Domain& dom,
                             const VerifyOptions& opt) {
  check_arguments(kernel, ref, dom, opt);
  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t total = dom.size();
  const std::uint64_t nchunks = (total + kChunk - 1) / kChunk;
  const std::uint64_t parts = static_cast<std::uint64_t>(opt.part_count);
  const std::uint64_t part = static_cast<std::uint64_t>(opt.part_index);
  // This part's chunks: part, part + parts, part + 2 parts, ...
  const std::uint64_t mine = nchunks > part ? (nchunks - part + parts - 1) / parts : 0;
  std::uint64_t checked = 0;
  for (std::uint64_t c = part; c < nchunks; c += parts) checked += std::min(kChunk, total - c * kChunk);
  const std::int64_t k0 = dom.all_floats ? 0 : float_to_ordered(dom.lo);
  const std::size_t K = opt.worst_count;

  const bool bounded = static_cast<bool>(ref.fast_bounded);
  // The batch oracle replaces `fast` when its validated error is inside the margin.
  const BatchOracle* batch =
      !bounded && opt.batch_oracle && ref.batch && ref.batch->max_err < opt.margin ? ref.batch : nullptr;
  tbb::enumerable_thread_specific<detail::Local> locals;
  std::atomic<std::uint64_t> done{0};

  std::atomic<bool> cancelled{false};
  const detail::ChunkJob job{kernel, ref, dom.all_floats, k0, total, K, opt.bound, opt.margin, bounded, batch};
  auto run_chunk = [&](std::uint64_t c) {
    if (opt.cancel && opt.cancel->load(std::memory_order_relaxed)) {
      cancelled.store(true, std::memory_order_relaxed);
      return;
    }
    detail::verify_chunk(job, locals.local(), c);
    done.fetch_add(std::min(kChunk, total - c * kChunk), std::memory_order_relaxed);
  };

  {
    std::unique_ptr<ProgressBar> bar;
    if (opt.progress && ::isatty(2)) bar = std::make_unique<ProgressBar>(done, checked);
    tbb::task_arena arena(opt.threads > 0 ? opt.threads : tbb::task_arena::automatic);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, mine, 1),
                        [&](const tbb::blocked_range<std::uint64_t>& r) {
                          for (std::uint64_t i = r.begin(); i != r.end(); ++i) run_chunk(part + i * parts);
                        });
    });
  }

  VerifyPartial p = detail::empty_partial();
  for (const detail::Local& L : locals) detail::accumulate(p, L.acc);
  detail::keep_lists(p, K);
  p.part_index = opt.part_index;
  p.part_count = opt.part_count;
  p.checked = checked;
  p.cancelled = cancelled.load();
  p.oracle = batch     ? std::string(batch->impl) + " (" + batch->isa + " batch)"
             : bounded ? std::string("expression in double with running error bounds (") +
                             (ref.fast_bounded_batch ? "blocks of 64)" : "scalar)")
                       : "scalar libm double '" + ref.name + "'";
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return p;
}

VerifyPartial reduce_parts(const std::vector<VerifyPartial>& parts, std::size_t worst_count) {
  if (parts.empty()) throw std::invalid_argument("reduce_parts: no parts");
  const int count = parts.front().part_count;
  std::vector<bool> have(static_cast<std::size_t>(std::max(count, 0)), false);
  for (const VerifyPartial& p : parts) {
    if (p.part_count != count || p.part_index < 0 || p.part_index >= count || have[p.part_index] ||
        p.hist_counts.size() != kEdges.size() - 1) {
      throw std::invalid_argument("reduce_parts: the parts are not the parts of one check");
    }
    have[p.part_index] = true;
  }
  if (static_cast<int>(parts.size()) != count) throw std::invalid_argument("reduce_parts: a part is missing");
  VerifyPartial r = detail::empty_partial();
  r.oracle = parts.front().oracle;
  for (const VerifyPartial& p : parts) {
    detail::accumulate(r, p);
    r.checked += p.checked;
    r.seconds = std::max(r.seconds, p.seconds);
    r.cancelled = r.cancelled || p.cancelled;
  }
  detail::keep_lists(r, worst_count);
  return r;
}

VerifyReport finish_verify(const std::vector<VerifyPartial>& parts, const BatchFn& kernel,
                           const Reference& ref, const Domain& dom, const VerifyOptions& opt) {
  const VerifyPartial p = parts.size() == 1 && parts.front().part_count == 1 ? parts.front()
                                                                            : reduce_parts(parts, opt.worst_count);
  if (p.checked != dom.size()) throw std::invalid_argument("finish_verify: the parts do not cover the domain");
  VerifyReport rep;
  rep.inputs = dom.size();
  rep.oracle = p.oracle;
  rep.declared_specials = opt.specials.size();
  rep.declared_special_failures = special_value_failures(kernel, opt.specials);
  rep.hist_edges = kEdges;
  rep.hist_counts = p.hist_counts;
  rep.max_ulp = p.special_mismatches ? std::numeric_limits<double>::infinity() : p.max_ulp;
  rep.mean_ulp = p.finite ? p.sum / static_cast<double>(p.finite) : 0.0;
  rep.correctly_rounded = p.correctly_rounded;
  rep.over_bound = p.over_bound;
  rep.special_mismatches = p.special_mismatches;
  rep.mpfr_arbitrations = p.mpfr_arbitrations;
  rep.cpu_kernel = p.cpu_kernel;
  rep.cpu_oracle = p.cpu_oracle;
  rep.cpu_mpfr = p.cpu_mpfr;
  rep.cpu_total = p.cpu_total;
  rep.cancelled = p.cancelled;
  rep.seconds = p.seconds;
  for (const auto& t : p.worst) {
    WorstInput w = t.w;
    w.ref = exact_to_double(ref, w.x);
    rep.worst.push_back(w);
  }
  for (const auto& t : p.specials) {
    WorstInput w = t.w;
    w.ref = exact_to_double(ref, w.x);
    rep.specials.push_back(w);
  }
  return rep;
}

VerifyReport verify_exhaustive(const BatchFn& kernel, const Reference& ref, const Domain& dom,
                               const VerifyOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  VerifyOptions whole = opt;
  whole.part_index = 0;
  whole.part_count = 1;
  VerifyReport rep = finish_verify({verify_partial(kernel, ref, dom, whole)}, kernel, ref, dom, whole);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

VerifyReport verify_exhaustive(const ir::Program& kernel, const Reference& ref,
                               const Domain& dom, const VerifyOptions& opt) {
  run_f32(kernel, nullptr, nullptr, 0);  // validates the program before any work
  return verify_exhaustive(interpreter_batch(kernel), ref, dom, opt);
}

BatchFn interpreter_batch(const ir::Program& kernel) {
  return [&kernel](const float* in, float* out, std::size_t n) { run_f32(kernel, in, out, n); };
}

}  // namespace uf::eval
