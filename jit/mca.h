// Predicted speed of a kernel on CPUs this machine may not be, from LLVM's scheduling
// models: the kernel is compiled ahead of time for the CPU (jit::emit_code, tuned and
// scheduled for it), the vectorised loop is cut out of the assembly, and llvm-mca, LLVM's
// Machine Code Analyzer (the llvm-mca-19 tool of Debian's llvm-19 package), simulates
// kMcaIterations iterations of it on the CPU's model. The prediction is cycles per
// element: simulated core cycles per iteration over the float lanes one iteration stores.
// It is a model (no caches, no frequency), used to rank kernels, not to quote speed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/isa.h"
#include "ir/program.h"
#include "jit/expected.h"

namespace uf::jit {

inline constexpr int kMcaIterations = 200;

// An LLVM CPU and the ISA whose code it runs.
struct McaCpu {
  std::string name;  // "znver3"
  ir::Isa isa;
};

// The CPUs the cost study models by default: znver3 (AVX2), znver4 and skylake-avx512
// (AVX-512), neoverse-n1 (NEON).
const std::vector<McaCpu>& default_mca_cpus();

// "znver3" (one of the defaults) or "NAME:ISA" ("alderlake:avx2", "apple-m1:neon");
// nullopt for anything else. The CPU name is checked when code is emitted for it.
std::optional<McaCpu> parse_mca_cpu(std::string_view spec);

// The vector loop of a kernel's assembly (emit_code output for `isa`): among the loops
// (a label and a later branch back to it), the one whose stores write the most float
// lanes per iteration (the loop vectoriser's main body, not the scalar remainder).
struct LoopBody {
  std::vector<std::string> instructions;  // the body's instruction lines, labels removed
  int lanes = 0;                          // float lanes stored per iteration
};
std::optional<LoopBody> vector_loop(std::string_view assembly, ir::Isa isa);

struct McaResult {
  double cycles_per_element = 0;    // simulated cycles per iteration / lanes
  double cycles_per_iteration = 0;  // llvm-mca's Total Cycles / Iterations
  int lanes = 0;
  std::size_t instructions = 0;     // in the loop body
};

// The llvm-mca binary: $ULPFORGE_LLVM_MCA if set, else the one next to the LLVM the
// project is built with. A name without '/' is looked up on PATH.
std::string llvm_mca_path();

// Compiles `kernel` (a full kernel) for `cpu`, runs llvm-mca on its
// vector loop and returns the prediction. Results are cached per (CPU, program) for the
// process. Errors (unknown CPU, no vector loop, llvm-mca missing or failing) are values.
// llvm-mca simulates straight-line code: pass a kernel with guards as ir::hot_path(k),
// or the cold path's instructions are counted as if every vector took it.
Expected<McaResult> mca_analyse(const ir::Program& kernel, const McaCpu& cpu);

}  // namespace uf::jit
