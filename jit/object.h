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
// `cpu` (optional) replaces the ISA's generic CPU (x86-64-v3, x86-64-v4, generic) by an
// LLVM CPU name whose scheduling model and tuning the code is built with ("znver3",
// "neoverse-n1"); it must have the ISA's features (the caller pairs them: jit/mca.h).
Expected<std::string> emit_code(std::span<const NamedKernel> kernels, ir::Isa isa, OutputKind kind,
                                std::string_view cpu = {});

}  // namespace uf::jit
