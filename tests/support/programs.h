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

}  // namespace uf::test
