// The C functions of one kernel, shared by the per-function headers (jit/header.cpp) and
// the library header (jit/library.cpp): the body function of each ISA and the array loop
// around it. A kernel returns one value, or, fused (ir::MultiProgram, e.g. sincosf),
// writes each of its results through an output pointer:
//   float uf_f(float x)                 void uf_f(float x, float* out_sin, float* out_cos)
//   __m512 uf_f_m512(__m512 x)          void uf_f_m512(__m512 x, __m512* out_sin, __m512* out_cos)
//   void uf_f_array(const float* in, float* out, size_t n)
//                                       void uf_f_array(const float* in, float* out_sin,
//                                                       float* out_cos, size_t n)
// Array loops: full vectors, then a masked tail on AVX-512 and AVX2 (masked loads read no
// element past n) or a scalar tail on NEON.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/program.h"
#include "ir/range.h"
#include "jit/header_vocab.h"

namespace uf::jit::detail {

enum class Body { Scalar, Avx512, Avx2, Neon };

struct KernelCode {
  const ir::Program& p;
  std::vector<std::uint32_t> roots;  // the values returned, in output order
  std::vector<std::string> outs;     // empty: one returned value; else the outputs' names
  std::vector<ir::Range> range;      // ir::value_ranges(p)

  static KernelCode single(const ir::Program& p);
  static KernelCode fused(const ir::MultiProgram& m, std::vector<std::string> names);
};

// `<attr> static inline <T> <fn><suffix>(<T> x[, <T>* out_<name>...]) { ... }`.
std::string body_function(const KernelCode& k, Body b, const std::string& fn, const std::string& attr);
// `<attr> static inline void <name>(<array_params>)`: <fn>'s body function of b over the
// array (for Body::Scalar, <fn> element by element).
std::string array_function(const KernelCode& k, Body b, const std::string& fn, const std::string& name,
                           const std::string& attr);
// "const float* in, float* out, size_t n" (fused: one float* per output) and the matching
// argument list "in, out, n".
std::string array_params(const KernelCode& k);
std::string array_args(const KernelCode& k);

// Why a fused kernel cannot become C functions (empty: it can): check_lowerable's
// reasons, no result, a result that is not an f32 value, or output names that are not
// one distinct C identifier per result.
std::string check_fused(const ir::MultiProgram& m, const std::vector<std::string>& outputs);

}  // namespace uf::jit::detail
