// Starting constants for pole chains: the part of a real-mode program of the form
//
//   S = c + d1 / (v + e1 + d2 / (v + e2 + ... + dk / (v + ek)))
//
// (ExpandConstant's Pole form builds it one level at a time), a (k, k) rational in v
// with a monic denominator. Its constants are far from where a local fit can take
// them: the best 10-operation program for 2^x on [0, 1], (S + x) / (S - x) with a
// depth-2 chain in w = x^2, has poles near w = -83 and -794, so on [0, 1] S is nearly a
// polynomial and the constants are nearly dependent; from the constants a mutation
// leaves, Gauss-Newton, Lawson and Remez stall at the (3, 3) level, 1e-8, when the
// (5, 5) level is 1.7e-15. The rational itself is easy to fit in its coefficients:
//
// 1. the values S must take for the program to be exact at each fit point (the rest of
//    the program held fixed; one secant solve per point, so S may be used several
//    times, as in (S + x) / (S - x));
// 2. a (k, k) rational in v fitted to those values by linearised least squares
//    (Sanathanan-Koerner reweighting), weighted by the program's sensitivity to S;
// 3. its continued-fraction constants (c, d1, e1, ...) by polynomial division.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/constopt.h"
#include "ir/program.h"

namespace uf::engine {

struct PoleChain {
  std::uint32_t root = 0;               // the instruction computing S
  std::uint32_t v = 0;                  // the variable of the chain
  std::vector<std::uint32_t> consts;    // c, d1, e1, d2, e2, ..., dk, ek (instruction indices)
  int depth() const { return static_cast<int>(consts.size() / 2); }
};

// Maximal pole chains of depth >= 1 in p (a chain nested inside a longer one is not
// listed). Both groupings of the denominator are recognised: v + (e + d' / (...)) and
// (v + e) + d' / (...).
std::vector<PoleChain> find_pole_chains(const ir::Program& p);

// Replaces, in `c` (p's constants in instruction order, as fit_constants takes them),
// the constants of every chain by the fit above, for the data in d (references g, fit
// weights w). False (c unchanged for that chain) where a step fails: no exact value
// for S at enough points, a singular system, or a zero residue.
bool pole_chain_start(const ir::Program& p, const FitData& d, std::vector<double>& c);

// True if some live division of p (constants c in instruction order) has a denominator
// that is zero at, or changes sign between, consecutive points of xs (sorted): a pole
// in the interval, which the certificate refuses (a near-cancelling pole can still
// score well on sampled points).
bool has_pole_between(const ir::Program& p, const std::vector<double>& c, const std::vector<double>& xs);

}  // namespace uf::engine
