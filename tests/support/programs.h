// Test programs shared by the evaluator and code-generator tests.
#pragma once

#include <cstdint>
#include <utility>

#include "ir/program.h"

namespace uf::test {

// A kernel whose result depends on one instance of `op` applied to operands derived
// from x: f32 operands x, y = x with scrambled bits, z = another scramble (so NaNs,
// infinities, subnormals and both signs reach every operand slot); i32 operands
// bits(x) and bits(y) >> 23 (exponent-sized, to exercise ldexp clamping and shift
// masking); mask operands x < y and y <= z. i32 results are returned bit-cast, masks
// through select(m, x, y). For Op::Core the result is a template (one hole).
inline ir::Program single_op_program(ir::Op op) {
  using ir::Op;
  ir::Builder b;
  const std::uint32_t x = b.input();
  if (op == Op::Input) return std::move(b).finish(x);
  if (op == Op::Const) return std::move(b).finish(b.f(-0x1.5p-3f));
  if (op == Op::IConst) return std::move(b).finish(b.emit(Op::AsFloat, b.i(0x3fc00001)));
  const std::uint32_t xi = b.emit(Op::AsInt, x);
  const std::uint32_t yi = b.emit(Op::Xor, xi, b.i(0x05a5a5a5));
  const std::uint32_t y = b.emit(Op::AsFloat, yi);
  const std::uint32_t z = b.emit(Op::AsFloat, b.emit(Op::Xor, xi, b.i(static_cast<std::int32_t>(0x8c3c3c3cu))));
  const std::uint32_t f[3] = {x, y, z};
  const std::uint32_t i[3] = {xi, b.emit(Op::Sar, yi, b.i(23)), yi};
  const std::uint32_t m[3] = {b.emit(Op::Lt, x, y), b.emit(Op::Le, y, z), b.emit(Op::Eq, x, x)};
  const ir::OpInfo& oi = ir::info(op);
  std::uint32_t args[3] = {0, 0, 0};
  for (int a = 0; a < oi.arity; ++a) {
    switch (oi.args[a]) {
      case ir::Type::F32: args[a] = f[a]; break;
      case ir::Type::I32: args[a] = i[a]; break;
      case ir::Type::Mask: args[a] = m[a]; break;
      case ir::Type::None: break;
    }
  }
  const std::uint32_t r = b.emit(op, args[0], args[1], args[2], 0);
  switch (oi.result) {
    case ir::Type::F32: return std::move(b).finish(r);
    case ir::Type::I32: return std::move(b).finish(b.emit(Op::AsFloat, r));
    case ir::Type::Mask: return std::move(b).finish(b.emit(Op::Select, r, x, y));
    case ir::Type::None: break;
  }
  return std::move(b).finish(x);
}

// Guards with non-trivial cold paths (ir::guard_owners). guard_nested: the outer guard
// %24 (mask %3: |x| > 100) owns a chain of f32, i32 and mask values and the nested
// guard %16 (mask %10: |x| > 1e6, itself computed on the cold path), which owns the
// sqrt/f2i/ldexp chain; %5 is shared with the fast value %23 and stays hot; the guard's
// result is used after it (%25).
inline constexpr const char* kGuardNested =
    "%0 = input\n"
    "%1 = abs %0\n"
    "%2 = const 100.0\n"
    "%3 = lt %2, %1\n"
    "%4 = const 0.5\n"
    "%5 = mul %0, %4\n"
    "%6 = mul %5, %5\n"
    "%7 = const 3.0\n"
    "%8 = fma %6, %0, %7\n"
    "%9 = const 1e6\n"
    "%10 = lt %9, %1\n"
    "%11 = sqrt %1\n"
    "%12 = f2i %11\n"
    "%13 = iconst -40\n"
    "%14 = isub %13, %12\n"
    "%15 = ldexp %8, %14\n"
    "%16 = guard %10, %15, %8\n"
    "%17 = asint %0\n"
    "%18 = iconst 0\n"
    "%19 = ilt %17, %18\n"
    "%20 = neg %16\n"
    "%21 = select %19, %20, %16\n"
    "%22 = add %21, %5\n"
    "%23 = sub %5, %0\n"
    "%24 = guard %3, %22, %23\n"
    "%25 = mul %24, %4\n"
    "ret %25\n";
// guard_exp: the guard is the result; mask %3 (exponent field > 20: |x| >= 2^21, inf,
// NaN) reads the hot %1, which the cold i2f reads too.
inline constexpr const char* kGuardExp =
    "%0 = input\n"
    "%1 = getexp %0\n"
    "%2 = iconst 20\n"
    "%3 = ilt %2, %1\n"
    "%4 = getmant %0\n"
    "%5 = i2f %1\n"
    "%6 = const 0x1.62e43p-1\n"
    "%7 = fma %5, %6, %4\n"
    "%8 = rint %0\n"
    "%9 = guard %3, %7, %8\n"
    "ret %9\n";

}  // namespace uf::test
