// Multi-objective machinery: Pareto dominance on (max ULP error, cost) with the user's
// ULP bound as a constraint, NSGA-II non-dominated sorting and crowding distance,
// and the archive of every non-dominated program seen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "ir/program.h"

namespace uf::engine {

struct Objectives {
  double error = 0;  // max ULP over the sample set (+inf for wrong special values)
  double cost = 0;   // static cost of the full kernel
};

// Plain Pareto dominance: a is no worse in both objectives and better in one.
bool dominates(const Objectives& a, const Objectives& b);

// Constrained dominance (Deb): a program within the bound (error <= bound) dominates any
// program outside it; two programs on the same side compare by plain dominance, so the
// population keeps an error/cost trade-off while nothing meets the bound yet.
bool constrained_dominates(const Objectives& a, const Objectives& b, double bound);

// NSGA-II fast non-dominated sort under constrained dominance: fronts[0] holds the
// indices no one dominates, fronts[1] those dominated only by fronts[0], and so on.
// Indices inside a front are in increasing order (deterministic).
std::vector<std::vector<std::size_t>> nondominated_sort(std::span<const Objectives> objs,
                                                        double bound);

// Crowding distance of each member of `front` (same order): the normalised side
// lengths of the cuboid formed by its neighbours in each objective; boundary members
// get +inf. Error enters as log2(1 + error) so that 1e6 and 1e7 ULP do not swamp the
// sub-ULP region; infinite errors count as 2^64 ULP.
std::vector<double> crowding_distance(std::span<const Objectives> objs,
                                      std::span<const std::size_t> front);

// NSGA-II environmental selection: the `n` survivors of `objs` (indices, best first),
// filling by fronts and breaking the last front by crowding distance (ties by index).
std::vector<std::size_t> nsga2_select(std::span<const Objectives> objs, std::size_t n,
                                      double bound);

// Binary tournament by (front rank, crowding distance): returns the winner's index.
struct RankCrowding {
  std::vector<std::size_t> rank;
  std::vector<double> crowding;
};
RankCrowding rank_and_crowding(std::span<const Objectives> objs, double bound);

// One evaluated candidate: the cores (one per template hole), the full kernel they
// make, and its scores.
struct Candidate {
  std::vector<ir::Program> cores;
  ir::Program kernel;              // canonical full kernel (template with cores inlined)
  double max_ulp = 0, mean_ulp = 0;
  float worst_x = 0;               // input of the max error on the sample set
  double cost = 0;                 // ir::static_cost(kernel)
  std::size_t ops = 0;             // ir::op_count(kernel)
  std::uint64_t hash = 0;          // ir::full_hash(kernel)
  std::uint64_t born = 0;          // serial number of its evaluation (age)
  bool verified = false;           // an exhaustive check ran on it
  double proven_ulp = 0;           // its result (when verified)
  bool proven = false;             // verified and within the bound
  double measured_cost = -1;       // measured cycles/element (-1: not measured)
  // Multi-hole templates: per hole, the max sampled ULP over the points whose result
  // depends on that hole (engine/hole_attribution.h); empty for one hole.
  std::vector<double> hole_ulp;
  double select_ulp = -1;          // the error selection ranks by (-1: max_ulp)
  Objectives objectives() const { return {max_ulp, cost}; }  // the archive's: true error
  double selection_ulp() const { return select_ulp >= 0 ? select_ulp : max_ulp; }
  Objectives selection_objectives() const { return {selection_ulp(), cost}; }
};

// The archive of every non-dominated candidate ever seen (plain dominance; the bound
// plays no role here). Members are kept sorted by cost, then error. A candidate equal
// in both objectives to a member is not added (the earlier one stays).
class ParetoArchive {
 public:
  // Returns true if the candidate entered the archive (dominated members are dropped).
  bool insert(const Candidate& c);
  const std::vector<Candidate>& members() const { return members_; }
  std::vector<Candidate>& members() { return members_; }
  std::size_t size() const { return members_.size(); }
  // The cheapest member with error <= bound (nullptr if none).
  const Candidate* cheapest_within(double bound) const;
  // Restores a saved archive (members assumed mutually non-dominated).
  void assign(std::vector<Candidate> members) { members_ = std::move(members); }

 private:
  std::vector<Candidate> members_;
};

}  // namespace uf::engine
