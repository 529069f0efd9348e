// prove_kernel (cli/codegen_common.h); kernel_for_codegen lives in cli/cmd_asm.cpp.
#include <iostream>

#include "cli/codegen_common.h"
#include "ir/bound.h"
#include "jit/jit.h"

namespace uf::cli {

eval::VerifyReport prove_kernel(const ir::Program& kernel, const targets::Target& t, double bound,
                                int threads) {
  eval::VerifyOptions opt;
  opt.threads = threads;
  opt.bound = bound;
  opt.specials = t.specials;
  // The host-JIT kernel is checked when it compiles (its bits equal the interpreter's:
  // tests/jit/differential_test.cpp); otherwise the interpreter.
  const jit::Expected<jit::Kernel> jk = jit::compile(kernel);
  if (!jk) std::cerr << "host JIT unavailable (" << jk.error << "); verifying with the interpreter\n";
  return jk ? eval::verify_exhaustive(jk->batch_fn(), t.ref, t.domain, opt)
            : eval::verify_exhaustive(kernel, t.ref, t.domain, opt);
}

std::string proven_line(double ulp, const targets::Target& t) {
  return "; proven max ULP: " + ir::format_bound(ulp) + " (exhaustive check of every input of " +
         t.domain.describe() + ", special values included)\n";
}

}  // namespace uf::cli
