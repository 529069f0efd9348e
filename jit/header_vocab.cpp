#include "jit/header_vocab.h"

#include <cmath>
#include <cstdio>
#include <cstring>

#include "ir/semantics.h"

namespace uf::jit::detail {

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
    case Op::Select:
    case Op::Guard: return a + " ? " + b + " : " + c;
    case Op::ISelect: return a + " ? " + b + " : " + c;
    case Op::Core: return "/* core hole */";
  }
  return "";
}

// A scalar mask is a C truth value (0 or 1).
std::string scalar_any_lane(const std::string& m) { return m; }

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
    case Op::Select:
    case Op::Guard: return v.kmask ? op3("mask_blend_ps", a, c, b) : op3("blendv_ps", c, b, ps(a));
    case Op::ISelect: return v.kmask ? op3("mask_blend_epi32", a, c, b) : op3("blendv_epi8", c, b, a);
    case Op::Core: return "/* core hole */";
  }
  return "";
}

// AVX-512: a k-mask is non-zero; AVX2: the sign bits blendv_ps reads (vmovmskps).
std::string x86_any_lane(const X86Vec& v, const std::string& m) {
  if (v.kmask) return m + " != 0";
  return v.p + "_movemask_ps(" + v.p + "_cast" + v.si + "_ps(" + m + ")) != 0";
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
    case Op::Select:
    case Op::Guard: return call("vbslq_f32", a, b, c);
    case Op::ISelect: return call("vbslq_s32", a, b, c);
    case Op::Core: return "/* core hole */";
  }
  return "";
}

// NEON: the largest lane of the all-ones/zero mask (umaxv).
std::string neon_any_lane(const std::string& m) { return "vmaxvq_u32(" + m + ") != 0"; }

Backend scalar_backend() {
  return Backend{"float", "uint32_t", "int", scalar_expr, scalar_any_lane, nullptr, nullptr};
}

namespace {
auto x86(const X86Vec& v) {
  return [&v](const ir::Instr& ins, const std::string& a, const std::string& b, const std::string& c) {
    return x86_expr(v, ins, a, b, c);
  };
}
auto x86_any(const X86Vec& v) {
  return [&v](const std::string& m) { return x86_any_lane(v, m); };
}
}  // namespace

Backend avx512_backend() {
  Backend avx512{"__m512", "__m512i", "__mmask16", x86(kAvx512Vec), x86_any(kAvx512Vec), nullptr, nullptr};
  avx512.f2i_in_range = [](const std::string& a, bool nan) {
    return nan ? "_mm512_maskz_mov_epi32(_mm512_cmp_ps_mask(" + a + ", " + a +
                     ", _CMP_ORD_Q), _mm512_cvttps_epi32(" + a + "))"
               : "_mm512_cvttps_epi32(" + a + ")";
  };
  avx512.ldexp_k_in_range = [](const std::string& a, const std::string& k) {
    return call("uf__ldexp_nc_m512", a, k);
  };
  return avx512;
}

Backend avx2_backend() {
  Backend avx2{"__m256", "__m256i", "__m256i", x86(kAvx2Vec), x86_any(kAvx2Vec), nullptr, nullptr};
  avx2.f2i_in_range = [](const std::string& a, bool nan) {
    return nan ? "_mm256_and_si256(_mm256_cvttps_epi32(" + a + "), _mm256_castps_si256(_mm256_cmp_ps(" +
                     a + ", " + a + ", _CMP_ORD_Q)))"
               : "_mm256_cvttps_epi32(" + a + ")";
  };
  avx2.ldexp_k_in_range = [](const std::string& a, const std::string& k) {
    return call("uf__ldexp_nc_m256", a, k);
  };
  return avx2;
}

Backend neon_backend() {
  return Backend{"float32x4_t", "int32x4_t", "uint32x4_t", neon_expr, neon_any_lane, nullptr, nullptr};
}

}  // namespace uf::jit::detail
