// Exact scalar semantics of every IR op: the reference every backend (xsimd
// interpreter, LLVM lowering, C header emitter) is checked against, op by op.
// Values travel as 32-bit patterns: f32 as its IEEE bits, i32 as two's complement,
// mask as 0 (false) or 0xFFFFFFFF (true).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "ir/program.h"

namespace uf::ir::sem {

inline float f(std::uint32_t b) { float x; std::memcpy(&x, &b, 4); return x; }
inline std::uint32_t u(float x) { std::uint32_t b; std::memcpy(&b, &x, 4); return b; }
inline std::int32_t s(std::uint32_t b) { return static_cast<std::int32_t>(b); }
inline std::uint32_t m(bool v) { return v ? 0xFFFFFFFFu : 0u; }

inline float fmin_uf(float a, float b) { return a < b ? a : b; }
inline float fmax_uf(float a, float b) { return a > b ? a : b; }

inline float roundeven_f(float a) { return __builtin_roundevenf(a); }

inline std::int32_t f2i_sat(float a) {
  if (a != a) return 0;
  if (a >= 2147483648.0f) return std::numeric_limits<std::int32_t>::max();
  if (a < -2147483648.0f) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(a);
}

// 2^j as float32 for j in [-126, 127] (exact, normal).
inline float pow2i(std::int32_t j) { return f(static_cast<std::uint32_t>(j + 127) << 23); }

// ldexp(a, k) clamps k to [kLdexpMinK, kLdexpMaxK] and applies it as two powers of two,
// each with an exponent in [-126, 127] (docs/semantics.md). Every evaluator and code
// generator takes the clamp from here.
inline constexpr std::int32_t kLdexpMinK = -252;
inline constexpr std::int32_t kLdexpMaxK = 254;

// The k clamped as ldexp clamps it.
inline std::int32_t ldexp_clamp_k(std::int32_t k) {
  return k < kLdexpMinK ? kLdexpMinK : (k > kLdexpMaxK ? kLdexpMaxK : k);
}

inline float ldexp_uf(float a, std::int32_t k) {
  std::int32_t kc = ldexp_clamp_k(k);
  std::int32_t k1 = kc >> 1;  // arithmetic shift: floor(kc / 2)
  std::int32_t k2 = kc - k1;
  float t = a * pow2i(k1);
  return t * pow2i(k2);
}

inline std::int32_t getexp_uf(float a) {
  return static_cast<std::int32_t>((u(a) >> 23) & 0xffu) - 127;
}

inline float getmant_uf(float a) { return f((u(a) & 0x807fffffu) | 0x3f800000u); }

// Evaluates one op on operand bit patterns. `imm` is the instruction's immediate.
// `input` is the program argument (used by Op::Input). Op::Core is not evaluable and
// returns the canonical quiet NaN.
inline std::uint32_t eval(Op op, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                          std::uint32_t imm, std::uint32_t input) {
  switch (op) {
    case Op::Input: return input;
    case Op::Const: return imm;
    case Op::IConst: return imm;
    case Op::Add: return u(f(a) + f(b));
    case Op::Sub: return u(f(a) - f(b));
    case Op::Mul: return u(f(a) * f(b));
    case Op::Div: return u(f(a) / f(b));
    case Op::Fma: return u(std::fmaf(f(a), f(b), f(c)));
    case Op::Neg: return a ^ 0x80000000u;
    case Op::Abs: return a & 0x7fffffffu;
    case Op::Min: return u(fmin_uf(f(a), f(b)));
    case Op::Max: return u(fmax_uf(f(a), f(b)));
    case Op::Sqrt: return u(std::sqrt(f(a)));
    case Op::Rint: return u(roundeven_f(f(a)));
    case Op::F2I: return static_cast<std::uint32_t>(f2i_sat(f(a)));
    case Op::I2F: return u(static_cast<float>(s(a)));
    case Op::Ldexp: return u(ldexp_uf(f(a), s(b)));
    case Op::GetExp: return static_cast<std::uint32_t>(getexp_uf(f(a)));
    case Op::GetMant: return u(getmant_uf(f(a)));
    case Op::IAdd: return a + b;
    case Op::ISub: return a - b;
    case Op::IMul: return a * b;
    case Op::Shl: return a << (b & 31u);
    case Op::Shr: return a >> (b & 31u);
    case Op::Sar: return static_cast<std::uint32_t>(s(a) >> (b & 31u));
    case Op::And: return a & b;
    case Op::Or: return a | b;
    case Op::Xor: return a ^ b;
    case Op::AsInt: return a;
    case Op::AsFloat: return a;
    case Op::Lt: return m(f(a) < f(b));
    case Op::Le: return m(f(a) <= f(b));
    case Op::Eq: return m(f(a) == f(b));
    case Op::ILt: return m(s(a) < s(b));
    case Op::IEq: return m(a == b);
    case Op::MAnd: return a & b;
    case Op::MOr: return a | b;
    case Op::MNot: return ~a;
    case Op::Select: return a ? b : c;
    case Op::ISelect: return a ? b : c;
    case Op::Core: return 0x7fc00000u;
  }
  return 0x7fc00000u;
}

// Runs a whole program on one input with the scalar semantics (slow; the reference).
inline float run_scalar(const Program& p, float x) {
  std::uint32_t regs_small[64] = {};  // defined even for an empty program
  std::uint32_t* regs = regs_small;
  std::uint32_t* heap = nullptr;
  if (p.code.size() > 64) regs = heap = new std::uint32_t[p.code.size()];
  const std::uint32_t in = u(x);
  for (std::size_t i = 0; i < p.code.size(); ++i) {
    const Instr& ins = p.code[i];
    regs[i] = eval(ins.op, regs[ins.args[0]], regs[ins.args[1]], regs[ins.args[2]], ins.imm, in);
  }
  float r = f(regs[p.result]);
  delete[] heap;
  return r;
}

}  // namespace uf::ir::sem
