#include "jit/header.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ir/bound.h"
#include "ir/range.h"
#include "ir/semantics.h"
#include "jit/llvm_detail.h"

#ifndef ULPFORGE_VERSION
#define ULPFORGE_VERSION "unknown"
#endif

namespace uf::jit {
namespace {

using ir::Op;

float as_float(std::uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08xu", v);
  return buf;
}

// Exact C99 hex float literal of a finite float ("0x1.715476p+0f").
std::string hexf_literal(float f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%af", static_cast<double>(f));
  return buf;
}

std::string decimal(float f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
  return buf;
}

// Scalar float constant: a hex float (through UF__HEXF so that pre-C++17 C++ falls back
// to the bit pattern), or the bit pattern for inf/NaN.
std::string scalar_fconst(std::uint32_t bits) {
  const float f = as_float(bits);
  if (!std::isfinite(f)) return "uf__u2f(" + hex32(bits) + ")";
  return "UF__HEXF(" + hexf_literal(f) + ", " + hex32(bits) + ")";
}

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

std::string call(const char* fn, const std::string& a) { return std::string(fn) + "(" + a + ")"; }
std::string call(const char* fn, const std::string& a, const std::string& b) {
  return std::string(fn) + "(" + a + ", " + b + ")";
}
std::string call(const char* fn, const std::string& a, const std::string& b, const std::string& c) {
  return std::string(fn) + "(" + a + ", " + b + ", " + c + ")";
}

std::string scalar_expr(const ir::Instr& ins, const std::string& a, const std::string& b,
                        const std::string& c) {
  switch (ins.op) {
    case Op::Input: return "x";
    case Op::Const: return scalar_fconst(ins.imm);
    case Op::IConst: return hex32(ins.imm);
    case Op::Add: return a + " + " + b;
    case Op::Sub: return a + " - " + b;
    case Op::Mul: return a + " * " + b;
    case Op::Div: return a + " / " + b;
    case Op::Fma: return call("fmaf", a, b, c);
    case Op::Neg: return "uf__u2f(uf__f2u(" + a + ") ^ 0x80000000u)";
    case Op::Abs: return "uf__u2f(uf__f2u(" + a + ") & 0x7fffffffu)";
    case Op::Min: return "(" + a + " < " + b + " ? " + a + " : " + b + ")";
    case Op::Max: return "(" + a + " > " + b + " ? " + a + " : " + b + ")";
    case Op::Sqrt: return call("sqrtf", a);
    case Op::Rint: return call("uf__roundevenf", a);
    case Op::F2I: return call("uf__f2i", a);
    case Op::I2F: return "(float)uf__s32(" + a + ")";
    case Op::Ldexp: return call("uf__ldexpf", a, b);
    case Op::GetExp: return "((uf__f2u(" + a + ") >> 23) & 0xffu) - 127u";
    case Op::GetMant: return "uf__u2f((uf__f2u(" + a + ") & 0x807fffffu) | 0x3f800000u)";
    case Op::IAdd: return "(uint32_t)(" + a + " + " + b + ")";
    case Op::ISub: return "(uint32_t)(" + a + " - " + b + ")";
    case Op::IMul: return "(uint32_t)(" + a + " * " + b + ")";
    case Op::Shl: return "(uint32_t)(" + a + " << (" + b + " & 31u))";
    case Op::Shr: return a + " >> (" + b + " & 31u)";
    case Op::Sar: return call("uf__sar", a, b);
    case Op::And: return a + " & " + b;
    case Op::Or: return a + " | " + b;
    case Op::Xor: return a + " ^ " + b;
    case Op::AsInt: return call("uf__f2u", a);
    case Op::AsFloat: return call("uf__u2f", a);
    case Op::Lt: return a + " < " + b;
    case Op::Le: return a + " <= " + b;
    case Op::Eq: return a + " == " + b;
    case Op::ILt: return "(" + a + " ^ 0x80000000u) < (" + b + " ^ 0x80000000u)";
    case Op::IEq: return a + " == " + b;
    case Op::MAnd: return a + " & " + b;
    case Op::MOr: return a + " | " + b;
    case Op::MNot: return "!" + a;
    case Op::Select: return a + " ? " + b + " : " + c;
    case Op::ISelect: return a + " ? " + b + " : " + c;
    case Op::Core: return "/* core hole */";
  }
  return "";
}

// The x86 vector vocabulary, one body for AVX2 and AVX-512: what differs between them
// is data (the intrinsic prefix and integer suffix, and whether comparisons give k-mask
// registers or all-ones vectors).
struct X86Vec {
  std::string p;   // intrinsic prefix: "_mm256" or "_mm512"
  std::string si;  // integer vector suffix: "si256" or "si512"
  std::string m;   // helper suffix: "m256" or "m512"
  bool kmask;      // AVX-512: masks are __mmask16, blends take the mask first
};

const X86Vec kAvx2Vec{"_mm256", "si256", "m256", false};
const X86Vec kAvx512Vec{"_mm512", "si512", "m512", true};

std::string x86_expr(const X86Vec& v, const ir::Instr& ins, const std::string& a,
                     const std::string& b, const std::string& c) {
  auto fn = [&](const std::string& name) { return v.p + "_" + name; };
  auto op1 = [&](const std::string& name, const std::string& x) { return call(fn(name).c_str(), x); };
  auto op2 = [&](const std::string& name, const std::string& x, const std::string& y) {
    return call(fn(name).c_str(), x, y);
  };
  auto op3 = [&](const std::string& name, const std::string& x, const std::string& y,
                 const std::string& z) { return call(fn(name).c_str(), x, y, z); };
  auto ci = [&](std::uint32_t k) { return fn("set1_epi32") + "((int)" + hex32(k) + ")"; };
  auto ps = [&](const std::string& x) { return op1("cast" + v.si + "_ps", x); };
  auto si = [&](const std::string& x) { return op1("castps_" + v.si, x); };
  auto iand = [&](const std::string& x, const std::string& y) { return op2("and_" + v.si, x, y); };
  auto fcmp = [&](const char* pred) {
    return v.kmask ? op3("cmp_ps_mask", a, b, pred) : si(op3("cmp_ps", a, b, pred));
  };
  auto mlogic = [&](const char* c_op, const std::string& vec_op) {
    return v.kmask ? "(__mmask16)(" + a + " " + c_op + " " + b + ")" : op2(vec_op, a, b);
  };
  switch (ins.op) {
    case Op::Input: return "x";
    case Op::Const: {
      const float f = as_float(ins.imm);
      if (!std::isfinite(f)) return ps(ci(ins.imm));
      return fn("set1_ps") + "(" + scalar_fconst(ins.imm) + ")";
    }
    case Op::IConst: return ci(ins.imm);
    case Op::Add: return op2("add_ps", a, b);
    case Op::Sub: return op2("sub_ps", a, b);
    case Op::Mul: return op2("mul_ps", a, b);
    case Op::Div: return op2("div_ps", a, b);
    case Op::Fma: return op3("fmadd_ps", a, b, c);
    case Op::Neg: return ps(op2("xor_" + v.si, si(a), ci(0x80000000u)));
    case Op::Abs: return ps(iand(si(a), ci(0x7fffffffu)));
    case Op::Min: return op2("min_ps", a, b);  // a < b ? a : b (second on NaN/zeros)
    case Op::Max: return op2("max_ps", a, b);
    case Op::Sqrt: return op1("sqrt_ps", a);
    case Op::Rint:
      return op2(v.kmask ? "roundscale_ps" : "round_ps", a, "_MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC");
    case Op::F2I: return call(("uf__f2i_" + v.m).c_str(), a);
    case Op::I2F: return op1("cvtepi32_ps", a);
    case Op::Ldexp: return call(("uf__ldexp_" + v.m).c_str(), a, b);
    case Op::GetExp:
      return op2("sub_epi32", iand(op2("srli_epi32", si(a), "23"), ci(0xffu)), ci(127u));
    case Op::GetMant:
      return ps(op2("or_" + v.si, iand(si(a), ci(0x807fffffu)), ci(0x3f800000u)));
    case Op::IAdd: return op2("add_epi32", a, b);
    case Op::ISub: return op2("sub_epi32", a, b);
    case Op::IMul: return op2("mullo_epi32", a, b);
    case Op::Shl: return op2("sllv_epi32", a, iand(b, ci(31u)));
    case Op::Shr: return op2("srlv_epi32", a, iand(b, ci(31u)));
    case Op::Sar: return op2("srav_epi32", a, iand(b, ci(31u)));
    case Op::And: return iand(a, b);
    case Op::Or: return op2("or_" + v.si, a, b);
    case Op::Xor: return op2("xor_" + v.si, a, b);
    case Op::AsInt: return si(a);
    case Op::AsFloat: return ps(a);
    case Op::Lt: return fcmp("_CMP_LT_OQ");
    case Op::Le: return fcmp("_CMP_LE_OQ");
    case Op::Eq: return fcmp("_CMP_EQ_OQ");
    case Op::ILt: return v.kmask ? op2("cmplt_epi32_mask", a, b) : op2("cmpgt_epi32", b, a);
    case Op::IEq: return op2(v.kmask ? "cmpeq_epi32_mask" : "cmpeq_epi32", a, b);
    case Op::MAnd: return mlogic("&", "and_" + v.si);
    case Op::MOr: return mlogic("|", "or_" + v.si);
    case Op::MNot: return v.kmask ? "(__mmask16)~" + a : op2("xor_" + v.si, a, ci(0xffffffffu));
    case Op::Select: return v.kmask ? op3("mask_blend_ps", a, c, b) : op3("blendv_ps", c, b, ps(a));
    case Op::ISelect: return v.kmask ? op3("mask_blend_epi32", a, c, b) : op3("blendv_epi8", c, b, a);
    case Op::Core: return "/* core hole */";
  }
  return "";
}

std::string neon_expr(const ir::Instr& ins, const std::string& a, const std::string& b,
                      const std::string& c) {
  auto cu = [](std::uint32_t v) { return "vdupq_n_u32(" + hex32(v) + ")"; };
  auto ci = [&](std::uint32_t v) { return call("vreinterpretq_s32_u32", cu(v)); };
  auto u_of_s = [](const std::string& s) { return call("vreinterpretq_u32_s32", s); };
  auto s_of_u = [](const std::string& s) { return call("vreinterpretq_s32_u32", s); };
  auto u_of_f = [](const std::string& s) { return call("vreinterpretq_u32_f32", s); };
  auto f_of_u = [](const std::string& s) { return call("vreinterpretq_f32_u32", s); };
  const std::string cnt = call("vandq_s32", b, ci(31u));
  switch (ins.op) {
    case Op::Input: return "x";
    case Op::Const: {
      const float f = as_float(ins.imm);
      if (!std::isfinite(f)) return f_of_u(cu(ins.imm));
      return "vdupq_n_f32(" + scalar_fconst(ins.imm) + ")";
    }
    case Op::IConst: return ci(ins.imm);
    case Op::Add: return call("vaddq_f32", a, b);
    case Op::Sub: return call("vsubq_f32", a, b);
    case Op::Mul: return call("vmulq_f32", a, b);
    case Op::Div: return call("vdivq_f32", a, b);
    case Op::Fma: return call("vfmaq_f32", c, a, b);  // c + a*b, one rounding
    case Op::Neg: return call("vnegq_f32", a);        // fneg: sign flip only
    case Op::Abs: return call("vabsq_f32", a);        // fabs: sign clear only
    case Op::Min: return call("vbslq_f32", call("vcltq_f32", a, b), a, b);
    case Op::Max: return call("vbslq_f32", call("vcgtq_f32", a, b), a, b);
    case Op::Sqrt: return call("vsqrtq_f32", a);
    case Op::Rint: return call("vrndnq_f32", a);        // frintn: ties to even
    case Op::F2I: return call("vcvtq_s32_f32", a);      // fcvtzs: saturating, NaN -> 0
    case Op::I2F: return call("vcvtq_f32_s32", a);
    case Op::Ldexp: return call("uf__ldexp_f32x4", a, b);
    case Op::GetExp:
      return call("vsubq_s32",
                  s_of_u(call("vandq_u32", call("vshrq_n_u32", u_of_f(a), "23"), cu(0xffu))),
                  ci(127u));
    case Op::GetMant:
      return f_of_u(call("vorrq_u32", call("vandq_u32", u_of_f(a), cu(0x807fffffu)), cu(0x3f800000u)));
    case Op::IAdd: return call("vaddq_s32", a, b);
    case Op::ISub: return call("vsubq_s32", a, b);
    case Op::IMul: return call("vmulq_s32", a, b);
    case Op::Shl: return s_of_u(call("vshlq_u32", u_of_s(a), cnt));
    case Op::Shr: return s_of_u(call("vshlq_u32", u_of_s(a), call("vnegq_s32", cnt)));
    case Op::Sar: return call("vshlq_s32", a, call("vnegq_s32", cnt));
    case Op::And: return call("vandq_s32", a, b);
    case Op::Or: return call("vorrq_s32", a, b);
    case Op::Xor: return call("veorq_s32", a, b);
    case Op::AsInt: return call("vreinterpretq_s32_f32", a);
    case Op::AsFloat: return call("vreinterpretq_f32_s32", a);
    case Op::Lt: return call("vcltq_f32", a, b);
    case Op::Le: return call("vcleq_f32", a, b);
    case Op::Eq: return call("vceqq_f32", a, b);
    case Op::ILt: return call("vcltq_s32", a, b);
    case Op::IEq: return call("vceqq_s32", a, b);
    case Op::MAnd: return call("vandq_u32", a, b);
    case Op::MOr: return call("vorrq_u32", a, b);
    case Op::MNot: return call("vmvnq_u32", a);
    case Op::Select: return call("vbslq_f32", a, b, c);
    case Op::ISelect: return call("vbslq_s32", a, b, c);
    case Op::Core: return "/* core hole */";
  }
  return "";
}

// Instructions the result depends on (emitting dead values would trip -Wunused).
std::vector<bool> live_set(const ir::Program& p) {
  std::vector<bool> live(p.code.size(), false);
  live[p.result] = true;
  for (std::size_t i = p.code.size(); i-- > 0;) {
    if (!live[i]) continue;
    const ir::OpInfo& oi = ir::info(p.code[i].op);
    for (int a = 0; a < oi.arity; ++a) live[p.code[i].args[a]] = true;
  }
  return live;
}

// `range`: ir::value_ranges(p), computed once for all backends.
std::string body(const ir::Program& p, const std::vector<ir::Range>& range, const Backend& be,
                 const std::string& indent) {
  const std::vector<bool> live = live_set(p);
  std::vector<std::string> name(p.code.size());
  std::ostringstream os;
  if (!live[0]) os << indent << "(void)x;\n";
  name[0] = "x";
  for (std::size_t i = 1; i < p.code.size(); ++i) {
    if (!live[i]) continue;
    const ir::Instr& ins = p.code[i];
    const ir::OpInfo& oi = ir::info(ins.op);
    name[i] = "v" + std::to_string(i);
    const std::string& type = oi.result == ir::Type::F32 ? be.f32
                              : oi.result == ir::Type::I32 ? be.i32
                                                           : be.mask;
    const std::string a = oi.arity > 0 ? name[ins.args[0]] : "", b = oi.arity > 1 ? name[ins.args[1]] : "";
    std::string e;
    if (ins.op == Op::F2I && be.f2i_in_range && ir::f2i_in_range(range[ins.args[0]])) {
      e = be.f2i_in_range(a, range[ins.args[0]].nan);
    } else if (ins.op == Op::Ldexp && be.ldexp_k_in_range && ir::ldexp_k_in_range(range[ins.args[1]])) {
      e = be.ldexp_k_in_range(a, b);
    } else {
      e = be.expr(ins, a, b, oi.arity > 2 ? name[ins.args[2]] : "");
    }
    os << indent << "const " << type << " " << name[i] << " = " << e << ";";
    if (ins.op == Op::Const) os << "  /* " << decimal(as_float(ins.imm)) << " */";
    os << "\n";
  }
  os << indent << "return " << name[p.result] << ";\n";
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
  for (const auto& [from, to] : subst) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
      s.replace(at, from.size(), to);
    }
  }
  return s;
}

const std::string& helpers_text() {
  static const std::string text = fill_helpers();
  return text;
}

}  // namespace

std::string header_identifier(const std::string& name) {
  std::string s;
  for (char c : name) {
    s += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  }
  if (!s.empty() && std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
  return s;
}

Expected<std::string> emit_header(const ir::Program& kernel, const HeaderInfo& info) {
  using R = Expected<std::string>;
  if (info.name.empty()) return R::fail("header needs a non-empty kernel name");
  if (std::string e = detail::check_lowerable(kernel); !e.empty()) return R::fail(e);
  if (info.domain_lo.has_value() != info.domain_hi.has_value()) {
    return R::fail("domain needs both a low and a high bound");
  }
  const std::string id = header_identifier(info.name);
  std::string up;
  for (char c : id) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string fn = "uf_" + id;
  const std::string mac = "UF_" + up;
  std::size_t ops = 0;
  for (const ir::Instr& ins : kernel.code) {
    if (ins.op != Op::Input && ins.op != Op::Const && ins.op != Op::IConst) ++ops;
  }

  std::ostringstream h;
  h << "/* " << fn << ": float32 approximation generated by ulpforge "
    << (info.tool_version.empty() ? ULPFORGE_VERSION : info.tool_version) << ".\n"
    << " *   target:        " << info.name << "\n"
    << " *   domain:        " << info.domain_text << "\n";
  if (info.max_ulp && info.max_ulp_proven) {
    h << " *   max ULP error: " << ir::format_bound(*info.max_ulp)
      << ", rounded up; proven: exhaustive check of every float32 in the domain,\n"
      << " *                  special values included\n";
  } else if (info.max_ulp) {
    h << " *   max ULP error: " << ir::format_bound(*info.max_ulp)
      << " (stated by the user, NOT checked by an exhaustive proof)\n";
  } else {
    h << " *   max ULP error: not verified\n";
  }
  h << " *   ops:           " << ops << " (" << kernel.code.size() << " IR instructions)\n";
  if (info.seed) h << " *   search seed:   " << *info.seed << "\n";
  if (!info.source.empty()) h << " *   source:        " << info.source << "\n";
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
  h << "#if defined(__FAST_MATH__) || (defined(__FINITE_MATH_ONLY__) && __FINITE_MATH_ONLY__)\n"
    << "#error \"ulpforge headers need IEEE semantics: compile without fast-math and "
       "finite-math-only (they break the proven bound and the special values)\"\n"
    << "#endif\n\n";
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
  // GCC 12's avx512fintrin.h self-initialises _mm512_undefined_*() values, which trips
  // -Wmaybe-uninitialized in C++ once inlined; the diagnostic is GCC's own false positive.
  h << "\n#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC push_options\n"
    << "#pragma GCC optimize(\"fp-contract=off\")\n#pragma GCC diagnostic push\n"
    << "#pragma GCC diagnostic ignored \"-Wmaybe-uninitialized\"\n#pragma GCC diagnostic ignored \"-Wuninitialized\"\n"
    << "#else\n#pragma STDC FP_CONTRACT OFF\n#endif\n\n";
  h << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  h << helpers_text() << "\n";

  const std::vector<ir::Range> range = ir::value_ranges(kernel);
  const Backend scalar{"float", "uint32_t", "int", scalar_expr, nullptr, nullptr};
  auto x86 = [](const X86Vec& v) {
    return [&v](const ir::Instr& ins, const std::string& a, const std::string& b, const std::string& c) {
      return x86_expr(v, ins, a, b, c);
    };
  };
  Backend avx512{"__m512", "__m512i", "__mmask16", x86(kAvx512Vec), nullptr, nullptr};
  avx512.f2i_in_range = [](const std::string& a, bool nan) {
    return nan ? "_mm512_maskz_mov_epi32(_mm512_cmp_ps_mask(" + a + ", " + a +
                     ", _CMP_ORD_Q), _mm512_cvttps_epi32(" + a + "))"
               : "_mm512_cvttps_epi32(" + a + ")";
  };
  avx512.ldexp_k_in_range = [](const std::string& a, const std::string& k) {
    return call("uf__ldexp_nc_m512", a, k);
  };
  Backend avx2{"__m256", "__m256i", "__m256i", x86(kAvx2Vec), nullptr, nullptr};
  avx2.f2i_in_range = [](const std::string& a, bool nan) {
    return nan ? "_mm256_and_si256(_mm256_cvttps_epi32(" + a + "), _mm256_castps_si256(_mm256_cmp_ps(" +
                     a + ", " + a + ", _CMP_ORD_Q)))"
               : "_mm256_cvttps_epi32(" + a + ")";
  };
  avx2.ldexp_k_in_range = [](const std::string& a, const std::string& k) {
    return call("uf__ldexp_nc_m256", a, k);
  };
  const Backend neon{"float32x4_t", "int32x4_t", "uint32x4_t", neon_expr, nullptr, nullptr};

  h << "static inline float " << fn << "(float x) {\n" << body(kernel, range, scalar, "  ") << "}\n\n";
  h << "#if defined(__AVX512F__)\n"
    << "static inline __m512 " << fn << "_m512(__m512 x) {\n" << body(kernel, range, avx512, "  ") << "}\n"
    << "static inline void " << fn << "_array(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, " << fn
    << "_m512(_mm512_loadu_ps(in + i)));\n"
    << "  if (i < n) {\n"
    << "    const __mmask16 m = (__mmask16)((1u << (unsigned)(n - i)) - 1u);\n"
    << "    _mm512_mask_storeu_ps(out + i, m, " << fn << "_m512(_mm512_maskz_loadu_ps(m, in + i)));\n"
    << "  }\n}\n"
    << "#elif defined(__AVX2__) && defined(__FMA__)\n"
    << "static inline __m256 " << fn << "_m256(__m256 x) {\n" << body(kernel, range, avx2, "  ") << "}\n"
    << "static inline void " << fn << "_array(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, " << fn
    << "_m256(_mm256_loadu_ps(in + i)));\n"
    << "  for (; i < n; ++i) out[i] = " << fn << "(in[i]);\n}\n"
    << "#elif defined(__aarch64__) && defined(__ARM_NEON)\n"
    << "static inline float32x4_t " << fn << "_f32x4(float32x4_t x) {\n"
    << body(kernel, range, neon, "  ") << "}\n"
    << "static inline void " << fn << "_array(const float* in, float* out, size_t n) {\n"
    << "  size_t i = 0;\n"
    << "  for (; i + 4 <= n; i += 4) vst1q_f32(out + i, " << fn << "_f32x4(vld1q_f32(in + i)));\n"
    << "  for (; i < n; ++i) out[i] = " << fn << "(in[i]);\n}\n"
    << "#else\n"
    << "static inline void " << fn << "_array(const float* in, float* out, size_t n) {\n"
    << "  size_t i;\n"
    << "  for (i = 0; i < n; ++i) out[i] = " << fn << "(in[i]);\n}\n"
    << "#endif\n\n";
  h << "#ifdef __cplusplus\n}\n#endif\n\n";
  h << "#if defined(__GNUC__) && !defined(__clang__)\n#pragma GCC diagnostic pop\n#pragma GCC pop_options\n#else\n"
    << "#pragma STDC FP_CONTRACT DEFAULT\n#endif\n\n";
  h << "#endif /* ULPFORGE_" << up << "_H */\n";
  return R::ok(h.str());
}

}  // namespace uf::jit
