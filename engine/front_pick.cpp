#include "engine/front_pick.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <vector>

#include "ir/passes.h"

namespace uf::engine {

FrontPick pick_from_front(const Front& front, const std::string& source, const targets::Target& t,
                          double bound, int max_failed,
                          const std::function<eval::VerifyReport(const ir::Program&)>& prove,
                          std::ostream& log) {
  struct Member {
    const std::vector<ir::Program>* cores = nullptr;
    const ir::Program* kernel = nullptr;  // full kernel (the front's `best`), else from cores
    double cost, sampled, proven;
    bool verified;
  };
  if (front.target && *front.target != t.name) {
    throw FrontPickError(fmt::format("{} is a front for {}, not {}", source, *front.target, t.name));
  }
  std::vector<Member> ms;
  for (const FrontMember& m : front.members) {
    if (m.cores.size() != static_cast<std::size_t>(ir::hole_count(t.tmpl))) {
      throw FrontPickError(fmt::format("{}: a member has {} core(s); {} has {} hole(s)", source,
                                       m.cores.size(), t.name, ir::hole_count(t.tmpl)));
    }
    ms.push_back(Member{&m.cores, nullptr, m.cost, m.max_ulp,
                        m.verified ? m.proven_ulp : std::numeric_limits<double>::infinity(), m.verified});
  }
  if (front.best) {
    ms.insert(ms.begin(), Member{nullptr, &front.best->kernel, front.best->cost, 0,
                                 front.best->proven_max_ulp, true});
  }
  std::stable_sort(ms.begin(), ms.end(), [](const Member& a, const Member& b) { return a.cost < b.cost; });
  FrontPick p;
  p.seed = front.seed;
  int failed = 0;
  for (const Member& m : ms) {
    const bool known = m.verified && m.proven <= bound;
    if (!known && (m.verified || !(m.sampled <= bound))) continue;
    ir::Program kernel = m.kernel ? *m.kernel : ir::canonicalize(ir::inline_cores(t.tmpl, *m.cores));
    if (!known) {
      if (failed >= max_failed) break;
      log << fmt::format("verifying the cost {} member (sampled max {:.4g} ULP) over {}\n", m.cost,
                         m.sampled, t.domain.describe());
      const eval::VerifyReport rep = prove(kernel);
      log << rep.to_text();
      if (!rep.holds()) {
        ++failed;
        continue;
      }
      p.proven_ulp = rep.max_ulp;
    } else {
      p.proven_ulp = m.proven;
    }
    p.kernel = std::move(kernel);
    p.cost = m.cost;
    return p;
  }
  throw FrontPickError(fmt::format("{}: no member of the front is proven within {} ULP ({} members; "
                                   "{} verified now and failed{})",
                                   source, bound, ms.size(), failed,
                                   failed >= max_failed ? ", --max-proofs reached" : ""));
}

}  // namespace uf::engine
