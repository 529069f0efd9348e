// What each IR op means, written once for every evaluator.
//
// apply() defines each op of ir/ops.def over a value *domain* D: the reference float32
// semantics (ir/semantics.h), the f64 and MPFR interpreters (eval/interp.cpp), the
// constant fitter (engine/constopt.cpp) and the real-number search's evaluator and
// expression printer (engine/real_search.cpp) are all domains. The SIMD interpreter
// and the code generators are the fast paths checked against it op by op
// (tests/ir/apply_test.cpp, tests/eval/interp_test.cpp, tests/jit/*).
//
// A domain supplies the arithmetic of its number type and nothing about ops:
//
//   typename D::Reg                 how a register is addressed (an index, a lane, ...)
//   d.f(Reg) -> F handle            an f32-typed register (float bits, double&, mpfr_ptr, ...)
//   d.i(Reg) -> I&                  an i32/mask register (I is a value type)
//   sources:  d.input(Reg)  d.constant(Reg, instr_index, f32_bits)  d.core(Reg)
//   F out-parameter primitives:     add sub mul div (r, a, b)   fma (r, a, b, c)
//                                   neg abs sqrt rint (r, a)    i2f asfloat (r, I)
//                                   select (r, I mask, a, b)
//                                   scale2 (r, a, I k): r = a * 2^k, k in [-126, 127],
//                                   one multiply by a normal power of two, rounded as D rounds
//   I-valued primitives:            iconst(bits)  f2i(a) (truncate, saturate, NaN -> 0)
//                                   asint(a) (bits of a rounded to float32)
//                                   lt le eq (a, b) (ordered; all-ones or zero)
//                                   iadd isub imul shl shr sar iand ior ixor
//                                   ilt ieq inot iselect  (two's-complement int32 patterns)
//
// Ops that are compositions (min, max, ldexp, getexp, getmant, the mask logic) are defined
// here from those primitives, so a domain gets them right by construction. ir::U32Ints
// gives the integer primitives to every domain whose I is a 32-bit pattern.
#pragma once

#include <cstdint>
#include <utility>

#include "ir/program.h"

namespace uf::ir {

template <Op O>
struct OpTag {
  static constexpr Op op = O;
};

// Calls fn(OpTag<op>{}) for a run-time op: lets an evaluator hoist the dispatch out of a
// loop over points (the loop body is then instantiated once per op).
template <class Fn>
decltype(auto) visit_op(Op op, Fn&& fn) {
  switch (op) {
#define X(E, nm, ar, res, a0, a1, a2, comm, imm, c2, c5, cn) \
  case Op::E:                                                  \
    return std::forward<Fn>(fn)(OpTag<Op::E>{});
#include "ir/ops.def"
#undef X
  }
  return std::forward<Fn>(fn)(OpTag<Op::Core>{});  // not an op of the table: core = NaN
}

// The ldexp exponent clamp (docs/semantics.md): every evaluator and code generator
// takes these from here.
inline constexpr std::int32_t kLdexpMinK = -252;
inline constexpr std::int32_t kLdexpMaxK = 254;

// Evaluates instruction `ins` (at index `at`) into register `out`; a, b, c address its
// operands (unused ones may address anything).
template <class D, Op O>
void apply(D& d, OpTag<O>, typename D::Reg out, typename D::Reg a, typename D::Reg b,
           typename D::Reg c, const Instr& ins, std::uint32_t at) {
  // Sources.
  if constexpr (O == Op::Input) d.input(out);
  else if constexpr (O == Op::Const) d.constant(out, at, ins.imm);
  else if constexpr (O == Op::IConst) d.i(out) = d.iconst(ins.imm);
  else if constexpr (O == Op::Core) d.core(out);
  // Float arithmetic: IEEE operations of the domain's number type.
  else if constexpr (O == Op::Add) d.add(d.f(out), d.f(a), d.f(b));
  else if constexpr (O == Op::Sub) d.sub(d.f(out), d.f(a), d.f(b));
  else if constexpr (O == Op::Mul) d.mul(d.f(out), d.f(a), d.f(b));
  else if constexpr (O == Op::Div) d.div(d.f(out), d.f(a), d.f(b));
  else if constexpr (O == Op::Fma) d.fma(d.f(out), d.f(a), d.f(b), d.f(c));
  else if constexpr (O == Op::Neg) d.neg(d.f(out), d.f(a));
  else if constexpr (O == Op::Abs) d.abs(d.f(out), d.f(a));
  else if constexpr (O == Op::Sqrt) d.sqrt(d.f(out), d.f(a));
  else if constexpr (O == Op::Rint) d.rint(d.f(out), d.f(a));
  // min a b = a < b ? a : b (NaN in either gives b; min(+0, -0) = -0); max likewise.
  else if constexpr (O == Op::Min) d.select(d.f(out), d.lt(d.f(a), d.f(b)), d.f(a), d.f(b));
  else if constexpr (O == Op::Max) d.select(d.f(out), d.lt(d.f(b), d.f(a)), d.f(a), d.f(b));
  // Conversions.
  else if constexpr (O == Op::F2I) d.i(out) = d.f2i(d.f(a));
  else if constexpr (O == Op::I2F) d.i2f(d.f(out), d.i(a));
  // ldexp a k: k' = clamp(k, kLdexpMinK, kLdexpMaxK), then two multiplies by the normal
  // powers 2^(k' >> 1) and 2^(k' - (k' >> 1)).
  else if constexpr (O == Op::Ldexp) {
    const auto k = d.i(b);
    const auto lo = d.iconst(static_cast<std::uint32_t>(kLdexpMinK));
    const auto hi = d.iconst(static_cast<std::uint32_t>(kLdexpMaxK));
    const auto kc = d.iselect(d.ilt(k, lo), lo, d.iselect(d.ilt(hi, k), hi, k));
    const auto k1 = d.sar(kc, d.iconst(1));
    const auto k2 = d.isub(kc, k1);
    d.scale2(d.f(out), d.f(a), k1);
    d.scale2(d.f(out), d.f(out), k2);
  }
  // Bit fields of the float32 value: getexp = biased exponent - 127; getmant = the value
  // with its exponent field set to 127 (sign * [1, 2)).
  else if constexpr (O == Op::GetExp) {
    const auto e = d.iand(d.shr(d.asint(d.f(a)), d.iconst(23)), d.iconst(0xffu));
    d.i(out) = d.isub(e, d.iconst(127));
  } else if constexpr (O == Op::GetMant) {
    const auto m = d.iand(d.asint(d.f(a)), d.iconst(0x807fffffu));
    d.asfloat(d.f(out), d.ior(m, d.iconst(0x3f800000u)));
  }
  // Integers: two's-complement 32-bit patterns; shifts count (b & 31).
  else if constexpr (O == Op::IAdd) d.i(out) = d.iadd(d.i(a), d.i(b));
  else if constexpr (O == Op::ISub) d.i(out) = d.isub(d.i(a), d.i(b));
  else if constexpr (O == Op::IMul) d.i(out) = d.imul(d.i(a), d.i(b));
  else if constexpr (O == Op::Shl) d.i(out) = d.shl(d.i(a), d.iand(d.i(b), d.iconst(31)));
  else if constexpr (O == Op::Shr) d.i(out) = d.shr(d.i(a), d.iand(d.i(b), d.iconst(31)));
  else if constexpr (O == Op::Sar) d.i(out) = d.sar(d.i(a), d.iand(d.i(b), d.iconst(31)));
  else if constexpr (O == Op::And) d.i(out) = d.iand(d.i(a), d.i(b));
  else if constexpr (O == Op::Or) d.i(out) = d.ior(d.i(a), d.i(b));
  else if constexpr (O == Op::Xor) d.i(out) = d.ixor(d.i(a), d.i(b));
  else if constexpr (O == Op::AsInt) d.i(out) = d.asint(d.f(a));
  else if constexpr (O == Op::AsFloat) d.asfloat(d.f(out), d.i(a));
  // Comparisons and masks (all-ones or zero).
  else if constexpr (O == Op::Lt) d.i(out) = d.lt(d.f(a), d.f(b));
  else if constexpr (O == Op::Le) d.i(out) = d.le(d.f(a), d.f(b));
  else if constexpr (O == Op::Eq) d.i(out) = d.eq(d.f(a), d.f(b));
  else if constexpr (O == Op::ILt) d.i(out) = d.ilt(d.i(a), d.i(b));
  else if constexpr (O == Op::IEq) d.i(out) = d.ieq(d.i(a), d.i(b));
  else if constexpr (O == Op::MAnd) d.i(out) = d.iand(d.i(a), d.i(b));
  else if constexpr (O == Op::MOr) d.i(out) = d.ior(d.i(a), d.i(b));
  else if constexpr (O == Op::MNot) d.i(out) = d.inot(d.i(a));
  else if constexpr (O == Op::Select) d.select(d.f(out), d.i(a), d.f(b), d.f(c));
  // guard is select; only code generators treat its `a` operand as a cold path.
  else if constexpr (O == Op::Guard) d.select(d.f(out), d.i(a), d.f(b), d.f(c));
  else if constexpr (O == Op::ISelect) d.i(out) = d.iselect(d.i(a), d.i(b), d.i(c));
  else static_assert(O != O, "ir/apply.h has no definition for this op of ir/ops.def");
}

// apply() for a run-time op.
template <class D>
void apply(D& d, typename D::Reg out, typename D::Reg a, typename D::Reg b, typename D::Reg c,
           const Instr& ins, std::uint32_t at) {
  visit_op(ins.op, [&](auto tag) { apply(d, tag, out, a, b, c, ins, at); });
}

// The integer and mask primitives over 32-bit patterns (I = std::uint32_t), shared by
// every domain that evaluates.
struct U32Ints {
  using I = std::uint32_t;
  static I iconst(std::uint32_t bits) { return bits; }
  static I iadd(I a, I b) { return a + b; }
  static I isub(I a, I b) { return a - b; }
  static I imul(I a, I b) { return a * b; }
  static I shl(I a, I n) { return a << n; }
  static I shr(I a, I n) { return a >> n; }
  static I sar(I a, I n) { return static_cast<I>(static_cast<std::int32_t>(a) >> n); }
  static I iand(I a, I b) { return a & b; }
  static I ior(I a, I b) { return a | b; }
  static I ixor(I a, I b) { return a ^ b; }
  static I inot(I a) { return ~a; }
  static I mask(bool v) { return v ? 0xFFFFFFFFu : 0u; }
  static I ilt(I a, I b) { return mask(static_cast<std::int32_t>(a) < static_cast<std::int32_t>(b)); }
  static I ieq(I a, I b) { return mask(a == b); }
  static I iselect(I m, I a, I b) { return m ? a : b; }
};

}  // namespace uf::ir
