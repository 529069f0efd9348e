// Ahead-of-time code generation through an LLVM TargetMachine: relocatable objects and
// assembly of full kernels for x86-64-v3 (AVX2+FMA), x86-64-v4 (AVX-512) and AArch64
// (NEON): ir::Isa Avx2, Avx512 and Neon. Each kernel becomes an external function with
// the RawKernelFn ABI `void NAME(const float* in, float* out, int64_t n)` (C calling
// convention), optimised at O3 with the loop vectoriser.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ir/program.h"
#include "jit/expected.h"

namespace uf::jit {

// The LLVM triple, CPU and features used for an ISA.
std::string isa_triple(ir::Isa isa);

enum class OutputKind { Object, Assembly };

struct NamedKernel {
  std::string name;     // C identifier of the emitted function
  ir::Program program;  // full kernel (no core holes)
};

// Emits all kernels into one module and returns the ELF object bytes or assembly text.
// Errors (bad name, lowering failure, codegen failure) are returned, never thrown.
Expected<std::string> emit_code(std::span<const NamedKernel> kernels, ir::Isa isa, OutputKind kind);

}  // namespace uf::jit
