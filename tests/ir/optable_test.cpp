// Walks every op of the table: names, types, arity and scalar semantics.
#include <gtest/gtest.h>

#include <bit>
#include <set>
#include <string>

#include "ir/program.h"
#include "ir/semantics.h"

namespace uf::ir {
namespace {

TEST(OpTable, NamesAreUniqueAndRoundTrip) {
  std::set<std::string_view> names;
  for (const OpInfo& oi : kOpTable) {
    EXPECT_TRUE(names.insert(oi.name).second) << "duplicate name " << oi.name;
    Op back;
    ASSERT_TRUE(op_from_name(oi.name, back)) << oi.name;
    EXPECT_EQ(back, oi.op);
  }
  Op unused;
  EXPECT_FALSE(op_from_name("frobnicate", unused));
  EXPECT_FALSE(op_from_name("", unused));
}

TEST(OpTable, ArityMatchesOperandTypes) {
  for (const OpInfo& oi : kOpTable) {
    ASSERT_GE(oi.arity, 0);
    ASSERT_LE(oi.arity, 3);
    for (int k = 0; k < 3; ++k) {
      const Type t = oi.args[static_cast<std::size_t>(k)];
      if (k < oi.arity) EXPECT_NE(t, Type::None) << oi.name << " operand " << k;
      else EXPECT_EQ(t, Type::None) << oi.name << " operand " << k;
    }
    EXPECT_NE(oi.result, Type::None) << oi.name;
    if (oi.commutative) {
      EXPECT_GE(oi.arity, 2) << oi.name;
      EXPECT_EQ(oi.args[0], oi.args[1]) << oi.name;
    }
    for (double c : oi.cost) EXPECT_GE(c, 0.0) << oi.name;
  }
}

TEST(OpTable, ImmediateKindsMatchLeafOps) {
  EXPECT_EQ(info(Op::Const).imm, ImmKind::F32);
  EXPECT_EQ(info(Op::IConst).imm, ImmKind::I32);
  EXPECT_EQ(info(Op::Core).imm, ImmKind::Hole);
  for (const OpInfo& oi : kOpTable) {
    if (oi.op != Op::Const && oi.op != Op::IConst && oi.op != Op::Core) {
      EXPECT_EQ(oi.imm, ImmKind::None) << oi.name;
    }
  }
}

// One hand-computed case per op: operand bit patterns and the expected result. Every
// op except Core must produce its defined value, not the fallback NaN of sem::eval.
struct Case {
  Op op;
  std::uint32_t a, b, c, imm, expect;
};

constexpr std::uint32_t F(float v) { return std::bit_cast<std::uint32_t>(v); }

TEST(OpTable, EveryOpHasDefinedSemantics) {
  const std::uint32_t qnan = 0x7fc00000u;
  const Case cases[] = {
      {Op::Input, 0, 0, 0, 0, 0x12345678u},  // returns the program input
      {Op::Const, 0, 0, 0, F(1.5f), F(1.5f)},
      {Op::IConst, 0, 0, 0, 0xfffffff9u, 0xfffffff9u},
      {Op::Add, F(1.0f), F(0x1p-24f), 0, 0, F(1.0f)},  // tie to even
      {Op::Sub, F(1.0f), F(3.0f), 0, 0, F(-2.0f)},
      {Op::Mul, F(0x1p-126f), F(0.5f), 0, 0, 0x00400000u},  // subnormal kept
      {Op::Div, F(1.0f), F(0.0f), 0, 0, F(__builtin_inff())},
      {Op::Fma, F(1.0f + 0x1p-23f), F(1.0f - 0x1p-23f), F(-1.0f), 0, F(-0x1p-46f)},
      {Op::Neg, F(0.0f), 0, 0, 0, 0x80000000u},
      {Op::Abs, 0xffc00001u, 0, 0, 0, 0x7fc00001u},
      {Op::Min, qnan, F(1.0f), 0, 0, F(1.0f)},
      {Op::Max, F(2.0f), qnan, 0, 0, qnan},
      {Op::Sqrt, F(2.25f), 0, 0, 0, F(1.5f)},
      {Op::Rint, F(2.5f), 0, 0, 0, F(2.0f)},
      {Op::F2I, F(-3.9e9f), 0, 0, 0, 0x80000000u},
      {Op::I2F, 16777217u, 0, 0, 0, F(16777216.0f)},
      {Op::Ldexp, F(1.0f), 0xffffff6bu /* -149 */, 0, 0, 0x00000001u},
      {Op::GetExp, F(0.375f), 0, 0, 0, 0xfffffffeu},
      {Op::GetMant, F(-0.375f), 0, 0, 0, F(-1.5f)},
      {Op::IAdd, 0x7fffffffu, 1, 0, 0, 0x80000000u},
      {Op::ISub, 0, 1, 0, 0, 0xffffffffu},
      {Op::IMul, 0x10000u, 0x10000u, 0, 0, 0},
      {Op::Shl, 1, 33, 0, 0, 2},
      {Op::Shr, 0x80000000u, 31, 0, 0, 1},
      {Op::Sar, 0x80000000u, 31, 0, 0, 0xffffffffu},
      {Op::And, 0xf0f0u, 0xff00u, 0, 0, 0xf000u},
      {Op::Or, 0xf0f0u, 0xff00u, 0, 0, 0xfff0u},
      {Op::Xor, 0xf0f0u, 0xff00u, 0, 0, 0x0ff0u},
      {Op::AsInt, F(1.0f), 0, 0, 0, 0x3f800000u},
      {Op::AsFloat, 0x3f800000u, 0, 0, 0, F(1.0f)},
      {Op::Lt, F(-0.0f), F(0.0f), 0, 0, 0},
      {Op::Le, F(-0.0f), F(0.0f), 0, 0, 0xffffffffu},
      {Op::Eq, qnan, qnan, 0, 0, 0},
      {Op::ILt, 0xffffffffu, 0, 0, 0, 0xffffffffu},
      {Op::IEq, 5, 5, 0, 0, 0xffffffffu},
      {Op::MAnd, 0xffffffffu, 0, 0, 0, 0},
      {Op::MOr, 0xffffffffu, 0, 0, 0, 0xffffffffu},
      {Op::MNot, 0, 0, 0, 0, 0xffffffffu},
      {Op::Select, 0xffffffffu, F(1.0f), F(2.0f), 0, F(1.0f)},
      {Op::ISelect, 0, 7, 9, 0, 9},
      {Op::Guard, 0, F(1.0f), F(2.0f), 0, F(2.0f)},
      {Op::Core, F(1.0f), 0, 0, 0, qnan},  // a hole is never evaluated
  };
  std::set<Op> covered;
  for (const Case& k : cases) {
    covered.insert(k.op);
    EXPECT_EQ(sem::eval(k.op, k.a, k.b, k.c, k.imm, 0x12345678u), k.expect) << info(k.op).name;
  }
  for (Op op : all_ops()) EXPECT_TRUE(covered.count(op)) << "no case for " << info(op).name;
}

TEST(OpTable, NoOpButCoreAlwaysYieldsTheFallbackNaN) {
  const std::uint32_t samples[] = {0u, 1u, 0x3f800000u, 0xc0400000u, 0x7fffffffu, 23u};
  for (Op op : all_ops()) {
    bool other = false;
    for (std::uint32_t a : samples)
      for (std::uint32_t b : samples)
        other |= sem::eval(op, a, b, samples[2], 0x40000000u, 0x3f000000u) != 0x7fc00000u;
    EXPECT_EQ(other, op != Op::Core) << info(op).name;
  }
}

}  // namespace
}  // namespace uf::ir
