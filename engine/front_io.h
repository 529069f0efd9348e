// Reading a search front (front.json, written by run_search). The reader checks every
// field it uses and returns a typed Front or an error naming the file and the field;
// it never throws for bad input. The fields (see Searcher::write_front):
//   target               string (optional)     catalog or user target name
//   seed                 unsigned (optional)   search seed, for provenance
//   members[]            the Pareto archive:
//     cores[]            strings, .uf core programs (no template holes), at least one
//     program            string (optional)     the full kernel
//     cost               number                static cost
//     max_ulp            number or null        sampled max ULP (null: infinite)
//     verified           bool (optional)       an exhaustive check ran
//     proven_max_ulp     number or null        its result (required when verified)
//   best                 string or null        the search's cheapest proven kernel
//   best_cost            number                (required when best is used)
//   best_proven_max_ulp  number or null        best is used only when this is a number
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/program.h"

namespace uf::engine {

struct FrontMember {
  std::vector<ir::Program> cores;
  std::optional<ir::Program> program;  // full kernel, when the front records it
  double cost = 0;
  double max_ulp = 0;                  // sampled; +inf when recorded as null
  bool verified = false;
  double proven_max_ulp = 0;           // when verified; +inf when recorded as null
};

struct FrontBest {
  ir::Program kernel;
  double cost = 0;
  double proven_max_ulp = 0;
};

struct Front {
  std::optional<std::string> target;
  std::optional<std::uint64_t> seed;
  std::vector<FrontMember> members;
  std::optional<FrontBest> best;  // set when best is a program with a proven bound
};

struct FrontParse {
  std::optional<Front> front;
  std::string error;  // "results/expf/front.json: members[2].cost: expected a number" when !front
  explicit operator bool() const { return front.has_value(); }
};

// Parses front.json text; `source` names it in error messages.
FrontParse parse_front(std::string_view text, std::string_view source);
// Reads and parses a file (an unreadable file is an error, not an exception).
FrontParse read_front_file(const std::string& path);

}  // namespace uf::engine
