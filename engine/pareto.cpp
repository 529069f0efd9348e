#include "engine/pareto.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace uf::engine {

bool dominates(const Objectives& a, const Objectives& b) {
  return a.error <= b.error && a.cost <= b.cost && (a.error < b.error || a.cost < b.cost);
}

bool constrained_dominates(const Objectives& a, const Objectives& b, double bound) {
  const bool fa = a.error <= bound, fb = b.error <= bound;
  if (fa != fb) return fa;
  return dominates(a, b);
}

std::vector<std::vector<std::size_t>> nondominated_sort(std::span<const Objectives> objs,
                                                        double bound) {
  const std::size_t n = objs.size();
  std::vector<std::vector<std::size_t>> dominated_by_me(n);
  std::vector<std::size_t> count(n, 0);
  std::vector<std::vector<std::size_t>> fronts(1);
  for (std::size_t p = 0; p < n; ++p) {
    for (std::size_t q = 0; q < n; ++q) {
      if (p == q) continue;
      if (constrained_dominates(objs[p], objs[q], bound)) {
        dominated_by_me[p].push_back(q);
      } else if (constrained_dominates(objs[q], objs[p], bound)) {
        ++count[p];
      }
    }
    if (count[p] == 0) fronts[0].push_back(p);
  }
  while (!fronts.back().empty()) {
    std::vector<std::size_t> next;
    for (std::size_t p : fronts.back()) {
      for (std::size_t q : dominated_by_me[p]) {
        if (--count[q] == 0) next.push_back(q);
      }
    }
    std::sort(next.begin(), next.end());
    fronts.push_back(std::move(next));
  }
  fronts.pop_back();
  return fronts;
}

namespace {
double error_scale(double e) {
  if (!(e < std::numeric_limits<double>::infinity())) return 64.0;
  return std::log2(1.0 + e);
}
}  // namespace

std::vector<double> crowding_distance(std::span<const Objectives> objs,
                                      std::span<const std::size_t> front) {
  const std::size_t m = front.size();
  std::vector<double> dist(m, 0.0);
  if (m <= 2) {
    std::fill(dist.begin(), dist.end(), std::numeric_limits<double>::infinity());
    return dist;
  }
  for (int obj = 0; obj < 2; ++obj) {
    auto val = [&](std::size_t k) {
      const Objectives& o = objs[front[k]];
      return obj == 0 ? error_scale(o.error) : o.cost;
    };
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return val(a) < val(b); });
    const double lo = val(order.front()), hi = val(order.back());
    dist[order.front()] = dist[order.back()] = std::numeric_limits<double>::infinity();
    if (hi <= lo) continue;
    for (std::size_t k = 1; k + 1 < m; ++k) {
      dist[order[k]] += (val(order[k + 1]) - val(order[k - 1])) / (hi - lo);
    }
  }
  return dist;
}

std::vector<std::size_t> nsga2_select(std::span<const Objectives> objs, std::size_t n,
                                      double bound) {
  std::vector<std::size_t> out;
  for (const auto& front : nondominated_sort(objs, bound)) {
    if (out.size() >= n) break;
    if (out.size() + front.size() <= n) {
      out.insert(out.end(), front.begin(), front.end());
      continue;
    }
    const std::vector<double> d = crowding_distance(objs, front);
    std::vector<std::size_t> order(front.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return d[a] > d[b]; });
    for (std::size_t k = 0; out.size() < n; ++k) out.push_back(front[order[k]]);
  }
  return out;
}

RankCrowding rank_and_crowding(std::span<const Objectives> objs, double bound) {
  RankCrowding rc;
  rc.rank.assign(objs.size(), 0);
  rc.crowding.assign(objs.size(), 0.0);
  const auto fronts = nondominated_sort(objs, bound);
  for (std::size_t r = 0; r < fronts.size(); ++r) {
    const std::vector<double> d = crowding_distance(objs, fronts[r]);
    for (std::size_t k = 0; k < fronts[r].size(); ++k) {
      rc.rank[fronts[r][k]] = r;
      rc.crowding[fronts[r][k]] = d[k];
    }
  }
  return rc;
}

bool ParetoArchive::insert(const Candidate& c) {
  const Objectives o = c.objectives();
  if (std::isnan(o.error) || std::isnan(o.cost)) return false;
  for (const Candidate& m : members_) {
    const Objectives mo = m.objectives();
    if (dominates(mo, o) || (mo.error == o.error && mo.cost == o.cost)) return false;
  }
  std::erase_if(members_, [&](const Candidate& m) { return dominates(o, m.objectives()); });
  const auto pos = std::lower_bound(
      members_.begin(), members_.end(), c, [](const Candidate& a, const Candidate& b) {
        return a.cost < b.cost || (a.cost == b.cost && a.max_ulp < b.max_ulp);
      });
  members_.insert(pos, c);
  return true;
}

const Candidate* ParetoArchive::cheapest_within(double bound) const {
  for (const Candidate& m : members_) {
    if (m.max_ulp <= bound) return &m;
  }
  return nullptr;
}

}  // namespace uf::engine
