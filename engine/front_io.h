// The search front's codec (front.json: written by run_search, read by `emit` and
// scripts/make-tiers.sh through it). The reader checks every field it uses and returns
// a typed Front or an error naming the file and the field; it never throws for bad
// input. Infinity is null, as in every file the search writes. The fields:
//   target               string (optional)     catalog or user target name
//   domain               string (optional)     the target's domain, described
//   max_ulp_bound        number (optional)     the search's bound
//   seed                 unsigned (optional)   search seed, for provenance
//   cost_model           string (optional)     "static-avx512", ...
//   cost_measured        bool (optional)       members carry measured cycles
//   sample_points        unsigned (optional)   size of the final sample set
//   counterexamples      unsigned (optional)   counterexamples found
//   members[]            the Pareto archive (engine/candidate_record.h, without born):
//     cores[]            strings, .uf core programs (no template holes), at least one
//     program            string (optional)     the full kernel
//     cost               number                static cost
//     max_ulp            number or null        sampled max ULP (null: infinite)
//     verified           bool (optional)       an exhaustive check ran
//     proven_max_ulp     number or null        its result (required when verified)
//     mean_ulp, worst_x, ops, proven, measured_cycles_per_element   (optional)
//   best                 string or null        the search's cheapest proven kernel
//   best_cost            number                (required when best is used)
//   best_proven_max_ulp  number or null        best is used only when this is a number
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/candidate_record.h"
#include "ir/program.h"

namespace uf::engine {

struct FrontMember : CandidateRecord {
  std::optional<ir::Program> program;  // full kernel, when the front records it
};

struct FrontBest {
  ir::Program kernel;
  double cost = 0;
  double proven_max_ulp = 0;
};

struct Front {
  std::optional<std::string> target;
  std::optional<std::string> domain;
  std::optional<double> max_ulp_bound;
  std::optional<std::uint64_t> seed;
  std::optional<std::string> cost_model;
  std::optional<bool> cost_measured;
  std::optional<std::uint64_t> sample_points, counterexamples;
  std::vector<FrontMember> members;
  std::optional<FrontBest> best;  // set when best is a program with a proven bound
};

struct FrontParse {
  std::optional<Front> front;
  std::string error;  // "results/expf/front.json: members[2].cost: expected a number" when !front
  explicit operator bool() const { return front.has_value(); }
};

// front.json text (two-space indented, ending in a newline); absent optionals are not
// written, `best` and its two fields are null when there is none.
std::string encode_front(const Front& f);

// Parses front.json text; `source` names it in error messages.
FrontParse parse_front(std::string_view text, std::string_view source);
// Reads and parses a file (an unreadable file is an error, not an exception).
FrontParse read_front_file(const std::string& path);

}  // namespace uf::engine
