// C99 header emission: one self-contained header per kernel that downstream C and C++
// code includes. It defines
//   static inline float uf_<name>(float x);                                  portable scalar
//   static inline void  uf_<name>_array(const float* in, float* out, size_t n);
// and, when the compiler targets them, the vector bodies the array function uses:
//   __m512 uf_<name>_m512(__m512)            (__AVX512F__)
//   __m256 uf_<name>_m256(__m256)            (__AVX2__ && __FMA__)
//   float32x4_t uf_<name>_f32x4(float32x4_t) (__aarch64__ && __ARM_NEON)
// Every body computes ir/semantics.h exactly (same bits as eval::run_f32 for every
// input, NaN payloads aside):
//  - no FP contraction: `#pragma STDC FP_CONTRACT OFF` (clang and other C99 compilers),
//    `#pragma GCC optimize ("fp-contract=off")` for GCC (whose GNU modes default to
//    -ffp-contract=fast); fma only as fmaf / _mm*_fmadd_ps / vfmaq_f32. With GCC in
//    GNU mode this keeps the functions out of line in callers compiled with contraction.
//  - min/max keep the `a < b ? a : b` convention (minps/maxps; NEON via compare+select),
//    rint is an exact integer-only roundeven in scalar code and an explicit
//    round-to-nearest-even instruction in vector code, f2i saturates with NaN -> 0.
//  - i2f and the arithmetic ops assume the default rounding mode (round to nearest) and
//    no flush-to-zero, as IEEE-754 code generally does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/program.h"
#include "jit/expected.h"

namespace uf::jit {

struct HeaderInfo {
  // Function name suffix: uf_<name>; macros UF_<NAME>_...; characters other than
  // [A-Za-z0-9_] become '_'.
  std::string name;
  // UF_<NAME>_MAX_ULP. `max_ulp_proven` says whether the figure comes from an exhaustive
  // check over the domain (stated in the provenance comment either way).
  std::optional<double> max_ulp;
  bool max_ulp_proven = false;
  // UF_<NAME>_DOMAIN_LO/_HI: emitted when the proven domain is not every float.
  std::optional<float> domain_lo, domain_hi;
  std::string domain_text = "all float32";  // for the provenance comment
  std::optional<std::uint64_t> seed;
  std::string source;             // e.g. the program file the kernel came from
  std::string tool_version = "";  // empty: ULPFORGE_VERSION
  // Provenance lines, each printed when non-empty: the tool's source commit, the command
  // that wrote the header, what proved the bound (tool and MPFR/LLVM/glibc versions) and
  // the licence of the generated code (an SPDX identifier). The kernel hash is always
  // printed (ir::full_hash).
  std::string tool_commit;
  std::string command;
  std::string proof_env;
  std::string licence;
};

// Returns the header text. Errors: the program cannot be lowered (core hole, bad
// operand), or the name is empty.
Expected<std::string> emit_header(const ir::Program& kernel, const HeaderInfo& info);
// A fused kernel (ir::MultiProgram): the functions write result i through the pointer
// out_<outputs[i]> (jit/header_functions.h); UF_<NAME>_MAX_ULP is the larger of the
// results' bounds. Errors as above, and outputs that do not name each result once with a
// distinct C identifier.
Expected<std::string> emit_header(const ir::MultiProgram& kernel, const std::vector<std::string>& outputs,
                                  const HeaderInfo& info);

// The identifier form of a name (used for uf_<name>); exposed for tests and the CLI.
std::string header_identifier(const std::string& name);

}  // namespace uf::jit
