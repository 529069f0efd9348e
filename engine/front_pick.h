// Choosing a kernel from a search front (front.json): the cheapest member whose error
// over the whole domain is at most `bound`. Members the search verified count with
// their proven error; the others, if their sampled error is within the bound, are
// proved now, cheapest first, until one holds or `max_failed` proofs have failed. The
// front's `best` (proven by the search) is a member too: an archive member that later
// dominated it on the samples may have displaced it from `members`.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>

#include "engine/front_io.h"
#include "eval/verify.h"
#include "targets/target.h"

namespace uf::engine {

struct FrontPick {
  ir::Program kernel;
  double proven_ulp = 0;
  double cost = 0;
  std::optional<std::uint64_t> seed;  // the front's search seed
};

// A front that does not fit the target, or has no member within the bound.
struct FrontPickError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// `source` names the front in messages; `prove` runs the exhaustive check of a kernel;
// progress (which member is being proved, the proof reports) goes to `log`.
FrontPick pick_from_front(const Front& front, const std::string& source, const targets::Target& t,
                          double bound, int max_failed,
                          const std::function<eval::VerifyReport(const ir::Program&)>& prove,
                          std::ostream& log);

}  // namespace uf::engine
