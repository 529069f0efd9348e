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

}  // namespace

// Per chunk: run the kernel, score every input against the double oracle, then let
// MPFR decide every input whose classification the oracle's error (< 2^-29 ULP) could
// change: |e - 0.5| < margin (correctly rounded or not), |e - bound| <= margin (within
// the bound or not), and the chunk's worst_count largest errors that could enter the
// running top list. Infinite errors are special-value mismatches, decided exactly.
// A reference with fast_bounded takes settle_bounded instead, which replaces the fixed
// margin by each input's own error bound.
VerifyReport verify_exhaustive(const BatchFn& kernel, const Reference& ref, const Domain& dom,
                               const VerifyOptions& opt) {
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

  const auto t0 = std::chrono::steady_clock::now();
  const std::uint64_t total = dom.size();
  const std::uint64_t nchunks = (total + kChunk - 1) / kChunk;
  const std::int64_t k0 = dom.all_floats ? 0 : float_to_ordered(dom.lo);
  const std::size_t K = opt.worst_count;
  const double bound = opt.bound, margin = opt.margin;

  const bool bounded = static_cast<bool>(ref.fast_bounded);
  // The batch oracle replaces `fast` when its validated error is inside the margin.
  const BatchOracle* batch =
      !bounded && opt.batch_oracle && ref.batch && ref.batch->max_err < margin ? ref.batch : nullptr;
  tbb::enumerable_thread_specific<detail::Local> locals;
  std::atomic<std::uint64_t> done{0};

  std::atomic<bool> cancelled{false};
  const detail::ChunkJob job{kernel, ref, dom.all_floats, k0, total, K, bound, margin, bounded, batch};
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
    if (opt.progress && ::isatty(2)) bar = std::make_unique<ProgressBar>(done, total);
    tbb::task_arena arena(opt.threads > 0 ? opt.threads : tbb::task_arena::automatic);
    arena.execute([&] {
      tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, nchunks, 1),
                        [&](const tbb::blocked_range<std::uint64_t>& r) {
                          for (std::uint64_t c = r.begin(); c != r.end(); ++c) run_chunk(c);
                        });
    });
  }

  VerifyReport rep;
  rep.inputs = total;
  rep.cancelled = cancelled.load();
  rep.oracle = batch     ? std::string(batch->impl) + " (" + batch->isa + " batch)"
               : bounded ? std::string("expression in double with running error bounds (") +
                               (ref.fast_bounded_batch ? "blocks of 64)" : "scalar)")
                         : "scalar libm double '" + ref.name + "'";
  rep.declared_specials = opt.specials.size();
  rep.declared_special_failures = special_value_failures(kernel, opt.specials);
  rep.hist_edges = kEdges;
  rep.hist_counts.assign(kEdges.size() - 1, 0);
  double sum = 0;
  std::uint64_t finite = 0;
  std::vector<detail::Indexed> top, specials;
  for (detail::Local& L : locals) {
    rep.max_ulp = std::max(rep.max_ulp, L.max_ulp);
    sum += L.sum;
    finite += L.finite;
    rep.correctly_rounded += L.cr;
    rep.over_bound += L.over;
    rep.special_mismatches += L.special;
    rep.mpfr_arbitrations += L.arb;
    rep.cpu_kernel += L.t_kernel;
    rep.cpu_oracle += L.t_oracle;
    rep.cpu_mpfr += L.t_mpfr;
    rep.cpu_total += L.t_total;
    for (std::size_t i = 0; i < L.hist.size(); ++i) rep.hist_counts[i] += L.hist[i];
    top.insert(top.end(), L.top.begin(), L.top.end());
    specials.insert(specials.end(), L.specials.begin(), L.specials.end());
  }
  if (rep.special_mismatches) rep.max_ulp = std::numeric_limits<double>::infinity();
  rep.mean_ulp = finite ? sum / static_cast<double>(finite) : 0.0;
  std::sort(top.begin(), top.end(), worse);
  if (top.size() > K) top.resize(K);
  std::sort(specials.begin(), specials.end(),
            [](const detail::Indexed& a, const detail::Indexed& b) { return a.index < b.index; });
  if (specials.size() > kMaxSpecials) specials.resize(kMaxSpecials);
  for (auto& t : top) {
    t.w.ref = exact_to_double(ref, t.w.x);
    rep.worst.push_back(t.w);
  }
  for (auto& s : specials) {
    s.w.ref = exact_to_double(ref, s.w.x);
    rep.specials.push_back(s.w);
  }
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

VerifyReport verify_exhaustive(const ir::Program& kernel, const Reference& ref,
                               const Domain& dom, const VerifyOptions& opt) {
  run_f32(kernel, nullptr, nullptr, 0);  // validates the program before any work
  return verify_exhaustive(
      BatchFn([&kernel](const float* in, float* out, std::size_t n) { run_f32(kernel, in, out, n); }),
      ref, dom, opt);
}

}  // namespace uf::eval
