#include "eval/score.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "eval/interp.h"
#include "eval/ulp.h"

namespace uf::eval {

namespace {

void check_points(const PointSet& points) {
  if (points.x.size() != points.ref.size()) {
    throw std::invalid_argument("point set has " + std::to_string(points.x.size()) +
                                " inputs but " + std::to_string(points.ref.size()) +
                                " reference values");
  }
}

}  // namespace

// max_ulp is over every point (+inf when any special value is wrong); mean_ulp is over
// the points with a finite error; worst_x/worst_y is the first point reaching max_ulp.
// An empty point set gives the default Score (infinite errors: nothing was shown).
Score score_outputs(std::span<const float> y, const PointSet& points, std::vector<double>* errors) {
  check_points(points);
  if (y.size() != points.x.size()) {
    throw std::invalid_argument("score_outputs: " + std::to_string(y.size()) +
                                " outputs for " + std::to_string(points.x.size()) + " points");
  }
  if (errors) errors->resize(y.size());
  Score s;
  if (y.empty()) return s;
  double mx = -1.0, sum = 0.0;
  std::size_t finite = 0, worst = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double e = ulp_error(y[i], points.ref[i]);
    if (errors) (*errors)[i] = e;
    if (std::isinf(e)) {
      ++s.special_mismatches;
    } else {
      sum += e;
      ++finite;
    }
    if (e > mx) {
      mx = e;
      worst = i;
    }
  }
  s.max_ulp = mx;
  s.mean_ulp = finite ? sum / static_cast<double>(finite) : std::numeric_limits<double>::infinity();
  s.worst_x = points.x[worst];
  s.worst_y = y[worst];
  return s;
}

Score score(const ir::Program& kernel, const PointSet& points) {
  check_points(points);
  thread_local std::vector<float> y;
  y.resize(points.x.size());
  run_f32(kernel, points.x.data(), y.data(), y.size());
  return score_outputs(y, points);
}

std::vector<Score> score_many(std::span<const ir::Program> kernels, const PointSet& points) {
  check_points(points);
  std::vector<Score> out(kernels.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, kernels.size(), 1),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      for (std::size_t i = r.begin(); i != r.end(); ++i) {
                        out[i] = score(kernels[i], points);
                      }
                    });
  return out;
}

// Points k_i = k_lo + round(i * (k_hi - k_lo) / (n - 1)), i = 0..n-1, in the ordered
// integer space (so both ends are included), duplicates removed when [lo, hi] holds
// fewer than n floats.
std::vector<float> stratified_sample(float lo, float hi, std::size_t n) {
  if (std::isnan(lo) || std::isnan(hi)) throw std::invalid_argument("stratified_sample: NaN bound");
  if (lo > hi) throw std::invalid_argument("stratified_sample: lo > hi");
  std::vector<float> out;
  if (n == 0) return out;
  const std::int64_t klo = float_to_ordered(lo), khi = float_to_ordered(hi);
  if (n == 1 || klo == khi) {
    out.push_back(lo);
    return out;
  }
  const unsigned __int128 span = static_cast<unsigned __int128>(khi - klo);
  const unsigned __int128 den = n - 1;
  out.reserve(n);
  std::int64_t prev = klo - 1;
  for (std::size_t i = 0; i < n; ++i) {
    const auto k = klo + static_cast<std::int64_t>((span * i * 2 + den) / (den * 2));
    if (k == prev) continue;
    prev = k;
    out.push_back(ordered_to_float(k));
  }
  return out;
}

}  // namespace uf::eval
