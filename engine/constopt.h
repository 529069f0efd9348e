// Constant optimisation of a candidate's core.
//
// 1. Fit in double: the core's constants are fitted against the hole's core reference
//    g(r) on Chebyshev points of the hole interval, minimising the relative error
//    (core(r) - g(r)) / g(r). Gauss-Newton steps with Lawson's iteratively reweighted
//    least squares approach the minimax solution (for a core linear in its constants,
//    e.g. any polynomial, each step is the exact weighted least-squares solution);
//    NLopt's Subplex then polishes the max relative error directly.
// 2. Rounding to float32 (two constants the core depends on only through their sum,
//    hi + (lo + ...), are split as a double-float pair: float(sum) and the remainder),
//    then a rounding-aware search over float32 neighbours
//    (+-1, 2, 4, 8 ulps) of each constant, scored by max ULP (then mean ULP) of the
//    FULL kernel on a subsample, so the reported error includes coefficient rounding
//    and the float32 evaluation error of the whole kernel.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "eval/score.h"
#include "ir/program.h"
#include "targets/target.h"

namespace uf::engine {

// Reference samples of one hole's core function.
struct FitData {
  std::vector<double> r;  // points in the hole interval
  std::vector<double> g;  // core reference at r
  std::vector<double> w;  // 1 / |hole.scale(r)| or 1 / |g| (points where either is 0 or non-finite are dropped)
  // Optional: g - (double)g at each point (the reference as a double-double), for fits
  // whose residuals are evaluated above double precision (FitOptions::real_bits).
  std::vector<double> g_lo;
};
FitData make_fit_data(const targets::Hole& hole, std::size_t n = 160);

// The hole's core reference at r (its double form, else its exact form rounded to
// double at float32 r); nullopt when the hole has neither.
std::optional<double> core_reference(const targets::Hole& hole, double r);

// Evaluates `core` in double at the points r with the constants at instruction indices
// `const_idx` replaced by `c`: eval::run_f64's meaning (f32 ops in double; integer/bit
// ops on the float32 rounding of their operands).
void eval_core_f64(const ir::Program& core, std::span<const std::uint32_t> const_idx,
                   std::span<const double> c, std::span<const double> r, std::vector<double>& out);

struct FitOptions {
  int lawson_iterations = 14;
  int nlopt_max_evals_per_const = 30;  // 0 disables the Subplex polish
  // SLSQP iterations of a minimax polish after Subplex (min t, |res_i| <= t); 0: none.
  int minimax_polish_evals = 0;
  // 0: residuals in double (run_f64). Otherwise the program runs in MPFR at this many
  // bits (run_real) and the residual is taken against g + g_lo, so fits below double's
  // rounding noise (errors near 1e-15) see the program's exact value. About 100x slower.
  unsigned real_bits = 0;
  // Levenberg-Marquardt steps in log |c| (c <- c exp(d); a zero constant steps
  // additively) instead of halved Gauss-Newton steps: for cores whose constants enter
  // non-linearly and nearly dependently (continued fractions with far poles), where the
  // undamped step overshoots and the fit stops early. Constants keep their signs, so
  // the start must have them right (engine/pole_chain.h gives such starts).
  bool damped = false;
  // Remez exchange cycles after the other stages (0: none): Newton's method on the
  // equioscillation equations at n + 1 alternating extrema of the error, then a move of
  // the reference to the new extrema; kept only if the max error drops.
  int remez_cycles = 0;
  unsigned remez_bits = 160;  // MPFR precision of the Remez iteration and its constants
};

// Returns `core` with its constants refitted (rounded to float32). A core without
// constants, or a fit that does not improve the max relative error, is returned
// unchanged. `max_rel_error` receives the fitted double-precision max relative error.
// `constants_out` (optional) receives the fitted constants in double, before rounding,
// in instruction order (real-number mode keeps them unrounded).
// `start` (optional, one value per constant in instruction order) starts the fit from
// those doubles instead of the program's float32 immediates.
ir::Program fit_constants(const ir::Program& core, const FitData& data, const FitOptions& opt,
                          double* max_rel_error = nullptr,
                          std::vector<double>* constants_out = nullptr,
                          const std::vector<double>* start = nullptr);

// The max relative error of `core` as it is (its float32 constants; evaluated in double
// as fit_constants evaluates) on `data`: the fit's error including coefficient rounding.
double core_fit_error(const ir::Program& core, const FitData& data);

struct KernelError {
  double max_ulp = 0, mean_ulp = 0;
  bool better_than(const KernelError& o) const {
    return max_ulp < o.max_ulp || (max_ulp == o.max_ulp && mean_ulp < o.mean_ulp);
  }
};

// Max and mean ULP of the kernel (template `tmpl` with `cores` inlined) on `points`.
KernelError kernel_error(const ir::Program& tmpl, std::span<const ir::Program> cores,
                         const eval::PointSet& points);

// Coordinate search over float32 neighbours of the constants of cores[hole]: each
// constant in turn moves by +-1, 2, 4, ..., max_step ulps when that lowers
// (max ULP, mean ULP) of the full kernel on `points`; up to `passes` sweeps. Returns
// the improved cores and their error (`evals` counts kernel evaluations).
std::vector<ir::Program> neighbour_search(const ir::Program& tmpl, std::vector<ir::Program> cores,
                                          std::size_t hole, const eval::PointSet& points,
                                          int max_step, int passes, KernelError* err,
                                          std::size_t* evals);

}  // namespace uf::engine
