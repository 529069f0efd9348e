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
  const std::string mine = eval::encode_partial(eval::verify_partial(kernel, ref, dom, part));
  std::vector<eval::VerifyPartial> parts;
  for (const std::string& bytes : comm.all_gather(mine)) parts.push_back(eval::decode_partial(bytes));
  eval::VerifyReport rep = eval::finish_verify(parts, kernel, ref, dom, part);
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return rep;
}

}  // namespace uf::dist
