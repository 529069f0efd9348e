// A candidate as the search's artefacts record it (checkpoint.json, front.json): one
// type and one encoder for both files. Errors are +inf in memory and null in JSON (the
// one encoding of infinity in every file the search writes).
#pragma once

#include <cstdint>
#include <string>
#include <nlohmann/json.hpp>
#include <vector>

#include "ir/program.h"

namespace uf::engine {

struct CandidateRecord {
  std::vector<ir::Program> cores;
  double cost = 0;                   // static cost of the full kernel
  std::size_t ops = 0;               // its op count
  double max_ulp = 0, mean_ulp = 0;  // sampled; +inf when recorded as null
  float worst_x = 0;
  std::uint64_t born = 0;
  bool verified = false, proven = false;
  double proven_ulp = 0;      // when verified; +inf when recorded as null
  double measured_cost = -1;  // -1: not measured
  std::vector<double> hole_ulp;  // multi-hole: per-hole sampled errors (empty: one hole)
  double select_ulp = -1;        // multi-hole: the selection error (-1: max_ulp)
};

// A number, or null for +-inf and NaN.
inline nlohmann::json json_number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

// {"cores", "cost", "ops", "max_ulp", "mean_ulp", "worst_x" (hex float), "born",
//  "verified", "proven", "proven_max_ulp" (null unless verified),
//  "measured_cycles_per_element" (null unless measured)}, and for multi-hole
// templates "hole_ulp" (array, null for +inf) and "select_ulp"
nlohmann::json encode_candidate(const CandidateRecord& c);

// What encode_candidate wrote, checked field by field; `path` names the value in
// errors (json_fields::FieldError). `cores_per`: 0, or the core count every candidate
// of the file has (set from the first).
CandidateRecord decode_candidate(const nlohmann::json& c, const std::string& path, std::size_t& cores_per);

}  // namespace uf::engine
