// Per-hole error attribution for multi-hole templates (sinf, cosf, erff, ...).
//
// A kernel's sampled error is a max over all points, and in a multi-hole template each
// point's result comes from one hole's core (chosen by a select on the reduced
// argument). Ranking by that max alone gives no selection pressure to a core while
// another core's error dominates: a search from an empty core then improves only the
// worst hole, one at a time, or stalls. Here each point is attributed to the holes its
// result depends on, so selection sees every hole's error.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "eval/score.h"
#include "ir/program.h"

namespace uf::engine {

// Bit h of masks[i] is set when the template's result at xs[i] depends on hole h:
// with every core the constant 0 the result is not NaN, with core h the constant NaN
// it is. (A select that does not take the hole's side at that point drops the NaN.)
// A point with mask 0 depends on no core (the template's own cases, e.g. sin(0) = 0).
// At most 32 holes.
std::vector<std::uint32_t> hole_masks(const ir::Program& tmpl, std::uint32_t holes, std::span<const float> xs);

// Per hole h < holes, the max of the points' ULP errors (eval::score_outputs's
// `errors`) over the points whose mask has bit h (0 when no point does); entry `holes`
// is the max over the points of mask 0.
std::vector<double> per_hole_ulp(std::span<const double> errors, std::span<const std::uint32_t> masks,
                                 std::uint32_t holes);

// The error selection ranks a candidate by. For one hole, or within the bound, its
// max error itself. Outside the bound: bound + the geometric mean of the entries of
// hole_ulp, each clamped to [bound / 2, 1e300] (a hole already well within the bound
// earns nothing more, an infinite one still leaves the others a gradient), plus
// bound + 1 when the kernel misses a special value (as its ranked max does). So it is
// above the bound exactly when max_ulp is, and it falls when any hole's error falls.
double selection_error(std::span<const double> hole_ulp, double max_ulp, double bound, bool specials_ok);

}  // namespace uf::engine
