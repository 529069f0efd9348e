#include "engine/hole_attribution.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "eval/interp.h"
#include "ir/passes.h"

namespace uf::engine {

namespace {

ir::Program constant_core(float v) {
  ir::Builder b;
  const auto c = b.f(v);
  return std::move(b).finish(c);
}

std::vector<float> run_with(const ir::Program& tmpl, const std::vector<ir::Program>& cores, std::span<const float> xs) {
  std::vector<float> y(xs.size());
  eval::run_f32(ir::inline_cores(tmpl, cores), xs.data(), y.data(), y.size());
  return y;
}

}  // namespace

std::vector<std::uint32_t> hole_masks(const ir::Program& tmpl, std::uint32_t holes, std::span<const float> xs) {
  if (holes > 32) throw std::invalid_argument("hole_masks: more than 32 holes");
  std::vector<std::uint32_t> masks(xs.size(), 0);
  std::vector<ir::Program> cores(holes, constant_core(0.0f));
  const std::vector<float> base = run_with(tmpl, cores, xs);
  for (std::uint32_t h = 0; h < holes; ++h) {
    cores[h] = constant_core(std::numeric_limits<float>::quiet_NaN());
    const std::vector<float> y = run_with(tmpl, cores, xs);
    for (std::size_t i = 0; i < xs.size(); ++i) {
      if (std::isnan(y[i]) && !std::isnan(base[i])) masks[i] |= 1u << h;
    }
    cores[h] = constant_core(0.0f);
  }
  return masks;
}

std::vector<double> per_hole_ulp(std::span<const double> errors, std::span<const std::uint32_t> masks,
                                 std::uint32_t holes) {
  if (errors.size() != masks.size()) throw std::invalid_argument("per_hole_ulp: errors and masks differ in size");
  std::vector<double> e(holes + 1, 0.0);
  for (std::size_t i = 0; i < errors.size(); ++i) {
    double u = errors[i];
    if (std::isnan(u)) u = std::numeric_limits<double>::infinity();
    if (masks[i] == 0) {
      e[holes] = std::max(e[holes], u);
      continue;
    }
    for (std::uint32_t m = masks[i]; m; m &= m - 1) {
      const int h = __builtin_ctz(m);
      e[h] = std::max(e[h], u);
    }
  }
  return e;
}

double selection_error(std::span<const double> hole_ulp, double max_ulp, double bound, bool specials_ok) {
  if (hole_ulp.size() < 2 || max_ulp <= bound) return max_ulp;
  double s = 0;
  for (double e : hole_ulp) s += std::log(std::clamp(std::isnan(e) ? 1e300 : e, 0.5 * bound, 1e300));
  const double g = std::exp(s / static_cast<double>(hole_ulp.size()));
  return bound + g + (specials_ok ? 0.0 : bound + 1.0);
}

}  // namespace uf::engine
