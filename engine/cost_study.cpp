#include "engine/cost_study.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_set>

#include "engine/constopt.h"
#include "engine/mutation.h"
#include "engine/rng.h"
#include "engine/sample_set.h"
#include "ir/passes.h"

namespace uf::engine {

std::vector<ir::Program> cost_study_kernels(const targets::Target& t, const CostStudyOptions& o) {
  std::vector<ir::Program> out;
  if (t.baseline_cores.size() != t.holes.size() || t.holes.empty()) {
    out.push_back(ir::canonicalize(t.baseline_kernel()));
    return out;
  }
  tbb::task_arena arena;
  SampleSet::Options so;
  so.sample_points = 4096;
  so.probe_points = 1024;  // the probe is not used here
  so.seed = o.seed;
  SampleSet samples(t, so, arena);
  samples.build({});
  std::vector<FitData> fit;
  for (const targets::Hole& h : t.holes) fit.push_back(make_fit_data(h));
  FitOptions fo;
  fo.lawson_iterations = 8;
  fo.nlopt_max_evals_per_const = 0;  // Lawson alone: speed does not depend on the last digits

  const MutationMix mix = MutationMix::standard(default_core_ops());
  std::vector<std::vector<ir::Program>> pool{t.baseline_cores};
  std::unordered_set<std::uint64_t> seen;
  const ir::Program base = ir::canonicalize(t.baseline_kernel());
  out.push_back(base);
  seen.insert(ir::structural_hash(base));
  Rng rng(o.seed, 0xc057);
  const std::size_t attempts = o.max_attempts ? o.max_attempts : 40 * o.kernels;
  for (std::size_t a = 0; a < attempts && out.size() < o.kernels; ++a) {
    std::vector<ir::Program> cores = pool[rng.below(static_cast<std::uint32_t>(pool.size()))];
    const std::size_t hole = rng.below(static_cast<std::uint32_t>(cores.size()));
    const int steps = 1 + static_cast<int>(rng.below(static_cast<std::uint32_t>(std::max(1, o.max_steps))));
    for (int s = 0; s < steps; ++s) cores[hole] = mix(rng, std::move(cores[hole]));
    if (!fit[hole].r.empty()) cores[hole] = fit_constants(cores[hole], fit[hole], fo);
    const ir::Program k = ir::canonicalize(ir::inline_cores(t.tmpl, cores));
    if (!seen.insert(ir::structural_hash(k)).second) continue;
    const KernelError e = kernel_error(t.tmpl, cores, samples.subsample());
    if (!(e.max_ulp < o.keep_ulp)) continue;
    out.push_back(k);
    pool.push_back(std::move(cores));
  }
  return out;
}

namespace {

std::vector<double> ranks(std::span<const double> v) {
  std::vector<std::size_t> idx(v.size());
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  std::sort(idx.begin(), idx.end(), [&](std::size_t i, std::size_t j) { return v[i] < v[j]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && v[idx[j + 1]] == v[idx[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1.0;
    for (std::size_t k = i; k <= j; ++k) r[idx[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}

}  // namespace

double spearman(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size() || a.size() < 2) return std::nan("");
  const std::vector<double> ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
  const double mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  if (saa == 0 || sbb == 0) return std::nan("");
  return sab / std::sqrt(saa * sbb);
}

}  // namespace uf::engine
