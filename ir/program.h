// Core data types of the ulpforge IR: the op table and straight-line SSA programs.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ir/isa.h"

namespace uf::ir {

enum class Type : std::uint8_t { None, F32, I32, Mask };

enum class ImmKind : std::uint8_t { None, F32, I32, Hole };

enum class Op : std::uint8_t {
#define X(E, name, ar, res, a0, a1, a2, comm, imm, c2, c5, cn) E,
#include "ir/ops.def"
#undef X
};

struct OpInfo {
  Op op;
  std::string_view name;
  int arity;
  Type result;
  std::array<Type, 3> args;
  bool commutative;
  ImmKind imm;
  std::array<double, 3> cost;  // indexed by Isa
};

namespace detail {
inline constexpr Type T_NONE = Type::None, T_F32 = Type::F32, T_I32 = Type::I32,
                      T_MASK = Type::Mask;
inline constexpr ImmKind IMM_NONE = ImmKind::None, IMM_F32 = ImmKind::F32,
                         IMM_I32 = ImmKind::I32, IMM_HOLE = ImmKind::Hole;
}  // namespace detail

inline constexpr auto kOpTable = [] {
  using namespace detail;
  return std::array{
#define X(E, nm, ar, res, a0, a1, a2, comm, imm, c2, c5, cn) \
  OpInfo{Op::E, nm, ar, res, {a0, a1, a2}, comm, imm, {c2, c5, cn}},
#include "ir/ops.def"
#undef X
  };
}();

inline constexpr std::size_t kNumOps = kOpTable.size();

// info(op) indexes the table by the enum value: row i must describe op i.
inline constexpr bool op_table_in_enum_order() {
  for (std::size_t i = 0; i < kNumOps; ++i)
    if (static_cast<std::size_t>(kOpTable[i].op) != i) return false;
  return true;
}
static_assert(op_table_in_enum_order(), "ir/ops.def rows and the Op enum must be in the same order");

constexpr const OpInfo& info(Op op) { return kOpTable[static_cast<std::size_t>(op)]; }

// Every op in table order (for tests that must cover every op).
constexpr std::array<Op, kNumOps> all_ops() {
  std::array<Op, kNumOps> ops{};
  for (std::size_t i = 0; i < kNumOps; ++i) ops[i] = kOpTable[i].op;
  return ops;
}

// Looks an op up by its text name; returns false if there is none.
bool op_from_name(std::string_view name, Op& out);

std::string_view type_name(Type t);

// One SSA instruction. Operands index earlier instructions of the same program.
// `imm` holds the float32 bit pattern (const), the int32 value (iconst) or the hole
// index (core); it is 0 for ops without an immediate.
struct Instr {
  Op op = Op::Input;
  std::array<std::uint32_t, 3> args{0, 0, 0};
  std::uint32_t imm = 0;

  friend bool operator==(const Instr&, const Instr&) = default;
};

// A straight-line program over one float32 input. Instruction 0 is always `input`;
// `result` names the f32 value returned. Programs are plain values.
struct Program {
  std::vector<Instr> code;
  std::uint32_t result = 0;

  friend bool operator==(const Program&, const Program&) = default;

  std::size_t size() const { return code.size(); }
  Type type_of(std::uint32_t v) const { return info(code[v].op).result; }
};

// A program with several f32 results over one input: a fused kernel (sincosf returns
// sin x and cos x from one reduction). Every result shares the instructions the results
// have in common, so one evaluation computes them all. `code.result` is outputs[0];
// output(i) is the ordinary single-result program of result i (what its proof checks).
struct MultiProgram {
  Program code;
  std::vector<std::uint32_t> outputs;

  friend bool operator==(const MultiProgram&, const MultiProgram&) = default;

  Program output(std::size_t i) const {
    Program p = code;
    p.result = outputs.at(i);
    return p;
  }
};

// The identity program `%0 = input; ret %0`.
Program identity_program();

// Helpers to build programs by hand (targets, tests). Each appends one instruction and
// returns its index; no checking is done here (use verify()).
struct Builder {
  Program p;
  Builder() { p = identity_program(); }
  std::uint32_t input() const { return 0; }
  std::uint32_t emit(Op op, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0,
                     std::uint32_t imm = 0);
  std::uint32_t f(float value);          // const
  std::uint32_t i(std::int32_t value);   // iconst
  std::uint32_t core(std::uint32_t arg, std::uint32_t hole = 0);
  Program finish(std::uint32_t result) &&;
};

float bits_to_float(std::uint32_t bits);
std::uint32_t float_to_bits(float f);

}  // namespace uf::ir
