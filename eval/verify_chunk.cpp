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

// One chunk of an exhaustive check: generate the inputs, run the kernel, score every
// input against the double oracle, let MPFR decide what the oracle's error could change,
// and add the chunk's maximum, statistics, worst inputs and special-value mismatches to
// the thread's state.

namespace uf::eval::detail {

namespace {

float from_bits(std::uint32_t b) {
  float x;
  std::memcpy(&x, &b, 4);
  return x;
}

// x[i] = the float with bit pattern start + i (or start - i when descending), i < n.
void fill_bits(float* x, std::uint32_t start, bool descending, std::size_t n) {
  using U = xsimd::batch<std::uint32_t>;
  constexpr std::size_t W = U::size;
  alignas(64) std::uint32_t iota[W];
  for (std::size_t i = 0; i < W; ++i) iota[i] = static_cast<std::uint32_t>(i);
  const U step(static_cast<std::uint32_t>(W));
  const U lanes = U::load_aligned(iota);
  U b = descending ? U(start) - lanes : U(start) + lanes;
  std::size_t i = 0;
  for (; i + W <= n; i += W) {
    xsimd::bitwise_cast<xsimd::batch<float>>(b).store_unaligned(x + i);
    b = descending ? b - step : b + step;
  }
  for (; i < n; ++i)
    x[i] = from_bits(descending ? start - static_cast<std::uint32_t>(i) : start + static_cast<std::uint32_t>(i));
}

constexpr int kMaxTies = 64;
constexpr double kInf = std::numeric_limits<double>::infinity();

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// exact_ulp_error, its time added to *seconds.
double arbitrate(const Reference& ref, float x, float y, double* seconds) {
  const auto t = Clock::now();
  const double e = exact_ulp_error(ref, x, y);
  *seconds += since(t);
  return e;
}

// The top-list key of input j: its error, or beside a binade edge (d > margin) the
// upper end of its interval less the margin.
inline double key_of(const double* e, const double* d, std::size_t j, double margin) {
  return d[j] > margin ? e[j] + d[j] - margin : e[j];
}
// Inputs per segment of the top-list scan.
constexpr std::size_t kSegment = 64;
// smax[g] = the largest key over the finite lanes of segment g (-inf if none).
void segment_max(const double* e, const double* d, std::size_t n, double margin, std::size_t g,
                 double* smax) {
  double m = -kInf;
  for (std::size_t j = g * kSegment; j < std::min(n, (g + 1) * kSegment); ++j)
    if (!std::isinf(e[j])) m = std::max(m, key_of(e, d, j, margin));
  smax[g] = m;
}

// Catalog path, one chunk: on entry e[j] is the oracle's value v of f(x[j]); on return
// e[j] is the error of y[j] against v and d[j] its uncertainty (the margin, or beside a
// binade edge e + margin: ulp(f(x)) may be half or twice ulp(v), so the true error lies
// in [e/2 - margin, 2e + margin]). `unsettled` receives the indices whose classification
// (correctly rounded or not, within the bound or not) that uncertainty could change:
// MPFR decides them. Out of line with restrict pointers, so that it compiles to a tight
// loop (no reloads of the parameters through possibly aliasing stores).
//
// Fast paths: a block whose results all equal their oracle values (exact results, and
// saturated ones: 0, 1, inf; NaN where the oracle is NaN) has error 0 everywhere; a block whose v lanes are all in
// the normal float32 range [2^-126, 2^127) and whose y lanes are all finite (nearly
// every other block) skips the special-case selects of simd::ulp_error and the full
// binade-edge test. Both give the general path's bits.
// smax[g] receives the largest candidate key (key_of below) of segment g = j / kSegment,
// over its finite lanes (-inf when none), for the top-list scan.
[[gnu::noinline]] void score_chunk(const float* __restrict y, double* __restrict e,
                                   double* __restrict d, std::size_t n, double margin,
                                   double bound, std::vector<std::uint32_t>& unsettled,
                                   double* __restrict smax) {
  using simd::DBatch;
  using simd::UBatch;
  constexpr std::size_t W = simd::kLanes;
  const DBatch mar(margin), bnd(bound), half(0.5);
  const DBatch lo(0x1p-126), hi(0x1p127), inf(kInf), ninf(-kInf), zero(0.0);
  static_assert(kSegment % W == 0);
  DBatch seg(ninf);
  std::size_t j = 0;
  for (; j + W <= n; j += W) {
    const DBatch v = DBatch::load_unaligned(e + j);
    const DBatch yd = simd::load_floats(y + j);
    DBatch ej, dj;
    if (xsimd::all((yd == v) | (xsimd::isnan(yd) & xsimd::isnan(v)))) {
      ej = zero;
      dj = mar;
    } else {
      const DBatch a = xsimd::abs(v);
      if (xsimd::all((a >= lo) & (a < hi) & (xsimd::abs(yd) < inf))) [[likely]] {
        const UBatch ab = xsimd::bitwise_cast<UBatch>(a);
        ej = xsimd::abs(yd - v) * simd::inv_ulp_of_normal(ab);
        dj = xsimd::select(simd::near_binade_edge_normal(ab), ej + mar, mar);
      } else {
        ej = simd::ulp_error(yd, v);
        dj = xsimd::select(simd::near_binade_edge(v), ej + mar, mar);
      }
    }
    ej.store_unaligned(e + j);
    dj.store_unaligned(d + j);
    const DBatch key = xsimd::select(ej < inf, xsimd::select(dj > mar, ej + dj - mar, ej), ninf);
    seg = xsimd::max(seg, key);
    if ((j + W) % kSegment == 0) {
      smax[j / kSegment] = simd::hmax(seg);
      seg = ninf;
    }
    const auto uns = (xsimd::abs(ej - half) < dj) | (xsimd::abs(ej - bnd) <= dj);
    if (xsimd::any(uns)) [[unlikely]] {
      for (std::size_t k = j; k < j + W; ++k)
        if (std::fabs(e[k] - 0.5) < d[k] || std::fabs(e[k] - bound) <= d[k])
          unsettled.push_back(static_cast<std::uint32_t>(k));
    }
  }
  for (; j < n; ++j) {
    const double v = e[j];
    const double ej = ulp_error(y[j], v);
    const double dj = simd::near_binade_edge(v) ? ej + margin : margin;
    e[j] = ej;
    d[j] = dj;
    if (std::fabs(ej - 0.5) < dj || std::fabs(ej - bound) <= dj)
      unsettled.push_back(static_cast<std::uint32_t>(j));
  }
  if (n % kSegment) segment_max(e, d, n, margin, n / kSegment, smax);
}

// The largest finite error MPFR decided (d = 0), into *decided (kept if larger), and the
// largest upper end e + d of the undecided ones, into *undecided.
[[gnu::noinline]] void max_errors(const double* __restrict e, const double* __restrict d,
                                  std::size_t n, double* decided, double* undecided) {
  using simd::DBatch;
  constexpr std::size_t W = simd::kLanes;
  const DBatch zero(0.0), inf(kInf);
  DBatch dm(*decided), um(*undecided);
  std::size_t j = 0;
  for (; j + W <= n; j += W) {
    const DBatch ej = DBatch::load_unaligned(e + j), dj = DBatch::load_unaligned(d + j);
    const auto fin = ej < inf;
    dm = xsimd::max(dm, xsimd::select(fin & (dj == zero), ej, zero));
    um = xsimd::max(um, xsimd::select(fin & (dj != zero), ej + dj, zero));
  }
  double dms = simd::hmax(dm), ums = simd::hmax(um);
  for (; j < n; ++j) {
    if (std::isinf(e[j])) continue;
    if (d[j] == 0) dms = std::max(dms, e[j]);
    else ums = std::max(ums, e[j] + d[j]);
  }
  *decided = dms;
  *undecided = ums;
}

struct ChunkStats {
  double max_upper = 0, sum = 0;  // max of e + d, sum of e (finite errors)
  std::uint64_t finite = 0, cr = 0, over = 0, infinite = 0;
  std::uint64_t hist[9] = {};
};

// Histogram edges as the bucket computation uses them (kEdges[1..8]).
constexpr double kInteriorEdges[8] = {0.5, 0.75, 1.0, 1.5, 2.0, 4.0, 16.0, 256.0};

// Statistics of one chunk's errors. Lane counters are doubles (exact: a chunk has far
// fewer than 2^53 inputs); an infinite error is >= every edge, so it lands in the last
// bucket, as the histogram's definition says.
[[gnu::noinline]] void chunk_stats(const double* __restrict e, const double* __restrict d,
                                   std::size_t n, double bound, ChunkStats& out) {
  using simd::DBatch;
  constexpr std::size_t W = simd::kLanes;
  const DBatch zero(0.0), one(1.0), inf(kInf), bnd(bound), half(0.5);
  DBatch mx(0.0), sum(0.0), fin_n(0.0), cr(0.0), over(0.0), inf_n(0.0);
  // Counts of errors >= each interior edge, in registers (an array of batches is spilled).
  DBatch g0(0.0), g1(0.0), g2(0.0), g3(0.0), g4(0.0), g5(0.0), g6(0.0), g7(0.0);
  // Fast path: a block whose errors are all below 0.5 and the bound (nearly every block
  // of a good kernel) is finite, correctly rounded, within the bound and in the first
  // histogram bucket; it adds to mx and sum exactly as the general path would (same
  // lanes, same order), and is counted in `fast`.
  const DBatch easy(std::min(0.5, bound));
  std::uint64_t fast = 0;
  std::size_t j = 0;
  for (; j + W <= n; j += W) {
    const DBatch ej = DBatch::load_unaligned(e + j), dj = DBatch::load_unaligned(d + j);
    if (xsimd::all(ej < easy)) [[likely]] {
      mx = xsimd::max(mx, ej + dj);
      sum += ej;
      ++fast;
      continue;
    }
    const auto fin = ej < inf;
    mx = xsimd::max(mx, xsimd::select(fin, ej + dj, zero));
    sum += xsimd::select(fin, ej, zero);
    fin_n += xsimd::select(fin, one, zero);
    inf_n += xsimd::select(fin, zero, one);
    cr += xsimd::select(ej <= half, one, zero);
    over += xsimd::select(fin & (ej > bnd), one, zero);
    g0 += xsimd::select(ej >= DBatch(kInteriorEdges[0]), one, zero);
    g1 += xsimd::select(ej >= DBatch(kInteriorEdges[1]), one, zero);
    g2 += xsimd::select(ej >= DBatch(kInteriorEdges[2]), one, zero);
    g3 += xsimd::select(ej >= DBatch(kInteriorEdges[3]), one, zero);
    g4 += xsimd::select(ej >= DBatch(kInteriorEdges[4]), one, zero);
    g5 += xsimd::select(ej >= DBatch(kInteriorEdges[5]), one, zero);
    g6 += xsimd::select(ej >= DBatch(kInteriorEdges[6]), one, zero);
    g7 += xsimd::select(ej >= DBatch(kInteriorEdges[7]), one, zero);
  }
  double mxs = simd::hmax(mx), sums = simd::hsum(sum);
  auto count = [](DBatch b) { return static_cast<std::uint64_t>(simd::hsum(b)); };
  std::uint64_t finite = count(fin_n) + fast * W, crs = count(cr) + fast * W, overs = count(over),
                infs = count(inf_n);
  std::uint64_t ges[8] = {count(g0), count(g1), count(g2), count(g3),
                          count(g4), count(g5), count(g6), count(g7)};
  for (; j < n; ++j) {
    const double ej = e[j];
    for (int k = 0; k < 8; ++k) ges[k] += ej >= kInteriorEdges[k];
    if (std::isinf(ej)) {
      ++infs;
      continue;
    }
    mxs = std::max(mxs, ej + d[j]);
    sums += ej;
    ++finite;
    crs += ej <= 0.5;
    overs += ej > bound;
  }
  const std::uint64_t total = finite + infs;
  out.max_upper = mxs;
  out.sum = sums;
  out.finite = finite;
  out.cr = crs;
  out.over = overs;
  out.infinite = infs;
  out.hist[0] = total - ges[0];
  for (int k = 1; k < 8; ++k) out.hist[k] = ges[k - 1] - ges[k];
  out.hist[8] = ges[7];
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
                             std::vector<std::size_t>& cand, double* mpfr_seconds) {
  std::uint64_t arb = 0;
  // The oracle's values go into e and their bounds into d (in blocks when the reference
  // has the block form); the loop below replaces them, input by input, with the error
  // and its uncertainty.
  if (ref.fast_bounded_batch) {
    ref.fast_bounded_batch(x, e, d, n);
  } else {
    for (std::size_t j = 0; j < n; ++j) e[j] = ref.fast_bounded(static_cast<double>(x[j]), &d[j]);
  }
  for (std::size_t j = 0; j < n; ++j) {
    const double v = e[j], err = d[j];
    double ej = ulp_error(y[j], v);
    double dj = ulp_uncertainty(v, err, ej);
    const bool unsettled = (ej - dj <= 0.5 && ej + dj > 0.5) ||
                           (ej - dj <= bound && ej + dj > bound) ||
                           (std::isinf(ej) && !std::isnan(y[j])) || std::isnan(dj);
    if (unsettled) [[unlikely]] {
      ej = arbitrate(ref, x[j], y[j], mpfr_seconds);
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
  // On a plateau (a run of inputs whose errors agree within their uncertainty, such as a
  // constant result near f(0)) every input reaches thr, and deciding them all by MPFR
  // made such proofs hours long. Only the K largest upper ends (ties by position) are
  // decided; the list then holds K inputs decided exactly whose errors are within the
  // oracle's uncertainty of the true K largest (~1e-9 ULP, more beside a binade edge,
  // where d can reach e/2). The max is unaffected: an undecided input still counts with
  // its upper end e + d below, and the near ties MPFR decides there join the list.
  if (cand.size() > K) {
    auto by_upper = [&](std::size_t a, std::size_t b) {
      const double ua = e[a] + d[a], ub = e[b] + d[b];
      return ua > ub || (ua == ub && a < b);
    };
    std::nth_element(cand.begin(), cand.begin() + static_cast<std::ptrdiff_t>(K - 1), cand.end(), by_upper);
    cand.resize(K);
    std::sort(cand.begin(), cand.end());
  }
  return arb;
}

}  // namespace

// Uncertainty in ULP of ej = ulp_error(y, v) when |v - f(x)| <= err. |f| lies in
// [lo, hi] = [|v| - err, |v| + err], widened by a relative 2^-50 (lo >= 0), so the
// numerator |y - f| is within err of N = |y - v| = ej ulp(v), and the denominator
// ulp(f) lies between ulp(lo) and ulp(hi) (ulp_of is non-decreasing in |f|): the true
// error lies in [max(0, N - err) / ulp(hi), (N + err) / ulp(lo)]. Inside v's binade
// that is ej +- err / ulp(v). Across a binade edge (f just above a power of two, such as
// a sigmoid's 1/2 + tiny near x = 0) the interval widens by the ratio of the two ulps;
// it used to return +inf there, which sent every such input to MPFR. |v| >= 2^127 (the
// overflow conventions) and a non-finite v, err or ej give +inf. The terms with 2^-50
// cover the rounding of ulp_error's subtraction (relative 2^-53) and of N (exact: a
// product by a power of two, but for an underflow, which 2^-900 covers).
double ulp_uncertainty(double v, double err, double ej) {
  const double a = std::fabs(v);
  if (!(err < kInf) || !(a < 0x1p127) || !(ej < kInf)) return kInf;
  const double u = ulp_of(v);
  const double hi = (a + err) * (1 + 0x1p-50), lo = std::max(0.0, (a - err) * (1 - 0x1p-50));
  const double uhi = ulp_of(hi), ulo = ulp_of(lo);
  if (uhi == u && ulo == u) return (err / u + ej * 0x1p-50) * (1 + 0x1p-40) + 0x1p-1070;
  if (!(hi < 0x1p127)) return kInf;
  const double n = ej * u;
  const double up = (n + err) / ulo - ej;
  const double down = ej - std::max(0.0, n - err) / uhi;
  return (std::max(up, down) + ej * (u / ulo) * 0x1p-50) * (1 + 0x1p-40) + 0x1p-900;
}

void verify_chunk(const ChunkJob& job, Local& L, std::uint64_t c) {
  const std::size_t K = job.worst_count;
  const double bound = job.bound, margin = job.margin;
  const auto tc = Clock::now();
  const std::uint64_t first = c * kChunk;
  const std::size_t n = static_cast<std::size_t>(std::min(kChunk, job.total - first));
  L.x.resize(kChunk);
  L.y.resize(kChunk);
  L.e.resize(kChunk);
  float* x = L.x.data();
  float* y = L.y.data();
  double* e = L.e.data();
  if (job.all_floats) {
    fill_bits(x, static_cast<std::uint32_t>(first), false, n);
  } else {
    // ordered_to_float without its range check: k0 + first + j lies in the domain. The
    // negative orders k < 0 are the bit patterns (-(k+1)) | sign, descending; the others
    // the patterns k, ascending.
    const std::int64_t kf = job.k0 + static_cast<std::int64_t>(first);
    const std::size_t neg =
        kf >= 0 ? 0 : static_cast<std::size_t>(std::min<std::int64_t>(-kf, static_cast<std::int64_t>(n)));
    if (neg) fill_bits(x, static_cast<std::uint32_t>(-(kf + 1)) | 0x80000000u, true, neg);
    if (neg < n) fill_bits(x + neg, static_cast<std::uint32_t>(kf + static_cast<std::int64_t>(neg)), false, n - neg);
  }
  const auto tk = Clock::now();
  job.kernel(x, y, n);
  L.acc.cpu_kernel += since(tk);
  std::vector<std::size_t> cand;
  if (job.bounded) {
    L.d.resize(kChunk);
    const auto to = Clock::now();
    const double mpfr0 = L.acc.cpu_mpfr;
    L.acc.mpfr_arbitrations += settle_bounded(job.ref, x, y, n, bound, K,
                            K > 0 && L.acc.worst.size() == K ? L.acc.worst.back().w.ulp : -1.0, e,
                            L.d.data(), cand, &L.acc.cpu_mpfr);
    L.acc.cpu_oracle += since(to) - (L.acc.cpu_mpfr - mpfr0);
  } else {
    L.d.resize(kChunk);
    double* d = L.d.data();
    const auto to = Clock::now();
    if (job.batch) {
      job.batch->run(x, e, n);
    } else {
      for (std::size_t j = 0; j < n; ++j) e[j] = job.ref.fast(static_cast<double>(x[j]));
    }
    L.acc.cpu_oracle += since(to);
    L.unsettled.clear();
    const std::size_t nseg = (n + kSegment - 1) / kSegment;
    L.smax.resize(nseg);
    double* smax = L.smax.data();
    score_chunk(y, e, d, n, margin, bound, L.unsettled, smax);
    for (std::uint32_t j : L.unsettled) {
      e[j] = arbitrate(job.ref, x[j], y[j], &L.acc.cpu_mpfr);
      d[j] = 0;
    }
    for (std::uint32_t j : L.unsettled) segment_max(e, d, n, margin, j / kSegment, smax);
    L.acc.mpfr_arbitrations += L.unsettled.size();
    // The chunk's K largest finite errors (by the oracle), candidates for the top list;
    // beside a binade edge (d > margin) by the upper end of the error's interval.
    if (K > 0) {
      double floor_e = L.acc.worst.size() == K ? L.acc.worst.back().w.ulp - margin : -1.0;
      auto key = [&](std::size_t j) { return key_of(e, d, j, margin); };
      // A segment whose largest key is below some T, where K other segments each hold
      // a key >= T, holds no input of the chunk's K largest keys; and skipping inputs
      // below the K-th largest key leaves the scan's result unchanged: the scan keeps
      // the K largest keys, and which inputs tied at the K-th key it keeps depends only
      // on inputs at or above that key. T is the K-th largest segment maximum. Only
      // segments at or above T (and above the floor) are scanned, in ascending order
      // as before.
      double T = -kInf;
      if (nseg > K) {
        L.ssel.assign(smax, smax + nseg);
        std::nth_element(L.ssel.begin(), L.ssel.begin() + static_cast<std::ptrdiff_t>(K - 1), L.ssel.end(),
                         std::greater<double>());
        T = L.ssel[K - 1];
      }
      for (std::size_t g = 0; g < nseg; ++g) {
        if (smax[g] < T || !(smax[g] > floor_e)) continue;
        for (std::size_t j = g * kSegment; j < std::min(n, (g + 1) * kSegment); ++j) {
          if (!(key(j) > floor_e) || std::isinf(e[j])) continue;
          auto it = std::lower_bound(cand.begin(), cand.end(), j,
                                     [&](std::size_t a, std::size_t c) { return key(a) > key(c); });
          cand.insert(it, j);
          if (cand.size() > K) cand.pop_back();
          if (cand.size() == K) floor_e = std::max(floor_e, key(cand.back()));
        }
      }
    }
  }
  double* d = L.d.data();
  // Offers input j, decided by MPFR at error ej, to the thread's worst list.
  const auto keep_worst = [&](std::size_t j, double ej) {
    if (K == 0) return;
    Indexed item{first + j, WorstInput{x[j], y[j], 0.0, ej}};
    auto it = std::lower_bound(L.acc.worst.begin(), L.acc.worst.end(), item, worse);
    L.acc.worst.insert(it, item);
    if (L.acc.worst.size() > K) L.acc.worst.pop_back();
  };
  double cand_max = -1;  // the largest error MPFR decided among this chunk's candidates
  for (std::size_t j : cand) {
    const bool known = d[j] == 0;  // MPFR already decided j
    const double ej = known ? e[j] : arbitrate(job.ref, x[j], y[j], &L.acc.cpu_mpfr);
    L.acc.mpfr_arbitrations += !known;
    e[j] = ej;
    d[j] = 0;
    if (!std::isinf(ej)) cand_max = std::max(cand_max, ej);
    keep_worst(j, ej);
  }
  // The max is an upper bound: an input MPFR did not decide counts with e + d (its
  // error can be that large). Near ties with the largest decided error (e + d above it)
  // are decided by MPFR, up to kMaxTies per chunk so that a chunk of equal errors stays
  // cheap; beyond that they count with e + d.
  double decided_max = L.acc.max_ulp, undecided_max = 0;
  max_errors(e, d, n, &decided_max, &undecided_max);
  if (undecided_max > decided_max) [[unlikely]] {
    int ties = 0;
    for (std::size_t j = 0; j < n && ties < kMaxTies; ++j) {
      if (d[j] == 0 || std::isinf(e[j]) || !(e[j] + d[j] > decided_max)) continue;
      e[j] = arbitrate(job.ref, x[j], y[j], &L.acc.cpu_mpfr);
      d[j] = 0;
      ++L.acc.mpfr_arbitrations;
      ++ties;
      // A near tie decided here may exceed the candidates' errors clearly (a wide d
      // beside a binade edge put it below the candidates' upper ends): it joins the
      // worst list too, so the list's first input is the one that reaches the max. Ties
      // within 1e-6 ULP of the candidates (a plateau) stay out, which keeps the list
      // independent of which chunks a thread checked before.
      if (!std::isinf(e[j])) {
        decided_max = std::max(decided_max, e[j]);
        if (e[j] > cand_max + 1e-6) keep_worst(j, e[j]);
      }
    }
  }
  ChunkStats st;
  chunk_stats(e, d, n, bound, st);
  if (st.infinite) [[unlikely]] {
    L.acc.special_mismatches += st.infinite;
    for (std::size_t j = 0; j < n; ++j) {
      if (!std::isinf(e[j])) continue;
      if (L.acc.specials.size() < kMaxSpecials) {
        L.acc.specials.push_back(Indexed{first + j, WorstInput{x[j], y[j], 0.0, e[j]}});
      } else if (first + j < L.acc.specials.back().index) {
        L.acc.specials.back() = Indexed{first + j, WorstInput{x[j], y[j], 0.0, e[j]}};
      } else {
        break;  // indices only grow within the chunk
      }
      std::sort(L.acc.specials.begin(), L.acc.specials.end(),
                [](const Indexed& a, const Indexed& b) { return a.index < b.index; });
    }
  }
  L.acc.max_ulp = std::max(L.acc.max_ulp, st.max_upper);
  L.acc.sum += st.sum;
  L.acc.finite += st.finite;
  L.acc.correctly_rounded += st.cr;
  L.acc.over_bound += st.over;
  for (int i = 0; i < 9; ++i) L.acc.hist_counts[i] += st.hist[i];
  L.acc.cpu_total += since(tc);
}

}  // namespace uf::eval::detail
