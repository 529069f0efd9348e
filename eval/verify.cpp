#include "eval/verify.h"

#include <unistd.h>

#include <algorithm>
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
#include "ir/bound.h"

namespace uf::eval {

namespace {

constexpr std::uint64_t kChunk = 1u << 16;  // inputs per task: 64K (1.5 MiB of buffers)
constexpr std::size_t kMaxSpecials = 8;
// Histogram edges (9 buckets); the last bucket [256, inf] also holds infinite errors.
// The bucket computation in verify_exhaustive spells these values out.
const std::vector<double> kEdges = {0, 0.5, 0.75, 1, 1.5, 2, 4, 16, 256,
                                    std::numeric_limits<double>::infinity()};

std::uint32_t bits_of(float x) {
  std::uint32_t b;
  std::memcpy(&b, &x, 4);
  return b;
}
float from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

struct Indexed {
  std::uint64_t index;
  WorstInput w;
};

// Orders worst inputs: larger error first, then by input index (deterministic).
bool worse(const Indexed& a, const Indexed& b) {
  if (a.w.ulp != b.w.ulp) return a.w.ulp > b.w.ulp;
  return a.index < b.index;
}

constexpr int kMaxTies = 64;

struct Local {
  double max_ulp = 0, sum = 0;
  std::uint64_t finite = 0, cr = 0, over = 0, special = 0, arb = 0;
  std::vector<std::uint64_t> hist = std::vector<std::uint64_t>(kEdges.size() - 1, 0);
  std::vector<Indexed> top;       // at most worst_count, sorted by `worse`
  std::vector<Indexed> specials;  // the kMaxSpecials lowest indices
  std::vector<float> x, y;
  std::vector<double> e, d;  // d: the uncertainty of e in ULP (0 once MPFR decided)
};

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

std::string fmt_float(float v) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.9g (0x%08x, %a)", static_cast<double>(v), bits_of(v),
                static_cast<double>(v));
  return buf;
}

nlohmann::json num(double v) {
  if (std::isfinite(v)) return v;
  return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
}

nlohmann::json float_json(float v) {
  char hb[16], hf[48];
  std::snprintf(hb, sizeof hb, "0x%08x", bits_of(v));
  std::snprintf(hf, sizeof hf, "%a", static_cast<double>(v));
  return {{"value", num(v)}, {"bits", hb}, {"hex", hf}};
}

// Uncertainty in ULP of ej = ulp_error(y, v) when |v - f(x)| <= err: the numerator
// |y - v| moves by at most err, and ulp(f(x)) = ulp(v) unless [v - err, v + err]
// (widened by a relative 2^-50; |f| >= 0 when it reaches zero) leaves v's binade,
// which returns +inf (MPFR decides),
// as do |v| >= 2^127 (the overflow conventions) and a non-finite v or err. The term
// ej 2^-50 covers the rounding of ulp_error's subtraction (relative 2^-53).
double ulp_uncertainty(double v, double err, double ej) {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const double a = std::fabs(v);
  if (!(err < kInf) || !(a < 0x1p127)) return kInf;
  const double u = ulp_of(v);
  const double hi = (a + err) * (1 + 0x1p-50), lo = std::max(0.0, (a - err) * (1 - 0x1p-50));
  if (ulp_of(hi) != u || ulp_of(lo) != u) return kInf;
  return (err / u + ej * 0x1p-50) * (1 + 0x1p-40) + 0x1p-1070;
}

// The bounded-oracle pass over one chunk: e[j] is the oracle's error, d[j] its
// uncertainty (0 once MPFR decided). MPFR decides every input whose interval
// [e - d, e + d] straddles 0.5 (correctly rounded or not) or the bound (within it or
// not), and every input with an infinite error other than a NaN result (a wrong sign
// of infinity may be right when |f(x)| <= err). The worst-list candidates are every
// finite input whose upper end e + d reaches the K-th largest lower end in the chunk
// (or the running list's floor, `floor`, -1 when that list is not full): no other
// input can be among the K largest. Returns the number of MPFR calls.
std::uint64_t settle_bounded(const Reference& ref, const float* x, const float* y, std::size_t n,
                             double bound, std::size_t K, double floor, double* e, double* d,
                             std::vector<std::size_t>& cand) {
  std::uint64_t arb = 0;
  for (std::size_t j = 0; j < n; ++j) {
    double err;
    const double v = ref.fast_bounded(static_cast<double>(x[j]), &err);
    double ej = ulp_error(y[j], v);
    double dj = ulp_uncertainty(v, err, ej);
    const bool unsettled = (ej - dj <= 0.5 && ej + dj > 0.5) ||
                           (ej - dj <= bound && ej + dj > bound) ||
                           (std::isinf(ej) && !std::isnan(y[j])) || std::isnan(dj);
    if (unsettled) [[unlikely]] {
      ej = exact_ulp_error(ref, x[j], y[j]);
      dj = 0;
      ++arb;
    }
    e[j] = ej;
    d[j] = dj;
  }
  if (K == 0) return arb;
  std::vector<double> lows;  // the K largest lower ends, descending
  for (std::size_t j = 0; j < n; ++j) {
    if (std::isinf(e[j])) continue;
    const double lo = std::max(0.0, e[j] - d[j]);
    if (lows.size() == K && !(lo > lows.back())) continue;
    lows.insert(std::upper_bound(lows.begin(), lows.end(), lo, std::greater<double>()), lo);
    if (lows.size() > K) lows.pop_back();
  }
  const double thr = std::max(floor, lows.size() == K ? lows.back() : -1.0);
  for (std::size_t j = 0; j < n; ++j)
    if (!std::isinf(e[j]) && e[j] + d[j] >= thr) cand.push_back(j);
  return arb;
}

}  // namespace

std::uint64_t Domain::size() const {
  if (all_floats) return std::uint64_t{1} << 32;
  if (std::isnan(lo) || std::isnan(hi) || lo > hi) return 0;
  return static_cast<std::uint64_t>(float_to_ordered(hi) - float_to_ordered(lo)) + 1;
}

std::string Domain::describe() const {
  if (all_floats) return "all 2^32 float32 bit patterns";
  char buf[128];
  std::snprintf(buf, sizeof buf, "[%.9g, %.9g] (%llu floats)", static_cast<double>(lo),
                static_cast<double>(hi), static_cast<unsigned long long>(size()));
  return buf;
}


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

  tbb::enumerable_thread_specific<Local> locals;
  std::atomic<std::uint64_t> done{0};

  auto run_chunk = [&](std::uint64_t c) {
    Local& L = locals.local();
    const std::uint64_t first = c * kChunk;
    const std::size_t n = static_cast<std::size_t>(std::min(kChunk, total - first));
    L.x.resize(kChunk);
    L.y.resize(kChunk);
    L.e.resize(kChunk);
    float* x = L.x.data();
    float* y = L.y.data();
    double* e = L.e.data();
    if (dom.all_floats) {
      for (std::size_t j = 0; j < n; ++j) x[j] = from_bits(static_cast<std::uint32_t>(first + j));
    } else {
      // ordered_to_float without its range check: k0 + first + j lies in the domain.
      for (std::size_t j = 0; j < n; ++j) {
        const std::int64_t k = k0 + static_cast<std::int64_t>(first + j);
        x[j] = from_bits(k >= 0 ? static_cast<std::uint32_t>(k)
                                : (static_cast<std::uint32_t>(-(k + 1)) | 0x80000000u));
      }
    }
    kernel(x, y, n);
    std::vector<std::size_t> cand;
    const bool bounded = static_cast<bool>(ref.fast_bounded);
    if (bounded) {
      L.d.resize(kChunk);
      L.arb += settle_bounded(ref, x, y, n, bound, K,
                              K > 0 && L.top.size() == K ? L.top.back().w.ulp : -1.0, e,
                              L.d.data(), cand);
    } else {
      L.d.resize(kChunk);
      double* d = L.d.data();
      for (std::size_t j = 0; j < n; ++j) e[j] = ref.fast(static_cast<double>(x[j]));
      std::uint64_t arb = 0;
      for (std::size_t j = 0; j < n; ++j) {
        double ej = ulp_error(y[j], e[j]);
        d[j] = margin;
        if (std::fabs(ej - 0.5) < margin || std::fabs(ej - bound) <= margin) [[unlikely]] {
          ej = exact_ulp_error(ref, x[j], y[j]);
          d[j] = 0;
          ++arb;
        }
        e[j] = ej;
      }
      L.arb += arb;
      // The chunk's K largest finite errors (by the oracle), candidates for the top list.
      if (K > 0) {
        double floor_e = L.top.size() == K ? L.top.back().w.ulp - margin : -1.0;
        for (std::size_t j = 0; j < n; ++j) {
          if (!(e[j] > floor_e) || std::isinf(e[j])) continue;
          auto it = std::lower_bound(cand.begin(), cand.end(), j,
                                     [&](std::size_t a, std::size_t b) { return e[a] > e[b]; });
          cand.insert(it, j);
          if (cand.size() > K) cand.pop_back();
          if (cand.size() == K) floor_e = std::max(floor_e, e[cand.back()]);
        }
      }
    }
    double* d = L.d.data();
    for (std::size_t j : cand) {
      const bool known = d[j] == 0;  // MPFR already decided j
      const double ej = known ? e[j] : exact_ulp_error(ref, x[j], y[j]);
      L.arb += !known;
      e[j] = ej;
      d[j] = 0;
      Indexed item{first + j, WorstInput{x[j], y[j], 0.0, ej}};
      auto it = std::lower_bound(L.top.begin(), L.top.end(), item, worse);
      L.top.insert(it, item);
      if (L.top.size() > K) L.top.pop_back();
    }
    // The max is an upper bound: an input MPFR did not decide counts with e + d (its
    // error can be that large). Near ties with the largest decided error (e + d above it)
    // are decided by MPFR, up to kMaxTies per chunk so that a chunk of equal errors stays
    // cheap; beyond that they count with e + d.
    double decided_max = L.max_ulp;
    for (std::size_t j = 0; j < n; ++j)
      if (d[j] == 0 && !std::isinf(e[j])) decided_max = std::max(decided_max, e[j]);
    int ties = 0;
    for (std::size_t j = 0; j < n && ties < kMaxTies; ++j) {
      if (d[j] == 0 || std::isinf(e[j]) || !(e[j] + d[j] > decided_max)) continue;
      e[j] = exact_ulp_error(ref, x[j], y[j]);
      d[j] = 0;
      ++L.arb;
      ++ties;
      if (!std::isinf(e[j])) decided_max = std::max(decided_max, e[j]);
    }
    double mx = L.max_ulp, sum = 0;
    std::uint64_t finite = 0, cr = 0, over = 0;
    std::uint64_t hist[9] = {};
    for (std::size_t j = 0; j < n; ++j) {
      const double ej = e[j];
      if (std::isinf(ej)) [[unlikely]] {
        ++L.special;
        if (L.specials.size() < kMaxSpecials) {
          L.specials.push_back(Indexed{first + j, WorstInput{x[j], y[j], 0.0, ej}});
        } else if (first + j < L.specials.back().index) {
          L.specials.back() = Indexed{first + j, WorstInput{x[j], y[j], 0.0, ej}};
        }
        std::sort(L.specials.begin(), L.specials.end(),
                  [](const Indexed& a, const Indexed& b) { return a.index < b.index; });
        ++hist[8];
        continue;
      }
      mx = std::max(mx, ej + d[j]);
      sum += ej;
      ++finite;
      cr += ej <= 0.5;
      over += ej > bound;
      // Bucket index: the number of interior edges (kEdges[1..8]) at or below ej.
      const int bucket = (ej >= 0.5) + (ej >= 0.75) + (ej >= 1.0) + (ej >= 1.5) + (ej >= 2.0) +
                         (ej >= 4.0) + (ej >= 16.0) + (ej >= 256.0);
      ++hist[bucket];
    }
    L.max_ulp = mx;
    L.sum += sum;
    L.finite += finite;
    L.cr += cr;
    L.over += over;
    for (int i = 0; i < 9; ++i) L.hist[i] += hist[i];
    done.fetch_add(n, std::memory_order_relaxed);
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
  rep.declared_specials = opt.specials.size();
  rep.declared_special_failures = special_value_failures(kernel, opt.specials);
  rep.hist_edges = kEdges;
  rep.hist_counts.assign(kEdges.size() - 1, 0);
  double sum = 0;
  std::uint64_t finite = 0;
  std::vector<Indexed> top, specials;
  for (Local& L : locals) {
    rep.max_ulp = std::max(rep.max_ulp, L.max_ulp);
    sum += L.sum;
    finite += L.finite;
    rep.correctly_rounded += L.cr;
    rep.over_bound += L.over;
    rep.special_mismatches += L.special;
    rep.mpfr_arbitrations += L.arb;
    for (std::size_t i = 0; i < L.hist.size(); ++i) rep.hist_counts[i] += L.hist[i];
    top.insert(top.end(), L.top.begin(), L.top.end());
    specials.insert(specials.end(), L.specials.begin(), L.specials.end());
  }
  if (rep.special_mismatches) rep.max_ulp = std::numeric_limits<double>::infinity();
  rep.mean_ulp = finite ? sum / static_cast<double>(finite) : 0.0;
  std::sort(top.begin(), top.end(), worse);
  if (top.size() > K) top.resize(K);
  std::sort(specials.begin(), specials.end(),
            [](const Indexed& a, const Indexed& b) { return a.index < b.index; });
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

std::string VerifyReport::to_text() const {
  std::string s;
  char buf[256];
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    s += buf;
  };
  const double pct = inputs ? 100.0 * static_cast<double>(correctly_rounded) /
                                  static_cast<double>(inputs)
                            : 0.0;
  line("inputs               %llu\n", static_cast<unsigned long long>(inputs));
  s += "max ULP              " + ir::format_bound(max_ulp) + " (rounded up)\n";
  line("mean ULP             %.6g\n", mean_ulp);
  line("correctly rounded    %llu (%.6f%%)\n", static_cast<unsigned long long>(correctly_rounded),
       pct);
  line("over bound           %llu\n", static_cast<unsigned long long>(over_bound));
  line("special mismatches   %llu (wrong NaN, inf or sign)\n", static_cast<unsigned long long>(special_mismatches));
  line("declared specials    %llu of %llu exact\n",
       static_cast<unsigned long long>(declared_specials - declared_special_failures.size()),
       static_cast<unsigned long long>(declared_specials));
  line("MPFR arbitrations    %llu\n", static_cast<unsigned long long>(mpfr_arbitrations));
  line("time                 %.2f s (%.1f M inputs/s)\n", seconds,
       seconds > 0 ? static_cast<double>(inputs) / seconds / 1e6 : 0.0);
  if (!hist_counts.empty()) {
    s += "error histogram (ULP):\n";
    for (std::size_t i = 0; i < hist_counts.size() && i + 1 < hist_edges.size(); ++i) {
      const bool last = i + 2 == hist_edges.size();
      char label[48];
      std::snprintf(label, sizeof label, "[%g, %g%s", hist_edges[i], hist_edges[i + 1],
                    last ? "]" : ")");
      line("  %-12s %12llu\n", label, static_cast<unsigned long long>(hist_counts[i]));
    }
  }
  auto list = [&](const char* title, const std::vector<WorstInput>& v) {
    if (v.empty()) return;
    s += title;
    for (const WorstInput& w : v) {
      s += "  x = " + fmt_float(w.x) + "\n";
      s += "      result    " + fmt_float(w.y) + "\n";
      line("      reference %.17g (%a)\n", w.ref, w.ref);
      line("      error     %.6g ULP\n", w.ulp);
    }
  };
  list("worst inputs:\n", worst);
  list("special-value mismatches (first inputs):\n", specials);
  for (const WorstInput& w : declared_special_failures) {
    s += "  declared special value not met: x = " + fmt_float(w.x) + "\n";
    s += "      result    " + fmt_float(w.y) + "\n";
    s += "      required  " + fmt_float(static_cast<float>(w.ref)) + "\n";
  }
  return s;
}

std::string VerifyReport::to_json() const {
  nlohmann::json j;
  j["inputs"] = inputs;
  j["max_ulp"] = num(max_ulp);
  j["mean_ulp"] = num(mean_ulp);
  j["correctly_rounded"] = correctly_rounded;
  j["correctly_rounded_fraction"] =
      inputs ? static_cast<double>(correctly_rounded) / static_cast<double>(inputs) : 0.0;
  j["over_bound"] = over_bound;
  j["special_mismatches"] = special_mismatches;
  j["mpfr_arbitrations"] = mpfr_arbitrations;
  j["holds"] = holds();
  j["seconds"] = seconds;
  auto list = [](const std::vector<WorstInput>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const WorstInput& w : v) {
      a.push_back({{"x", float_json(w.x)}, {"y", float_json(w.y)}, {"ref", num(w.ref)},
                   {"ulp", num(w.ulp)}});
    }
    return a;
  };
  j["worst"] = list(worst);
  j["specials"] = list(specials);
  j["declared_specials"] = declared_specials;
  nlohmann::json dsf = nlohmann::json::array();
  for (const WorstInput& w : declared_special_failures)
    dsf.push_back({{"x", float_json(w.x)}, {"y", float_json(w.y)},
                   {"expected", float_json(static_cast<float>(w.ref))}});
  j["declared_special_failures"] = dsf;
  nlohmann::json h = nlohmann::json::array();
  for (std::size_t i = 0; i < hist_counts.size() && i + 1 < hist_edges.size(); ++i) {
    h.push_back({{"lo", num(hist_edges[i])}, {"hi", num(hist_edges[i + 1])},
                 {"count", hist_counts[i]}});
  }
  j["histogram"] = h;
  return j.dump(2);
}

}  // namespace uf::eval
