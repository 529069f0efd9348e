#include "dist/verify.h"

#include <chrono>

namespace uf::dist {

eval::VerifyReport verify_distributed(Comm& comm, const eval::BatchFn& kernel, const eval::Reference& ref,
                                      const eval::Domain& dom, const eval::VerifyOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  eval::VerifyOptions part = opt;
  part.part_index = comm.rank();
  part.part_count = comm.size();
  part.progress = opt.progress && comm.rank() == 0;
  // The parts to rank 0, which reduces them to one; the one part to every rank, which
  // finishes the report (its worst inputs' MPFR values: a few calls).
  const std::string mine = eval::encode_partial(eval::verify_partial(kernel, ref, dom, part));
  std::string reduced;
  const std::vector<std::string> all = comm.gather(mine, 0);
  if (comm.rank() == 0) {
    std::vector<eval::VerifyPartial> parts;
    for (const std::string& bytes : all) parts.push_back(eval::decode_partial(bytes));
    reduced = eval::encode_partial(eval::reduce_parts(parts, opt.worst_count));
  }
  reduced = comm.broadcast(reduced, 0);
  eval::VerifyReport rep = eval::finish_verify({eval::decode_partial(reduced)}, kernel, ref, dom, part);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace uf::dist
