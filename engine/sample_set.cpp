#include "engine/sample_set.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "engine/rng.h"
#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/ulp.h"

namespace uf::engine {

namespace {

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

}  // namespace

void SampleSet::build(std::vector<float> counterexamples) {
  cex_ = std::move(counterexamples);
  build_points();
  build_probe();
}

void SampleSet::build_points() {
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
  rebuild_subsample();
}

std::size_t SampleSet::add_counterexamples(const std::vector<float>& xs) {
  std::vector<float> fresh;
  std::unordered_set<std::uint32_t> have;
  for (float x : points_.x) have.insert(ir::float_to_bits(x));
  for (float x : xs) {
    if (have.insert(ir::float_to_bits(x)).second) fresh.push_back(x);
  }
  if (fresh.empty()) return 0;
  const std::vector<double> ref = eval::reference_values(t_.ref, fresh, {});
  cex_.insert(cex_.end(), fresh.begin(), fresh.end());
  points_.x.insert(points_.x.end(), fresh.begin(), fresh.end());
  points_.ref.insert(points_.ref.end(), ref.begin(), ref.end());
  rebuild_subsample();
  build_probe_focus();
  return fresh.size();
}

void SampleSet::rebuild_subsample() {
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

void SampleSet::build_probe() {
  // Dense and deterministic, scored with the double oracle: cheap enough to run on
  // every promising member, it catches most counterexamples before a full proof.
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

void SampleSet::fill_probe_refs(std::size_t from) {
  // Double-oracle references of probe_x_[from, end).
  const std::size_t n = probe_x_.size();
  probe_ref_.resize(n);
  arena_.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(from, n, 4096), [&](const auto& r) {
      for (std::size_t i = r.begin(); i < r.end(); ++i) probe_ref_[i] = t_.ref.fast(probe_x_[i]);
    });
  });
}

void SampleSet::build_probe_focus() {
  // Large errors cluster: the next candidate's worst inputs are usually near the last
  // ones' (the same stretch of a reduced argument, a branch boundary). So as many points
  // again as the fixed probe are drawn within +-2^18 float steps of the 32 most recent
  // counterexamples, which catches most of what would otherwise fail an exhaustive
  // proof (about 40 s each) for a fraction of a second.
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

bool SampleSet::probe(const ir::Program& kernel, double bound, std::vector<float>& worst,
                      std::size_t* over, double* worst_ulp, std::size_t spread) const {
  const std::size_t n = probe_x_.size();
  std::vector<float> y(n);
  std::vector<double> err(n);
  arena_.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 16384), [&](const auto& r) {
      eval::run_f32(kernel, probe_x_.data() + r.begin(), y.data() + r.begin(), r.size());
      for (std::size_t i = r.begin(); i < r.end(); ++i) {
        const double e = eval::ulp_error(y[i], probe_ref_[i]);
        err[i] = std::isnan(e) ? std::numeric_limits<double>::infinity() : e;
      }
    });
  });
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < n; ++i) {
    if (err[i] > bound) idx.push_back(i);
  }
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return err[a] > err[b] || (err[a] == err[b] && a < b);
  });
  worst.clear();
  for (std::size_t k = 0; k < idx.size() && k < 16; ++k) worst.push_back(probe_x_[idx[k]]);
  if (spread > 0 && idx.size() > 16) {
    std::vector<std::size_t> rest(idx.begin() + 16, idx.end());
    std::sort(rest.begin(), rest.end(), [&](std::size_t a, std::size_t b) {
      return probe_x_[a] < probe_x_[b] || (probe_x_[a] == probe_x_[b] && a < b);
    });
    const std::size_t take = std::min(spread, rest.size());
    for (std::size_t k = 0; k < take; ++k) worst.push_back(probe_x_[rest[(2 * k + 1) * rest.size() / (2 * take)]]);
  }
  if (over) *over = idx.size();
  if (worst_ulp) *worst_ulp = idx.empty() ? 0.0 : err[idx[0]];
  return idx.empty();
}

}  // namespace uf::engine
