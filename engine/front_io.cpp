#include "engine/front_io.h"

#include <fstream>
#include <iterator>

#include "engine/json_fields.h"

namespace uf::engine {

namespace {
using namespace json_fields;

FrontMember read_member(const json& m, const std::string& path) {
  FrontMember x;
  const json& cores = array(field(m, path, "cores"), member(path, "cores"));
  if (cores.empty()) fail(member(path, "cores"), "expected at least one core program");
  for (std::size_t i = 0; i < cores.size(); ++i) {
    x.cores.push_back(program(cores[i], at_index(member(path, "cores"), i)));
  }
  if (const json* p = optional_field(m, "program")) x.program = program(*p, member(path, "program"));
  x.cost = number(field(m, path, "cost"), member(path, "cost"));
  x.max_ulp = number_or_inf(field(m, path, "max_ulp"), member(path, "max_ulp"));
  if (const json* v = optional_field(m, "verified")) x.verified = boolean(*v, member(path, "verified"));
  if (x.verified) {
    x.proven_ulp = number_or_inf(field(m, path, "proven_max_ulp"), member(path, "proven_max_ulp"));
  }
  if (const json* v = optional_field(m, "proven")) x.proven = boolean(*v, member(path, "proven"));
  if (const json* v = optional_field(m, "mean_ulp")) x.mean_ulp = number_or_inf(*v, member(path, "mean_ulp"));
  if (const json* v = optional_field(m, "ops")) x.ops = unsigned_integer(*v, member(path, "ops"));
  if (const json* v = optional_field(m, "worst_x")) {
    if (!ir::parse_float32(string(*v, member(path, "worst_x")), x.worst_x)) {
      fail(member(path, "worst_x"), "expected a float32 (hex float)");
    }
  }
  if (const json* v = optional_field(m, "measured_cycles_per_element"); v && !v->is_null()) {
    x.measured_cost = number(*v, member(path, "measured_cycles_per_element"));
  }
  if (x.max_ulp < 0 || x.proven_ulp < 0 || x.mean_ulp < 0) fail(path, "an error bound is negative");
  return x;
}

Front read(const json& j) {
  Front f;
  if (!j.is_object()) fail("document", "expected a JSON object");
  if (const json* t = optional_field(j, "target")) f.target = string(*t, "target");
  if (const json* s = optional_field(j, "seed")) f.seed = unsigned_integer(*s, "seed");
  if (const json* v = optional_field(j, "domain")) f.domain = string(*v, "domain");
  if (const json* v = optional_field(j, "max_ulp_bound")) f.max_ulp_bound = number(*v, "max_ulp_bound");
  if (const json* v = optional_field(j, "cost_model")) f.cost_model = string(*v, "cost_model");
  if (const json* v = optional_field(j, "cost_measured")) f.cost_measured = boolean(*v, "cost_measured");
  if (const json* v = optional_field(j, "sample_points")) f.sample_points = unsigned_integer(*v, "sample_points");
  if (const json* v = optional_field(j, "counterexamples")) f.counterexamples = unsigned_integer(*v, "counterexamples");
  const json& ms = array(field(j, "", "members"), "members");
  for (std::size_t i = 0; i < ms.size(); ++i) f.members.push_back(read_member(ms[i], at_index("members", i)));
  const json* best = optional_field(j, "best");
  const json* bound = optional_field(j, "best_proven_max_ulp");
  if (best && !best->is_null() && !best->is_string()) fail("best", "expected a program string or null");
  if (best && best->is_string() && bound && !bound->is_null()) {
    FrontBest b;
    b.kernel = program(*best, "best");
    b.cost = number(field(j, "", "best_cost"), "best_cost");
    b.proven_max_ulp = number(*bound, "best_proven_max_ulp");
    if (b.proven_max_ulp < 0) fail("best_proven_max_ulp", "expected a number >= 0");
    f.best = std::move(b);
  }
  return f;
}
}  // namespace

std::string encode_front(const Front& f) {
  json j;
  if (f.target) j["target"] = *f.target;
  if (f.domain) j["domain"] = *f.domain;
  if (f.max_ulp_bound) j["max_ulp_bound"] = *f.max_ulp_bound;
  if (f.seed) j["seed"] = *f.seed;
  if (f.cost_measured) j["cost_measured"] = *f.cost_measured;
  if (f.cost_model) j["cost_model"] = *f.cost_model;
  if (f.sample_points) j["sample_points"] = *f.sample_points;
  if (f.counterexamples) j["counterexamples"] = *f.counterexamples;
  json mem = json::array();
  for (const FrontMember& m : f.members) {
    json e = encode_candidate(m);
    if (m.program) e["program"] = ir::print(*m.program);
    e.erase("born");
    mem.push_back(e);
  }
  j["members"] = mem;
  j["best"] = f.best ? json(ir::print(f.best->kernel)) : json(nullptr);
  j["best_cost"] = f.best ? json(f.best->cost) : json(nullptr);
  j["best_proven_max_ulp"] = f.best ? json_number(f.best->proven_max_ulp) : json(nullptr);
  return j.dump(2) + "\n";
}

FrontParse parse_front(std::string_view text, std::string_view source) {
  FrontParse r;
  json j;
  try {
    j = json::parse(text.begin(), text.end());
  } catch (const json::exception& e) {
    r.error = std::string(source) + ": not a JSON front: " + e.what();
    return r;
  }
  try {
    r.front = read(j);
  } catch (const FieldError& e) {
    r.error = std::string(source) + ": malformed front: " + e.what();
  }
  return r;
}

FrontParse read_front_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FrontParse{std::nullopt, "cannot read " + path};
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return FrontParse{std::nullopt, "cannot read " + path};
  return parse_front(text, path);
}

}  // namespace uf::engine
