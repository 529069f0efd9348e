#include "jit/header.h"

#include <fmt/format.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/bound.h"
#include "ir/passes.h"
#include "ir/range.h"
#include "ir/semantics.h"
#include "jit/header_functions.h"
#include "jit/header_vocab.h"
#include "jit/llvm_detail.h"

#ifndef ULPFORGE_VERSION
#define ULPFORGE_VERSION "unknown"
#endif

namespace uf::jit {
namespace {

using namespace detail;
using ir::Op;

// Instructions the results depend on (emitting dead values would trip -Wunused).
std::vector<bool> live_set(const ir::Program& p, std::span<const std::uint32_t> roots) {
  std::vector<bool> live(p.code.size(), false);
  for (std::uint32_t r : roots) live[r] = true;
  for (std::size_t i = p.code.size(); i-- > 0;) {
    if (!live[i]) continue;
    const ir::OpInfo& oi = ir::info(p.code[i].op);
    for (int a = 0; a < oi.arity; ++a) live[p.code[i].args[a]] = true;
  }
  return live;
}

// The C expression of instruction i (operand names from `name`).
std::string instr_expr(const ir::Program& p, std::size_t i, const std::vector<ir::Range>& range,
                       const Backend& be, const std::vector<std::string>& name) {
  const ir::Instr& ins = p.code[i];
  const ir::OpInfo& oi = ir::info(ins.op);
  const std::string a = oi.arity > 0 ? name[ins.args[0]] : "", b = oi.arity > 1 ? name[ins.args[1]] : "";
  if (ins.op == Op::F2I && be.f2i_in_range && ir::f2i_in_range(range[ins.args[0]])) {
    return be.f2i_in_range(a, range[ins.args[0]].nan);
  }
  if (ins.op == Op::Ldexp && be.ldexp_k_in_range && ir::ldexp_k_in_range(range[ins.args[1]])) {
    return be.ldexp_k_in_range(a, b);
  }
  return be.expr(ins, a, b, oi.arity > 2 ? name[ins.args[2]] : "");
}

// `range`: ir::value_ranges(p), computed once for all backends. `roots` are the values
// returned: one (`return v;`) or, for a fused kernel, one per lvalue of `outs`
// (`*s = v;`).
//
// Instructions are emitted in index order, except that those a guard block owns
// (ir::guard_blocks: used only for its guards' cold operands) are emitted inside the
// block, which is evaluated only when some lane of the mask is true:
//   <f32> vG = <b>;  (for each guard G of the block: guards that share a mask in a fused
//                     kernel share one block, opened at the last one's position)
//   if (<any lane of m>) { <owned instructions, nested blocks likewise>  vG = select(m, a, b); }
// Every user of an owned instruction lies in the same block (or a nested one), and every
// operand from outside it was emitted before it, so each name is declared before use
// and in scope.
std::string body(const ir::Program& p, std::span<const std::uint32_t> roots,
                 const std::vector<ir::Range>& range, const Backend& be, const std::string& indent,
                 const std::vector<std::string>& outs = {}) {
  const std::vector<bool> live = live_set(p, roots);
  const ir::GuardBlocks gb = ir::guard_blocks(p, roots);
  // The live instructions of each block in index order: the top level and one per leader.
  std::vector<std::vector<std::uint32_t>> block(p.code.size()), members(p.code.size());
  std::vector<std::uint32_t> top;
  for (std::uint32_t i = 1; i < p.code.size(); ++i) {
    if (!live[i]) continue;
    (gb.owner[i] == ir::kNoGuard ? top : block[gb.owner[i]]).push_back(i);
    if (gb.leader[i] != ir::kNoGuard) members[gb.leader[i]].push_back(i);
  }
  std::vector<std::string> name(p.code.size());
  for (std::size_t i = 0; i < p.code.size(); ++i) name[i] = i == 0 ? "x" : "v" + std::to_string(i);
  std::ostringstream os;
  if (!live[0]) os << indent << "(void)x;\n";
  const auto type_of = [&](std::uint32_t i) -> const std::string& {
    const ir::Type t = p.type_of(i);
    return t == ir::Type::F32 ? be.f32 : t == ir::Type::I32 ? be.i32 : be.mask;
  };
  const std::function<void(const std::vector<std::uint32_t>&, const std::string&)> emit =
      [&](const std::vector<std::uint32_t>& list, const std::string& ind) {
        for (std::uint32_t i : list) {
          const ir::Instr& ins = p.code[i];
          if (ins.op == Op::Guard) {
            if (gb.leader[i] != i) continue;  // emitted with its block's last guard
            for (std::uint32_t g : members[i])
              os << ind << type_of(g) << " " << name[g] << " = " << name[p.code[g].args[2]] << ";\n";
            os << ind << "if (" << be.any_lane(name[ins.args[0]]) << ") { /* cold path of ";
            for (std::size_t k = 0; k < members[i].size(); ++k) os << (k ? ", " : "") << name[members[i][k]];
            os << " */\n";
            emit(block[i], ind + "  ");
            for (std::uint32_t g : members[i])
              os << ind << "  " << name[g] << " = " << instr_expr(p, g, range, be, name) << ";\n";
            os << ind << "}\n";
            continue;
          }
          os << ind << "const " << type_of(i) << " " << name[i] << " = "
             << instr_expr(p, i, range, be, name) << ";";
          if (ins.op == Op::Const) os << "  /* " << decimal(as_float(ins.imm)) << " */";
          os << "\n";
        }
      };
  emit(top, indent);
  if (outs.empty()) {
    os << indent << "return " << name[roots[0]] << ";\n";
  } else {
    for (std::size_t k = 0; k < outs.size(); ++k) os << indent << outs[k] << " = " << name[roots[k]] << ";\n";
  }
  return os.str();
}

// Shared helpers, emitted in every header under one include guard so several kernel
// headers can be included in one translation unit. @KMIN@ and @KMAX@ stand for ldexp's
// exponent clamp (ir/semantics.h); fill_helpers() fills them in.
constexpr const char* kHelpersTemplate = R"(#ifndef ULPFORGE_HEADER_HELPERS_V1
#define ULPFORGE_HEADER_HELPERS_V1
/* Hex float constants are C99/C++17; older C++ gets the identical bit pattern. */
#if defined(__cplusplus) && __cplusplus < 201703L
#define UF__HEXF(hex, bits) uf__u2f(bits)
#else
#define UF__HEXF(hex, bits) (hex)
#endif
static inline uint32_t uf__f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static inline float uf__u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
/* Two's-complement reinterpretation without implementation-defined conversions. */
static inline int32_t uf__s32(uint32_t u) {
  return (u & 0x80000000u) ? (int32_t)(-(int32_t)(~u) - 1) : (int32_t)u;
}
/* Arithmetic shift right by (b & 31). */
static inline uint32_t uf__sar(uint32_t a, uint32_t b) {
  const uint32_t s = b & 31u;
  return (a >> s) | ((a & 0x80000000u) ? ~(0xffffffffu >> s) : 0u);
}
/* f32 -> i32 truncating, saturating, NaN -> 0. */
static inline uint32_t uf__f2i(float a) {
  if (a != a) return 0u;
  if (a >= 2147483648.0f) return 0x7fffffffu;
  if (a < -2147483648.0f) return 0x80000000u;
  return (uint32_t)(int32_t)a;
}
/* Round to nearest integer, ties to even, with integer operations only (independent of
   the rounding mode). s = number of fraction bits for exponent fields 127..149; the
   bit at position s is the integer part's last bit (for e = 127 it is the exponent's
   low bit, which is 1 like the integer part 1). */
static inline float uf__roundevenf(float x) {
  const uint32_t u = uf__f2u(x), e = (u >> 23) & 0xffu;
  uint32_t s, half, frac, r;
  if (e == 0xffu) return x + x; /* inf unchanged, NaN quieted */
  if (e >= 150u) return x;      /* |x| >= 2^23: already an integer */
  if (e < 126u) return uf__u2f(u & 0x80000000u);                        /* |x| < 0.5 */
  if (e == 126u) return uf__u2f((u & 0x80000000u) | ((u & 0x7fffffu) ? 0x3f800000u : 0u));
  s = 150u - e;
  half = 1u << (s - 1u);
  frac = u & ((1u << s) - 1u);
  r = u & ~((1u << s) - 1u);
  if (frac > half || (frac == half && (r & (1u << s)) != 0u)) r += 1u << s;
  return uf__u2f(r);
}
/* k' = clamp(k, @KMIN@, @KMAX@); (a * 2^floor(k'/2)) * 2^(k' - floor(k'/2)). */
static inline float uf__ldexpf(float a, uint32_t k) {
  int32_t kc = uf__s32(k), k1, k2;
  kc = kc < @KMIN@ ? @KMIN@ : (kc > @KMAX@ ? @KMAX@ : kc);
  k1 = kc >= 0 ? kc / 2 : -((1 - kc) / 2);
  k2 = kc - k1;
  a = a * uf__u2f((uint32_t)(k1 + 127) << 23);
  return a * uf__u2f((uint32_t)(k2 + 127) << 23);
}
#if defined(__AVX512F__)
static inline __m512i uf__f2i_m512(__m512 a) {
  __m512i r = _mm512_cvttps_epi32(a); /* 0x80000000 for NaN and out of range */
  r = _mm512_mask_mov_epi32(r, _mm512_cmp_ps_mask(a, _mm512_set1_ps(2147483648.0f), _CMP_GE_OQ),
                            _mm512_set1_epi32(0x7fffffff));
  return _mm512_mask_mov_epi32(r, _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), _mm512_setzero_si512());
}
static inline __m512 uf__ldexp_m512(__m512 a, __m512i k) {
  const __m512i kc = _mm512_min_epi32(_mm512_max_epi32(k, _mm512_set1_epi32(@KMIN@)),
                                      _mm512_set1_epi32(@KMAX@));
  const __m512i k1 = _mm512_srai_epi32(kc, 1), k2 = _mm512_sub_epi32(kc, k1);
  const __m512i b = _mm512_set1_epi32(127);
  a = _mm512_mul_ps(a, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k1, b), 23)));
  return _mm512_mul_ps(a, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k2, b), 23)));
}
#endif
#if defined(__AVX2__) && defined(__FMA__)
static inline __m256i uf__f2i_m256(__m256 a) {
  __m256i r = _mm256_cvttps_epi32(a); /* 0x80000000 for NaN and out of range */
  r = _mm256_xor_si256(r, _mm256_castps_si256(
                              _mm256_cmp_ps(a, _mm256_set1_ps(2147483648.0f), _CMP_GE_OQ)));
  return _mm256_and_si256(r, _mm256_castps_si256(_mm256_cmp_ps(a, a, _CMP_ORD_Q)));
}
static inline __m256 uf__ldexp_m256(__m256 a, __m256i k) {
  const __m256i kc = _mm256_min_epi32(_mm256_max_epi32(k, _mm256_set1_epi32(@KMIN@)),
                                      _mm256_set1_epi32(@KMAX@));
  const __m256i k1 = _mm256_srai_epi32(kc, 1), k2 = _mm256_sub_epi32(kc, k1);
  const __m256i b = _mm256_set1_epi32(127);
  a = _mm256_mul_ps(a, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, b), 23)));
  return _mm256_mul_ps(a, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k2, b), 23)));
}
#endif
#if defined(__aarch64__) && defined(__ARM_NEON)
static inline float32x4_t uf__ldexp_f32x4(float32x4_t a, int32x4_t k) {
  const int32x4_t kc = vminq_s32(vmaxq_s32(k, vdupq_n_s32(@KMIN@)), vdupq_n_s32(@KMAX@));
  const int32x4_t k1 = vshrq_n_s32(kc, 1), k2 = vsubq_s32(kc, k1);
  const int32x4_t b = vdupq_n_s32(127);
  a = vmulq_f32(a, vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k1, b), 23)));
  return vmulq_f32(a, vreinterpretq_f32_s32(vshlq_n_s32(vaddq_s32(k2, b), 23)));
}
#endif
#endif /* ULPFORGE_HEADER_HELPERS_V1 */
#ifndef ULPFORGE_HEADER_HELPERS_RANGE_V1
#define ULPFORGE_HEADER_HELPERS_RANGE_V1
/* ldexp for exponents known to lie in [@KMIN@, @KMAX@] (no clamp needed). */
#if defined(__AVX512F__)
static inline __m512 uf__ldexp_nc_m512(__m512 a, __m512i k) {
  const __m512i k1 = _mm512_srai_epi32(k, 1), k2 = _mm512_sub_epi32(k, k1);
  const __m512i b = _mm512_set1_epi32(127);
  a = _mm512_mul_ps(a, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k1, b), 23)));
  return _mm512_mul_ps(a, _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(k2, b), 23)));
}
#endif
#if defined(__AVX2__) && defined(__FMA__)
static inline __m256 uf__ldexp_nc_m256(__m256 a, __m256i k) {
  const __m256i k1 = _mm256_srai_epi32(k, 1), k2 = _mm256_sub_epi32(k, k1);
  const __m256i b = _mm256_set1_epi32(127);
  a = _mm256_mul_ps(a, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k1, b), 23)));
  return _mm256_mul_ps(a, _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(k2, b), 23)));
}
#endif
#endif /* ULPFORGE_HEADER_HELPERS_RANGE_V1 */
)";

std::string fill_helpers() {
  std::string s = kHelpersTemplate;
  const std::pair<std::string_view, std::string> subst[] = {
      {"@KMIN@", std::to_string(ir::kLdexpMinK)}, {"@KMAX@", std::to_string(ir::kLdexpMaxK)}};
  for (const auto& [from, to] : subst) s = detail::replace_all(s, std::string(from), to);
  return s;
}

const std::string& helpers_text() {
  static const std::string text = fill_helpers();
  return text;
}

}  // namespace

std::string detail::kernel_body(const ir::Program& p, std::span<const std::uint32_t> roots,
                                const std::vector<ir::Range>& range, const Backend& be,
                                const std::string& indent, const std::vector<std::string>& outs) {
  return body(p, roots, range, be, indent, outs);
}
const std::string& detail::header_helpers() { return helpers_text(); }

std::string detail::replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}
std::string detail::upper_identifier(const std::string& id) {
  std::string u;
  for (char c : id) u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}
std::string detail::comment_safe(const std::string& s) { return replace_all(s, "*/", "* /"); }
std::string detail::ieee_guard() {
  return "#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)\n"
         "#error \"ulpforge headers need IEEE semantics: compile without fast-math and "
         "finite-math-only (they break the proven bound and the special values)\"\n"
         "#endif\n\n";
}
// GCC 12's avx512fintrin.h self-initialises _mm512_undefined_*() values, which trips
// -Wmaybe-uninitialized in C++ once inlined; the diagnostic is GCC's own false positive.
std::string detail::pragmas_begin() {
  return "#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC push_options\n"
         "#pragma GCC optimize(\"fp-contract=off\")\n#pragma GCC diagnostic push\n"
         "#pragma GCC diagnostic ignored \"-Wmaybe-uninitialized\"\n"
         "#pragma GCC diagnostic ignored \"-Wuninitialized\"\n"
         "#else\n#pragma STDC FP_CONTRACT OFF\n#endif\n\n";
}
std::string detail::pragmas_end() {
  return "#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC diagnostic pop\n"
         "#pragma GCC pop_options\n#else\n#pragma STDC FP_CONTRACT DEFAULT\n#endif\n\n";
}

std::string header_identifier(const std::string& name) {
  std::string s;
  for (char c : name) {
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  }
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
  return s;
}

namespace {

// The header of a kernel whose checks passed: `k` is one program or a fused kernel.
std::string header_text(const KernelCode& k, const HeaderInfo& info, std::uint64_t hash) {
  const std::string id = header_identifier(info.name);
  const std::string up = detail::upper_identifier(id);
  const std::string fn = "uf_" + id;
  const std::string mac = "UF_" + up;
  std::size_t ops = 0;
  for (const ir::Instr& ins : k.p.code) {
    if (ins.op != Op::Input && ins.op != Op::Const && ins.op != Op::IConst) ++ops;
  }

  std::ostringstream h;
  h << "/* " << fn << ": float32 approximation generated by ulpforge "
    << (info.tool_version.empty() ? ULPFORGE_VERSION : info.tool_version) << ".\n"
    << " *   target:        " << info.name << "\n";
  if (!k.outs.empty()) {
    h << " *   results:       ";
    for (std::size_t i = 0; i < k.outs.size(); ++i) h << (i ? ", " : "") << "*out_" << k.outs[i];
    h << " (one evaluation: the results share every common instruction)\n";
  }
  h << " *   domain:        " << info.domain_text << "\n";
  if (info.max_ulp && info.max_ulp_proven) {
    h << " *   max ULP error: " << ir::format_bound(*info.max_ulp)
      << ", rounded up" << (k.outs.empty() ? "" : " (the larger of the results' bounds)")
      << "; proven: exhaustive check of every float32 in the domain,\n"
      << " *                  special values included\n";
  } else if (info.max_ulp) {
    h << " *   max ULP error: " << ir::format_bound(*info.max_ulp)
      << " (stated by the user, NOT checked by an exhaustive proof)\n";
  } else {
    h << " *   max ULP error: not verified\n";
  }
  h << " *   ops:           " << ops << " (" << k.p.code.size() << " IR instructions)\n";
  h << " *   kernel hash:   " << fmt::format("{:016x}", hash) << "\n";
  if (info.seed) h << " *   search seed:   " << *info.seed << "\n";
  if (!info.source.empty()) h << " *   source:        " << comment_safe(info.source) << "\n";
  if (!info.tool_commit.empty()) h << " *   tool commit:   " << comment_safe(info.tool_commit) << "\n";
  if (!info.command.empty()) h << " *   command:       " << comment_safe(info.command) << "\n";
  if (!info.proof_env.empty()) h << " *   proof:         " << comment_safe(info.proof_env) << "\n";
  if (!info.licence.empty()) {
    h << " *   SPDX-License-Identifier: " << comment_safe(info.licence) << " (the generated code)\n";
  }
  h << " * Bodies: AVX-512F, AVX2+FMA, AArch64 NEON (selected by predefined macros) and a\n"
    << " * portable scalar fallback; all give identical bits (NaN payloads aside) in the\n"
    << " * default rounding mode without flush-to-zero. FP contraction is disabled here.\n"
    << " * The bound holds in the default floating-point environment only: round to nearest,\n"
    << " * subnormals kept. Under flush-to-zero or denormals-are-zero (MXCSR FTZ/DAZ, set by\n"
    << " * fast-math start-up code or by hand; AArch64 FPCR.FZ) subnormal inputs, results\n"
    << " * and intermediates are flushed, the bodies may differ from each other, and no bound\n"
    << " * is claimed. Fast-math and finite-math-only are refused below (#error): they\n"
    << " * let the compiler drop NaN/inf handling and reassociate, which breaks the proof.\n"
    << " */\n";
  h << "#ifndef ULPFORGE_" << up << "_H\n#define ULPFORGE_" << up << "_H\n\n";
  h << detail::ieee_guard();
  h << "#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n"
    << "#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))\n"
    << "#include <immintrin.h>\n"
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n#include <arm_neon.h>\n#endif\n\n";
  // The proven bound rounded up to 9 digits: as a double it is >= the exact bound. A
  // bound nobody proved gets another name, so no reader mistakes it for a proof.
  if (info.max_ulp) {
    h << "#define " << mac << (info.max_ulp_proven ? "_MAX_ULP " : "_STATED_MAX_ULP ")
      << ir::format_bound_up(*info.max_ulp) << " /* exact bound: " << ir::format_hex_exact(*info.max_ulp)
      << " */\n";
  }
  if (info.domain_lo) {
    h << "#define " << mac << "_DOMAIN_LO (" << hexf_literal(*info.domain_lo) << ") /* "
      << decimal(*info.domain_lo) << " */\n";
    h << "#define " << mac << "_DOMAIN_HI (" << hexf_literal(*info.domain_hi) << ") /* "
      << decimal(*info.domain_hi) << " */\n";
  }
  h << "\n" << detail::pragmas_begin();
  h << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  h << helpers_text() << "\n";

  const std::string arr = fn + "_array";
  h << body_function(k, Body::Scalar, fn, "") << "\n"
    << "#if defined(__AVX512F__)\n" << body_function(k, Body::Avx512, fn, "")
    << array_function(k, Body::Avx512, fn, arr, "")
    << "#elif defined(__AVX2__) && defined(__FMA__)\n" << body_function(k, Body::Avx2, fn, "")
    << array_function(k, Body::Avx2, fn, arr, "")
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n" << body_function(k, Body::Neon, fn, "")
    << array_function(k, Body::Neon, fn, arr, "")
    << "#else\n" << array_function(k, Body::Scalar, fn, arr, "") << "#endif\n\n";
  h << "#ifdef __cplusplus\n}\n#endif\n\n";
  h << detail::pragmas_end();
  h << "#endif /* ULPFORGE_" << up << "_H */\n";
  return h.str();
}

std::string check_header_info(const HeaderInfo& info) {
  if (info.name.empty()) return "header needs a non-empty kernel name";
  if (info.domain_lo.has_value() != info.domain_hi.has_value()) return "domain needs both a low and a high bound";
  return "";
}

}  // namespace

Expected<std::string> emit_header(const ir::Program& kernel, const HeaderInfo& info) {
  using R = Expected<std::string>;
  if (std::string e = check_header_info(info); !e.empty()) return R::fail(e);
  if (std::string e = detail::check_lowerable(kernel); !e.empty()) return R::fail(e);
  return R::ok(header_text(KernelCode::single(kernel), info, ir::full_hash(kernel)));
}

Expected<std::string> emit_header(const ir::MultiProgram& kernel, const std::vector<std::string>& outputs,
                                  const HeaderInfo& info) {
  using R = Expected<std::string>;
  if (std::string e = check_header_info(info); !e.empty()) return R::fail(e);
  if (std::string e = detail::check_fused(kernel, outputs); !e.empty()) return R::fail(e);
  return R::ok(header_text(KernelCode::fused(kernel, outputs), info, ir::full_hash(kernel)));
}

}  // namespace uf::jit
