// The fitted-polynomial kernel of a target's template: the baseline a search has to
// beat to show that it adds something (issue 13's report).
//
// Every hole's core becomes a polynomial of one of the shapes
//     r^m P(r^s),  r + r^m P(r^s),  1 + r^m P(r^s),
//     c + r^m P(r^s) (m >= 1),  c r + r^m P(r^s) (m >= 2),  c = c_hi + c_lo,
//     m in {0, 1, 2, 3},  s in {1, 2},  P of degree k <= max_degree
// (Horner with fma on r or r^2, times r^m: even and odd forms and tails of order r^2 or
// r^3 are all there; the exact head r or 1, added by the last fma, is how log1p- or
// exp-like cores keep their float32 rounding error below an ULP; the 1 is a constant
// like the others, so the fitter may move it by a rounding). A leading constant that
// is not a float (erf(1.25) in erff's middle hole, 1/ln 2 in log2f's) is a double-float
// pair added last, c_hi + (c_lo + r^m P) or r c_hi + (r c_lo + r^m P): the fitter splits
// the fitted sum into float(c) and float(c - c_hi) (engine/constopt.h). Each shape is fitted to the hole's core reference by the search's
// own fitter (engine/constopt.h: Lawson then Subplex, relative to the hole's scale);
// per hole the shapes that are not dominated (lower static cost or lower fit error)
// remain. Each hole then has a fit tolerance, 2^-3 at the start, and takes its cheapest
// shape fitting within it; the cores are assembled into the template, their float32
// constants are tuned by the search's rounding-aware neighbour search on the target's
// sample, and a kernel whose sampled error is within the bound and passes the dense
// probe goes to the caller's exhaustive proof. When the kernel misses (on the sample, a
// declared special value, the probe or the proof), the holes whose cores give the
// failing inputs (engine/hole_attribution.h) halve their tolerance until their shape
// changes; the others keep theirs (all tighten when no blamed hole can). The first
// kernel proven is the result: no hole's shape gets cheaper from one try to the next,
// so it is the cheapest kernel tried, the lowest degrees whose fit proves within the
// bound (a failure no hole is blamed for tightens every hole, so this is not a minimum
// over all per-hole combinations).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/isa.h"
#include "ir/program.h"
#include "targets/target.h"

namespace uf::engine {

struct PolyShape {
  int m = 0, s = 1, k = 0;  // r^m P(r^s), deg P = k
  // 0: none; 1: r + r^m P(r^s); 2: 1 + r^m P(r^s) (one fma, exact head);
  // 3: (c_hi + c_lo) + r^m P(r^s); 4: (c_hi + c_lo) r + r^m P(r^s) (double-float heads)
  int head = 0;
  std::string describe() const;  // "r + r^2 P(r), deg 4"
};

// The core with P's k + 1 constants all 0 (fit_constants gives them values).
ir::Program poly_core(const PolyShape& shape);

// What the caller's exhaustive proof of a kernel found.
struct PolyFitProof {
  std::optional<double> max_ulp;  // the proven max ULP when the bound holds
  std::vector<float> failing;     // when it does not: some inputs over the bound (worst first)
};

struct PolyFitOptions {
  double bound = 1.0;                 // max ULP to prove
  int max_degree = 12;                // of P
  std::size_t sample_points = 16384;  // engine::SampleSet's sample
  std::filesystem::path cache_dir;    // reference cache (empty: the default)
  ir::Isa isa = ir::Isa::Avx512;      // of the static cost
  int max_proofs = 6;                 // exhaustive proofs before giving up
  // The exhaustive proof of a full kernel (the caller's verifier and JIT).
  std::function<PolyFitProof(const ir::Program& kernel)> prove;
  std::function<void(const std::string&)> log;  // progress lines (optional)
};

struct PolyFitTry {
  std::vector<PolyShape> shapes;  // one per hole
  double tolerance = 0;           // the tightest of the holes' fit tolerances that chose them
  std::vector<double> tolerances; // each hole's fit tolerance
  double cost = 0;                // static cost of the kernel
  double sampled_max_ulp = 0;     // after the neighbour search
  bool probed = false;            // passed the dense probe (then proved)
  std::optional<double> proven;   // the proof's max ULP, when it held
};

struct PolyFitResult {
  std::optional<ir::Program> kernel;  // the first proven kernel
  std::vector<ir::Program> cores;
  std::vector<PolyShape> shapes;
  double cost = 0;
  double proven_max_ulp = 0;
  std::vector<PolyFitTry> tries;  // every kernel scored, in order
};

PolyFitResult fit_polynomial_kernel(const targets::Target& t, const PolyFitOptions& o);

}  // namespace uf::engine
