// The C vocabularies of the header emitter (jit/header.cpp): the expression of each IR
// op in portable C99, in x86 intrinsics (one body for AVX2 and AVX-512; the differences
// are data in X86Vec) and in NEON intrinsics, and the literal forms of constants.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "ir/program.h"
#include "ir/range.h"

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
  // The C condition "some lane of mask m is true", which opens a guard's cold block.
  std::function<std::string(const std::string& m)> any_lane;
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

namespace uf::jit::detail {

// Shared by jit/header.cpp and jit/library.cpp: the statements of one kernel's function
// body in a backend (`range`: ir::value_ranges(p)), and the helper functions every header
// carries under the ULPFORGE_HEADER_HELPERS_V1 guard (vector helpers under
// `#if defined(__AVX512F__)` and `#if defined(__AVX2__) && defined(__FMA__)`).
// `roots`: the values returned (`return v;`), or with `outs` one lvalue per root that
// receives it (`*out_sin = v;`).
std::string kernel_body(const ir::Program& p, std::span<const std::uint32_t> roots,
                        const std::vector<ir::Range>& range, const Backend& be, const std::string& indent,
                        const std::vector<std::string>& outs = {});
const std::string& header_helpers();
// The #error against fast-math, and the pragmas that turn FP contraction off (and GCC's
// false-positive warnings) around the functions, and back.
std::string ieee_guard();
// Every occurrence of `from` in s replaced by `to`.
std::string replace_all(std::string s, const std::string& from, const std::string& to);
// The upper-case form of an identifier, for macro names (UF_<NAME>_MAX_ULP).
std::string upper_identifier(const std::string& id);
// Text for a C comment line: "*/" cannot end the comment early.
std::string comment_safe(const std::string& s);
std::string pragmas_begin();
std::string pragmas_end();

}  // namespace uf::jit::detail
