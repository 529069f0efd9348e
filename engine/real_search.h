// Real-number mode (the AutoNumerics-Zero paper's first experiment): programs over
// {add, sub, mul, fma, div} with real (double) constants approximate f on an interval
// [lo, hi]; the objectives are max relative error and the number of operations.
// Constants are fitted in double (Gauss-Newton + Lawson + Subplex, engine/constopt.h);
// the final front is re-evaluated in MPFR (eval::Real) at `bits` of precision against
// the exact reference, and compared with Taylor and near-minimax Horner polynomials of
// the same operation counts.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "eval/reference.h"
#include "ir/program.h"

namespace uf::engine {

struct RealSearchOptions {
  double lo = 0, hi = 1;
  double time_limit = 60;
  std::uint64_t seed = 1;
  std::size_t population = 100;
  int tournament = 8;
  std::size_t niche = 8;        // distinct programs kept per cost (the elite pools)
  double niche_parents = 0.5;   // share of parents drawn from the pools (a cost at random)
  std::size_t fit_points = 257;
  std::size_t check_points = 4001;  // MPFR re-evaluation points
  unsigned bits = 160;
  std::size_t max_ops = 16;  // the largest cost kept on the front
  // The operation set (the paper's: add, sub, mul, div); fma only when asked.
  std::vector<ir::Op> ops = {ir::Op::Add, ir::Op::Sub, ir::Op::Mul, ir::Op::Div};
  int fma_cost = 2;  // operations an fma counts for (the paper's counting: 2)
  int minimax_polish_evals = 200;  // SLSQP polish of each candidate's fit (FitOptions)
  // Remez exchange cycles (in MPFR at `bits`, FitOptions::remez_cycles) that refit the
  // constants of every archive member after the search; 0: none.
  int polish_cycles = 30;
  std::size_t front_tries = 3;  // programs per cost polished and certified before giving up
};

// The cost of a real-mode program: its operations, an fma counting `fma_cost`.
std::size_t real_cost(const ir::Program& p, int fma_cost);

struct RealProgram {
  ir::Program program;             // constants stored rounded to float32 (display only)
  std::vector<double> constants;   // the real constants, in instruction order
  std::size_t ops = 0;             // cost: operations, an fma counting RealSearchOptions::fma_cost
  double fit_error = 0;            // max relative error on the fit points (double)
  double mpfr_error = 0;           // max relative error on the check points (MPFR)
  std::string text;                // readable expression with the real constants
  double certified = -1;           // rigorous bound (engine/real_certify.h); < 0: not certified
  std::size_t certify_boxes = 0;   // boxes the certificate examined
  double found_seconds = 0;        // when the search first fitted this program (its structure)
};

struct RealSearchResult {
  std::vector<RealProgram> front;     // Pareto front: ops vs error (increasing ops)
  std::vector<RealProgram> taylor;    // Taylor polynomial about the midpoint, Horner/fma
  std::vector<RealProgram> minimax;   // near-minimax polynomial, same Horner shape
  std::vector<RealProgram> pade;      // (n, n) Pade about the midpoint, Horner N / monic D
  std::vector<RealProgram> rational_minimax;  // (n, n) in x, Remez-refitted from the Pade approximant
  std::uint64_t evaluations = 0;
  double seconds = 0;
};

// `taylor_coeff(k)` = f^(k)(mid) / k! (for the Taylor baseline; may be empty).
RealSearchResult run_real_search(const eval::Reference& f, const RealSearchOptions& opt,
                                 const std::function<double(int)>& taylor_coeff);

std::string real_result_json(const RealSearchResult& r, const std::string& function,
                             const RealSearchOptions& opt);

// The front beside its baselines as a Markdown table: per op count, the search's, the
// Taylor polynomial's and the near-minimax Horner's max relative error (real-front.md).
std::string real_result_markdown(const RealSearchResult& r, const RealSearchOptions& opt);

}  // namespace uf::engine
