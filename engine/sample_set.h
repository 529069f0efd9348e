// The inputs a search scores candidates on, and the probe that screens a candidate
// before its exhaustive proof:
//   sample      half stratified in float order over the domain (every binade), half
//               evenly spaced in value over the domain clipped to [-256, 256]; the
//               target's special values; every counterexample found so far
//   subsample   about 2048 sample points plus all counterexamples: what the
//               rounding-aware neighbour search scores on
//   probe       a dense random set (options.probe_points) scored with the double
//               oracle, plus as many points again near the 32 latest counterexamples
// Everything is a deterministic function of the seed and the counterexample list, so
// a resumed search rebuilds the same sets.
#pragma once

#include <tbb/task_arena.h>

#include <cstdint>
#include <filesystem>
#include <vector>

#include "eval/score.h"
#include "ir/program.h"
#include "targets/target.h"

namespace uf::engine {

class SampleSet {
 public:
  struct Options {
    std::size_t sample_points = 16384;
    std::size_t probe_points = 1u << 21;
    std::uint64_t seed = 1;
    std::filesystem::path cache_dir;  // reference cache (empty: eval::default_cache_dir())
  };

  SampleSet(const targets::Target& t, Options o, tbb::task_arena& arena)
      : t_(t), o_(std::move(o)), arena_(arena) {}

  // Builds the sample, subsample and probe from `counterexamples` (a resumed search's;
  // empty for a new one).
  void build(std::vector<float> counterexamples);
  // Adds the inputs not sampled yet as counterexamples; returns how many were new.
  std::size_t add_counterexamples(const std::vector<float>& xs);

  const eval::PointSet& points() const { return points_; }
  const eval::PointSet& subsample() const { return sub_; }
  const std::vector<float>& counterexamples() const { return cex_; }

  // Runs `kernel` on the probe set: true when every probe point is within `bound` ULP;
  // otherwise `worst` gets up to 16 inputs of largest error (largest first).
  // `over` (optional) receives how many probe points are over the bound and
  // `worst_ulp` the largest error among them (+inf: a wrong NaN, inf or sign).
  // `spread` more inputs over the bound, evenly spaced in input order among all of them,
  // follow the 16 worst in `worst`: a kernel wrong on a whole stretch the sample misses
  // is then caught there by the next candidates' scores, not at the probe's one worst
  // spot (where the next candidate, tuned on those 16 points, fails beside them).
  bool probe(const ir::Program& kernel, double bound, std::vector<float>& worst,
             std::size_t* over = nullptr, double* worst_ulp = nullptr, std::size_t spread = 0) const;

 private:
  void build_points();
  void rebuild_subsample();
  void build_probe();
  void build_probe_focus();
  void fill_probe_refs(std::size_t from);

  const targets::Target& t_;
  Options o_;
  tbb::task_arena& arena_;
  std::vector<float> base_x_;
  std::vector<float> cex_;  // counterexamples (order of discovery)
  eval::PointSet points_, sub_;
  std::vector<float> probe_x_;
  std::vector<double> probe_ref_;
  std::size_t probe_base_ = 0;  // probe_x_[0, probe_base_): fixed; the rest: focus
};

}  // namespace uf::engine
