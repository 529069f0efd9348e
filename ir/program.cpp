#include "ir/program.h"

#include <cstring>

namespace uf::ir {

bool op_from_name(std::string_view name, Op& out) {
  for (const OpInfo& oi : kOpTable) {
    if (oi.name == name) {
      out = oi.op;
      return true;
    }
  }
  return false;
}

std::string_view type_name(Type t) {
  switch (t) {
    case Type::None: return "none";
    case Type::F32: return "f32";
    case Type::I32: return "i32";
    case Type::Mask: return "mask";
  }
  return "?";
}

Program identity_program() {
  Program p;
  p.code.push_back(Instr{Op::Input, {0, 0, 0}, 0});
  p.result = 0;
  return p;
}

std::uint32_t Builder::emit(Op op, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                            std::uint32_t imm) {
  p.code.push_back(Instr{op, {a, b, c}, imm});
  return static_cast<std::uint32_t>(p.code.size() - 1);
}

std::uint32_t Builder::f(float value) { return emit(Op::Const, 0, 0, 0, float_to_bits(value)); }

std::uint32_t Builder::i(std::int32_t value) {
  return emit(Op::IConst, 0, 0, 0, static_cast<std::uint32_t>(value));
}

std::uint32_t Builder::core(std::uint32_t arg, std::uint32_t hole) {
  return emit(Op::Core, arg, 0, 0, hole);
}

Program Builder::finish(std::uint32_t result) && {
  p.result = result;
  return std::move(p);
}

float bits_to_float(std::uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

std::uint32_t float_to_bits(float f) {
  std::uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}

}  // namespace uf::ir
