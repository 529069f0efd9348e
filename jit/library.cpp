#include "jit/library.h"

#include <fmt/format.h>

#include <cctype>
#include <set>
#include <sstream>

#include "ir/bound.h"
#include "ir/passes.h"
#include "ir/range.h"
#include "jit/header_vocab.h"
#include "jit/llvm_detail.h"

#ifndef ULPFORGE_VERSION
#define ULPFORGE_VERSION "unknown"
#endif

namespace uf::jit {
namespace {

using namespace detail;

// The per-function headers' helpers, with the x86 vector helpers available whenever the
// library may dispatch to them (UF__HAVE512/256) and compiled for their ISA (UF__T512/256).
std::string library_helpers() {
  std::string s = header_helpers();
  s = replace_all(s, "#if defined(__AVX512F__)\n", "#if UF__HAVE512\n");
  s = replace_all(s, "#if defined(__AVX2__) && defined(__FMA__)\n", "#if UF__HAVE256\n");
  s = replace_all(s, "static inline __m512", "UF__T512 static inline __m512");
  s = replace_all(s, "static inline __m256", "UF__T256 static inline __m256");
  return s;
}

// C string literal contents (the command line may hold quotes or backslashes).
std::string c_escape(const std::string& s) {
  std::string r;
  for (char c : s) {
    if (c == '"' || c == '\\') r += '\\';
    if (c == '\n') { r += "\\n"; continue; }
    r += c;
  }
  return r;
}

std::string function_section(const LibraryKernel& k) {
  const std::string id = header_identifier(k.info.name), fn = "uf_" + id, mac = "UF_" + upper_identifier(id);
  const std::vector<ir::Range> range = ir::value_ranges(k.kernel);
  std::ostringstream h;
  h << "/* ---- " << fn << ": " << comment_safe(k.info.name) << ", proven max ULP "
    << ir::format_bound(*k.info.max_ulp) << " on " << comment_safe(k.info.domain_text) << " ---- */\n"
    << "#ifndef ULPFORGE_" << upper_identifier(id) << "_H\n#define ULPFORGE_" << upper_identifier(id) << "_H\n"
    << "#define " << mac << "_MAX_ULP " << ir::format_bound_up(*k.info.max_ulp)
    << " /* exact bound: " << ir::format_hex_exact(*k.info.max_ulp) << " */\n";
  if (k.info.domain_lo) {
    h << "#define " << mac << "_DOMAIN_LO (" << hexf_literal(*k.info.domain_lo) << ") /* "
      << decimal(*k.info.domain_lo) << " */\n"
      << "#define " << mac << "_DOMAIN_HI (" << hexf_literal(*k.info.domain_hi) << ") /* "
      << decimal(*k.info.domain_hi) << " */\n";
  }
  h << "static inline float " << fn << "(float x) {\n"
    << kernel_body(k.kernel, range, scalar_backend(), "  ") << "}\n"
    << "#if UF__HAVE512\n"
    << "UF__T512 static inline __m512 " << fn << "_m512(__m512 x) {\n"
    << kernel_body(k.kernel, range, avx512_backend(), "  ") << "}\n"
    << "UF__T512 static inline void uf__" << id << "_array_avx512(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, " << fn << "_m512(_mm512_loadu_ps(in + i)));\n"
    << "  if (i < n) {\n"
    << "    const __mmask16 m = (__mmask16)((1u << (unsigned)(n - i)) - 1u);\n"
    << "    _mm512_mask_storeu_ps(out + i, m, " << fn << "_m512(_mm512_maskz_loadu_ps(m, in + i)));\n"
    << "  }\n}\n#endif\n"
    << "#if UF__HAVE256\n"
    << "UF__T256 static inline __m256 " << fn << "_m256(__m256 x) {\n"
    << kernel_body(k.kernel, range, avx2_backend(), "  ") << "}\n"
    << "UF__T256 static inline void uf__" << id << "_array_avx2(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, " << fn << "_m256(_mm256_loadu_ps(in + i)));\n"
    << "  if (i < n) {\n"
    << "    const __m256i m = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(n - i)),\n"
    << "                                         _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));\n"
    << "    _mm256_maskstore_ps(out + i, m, " << fn << "_m256(_mm256_maskload_ps(in + i, m)));\n"
    << "  }\n}\n#endif\n"
    << "#if defined(__aarch64__) && defined(__ARM_NEON)\n"
    << "static inline float32x4_t " << fn << "_f32x4(float32x4_t x) {\n"
    << kernel_body(k.kernel, range, neon_backend(), "  ") << "}\n"
    << "static inline void uf__" << id << "_array_neon(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, " << fn << "_f32x4(vld1q_f32(in + i)));\n"
    << "  for (; i < n; ++i) out[i] = " << fn << "(in[i]);\n}\n#endif\n"
    << "static inline void uf__" << id << "_array_scalar(const float* in, float* out, size_t n) {\n"
    << "  size_t i;\n  for (i = 0; i < n; ++i) out[i] = " << fn << "(in[i]);\n}\n"
    << "static inline void " << fn << "_array(const float* in, float* out, size_t n) {\n"
    << "#if ULPFORGE_MATH_DISPATCH\n"
    << "  const int isa = uf__math_cpu();\n"
    << "  if (isa == 2) uf__" << id << "_array_avx512(in, out, n);\n"
    << "  else if (isa == 1) uf__" << id << "_array_avx2(in, out, n);\n"
    << "  else uf__" << id << "_array_scalar(in, out, n);\n"
    << "#elif defined(__AVX512F__)\n  uf__" << id << "_array_avx512(in, out, n);\n"
    << "#elif defined(__AVX2__) && defined(__FMA__)\n  uf__" << id << "_array_avx2(in, out, n);\n"
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n  uf__" << id << "_array_neon(in, out, n);\n"
    << "#else\n  uf__" << id << "_array_scalar(in, out, n);\n#endif\n}\n"
    << "#endif /* ULPFORGE_" << upper_identifier(id) << "_H */\n\n";
  return h.str();
}

}  // namespace

Expected<std::string> emit_library(const std::vector<LibraryKernel>& kernels, const LibraryInfo& info) {
  using R = Expected<std::string>;
  if (kernels.empty()) return R::fail("a library needs at least one kernel");
  std::set<std::string> names;
  for (const LibraryKernel& k : kernels) {
    if (!k.info.max_ulp || !k.info.max_ulp_proven)
      return R::fail(k.info.name + ": a library kernel needs a proven bound");
    if (!names.insert(header_identifier(k.info.name)).second)
      return R::fail("two kernels are named uf_" + header_identifier(k.info.name));
    if (std::string e = check_lowerable(k.kernel); !e.empty()) return R::fail(k.info.name + ": " + e);
  }
  const std::string version = info.tool_version.empty() ? ULPFORGE_VERSION : info.tool_version;
  std::ostringstream h;
  h << "/* ulpforge_math.h: " << kernels.size() << " float32 math kernels generated by ulpforge "
    << version << " (commit " << (info.tool_commit.empty() ? "unknown" : info.tool_commit) << ").\n"
    << " *   command:  " << comment_safe(info.command) << "\n";
  h << " *   proofs:   " << comment_safe(info.proof_env) << "\n"
    << " *   SPDX-License-Identifier: " << comment_safe(info.licence) << " (the generated code)\n"
    << " *\n * Every function's bound was proven by an exhaustive check of every float32 input of its\n"
    << " * domain (special values included) in the default floating-point environment: round\n"
    << " * to nearest, subnormals kept (no FTZ/DAZ). Fast-math is refused (#error).\n *\n"
    << " * function               proven max ULP  tier  ops  kernel hash         proof\n";
  for (const LibraryKernel& k : kernels) {
    h << " *   " << fmt::format("{:<20} {:>14}  {:>4}  {:>3}  {:016x}  ", "uf_" + header_identifier(k.info.name),
                                ir::format_bound_up(*k.info.max_ulp), fmt::format("{:g}", k.tier),
                                ir::op_count(k.kernel), ir::full_hash(k.kernel))
      << comment_safe(k.proof) << "\n"
      << " *     domain: " << comment_safe(k.info.domain_text)
      << (k.info.source.empty() ? "" : "; source: " + comment_safe(k.info.source))
      << (k.info.seed ? fmt::format("; search seed {}", *k.info.seed) : "") << "\n";
  }
  h << " *\n * Bodies: AVX-512F, AVX2+FMA, AArch64 NEON and portable scalar, identical bits (NaN\n"
    << " * payloads aside). On x86 with GCC or Clang, unless the target already has AVX-512 or\n"
    << " * ULPFORGE_NO_DISPATCH is defined, uf_<name>_array picks the best body the CPU has at\n"
    << " * run time (ULPFORGE_MATH_DISPATCH is 1); otherwise the predefined macros choose it.\n"
    << " * uf_math_isa() names the body in use. Include this header instead of the per-function\n"
    << " * headers, or before them (they then add nothing).\n */\n"
    << "#ifndef ULPFORGE_MATH_H\n#define ULPFORGE_MATH_H\n\n"
    << "#if defined(ULPFORGE_HEADER_HELPERS_V1)\n"
    << "#error \"include ulpforge_math.h before (or instead of) the per-function ulpforge headers\"\n"
    << "#endif\n"
    << ieee_guard()
    << "#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n"
    << "#if !defined(ULPFORGE_NO_DISPATCH) && (defined(__x86_64__) || defined(__i386__)) && \\\n"
    << "    (defined(__GNUC__) || defined(__clang__)) && !defined(__AVX512F__)\n"
    << "#define ULPFORGE_MATH_DISPATCH 1\n#else\n#define ULPFORGE_MATH_DISPATCH 0\n#endif\n"
    << "#if ULPFORGE_MATH_DISPATCH\n"
    << "#define UF__T512 __attribute__((target(\"avx512f\")))\n"
    << "#define UF__T256 __attribute__((target(\"avx2,fma\")))\n"
    << "#else\n#define UF__T512\n#define UF__T256\n#endif\n"
    << "#if ULPFORGE_MATH_DISPATCH || defined(__AVX512F__)\n#define UF__HAVE512 1\n#else\n#define UF__HAVE512 0\n#endif\n"
    << "#if ULPFORGE_MATH_DISPATCH || (defined(__AVX2__) && defined(__FMA__))\n#define UF__HAVE256 1\n"
    << "#else\n#define UF__HAVE256 0\n#endif\n"
    << "#if UF__HAVE512 || UF__HAVE256\n#include <immintrin.h>\n"
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n#include <arm_neon.h>\n#endif\n\n"
    << pragmas_begin()
    << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
    << library_helpers() << "\n"
    << "#if ULPFORGE_MATH_DISPATCH\n"
    << "/* 2: AVX-512F, 1: AVX2 and FMA, 0: neither (CPUID and the OS's saved register state). */\n"
    << "static inline int uf__math_cpu(void) {\n"
    << "  __builtin_cpu_init();\n"
    << "  if (__builtin_cpu_supports(\"avx512f\")) return 2;\n"
    << "  if (__builtin_cpu_supports(\"avx2\") && __builtin_cpu_supports(\"fma\")) return 1;\n"
    << "  return 0;\n}\n#endif\n"
    << "/* The body the uf_*_array functions run: \"avx512\", \"avx2\", \"neon\" or \"scalar\". */\n"
    << "static inline const char* uf_math_isa(void) {\n"
    << "#if ULPFORGE_MATH_DISPATCH\n"
    << "  static const char* const names[] = {\"scalar\", \"avx2\", \"avx512\"};\n"
    << "  return names[uf__math_cpu()];\n"
    << "#elif defined(__AVX512F__)\n  return \"avx512\";\n"
    << "#elif defined(__AVX2__) && defined(__FMA__)\n  return \"avx2\";\n"
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n  return \"neon\";\n"
    << "#else\n  return \"scalar\";\n#endif\n}\n\n";
  for (const LibraryKernel& k : kernels) h << function_section(k);
  h << "/* The proven bounds, one row per function: its name, the bound rounded up (a double\n"
    << " * >= the exact bound), the ULP tier and the domain it was proven on. */\n"
    << "typedef struct {\n  const char* name;\n  double max_ulp;\n  double tier;\n  const char* domain;\n"
    << "} uf_math_bound;\n"
    << "#define ULPFORGE_MATH_FUNCTIONS " << kernels.size() << "\n"
    << "static inline const uf_math_bound* uf_math_bounds(void) {\n"
    << "  static const uf_math_bound table[ULPFORGE_MATH_FUNCTIONS] = {\n";
  for (const LibraryKernel& k : kernels) {
    h << "    {\"uf_" << header_identifier(k.info.name) << "\", " << ir::format_bound_up(*k.info.max_ulp)
      << ", " << fmt::format("{:g}", k.tier) << ", \"" << c_escape(k.info.domain_text) << "\"},\n";
  }
  h << "  };\n  return table;\n}\n\n"
    << "#ifdef __cplusplus\n}\n#endif\n\n" << pragmas_end()
    << "#endif /* ULPFORGE_MATH_H */\n";
  return R::ok(h.str());
}

}  // namespace uf::jit
