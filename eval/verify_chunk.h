// One chunk of an exhaustive check (internal to eval/verify*.cpp): the per-thread state
// a chunk adds to, and the chunk's work. eval/verify.cpp runs the chunks in parallel and
// reduces their states; eval/verify_chunk.cpp does one chunk; eval/verify_report.cpp
// prints the result.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "eval/verify.h"

namespace uf::eval::detail {


constexpr std::uint64_t kChunk = 1u << 16;  // inputs per task: 64K (1.5 MiB of buffers)
constexpr std::size_t kMaxSpecials = 8;
// Histogram edges (9 buckets); the last bucket [256, inf] also holds infinite errors.
// The bucket computation in verify_exhaustive spells these values out.
inline const std::vector<double> kEdges = {0, 0.5, 0.75, 1, 1.5, 2, 4, 16, 256,
                                    std::numeric_limits<double>::infinity()};


using Indexed = VerifyPartial::Ranked;

// Orders worst inputs: larger error first, then by input index (deterministic).
inline bool worse(const Indexed& a, const Indexed& b) {
  if (a.w.ulp != b.w.ulp) return a.w.ulp > b.w.ulp;
  return a.index < b.index;
}


// What the chunks of one thread add up to.
struct Local {
  double max_ulp = 0, sum = 0;
  double t_kernel = 0, t_oracle = 0, t_mpfr = 0, t_total = 0;  // CPU seconds
  std::uint64_t finite = 0, cr = 0, over = 0, special = 0, arb = 0;
  std::vector<std::uint64_t> hist = std::vector<std::uint64_t>(kEdges.size() - 1, 0);
  std::vector<Indexed> top;       // at most worst_count, sorted by `worse`
  std::vector<Indexed> specials;  // the kMaxSpecials lowest indices
  std::vector<float> x, y;
  std::vector<double> e, d;  // d: the uncertainty of e in ULP (0 once MPFR decided)
  std::vector<std::uint32_t> unsettled;
  std::vector<double> smax, ssel;  // largest key per segment of kSegment inputs; scratch
};

// What every chunk of one check shares.
struct ChunkJob {
  const BatchFn& kernel;
  const Reference& ref;
  bool all_floats = true;
  std::int64_t k0 = 0;        // ordered index of the domain's first input
  std::uint64_t total = 0;    // inputs in the domain
  std::size_t worst_count = 0;
  double bound = 0, margin = 0;
  bool bounded = false;                 // ref.fast_bounded decides the errors
  const BatchOracle* batch = nullptr;   // replaces ref.fast when set
};

// Checks inputs [c * kChunk, min((c + 1) * kChunk, total)) of the domain, adding to L.
void verify_chunk(const ChunkJob& job, Local& L, std::uint64_t c);

}  // namespace uf::eval::detail
