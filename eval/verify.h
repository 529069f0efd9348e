// Exhaustive verification: every float32 input of a domain, streamed in chunks and
// checked in parallel against the double oracle, with MPFR arbitration near the bound.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "eval/reference.h"
#include "ir/program.h"

namespace uf::eval {

// A set of float32 inputs: every bit pattern (all_floats, including NaNs, ±inf, ±0)
// or the closed interval [lo, hi] in float order.
struct Domain {
  bool all_floats = true;
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  std::uint64_t size() const;
  std::string describe() const;
};

// An input whose result is required exactly: compared bit for bit, except that any NaN
// matches NaN (a target's declared special values: NaN, ±inf, ±0, thresholds). A result
// can be within the ULP bound and still be the wrong special value (+0 for the smallest
// subnormal result, 0.99999994 where exactly 1 is declared).
struct SpecialValue {
  float x;
  float expected;
};

// Evaluates a kernel on a batch: out[i] = k(in[i]).
using BatchFn = std::function<void(const float* in, float* out, std::size_t n)>;
// The kernel run by the f32 interpreter (it refers to `kernel`, which must outlive it).
BatchFn interpreter_batch(const ir::Program& kernel);

struct VerifyOptions {
  double bound = std::numeric_limits<double>::infinity();  // claimed max ULP
  double margin = 1e-6;           // errors within this of bound/0.5 go to MPFR
                                  // (references without fast_bounded only)
  std::size_t worst_count = 8;    // worst inputs to report
  bool progress = false;          // progress bar with ETA on stderr
  int threads = 0;                // 0: all cores
  std::vector<SpecialValue> specials;  // checked bit for bit, inside the domain or not
  // Use the reference's batch oracle (eval/oracle.h) when it has one whose validated
  // error is below `margin`; false: the scalar `fast` per input (the old verifier).
  bool batch_oracle = true;
  // Set (by another thread) to stop early: the report then has `cancelled` set and
  // proves nothing. nullptr: never cancelled.
  const std::atomic<bool>* cancel = nullptr;
  // Check only part `part_index` of `part_count` of the domain (verify_partial): the
  // chunks c with c % part_count == part_index, interleaved so that slow regions are
  // shared. The parts of one domain are disjoint and cover it.
  int part_index = 0;
  int part_count = 1;
};

struct WorstInput {
  float x = 0, y = 0;
  double ref = 0;    // reference value (MPFR, rounded to double)
  double ulp = 0;    // MPFR-arbitrated error
};

// Every input is scored with the double oracle; MPFR (exact_ulp_error) decides every
// input whose classification the oracle's error could change. Without a bounded
// oracle (catalog references, error < 2^-28 ULP): errors within `margin` of 0.5 or of
// `bound`, and the candidates for the worst list. With ref.fast_bounded (user
// expressions): every input whose error interval (oracle error +- its per-input bound
// in ULP) straddles 0.5 or `bound`, whose bound is unknown, or that could be among the
// worst inputs. The figures below use the MPFR value wherever one was computed.
struct VerifyReport {
  std::uint64_t inputs = 0;
  double max_ulp = 0;               // MPFR-arbitrated; +inf if any special mismatch
  double mean_ulp = 0;              // over finite errors
  std::uint64_t correctly_rounded = 0;  // error <= 0.5
  std::uint64_t over_bound = 0;     // inputs with a finite error > bound
  std::uint64_t special_mismatches = 0;  // infinite errors (wrong NaN/inf/sign)
  std::uint64_t mpfr_arbitrations = 0;
  std::vector<WorstInput> worst;    // largest finite errors, descending
  std::vector<WorstInput> specials; // special-value mismatches at the lowest input indices
  // The declared special values (VerifyOptions::specials): how many were checked and
  // the ones that failed (x, the kernel's result y, and the required value in `ref`).
  std::uint64_t declared_specials = 0;
  std::vector<WorstInput> declared_special_failures;
  // Histogram of errors: bucket i counts errors in [edges[i], edges[i+1]); the last
  // bucket [256, inf] also counts the infinite errors, so the counts sum to `inputs`.
  std::vector<double> hist_edges;
  std::vector<std::uint64_t> hist_counts;
  double seconds = 0;
  std::string oracle;  // the double oracle used: a batch oracle's name, or the scalar one
  // CPU seconds summed over the worker threads: running the kernel, the double oracle,
  // MPFR arbitration, and everything (the rest is bookkeeping: inputs, errors, lists).
  double cpu_kernel = 0, cpu_oracle = 0, cpu_mpfr = 0, cpu_total = 0;
  bool cancelled = false;  // VerifyOptions::cancel stopped it before every input was checked
  bool holds() const {
    return !cancelled && special_mismatches == 0 && over_bound == 0 && declared_special_failures.empty();
  }
  std::string to_text() const;  // human-readable report (x as decimal, hex bits, hex float)
  std::string to_json() const;
};

VerifyReport verify_exhaustive(const BatchFn& kernel, const Reference& ref, const Domain& dom,
                               const VerifyOptions& opt = {});

// One part of an exhaustive check (VerifyOptions::part_index / part_count), for checks
// split over processes (dist/verify.h): what the part's inputs add up to, before the
// worst lists are decided and the declared specials checked. finish_verify reduces the
// parts of one check (any order; every part exactly once) into the report that
// verify_exhaustive gives; the codec carries a part between processes exactly (doubles
// as their bits).
struct VerifyPartial {
  int part_index = 0, part_count = 1;
  std::uint64_t checked = 0;  // inputs this part checked
  double max_ulp = 0, sum = 0;
  std::uint64_t finite = 0, correctly_rounded = 0, over_bound = 0, special_mismatches = 0, mpfr_arbitrations = 0;
  double cpu_kernel = 0, cpu_oracle = 0, cpu_mpfr = 0, cpu_total = 0, seconds = 0;
  std::vector<std::uint64_t> hist_counts;
  struct Ranked {
    std::uint64_t index;  // the input's position in the domain
    WorstInput w;
  };
  std::vector<Ranked> worst;     // this part's largest errors (at most worst_count)
  std::vector<Ranked> specials;  // this part's special mismatches at the lowest indices
  bool cancelled = false;
  std::string oracle;
};
VerifyPartial verify_partial(const BatchFn& kernel, const Reference& ref, const Domain& dom,
                             const VerifyOptions& opt);
// The parts of one check as one part (part 0 of 1): sums, the worst_count largest
// errors, the lowest special mismatches. Throws std::invalid_argument unless `parts`
// are the parts 0..count-1 of one check, each once.
VerifyPartial reduce_parts(const std::vector<VerifyPartial>& parts, std::size_t worst_count);
// The report of a check from its parts (reduced first when there are several): the
// declared specials are checked and the worst inputs' references computed here. Throws
// std::invalid_argument when the parts do not cover the domain.
VerifyReport finish_verify(const std::vector<VerifyPartial>& parts, const BatchFn& kernel,
                           const Reference& ref, const Domain& dom, const VerifyOptions& opt);
std::string encode_partial(const VerifyPartial& p);
// Throws std::invalid_argument on text that encode_partial did not write.
VerifyPartial decode_partial(std::string_view text);
// Convenience: the kernel run by the f32 interpreter.
VerifyReport verify_exhaustive(const ir::Program& kernel, const Reference& ref,
                               const Domain& dom, const VerifyOptions& opt = {});

}  // namespace uf::eval
