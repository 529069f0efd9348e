// The kernels a cost model is checked on (`ulpforge costmodel`, results/cost-model/):
// what a search of the target meets, drawn without a search. A random walk starts from
// the target's baseline cores: each step takes a kernel already drawn (the baseline at
// first), applies 1 to max_steps mutations of the search's own mix (engine/mutation.h)
// to one hole's core, refits that core's constants with the search's fitter, and keeps
// the kernel when its sampled error is finite and below keep_ulp and its structure
// (ops and wiring, constants ignored: ir::structural_hash) is new. Constants do not
// change speed, so every kept kernel is a different piece of code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ir/program.h"
#include "targets/target.h"

namespace uf::engine {

struct CostStudyOptions {
  std::size_t kernels = 300;
  std::uint64_t seed = 1;
  int max_steps = 4;
  double keep_ulp = 1e6;          // sampled max ULP a kept kernel stays under
  std::size_t max_attempts = 0;   // 0: 40 x kernels
};

// The baseline kernel first, then the drawn kernels (fewer than o.kernels when the
// attempts run out). Deterministic in (target, options).
std::vector<ir::Program> cost_study_kernels(const targets::Target& t, const CostStudyOptions& o);

// Spearman's rank correlation of a and b (equal sizes >= 2): Pearson's correlation of
// their ranks, tied values taking the mean of their ranks. NaN when either is constant.
double spearman(std::span<const double> a, std::span<const double> b);

}  // namespace uf::engine
