// Scoring programs on a point set: max / mean ULP and the worst input, for many
// programs in parallel (oneTBB). The scoring loop never calls MPFR: reference values
// come precomputed with the points.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "eval/reference.h"
#include "ir/program.h"

namespace uf::eval {

struct PointSet {
  std::vector<float> x;
  std::vector<double> ref;  // f(x[i]) rounded to double
};

struct Score {
  double max_ulp = std::numeric_limits<double>::infinity();
  double mean_ulp = std::numeric_limits<double>::infinity();
  float worst_x = 0.0f;
  float worst_y = 0.0f;
  std::uint64_t special_mismatches = 0;  // points scored +inf (wrong NaN/inf/sign)
};

// Scores one full kernel (no holes) with the f32 interpreter.
Score score(const ir::Program& kernel, const PointSet& points);
// Scores outputs already computed (y[i] for points.x[i]); `errors`, when given,
// receives each point's ULP error (+inf where a special value is wrong).
Score score_outputs(std::span<const float> y, const PointSet& points, std::vector<double>* errors = nullptr);
// Scores many kernels in parallel.
std::vector<Score> score_many(std::span<const ir::Program> kernels, const PointSet& points);

// Stratified sample of [lo, hi]: n points spread evenly in the ordered-integer space
// of float32 (so every binade is represented) plus the interval ends; deterministic.
std::vector<float> stratified_sample(float lo, float hi, std::size_t n);

}  // namespace uf::eval
