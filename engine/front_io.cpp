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
    x.proven_max_ulp = number_or_inf(field(m, path, "proven_max_ulp"), member(path, "proven_max_ulp"));
  }
  if (x.max_ulp < 0 || x.proven_max_ulp < 0) fail(path, "an error bound is negative");
  return x;
}

Front read(const json& j) {
  Front f;
  if (!j.is_object()) fail("document", "expected a JSON object");
  if (const json* t = optional_field(j, "target")) f.target = string(*t, "target");
  if (const json* s = optional_field(j, "seed")) f.seed = unsigned_integer(*s, "seed");
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
