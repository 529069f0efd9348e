// Shared by `ulpforge emit`, `ulpforge asm` and `ulpforge library`: the full kernel to
// generate code for, the name it gets, and its exhaustive proof.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "eval/verify.h"
#include "ir/program.h"
#include "targets/target.h"

namespace uf::cli {

struct CodegenKernel {
  ir::Program kernel;                      // full kernel (no holes)
  const targets::Target* target = nullptr; // when known
  std::string name;                        // uf_<name>
};

// Loads PROGRAM. With a target (--target, or the file's `; target: NAME` line) the
// program is completed by full_kernel(); without one it must be a full kernel itself.
// The name is --name, else the target's name, else the file's stem. A user-defined
// target (--target-file), when given, is the target.
CodegenKernel kernel_for_codegen(const std::string& program_file,
                                 const std::optional<std::string>& target,
                                 const std::optional<std::string>& name,
                                 const targets::Target* user_target = nullptr);

// The exhaustive check of a kernel over its target's domain and special values, with the
// host JIT (the interpreter when the JIT cannot compile it).
eval::VerifyReport prove_kernel(const ir::Program& kernel, const targets::Target& t, double bound,
                                int threads);

// A fused kernel (ir::MultiProgram; targets::FusedTarget, e.g. sincosf) and its target.
struct FusedKernel {
  ir::MultiProgram kernel;  // holes filled
  const targets::FusedTarget* target = nullptr;
};

// The fused target named by `name`, or else by the file's `; target:` line; nullptr when
// neither names one (the file is then an ordinary kernel).
const targets::FusedTarget* fused_target_of(const std::optional<std::string>& name,
                                            const std::filesystem::path& program_file);
// Loads a fused kernel file (`ret %s, %c`); a template's holes get the first part's
// baseline cores. Throws InputError "FILE:line:col: message" on a parse error and when
// the number of results is not the target's.
FusedKernel load_fused(const std::filesystem::path& file, const targets::FusedTarget& t);

// The proof of each result of a fused kernel on its part (prove_kernel on
// MultiProgram::output(i) with part(i)'s reference, domain and special values).
std::vector<eval::VerifyReport> prove_fused(const FusedKernel& k, double bound, int threads);

// The bound a kernel's proofs establish: the larger max ULP of `reps` (one report, or one
// per result of a fused kernel, in `parts` order), with their inputs and seconds summed.
// Throws InputError "<what>: <part> fails N declared special values ..." when a report
// misses a special value: such a kernel gets no proven bound.
struct ProvenBound {
  double max_ulp = 0;
  std::uint64_t inputs = 0;
  double seconds = 0;
};
ProvenBound proven_bound(const std::vector<eval::VerifyReport>& reps, const std::vector<std::string>& parts,
                         const std::string& what);

// The provenance line of a proven kernel's .uf file (the search writes the same one):
// "; proven max ULP: <bound> (exhaustive check of every input of <domain>, ...)\n".
std::string proven_line(double ulp, const targets::Target& t);

}  // namespace uf::cli
