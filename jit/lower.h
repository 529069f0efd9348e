// Lowering of a full kernel (no core holes) to LLVM 19 IR.
//
// The kernel becomes `void NAME(const float* in, float* out, i64 n)`: a scalar loop
// `for i in [0, n): out[i] = P(in[i])` that the loop vectoriser widens. Pointers are not
// marked noalias, so the vectoriser adds a runtime overlap check and `in == out`
// (in-place) stays correct. No fast-math flags are set anywhere, so every f32 op keeps
// its IEEE meaning. Per op (ir/ops.def, ir/semantics.h):
//   add/sub/mul/div -> fadd/fsub/fmul/fdiv     fma  -> llvm.fma.f32
//   neg -> fneg (sign flip)  abs -> llvm.fabs   sqrt -> llvm.sqrt.f32
//   min a b -> select(fcmp olt a b, a, b)       max -> select(fcmp ogt a b, a, b)
//   rint -> llvm.roundeven.f32
//   f2i  -> llvm.fptosi.sat.i32.f32 where the target has a saturating conversion
//           (AArch64 fcvtzs); elsewhere NaN -> 0, clamp to [-2^31, 2^31 - 128],
//           fptosi, and select INT32_MAX for a >= 2^31: LLVM 19 scalarises vector
//           fptosi.sat on x86 (8x slower), and this form is cvttps2dq + min/max/blend.
//   i2f -> sitofp                                ldexp -> clamp k to [-252, 254], two
//   fmuls by 2^(k>>1) and 2^(k-(k>>1)) built as bitcast((j+127) << 23)
//   getexp/getmant -> integer bit ops on the bitcast; shifts mask the amount by 31
//   masks are i1; lt/le/eq -> fcmp olt/ole/oeq; ilt/ieq -> icmp slt/eq.
// This header stays free of LLVM types; jit/llvm_detail.h has the in-module API.
#pragma once

#include <string>

#include "ir/program.h"
#include "jit/expected.h"

namespace uf::jit {

struct LowerOptions {
  std::string function_name = "uf_kernel";
  // Adds "prefer-vector-width"="512" (set when the target CPU has AVX-512).
  bool prefer_512 = false;
  // Lower f2i to llvm.fptosi.sat (set for AArch64, whose fcvtzs is exactly that).
  bool native_saturating_f2i = false;
  // > 1 (a power of two): a kernel with a live guard (ir::guard_owners) becomes an
  // explicit loop over vectors of this many lanes in which each guard's cold path is
  // behind an any-lane branch, as in the C headers, then a scalar loop for the rest.
  // 0 or 1, or a kernel without guards: one scalar loop the loop vectoriser widens (a
  // guard is then a select: both arms are computed for every element).
  unsigned vector_lanes = 0;
  // Optional "target-cpu" / "target-features" function attributes (empty: none).
  std::string cpu;
  std::string features;
};

// Lowers `kernel` into a fresh module and returns its textual LLVM IR (unoptimised,
// checked with the LLVM verifier). Errors: program fails ir::verify-like checks
// (operand out of range, type mismatch, core hole present).
Expected<std::string> lower_to_llvm_text(const ir::Program& kernel, const LowerOptions& opt = {});

// Returns the LLVM IR after the O3 pipeline for the host CPU (vectorised loop), for
// inspection and tests.
Expected<std::string> optimized_llvm_text(const ir::Program& kernel, const LowerOptions& opt = {});

}  // namespace uf::jit
