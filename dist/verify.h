// An exhaustive check split over the ranks of a job: rank r checks part r of N of the
// domain's chunks (interleaved, eval::VerifyOptions::part_index) on its own threads;
// rank 0 gathers and reduces the parts (eval::reduce_parts), and every rank finishes
// the same report from the reduced part: the one a single process gives (the mean may
// differ in its last bits: its sum is taken in another order; the MPFR call count and
// CPU times are work done, which depends on the split).
#pragma once

#include "dist/comm.h"
#include "eval/verify.h"

namespace uf::dist {

// Collective: every rank calls it with the same kernel, reference, domain and options.
eval::VerifyReport verify_distributed(Comm& comm, const eval::BatchFn& kernel, const eval::Reference& ref,
                                      const eval::Domain& dom, const eval::VerifyOptions& opt);

}  // namespace uf::dist
