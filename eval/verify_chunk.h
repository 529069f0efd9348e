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


// A part with nothing added yet (histogram sized, part 0 of 1).
inline VerifyPartial empty_partial() {
  VerifyPartial p;
  p.hist_counts.assign(kEdges.size() - 1, 0);
  return p;
}

// Adds what `from` counted into `into` (sums, maxima, lists; not the part's identity,
// oracle or `checked`); then keep_lists() restores the lists' order and length. One
// reduction for a thread's chunks into its part and for the parts of a check.
void accumulate(VerifyPartial& into, const VerifyPartial& from);
void keep_lists(VerifyPartial& p, std::size_t worst_count);

// Uncertainty, in ULP, of ulp_error(y, v) = ej when the reference value v is within
// err of f(x) (the bounded oracle's guarantee); +inf when it cannot be bounded (MPFR
// then decides the input). Definition and derivation in verify_chunk.cpp.
double ulp_uncertainty(double v, double err, double ej);

// What the chunks of one thread add up to (`acc`: worst at most worst_count, sorted by
// `worse`; specials the kMaxSpecials lowest indices), and its scratch buffers.
struct Local {
  VerifyPartial acc = empty_partial();
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
