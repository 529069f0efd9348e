#include "engine/candidate_record.h"

#include "ir/text.h"

namespace uf::engine {

nlohmann::json encode_candidate(const CandidateRecord& c) {
  using json = nlohmann::json;
  json cores = json::array();
  for (const auto& p : c.cores) cores.push_back(ir::print(p));
  return json{{"cores", cores},
              {"max_ulp", json_number(c.max_ulp)},
              {"mean_ulp", json_number(c.mean_ulp)},
              {"worst_x", ir::hexfloat(c.worst_x)},
              {"cost", c.cost},
              {"ops", c.ops},
              {"born", c.born},
              {"verified", c.verified},
              {"proven", c.proven},
              {"proven_max_ulp", c.verified ? json_number(c.proven_ulp) : json(nullptr)},
              {"measured_cycles_per_element", c.measured_cost >= 0 ? json(c.measured_cost) : json(nullptr)}};
}

}  // namespace uf::engine
