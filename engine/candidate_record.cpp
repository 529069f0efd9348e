#include "engine/candidate_record.h"

#include "engine/json_fields.h"
#include "ir/text.h"

namespace uf::engine {

nlohmann::json encode_candidate(const CandidateRecord& c) {
  using json = nlohmann::json;
  json cores = json::array();
  for (const auto& p : c.cores) cores.push_back(ir::print(p));
  json j{{"cores", cores},
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
  if (!c.hole_ulp.empty()) {
    json h = json::array();
    for (double e : c.hole_ulp) h.push_back(json_number(e));
    j["hole_ulp"] = h;
    j["select_ulp"] = json_number(c.select_ulp);
  }
  return j;
}

CandidateRecord decode_candidate(const nlohmann::json& c, const std::string& path, std::size_t& cores_per) {
  using namespace json_fields;
  CandidateRecord x;
  const std::string cp = member(path, "cores");
  const json& cores = array(field(c, path, "cores"), cp);
  if (cores.empty()) fail(cp, "expected at least one core program");
  if (cores_per != 0 && cores.size() != cores_per) {
    fail(cp, "has " + std::to_string(cores.size()) + " core(s), other candidates " + std::to_string(cores_per));
  }
  cores_per = cores.size();
  for (std::size_t i = 0; i < cores.size(); ++i) x.cores.push_back(program(cores[i], at_index(cp, i)));
  x.max_ulp = number_or_inf(field(c, path, "max_ulp"), member(path, "max_ulp"));
  x.mean_ulp = number_or_inf(field(c, path, "mean_ulp"), member(path, "mean_ulp"));
  if (x.max_ulp < 0 || x.mean_ulp < 0) fail(path, "an error is negative");
  const std::string wx = string(field(c, path, "worst_x"), member(path, "worst_x"));
  if (!ir::parse_float32(wx, x.worst_x)) fail(member(path, "worst_x"), "expected a float32 (hex float)");
  x.born = unsigned_integer(field(c, path, "born"), member(path, "born"));
  x.verified = boolean(field(c, path, "verified"), member(path, "verified"));
  x.proven = boolean(field(c, path, "proven"), member(path, "proven"));
  if (x.proven && !x.verified) fail(member(path, "proven"), "true for a candidate that was not verified");
  if (x.verified) {
    x.proven_ulp = number_or_inf(field(c, path, "proven_max_ulp"), member(path, "proven_max_ulp"));
    if (x.proven_ulp < 0) fail(member(path, "proven_max_ulp"), "expected a number >= 0");
  }
  if (const json* m = optional_field(c, "measured_cycles_per_element"); m && !m->is_null()) {
    x.measured_cost = number(*m, member(path, "measured_cycles_per_element"));
    if (x.measured_cost < 0) fail(member(path, "measured_cycles_per_element"), "expected a number >= 0");
  }
  if (const json* h = optional_field(c, "hole_ulp")) {
    const std::string hp = member(path, "hole_ulp");
    const json& a = array(*h, hp);
    for (std::size_t i = 0; i < a.size(); ++i) {
      x.hole_ulp.push_back(number_or_inf(a[i], at_index(hp, i)));
      if (x.hole_ulp.back() < 0) fail(at_index(hp, i), "an error is negative");
    }
    x.select_ulp = number_or_inf(field(c, path, "select_ulp"), member(path, "select_ulp"));
    if (x.select_ulp < 0) fail(member(path, "select_ulp"), "an error is negative");
  }
  return x;
}

}  // namespace uf::engine
