// Rigorous bound on the max relative error of a real-mode program (the paper proved its
// fronts with interval arithmetic, IBEX; we use MPFI).
//
// For r(x) = P(x) / f(x) - 1 on a box X = [m - rho, m + rho], Taylor's theorem gives
//   |r(x)| <= max over |h| <= rho of |r(m) + r'(m) h|  +  sup |r''(X)| rho^2 / 2,
// with r(m), r'(m) enclosed at the point m and r''(X) enclosed over the whole box, all
// by second-order jets (value, first, second derivative) of MPFI intervals. Boxes whose
// bound exceeds the goal are bisected; the bound is the max over the accepted boxes,
// rounded up to a double. Programs over {+, -, x, /, fma, neg} and references whose
// jet is known (exp, exp2, log, sin, cos, tanh) can be certified; others get none.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "ir/program.h"

namespace uf::engine {

struct CertifyOptions {
  unsigned bits = 128;           // MPFI precision
  std::size_t initial_boxes = 256;
  std::size_t max_boxes = 4'000'000;  // total boxes examined before giving up
  double goal_factor = 1.01;     // accept a box whose bound is <= goal_factor * estimate
};

struct Certificate {
  double bound = 0;       // rigorous upper bound of max |P/f - 1| on [lo, hi]
  std::size_t boxes = 0;  // boxes examined
};

// True when `function` (a Reference name) has a jet here.
bool certifiable_function(const std::string& function);

// `consts` are the program's constants in instruction order (exact doubles). `estimate`
// is the sampled max relative error (the goal is goal_factor * estimate). nullopt: the
// program or function is outside what the jets cover, or the box budget ran out (for
// example, a denominator with a zero in [lo, hi]).
std::optional<Certificate> certify_relative_error(const ir::Program& p, const std::vector<double>& consts,
                                                  const std::string& function, double lo, double hi,
                                                  double estimate, const CertifyOptions& opt = {});

}  // namespace uf::engine
