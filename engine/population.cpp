#include "engine/population.h"

#include <algorithm>
#include <utility>

namespace uf::engine {

bool fitter(const Candidate& x, const Candidate& y, double bound, bool ties) {
  const bool fx = x.max_ulp <= bound, fy = y.max_ulp <= bound;
  if (fx != fy) return fx;
  const double x1 = fx ? x.cost : x.selection_ulp(), y1 = fx ? y.cost : y.selection_ulp();
  if (x1 != y1 || !ties) return x1 < y1;
  return fx ? x.max_ulp < y.max_ulp : x.cost < y.cost;
}

std::vector<RankCrowding> island_rankings(const std::vector<Island>& islands, const SelectionOptions& o) {
  std::vector<RankCrowding> out;
  if (o.selection != Selection::Nsga2) return out;
  for (const Island& isl : islands) {
    std::vector<Objectives> objs;
    for (const auto& m : isl.members) objs.push_back(m.selection_objectives());
    out.push_back(rank_and_crowding(objs, o.bound));
  }
  return out;
}

std::size_t select_parent(Island& isl, const RankCrowding* rc, const SelectionOptions& o) {
  const std::size_t n = isl.members.size();
  if (o.selection == Selection::Nsga2) {
    const std::size_t a = isl.select_rng.below(static_cast<std::uint32_t>(n));
    const std::size_t b = isl.select_rng.below(static_cast<std::uint32_t>(n));
    if (rc->rank[a] != rc->rank[b]) return rc->rank[a] < rc->rank[b] ? a : b;
    return rc->crowding[a] >= rc->crowding[b] ? a : b;
  }
  std::size_t best = isl.select_rng.below(static_cast<std::uint32_t>(n));
  for (int k = 1; k < o.tournament; ++k) {
    const std::size_t c = isl.select_rng.below(static_cast<std::uint32_t>(n));
    if (fitter(isl.members[c], isl.members[best], o.bound)) best = c;
  }
  return best;
}

void merge_children(std::vector<Island>& islands, std::vector<Candidate> kids,
                    const std::vector<Child>& children, const SelectionOptions& o) {
  std::vector<std::vector<Candidate>> per_island(islands.size());
  for (std::size_t c = 0; c < kids.size(); ++c) per_island[children[c].island].push_back(std::move(kids[c]));
  for (std::size_t i = 0; i < islands.size(); ++i) {
    Island& isl = islands[i];
    const std::size_t n = isl.slot_rng.size();
    if (o.selection == Selection::Nsga2) {
      std::vector<Candidate> pool = std::move(isl.members);
      for (auto& k : per_island[i]) pool.push_back(std::move(k));
      std::vector<Objectives> objs;
      for (const auto& m : pool) objs.push_back(m.selection_objectives());
      const auto keep = nsga2_select(objs, n, o.bound);
      isl.members.clear();
      for (std::size_t k : keep) isl.members.push_back(std::move(pool[k]));
    } else {
      for (auto& k : per_island[i]) isl.members.push_back(std::move(k));
      while (isl.members.size() > n) isl.members.erase(isl.members.begin());
    }
  }
}

const Candidate& fittest(const Island& isl, const SelectionOptions& o) {
  const Candidate* b = &isl.members.front();
  for (const auto& m : isl.members) {
    if (fitter(m, *b, o.bound, false)) b = &m;
  }
  return *b;
}

void receive_migrant(Island& dst, Candidate c, const SelectionOptions& o) {
  if (o.selection == Selection::Nsga2) {
    dst.members.back() = std::move(c);
  } else {
    dst.members.erase(dst.members.begin());
    dst.members.push_back(std::move(c));
  }
}

void migrate(std::vector<Island>& islands, const SelectionOptions& o) {
  const std::size_t k = islands.size();
  if (k < 2) return;
  std::vector<Candidate> elite;
  for (const Island& isl : islands) elite.push_back(fittest(isl, o));
  for (std::size_t i = 0; i < k; ++i) receive_migrant(islands[(i + 1) % k], std::move(elite[i]), o);
}

const Candidate* hole_donor(const Island& isl, const Candidate& parent, std::size_t& hole) {
  const std::size_t n = parent.hole_ulp.size() > 0 ? parent.hole_ulp.size() - 1 : 0;  // last: no hole
  const Candidate* donor = nullptr;
  double worst = 1.0;
  for (std::size_t h = 0; h < n; ++h) {
    const Candidate* best = nullptr;
    for (const auto& m : isl.members) {
      if (m.hole_ulp.size() != parent.hole_ulp.size()) continue;
      if (!best || m.hole_ulp[h] < best->hole_ulp[h]) best = &m;
    }
    if (!best || !(best->hole_ulp[h] < parent.hole_ulp[h])) continue;
    const double ratio = parent.hole_ulp[h] / std::max(best->hole_ulp[h], 1e-300);
    if (ratio > worst) {
      worst = ratio;
      donor = best;
      hole = h;
    }
  }
  return donor;
}

}  // namespace uf::engine
