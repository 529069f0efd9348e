// The population of a search: islands of candidates, and the pure functions of
// selection over their objectives (parent choice, survivor choice, migration). No
// scoring, no I/O: each function is a deterministic function of its arguments and the
// islands' RNG states.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/pareto.h"
#include "engine/rng.h"
#include "ir/program.h"

namespace uf::engine {

enum class Selection { Nsga2, Regularized };

struct Island {
  Rng select_rng;
  std::vector<Rng> slot_rng;       // one per population slot: its mutations' stream
  std::vector<Candidate> members;  // regularised evolution: oldest first
};

// A child produced by mutation, before constant optimisation.
struct Child {
  std::size_t island = 0;
  std::vector<ir::Program> cores;
  std::size_t hole = 0;
};

// The search's fitness order: a candidate within the bound beats one outside it; two
// within it compare by cost, two outside by error (their selection error,
// Candidate::selection_ulp: per-hole aware for multi-hole templates). With `ties`, equal first keys
// compare by the other objective (error within, cost outside).
bool fitter(const Candidate& x, const Candidate& y, double bound, bool ties = true);

struct SelectionOptions {
  Selection selection = Selection::Nsga2;
  int tournament = 8;  // regularised evolution tournament size
  double bound = 1.0;  // max ULP
};

// Per-island ranks and crowding distances for NSGA-II parent selection (empty for
// regularised evolution).
std::vector<RankCrowding> island_rankings(const std::vector<Island>& islands, const SelectionOptions& o);

// A parent's index in `isl`: binary tournament by (rank, crowding) for NSGA-II (`rc`),
// else the fittest of `tournament` random members. Draws from isl.select_rng.
std::size_t select_parent(Island& isl, const RankCrowding* rc, const SelectionOptions& o);

// Puts each evaluated child (kids[c] from children[c]) into its island: NSGA-II keeps
// the best slot count of members and children; regularised evolution appends and drops
// the oldest.
void merge_children(std::vector<Island>& islands, std::vector<Candidate> kids,
                    const std::vector<Child>& children, const SelectionOptions& o);

// Ring migration: the fittest member of island i (without tie-breaks: the first of
// equals) replaces the worst of island i + 1 (last in NSGA-II order; regularised: the
// oldest).
void migrate(std::vector<Island>& islands, const SelectionOptions& o);

// Multi-hole crossover: the hole where `parent` is furthest behind the island's best
// core for it (largest ratio of its hole error to the island's lowest; the first on
// ties), written to `hole`, and the member holding that best core (the first of
// equals). nullptr when the parent has no per-hole errors or no hole is behind.
const Candidate* hole_donor(const Island& isl, const Candidate& parent, std::size_t& hole);

// The fittest member of an island (the first of equals): what it sends away.
const Candidate& fittest(const Island& isl, const SelectionOptions& o);
// A migrant replaces the island's worst member (NSGA-II: the last; regularised: the
// oldest).
void receive_migrant(Island& dst, Candidate c, const SelectionOptions& o);

}  // namespace uf::engine
