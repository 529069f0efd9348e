#include "ir/random.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <set>
#include <stdexcept>

#include "ir/passes.h"
#include "ir/semantics.h"

namespace uf::ir {
namespace {

TEST(RandomProgram, EveryProgramVerifiesAndRespectsOpBounds) {
  RandomProgramOptions opt;
  opt.min_ops = 3;
  opt.max_ops = 12;
  for (std::uint64_t seed = 0; seed < 3000; ++seed) {
    const Program p = random_program(seed, opt);
    ASSERT_EQ(verify(p), std::nullopt) << "seed " << seed;
    ASSERT_GE(op_count(p), opt.min_ops) << "seed " << seed;
    ASSERT_LE(op_count(p), opt.max_ops) << "seed " << seed;
    ASSERT_EQ(p.type_of(p.result), Type::F32);
    ASSERT_EQ(remove_dead_code(p), p) << "seed " << seed << ": every instruction is live";
  }
}

TEST(RandomProgram, ResultDependsOnInput) {
  // The generator's probe inputs (ir/random.cpp): the guarantee is stated on them.
  const std::array<std::uint32_t, 16> xs{
      0x00000000u, 0x80000000u, 0x3f800000u, 0xbf800000u, 0x3f000000u, 0x40500000u,
      0xc0f00000u, 0x3a83126fu, 0x42c80000u, 0x49742400u, 0xe0ad78ecu, 0x00001234u,
      0x7f800000u, 0xff800000u, 0x7fc00000u, 0x42b10000u};
  for (std::uint64_t seed = 0; seed < 1000; ++seed) {
    const Program p = random_program(seed);
    std::set<std::uint32_t> outs;
    for (std::uint32_t x : xs) outs.insert(sem::u(sem::run_scalar(p, sem::f(x))));
    EXPECT_GT(outs.size(), 1u) << "seed " << seed;
  }
}

TEST(RandomProgram, SameSeedGivesSameProgram) {
  for (std::uint64_t seed : {0ull, 1ull, 42ull, 0xdeadbeefull}) {
    EXPECT_EQ(random_program(seed), random_program(seed));
  }
  EXPECT_NE(random_program(1), random_program(2));
}

TEST(RandomProgram, HitsEveryOpOfTheTable) {
  std::set<Op> seen;
  RandomProgramOptions opt;
  opt.include_holes = true;
  for (std::uint64_t seed = 0; seed < 2000; ++seed) {
    for (const Instr& ins : random_program(seed, opt).code) seen.insert(ins.op);
  }
  for (Op op : all_ops()) EXPECT_TRUE(seen.count(op)) << info(op).name;
}

TEST(RandomProgram, HolesOnlyWhenRequested) {
  RandomProgramOptions opt;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    EXPECT_EQ(hole_count(random_program(seed, opt)), 0u);
  }
  opt.include_holes = true;
  for (std::uint64_t seed = 0; seed < 200; ++seed) {
    const Program p = random_program(seed, opt);
    EXPECT_EQ(hole_count(p), 1u) << "seed " << seed;
    EXPECT_EQ(verify(p), std::nullopt);
    // The result depends on the hole: it survives dead-code removal.
    EXPECT_EQ(hole_count(remove_dead_code(p)), 1u) << "seed " << seed;
  }
}

TEST(RandomProgram, RestrictedOpSetsStayWellTyped) {
  const std::vector<std::vector<Op>> sets{
      {Op::Add, Op::Mul},  {Op::Select},          {Op::IAdd},
      {Op::Ldexp},         {Op::MNot, Op::Shl},   {Op::ILt, Op::Fma},
      {Op::F2I, Op::I2F}, {Op::Const, Op::Sqrt}};
  for (const auto& ops : sets) {
    RandomProgramOptions opt;
    opt.ops = ops;
    opt.min_ops = 2;
    opt.max_ops = 8;
    for (std::uint64_t seed = 0; seed < 200; ++seed) {
      const Program p = random_program(seed, opt);
      ASSERT_EQ(verify(p), std::nullopt) << info(ops[0]).name << " seed " << seed;
      EXPECT_GE(op_count(p), opt.min_ops);
      EXPECT_LE(op_count(p), opt.max_ops);
      // Every op not in the set is a leaf or a type conversion helper.
      for (const Instr& ins : p.code) {
        const bool in_set = std::find(ops.begin(), ops.end(), ins.op) != ops.end();
        const bool helper = ins.op == Op::Input || ins.op == Op::Const || ins.op == Op::IConst ||
                            ins.op == Op::AsInt || ins.op == Op::AsFloat || ins.op == Op::Lt ||
                            ins.op == Op::Select;
        EXPECT_TRUE(in_set || helper) << info(ins.op).name;
      }
    }
  }
}

TEST(RandomProgram, RejectsBadOptions) {
  RandomProgramOptions opt;
  opt.min_ops = 5;
  opt.max_ops = 4;
  EXPECT_THROW(random_program(1, opt), std::invalid_argument);
  opt = {};
  opt.ops = {Op::Const, Op::Input};
  EXPECT_THROW(random_program(1, opt), std::invalid_argument);
}

TEST(RandomProgram, ConstantsIncludeSpecialValues) {
  bool zero = false, neg_zero = false, inf = false, nan = false, subnormal = false;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    for (const Instr& ins : random_program(seed).code) {
      if (ins.op != Op::Const) continue;
      zero |= ins.imm == 0u;
      neg_zero |= ins.imm == 0x80000000u;
      inf |= (ins.imm & 0x7fffffffu) == 0x7f800000u;
      nan |= (ins.imm & 0x7fffffffu) > 0x7f800000u;
      subnormal |= (ins.imm & 0x7f800000u) == 0 && (ins.imm & 0x007fffffu) != 0;
    }
  }
  EXPECT_TRUE(zero && neg_zero && inf && nan && subnormal);
}

}  // namespace
}  // namespace uf::ir
