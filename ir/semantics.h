// Exact scalar semantics of every IR op: the reference every backend (xsimd
// interpreter, LLVM lowering, C header emitter) is checked against, op by op. The ops
// themselves are defined once in ir/apply.h; this file gives them the float32 domain.
// Values travel as 32-bit patterns: f32 as its IEEE bits, i32 as two's complement,
// mask as 0 (false) or 0xFFFFFFFF (true).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "ir/apply.h"
#include "ir/program.h"

namespace uf::ir::sem {

inline float f(std::uint32_t b) { float x; std::memcpy(&x, &b, 4); return x; }
inline std::uint32_t u(float x) { std::uint32_t b; std::memcpy(&b, &x, 4); return b; }
inline std::int32_t s(std::uint32_t b) { return static_cast<std::int32_t>(b); }
inline std::uint32_t m(bool v) { return U32Ints::mask(v); }

inline float roundeven_f(float a) { return __builtin_roundevenf(a); }

inline std::int32_t f2i_sat(float a) {
  if (a != a) return 0;
  if (a >= 2147483648.0f) return std::numeric_limits<std::int32_t>::max();
  if (a < -2147483648.0f) return std::numeric_limits<std::int32_t>::min();
  return static_cast<std::int32_t>(a);
}

// 2^j as float32 for j in [-126, 127] (exact, normal).
inline float pow2i(std::int32_t j) { return f(static_cast<std::uint32_t>(j + 127) << 23); }

// The reference float32 domain of ir/apply.h: every register is a 32-bit pattern (f32
// bits, i32 two's complement, masks all-ones or zero), every float operation one IEEE
// binary32 operation rounded to nearest even.
struct F32Bits : U32Ints {
  using Reg = int;            // 0: the result, 1..3: the operands
  std::uint32_t r[4] = {};
  std::uint32_t x = 0;        // the program's input
  std::uint32_t& f(Reg k) { return r[k]; }
  std::uint32_t& i(Reg k) { return r[k]; }
  void input(Reg o) { r[o] = x; }
  void constant(Reg o, std::uint32_t, std::uint32_t bits) { r[o] = bits; }
  void core(Reg o) { r[o] = 0x7fc00000u; }  // never evaluable: the canonical quiet NaN
  static void add(I& o, I a, I b) { o = u(sem::f(a) + sem::f(b)); }
  static void sub(I& o, I a, I b) { o = u(sem::f(a) - sem::f(b)); }
  static void mul(I& o, I a, I b) { o = u(sem::f(a) * sem::f(b)); }
  static void div(I& o, I a, I b) { o = u(sem::f(a) / sem::f(b)); }
  static void fma(I& o, I a, I b, I c) { o = u(std::fmaf(sem::f(a), sem::f(b), sem::f(c))); }
  static void neg(I& o, I a) { o = a ^ 0x80000000u; }  // sign flip, NaN payload kept
  static void abs(I& o, I a) { o = a & 0x7fffffffu; }
  static void sqrt(I& o, I a) { o = u(std::sqrt(sem::f(a))); }
  static void rint(I& o, I a) { o = u(roundeven_f(sem::f(a))); }
  static void i2f(I& o, I a) { o = u(static_cast<float>(s(a))); }
  static void asfloat(I& o, I a) { o = a; }
  static void select(I& o, I m, I a, I b) { o = m ? a : b; }
  static void scale2(I& o, I a, I k) { o = u(sem::f(a) * pow2i(s(k))); }
  static I f2i(I a) { return static_cast<I>(f2i_sat(sem::f(a))); }
  static I asint(I a) { return a; }
  static I lt(I a, I b) { return mask(sem::f(a) < sem::f(b)); }
  static I le(I a, I b) { return mask(sem::f(a) <= sem::f(b)); }
  static I eq(I a, I b) { return mask(sem::f(a) == sem::f(b)); }
};

// Evaluates one op on operand bit patterns. `imm` is the instruction's immediate.
// `input` is the program argument (used by Op::Input). Op::Core is not evaluable and
// returns the canonical quiet NaN.
inline std::uint32_t eval(Op op, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                          std::uint32_t imm, std::uint32_t input) {
  F32Bits d;
  d.r[1] = a;
  d.r[2] = b;
  d.r[3] = c;
  d.x = input;
  apply(d, 0, 1, 2, 3, Instr{op, {0, 0, 0}, imm}, 0);
  return d.r[0];
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
