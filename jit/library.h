// The library header: every committed kernel in one C99 header, `ulpforge_math.h`
// (written by `ulpforge library`, cli/cmd_library.cpp). Per kernel it defines what a
// per-function header does (jit/header.h): uf_<name>(float), uf_<name>_array(in, out, n),
// the vector bodies and UF_<NAME>_MAX_ULP; beside them a table of the proven bounds
// (uf_math_bounds) and uf_math_isa(), the body the array functions run on this CPU.
//
// Run-time dispatch: on x86 with GCC or Clang and a target without AVX-512 (a
// distribution build with no -march), the AVX-512 and AVX2+FMA bodies are compiled with
// __attribute__((target(...))) and uf_<name>_array picks the best one the CPU has
// (__builtin_cpu_supports, which checks the OS's register state too). Otherwise, or with
// ULPFORGE_NO_DISPATCH defined, the body follows the predefined macros as in a
// per-function header. Every body gives the same bits (the same proof holds for all).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/program.h"
#include "jit/expected.h"
#include "jit/header.h"

namespace uf::jit {

struct LibraryKernel {
  ir::Program kernel;
  // A fused kernel (sincosf) when `outputs` is not empty: `fused` writes result i
  // through out_<outputs[i]> (jit/header_functions.h), and `kernel` is unused.
  ir::MultiProgram fused;
  std::vector<std::string> outputs;
  HeaderInfo info;            // name, proven bound (must be proven), domain, source, seed
  double tier = 1;            // the ULP tier it was chosen for
  std::string proof;          // how the bound was established, for the comment
};

struct LibraryInfo {
  std::string tool_version;   // empty: ULPFORGE_VERSION
  std::string tool_commit;    // the tool's source commit
  std::string command;        // the command line that wrote the header
  std::string proof_env;      // where and with what the bounds were proven
  std::string licence;        // SPDX identifier of the generated code's licence
};

// The header text. Errors: no kernel, a kernel without a proven bound, two kernels of
// one name, or a kernel the header emitter cannot lower.
Expected<std::string> emit_library(const std::vector<LibraryKernel>& kernels, const LibraryInfo& info);

}  // namespace uf::jit
