// prove_kernel (cli/codegen_common.h); kernel_for_codegen lives in cli/cmd_asm.cpp.
#include "cli/codegen_common.h"

#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/common.h"
#include "ir/bound.h"
#include "ir/passes.h"
#include "ir/text.h"
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

const targets::FusedTarget* fused_target_of(const std::optional<std::string>& name,
                                            const std::filesystem::path& program_file) {
  std::optional<std::string> n = name;
  if (!n && !program_file.empty()) n = header_field(read_file(program_file), "target");
  return n ? targets::find_fused(*n) : nullptr;
}

FusedKernel load_fused(const std::filesystem::path& file, const targets::FusedTarget& t) {
  ir::MultiParseResult r = ir::parse_multi(read_file(file));
  if (!r) throw InputError(file.string() + ":" + r.error.to_string());
  ir::MultiProgram m = std::move(*r.program);
  if (m.outputs.size() != t.parts.size())
    throw InputError(fmt::format("{}: {} has {} results ({}), the file returns {}", file.string(), t.name,
                                 t.parts.size(), fmt::join(t.outputs, ", "), m.outputs.size()));
  const std::uint32_t holes = ir::hole_count(m.code);
  if (holes > t.part(0).baseline_cores.size())
    throw InputError(fmt::format("{}: {} core holes; {} has {}", file.string(), holes, t.name,
                                 t.part(0).baseline_cores.size()));
  if (holes > 0) m = ir::inline_cores(m, t.part(0).baseline_cores);
  return FusedKernel{std::move(m), &t};
}

std::vector<eval::VerifyReport> prove_fused(const FusedKernel& k, double bound, int threads) {
  std::vector<eval::VerifyReport> reps;
  for (std::size_t i = 0; i < k.kernel.outputs.size(); ++i) {
    const targets::Target& part = k.target->part(i);
    std::cerr << fmt::format("{}: proving result {} ({}) as {}\n", k.target->name, i, k.target->outputs[i],
                             part.name);
    reps.push_back(prove_kernel(ir::remove_dead_code(k.kernel.output(i)), part, bound, threads));
  }
  return reps;
}

ProvenBound proven_bound(const std::vector<eval::VerifyReport>& reps, const std::vector<std::string>& parts,
                         const std::string& what) {
  ProvenBound b;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const eval::VerifyReport& rep = reps[i];
    if (rep.special_mismatches > 0 || !rep.declared_special_failures.empty())
      throw InputError(fmt::format("{}: {} fails special values ({} wrong NaN/inf/sign, {} of {} declared); no "
                                   "proven bound", what, parts.at(i), rep.special_mismatches,
                                   rep.declared_special_failures.size(), rep.declared_specials));
    b.max_ulp = std::max(b.max_ulp, rep.max_ulp);
    b.inputs += rep.inputs;
    b.seconds += rep.seconds;
  }
  return b;
}

std::string proven_line(double ulp, const targets::Target& t) {
  return "; proven max ULP: " + ir::format_bound(ulp) + " (exhaustive check of every input of " +
         t.domain.describe() + ", special values included)\n";
}

}  // namespace uf::cli
