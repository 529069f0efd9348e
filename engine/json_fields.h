// Typed access to the fields of a parsed JSON document, for the readers of the files
// the search writes (front.json, checkpoint.json). Every accessor checks the type and
// range of the value and throws FieldError naming the field's path ("members[2].cost")
// and what was expected; the readers catch it and return it as their error.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "ir/passes.h"
#include "ir/text.h"

namespace uf::engine::json_fields {

using json = nlohmann::json;

struct FieldError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::string at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}
inline std::string member(const std::string& path, const char* key) {
  return path.empty() ? std::string(key) : path + "." + key;
}

[[noreturn]] inline void fail(const std::string& path, const std::string& what) {
  throw FieldError(path + ": " + what);
}

inline const json& field(const json& obj, const std::string& path, const char* key) {
  if (!obj.is_object()) fail(path.empty() ? "document" : path, "expected a JSON object");
  const auto it = obj.find(key);
  if (it == obj.end()) fail(member(path, key), "missing");
  return *it;
}
inline const json* optional_field(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it == obj.end() ? nullptr : &*it;
}

inline const json& array(const json& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array");
  return v;
}
inline std::string string(const json& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string");
  return v.get<std::string>();
}
inline bool boolean(const json& v, const std::string& path) {
  if (!v.is_boolean()) fail(path, "expected true or false");
  return v.get<bool>();
}
// A finite number (integers included).
inline double number(const json& v, const std::string& path) {
  if (!v.is_number()) fail(path, "expected a number");
  const double d = v.get<double>();
  if (!std::isfinite(d)) fail(path, "expected a finite number");
  return d;
}
// A number, or null for +infinity (how the writers record an infinite error).
inline double number_or_inf(const json& v, const std::string& path) {
  if (v.is_null()) return std::numeric_limits<double>::infinity();
  return number(v, path);
}
inline std::uint64_t unsigned_integer(const json& v, const std::string& path,
                                      std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    fail(path, "expected a non-negative integer");
  }
  const std::uint64_t u = v.get<std::uint64_t>();
  if (u > max) fail(path, "expected an integer <= " + std::to_string(max));
  return u;
}
// A .uf program without template holes (a core or a full kernel).
inline ir::Program program(const json& v, const std::string& path) {
  const ir::ParseResult r = ir::parse(string(v, path));
  if (!r) fail(path, "bad program: " + r.error.to_string());
  if (ir::hole_count(*r.program) != 0) fail(path, "a core or kernel must not contain template holes");
  return *r.program;
}

}  // namespace uf::engine::json_fields
