// The C vocabularies of the header emitter (jit/header.cpp): the expression of each IR
// op in portable C99, in x86 intrinsics (one body for AVX2 and AVX-512; the differences
// are data in X86Vec) and in NEON intrinsics, and the literal forms of constants.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ir/program.h"

namespace uf::jit::detail {

struct Names {
  std::vector<std::string> v;
  const std::string& operator[](std::uint32_t i) const { return v[i]; }
};

// One backend: C type of each IR type and the C expression of each op.
struct Backend {
  std::string f32, i32, mask;
  std::function<std::string(const ir::Instr&, const std::string&, const std::string&,
                            const std::string&)>
      expr;
  // Optional cheaper forms when value ranges (ir/range.h) prove a guard dead: f2i of a
  // value whose finite values fit in int32 (`nan`: a NaN may reach it), and ldexp with
  // an exponent already within [-252, 254].
  std::function<std::string(const std::string& a, bool nan)> f2i_in_range;
  std::function<std::string(const std::string& a, const std::string& k)> ldexp_k_in_range;
};

// float32 constants as C: a decimal that round-trips where one exists, else a hex float.
std::string scalar_fconst(std::uint32_t bits);
std::string hexf_literal(float f);
std::string decimal(float f);
std::string hex32(std::uint32_t v);
float as_float(std::uint32_t b);
std::string call(const char* fn, const std::string& a);
std::string call(const char* fn, const std::string& a, const std::string& b);
std::string call(const char* fn, const std::string& a, const std::string& b, const std::string& c);

// The four code generators of the header.
Backend scalar_backend();
Backend avx512_backend();
Backend avx2_backend();
Backend neon_backend();

}  // namespace uf::jit::detail
