#include <gtest/gtest.h>

#include <set>

#include "engine/mutation.h"
#include "tests/engine/pole_fixture.h"
#include "engine/rng.h"
#include "ir/passes.h"
#include "ir/semantics.h"
#include "ir/text.h"

namespace uf::engine {
namespace {

ir::Program horner3() {
  ir::Builder b;
  auto r = b.input();
  auto c3 = b.f(0.25f), c2 = b.f(0.5f), c1 = b.f(1.0f);
  auto p = b.emit(ir::Op::Fma, c3, r, c2);
  p = b.emit(ir::Op::Fma, p, r, c1);
  return std::move(b).finish(p);
}

template <class M>
void expect_well_typed_children(const M& m, int n) {
  Rng rng(42, 7);
  ir::Program p = ir::identity_program();
  for (int i = 0; i < n; ++i) {
    ir::Program child = m(rng, p);
    auto err = ir::verify(child);
    ASSERT_FALSE(err.has_value()) << *err << "\n" << ir::print(child);
    if (child.size() < 40) p = child;
    if (child.size() <= 1 && i % 3 == 0) p = horner3();
  }
}

TEST(Mutation, EveryOperatorKeepsProgramsWellTyped) {
  expect_well_typed_children(InsertOp{}, 500);
  expect_well_typed_children(ExpandConstant{}, 200);
  expect_well_typed_children(RemoveOp{}, 200);
  expect_well_typed_children(RewireOperand{}, 200);
  expect_well_typed_children(ChangeOp{}, 200);
  expect_well_typed_children(PerturbConstant{}, 200);
  expect_well_typed_children(RedrawConstant{}, 200);
  expect_well_typed_children(ScaleByInput{}, 200);
  ExpandConstant every_form;
  every_form.forms = {ExpandConstant::Form::Fma, ExpandConstant::Form::MulAdd, ExpandConstant::Form::Divide,
                     ExpandConstant::Form::Pole};
  every_form.all_uses = 0.5;
  expect_well_typed_children(every_form, 300);
  expect_well_typed_children(SymmetricRatio{}, 100);
  expect_well_typed_children(SquareResult{}, 100);
  expect_well_typed_children(SplitHead{}, 100);
  expect_well_typed_children(MutationMix::standard(default_core_ops()), 2000);
}

TEST(Mutation, GrowRootInsertionMakesTheNewOpTheResult) {
  InsertOp ins;
  ins.grow_root = 1.0;
  ins.ops = {ir::Op::Fma};
  Rng rng(1, 1);
  const ir::Program p = horner3();
  const ir::Program c = ins(rng, p);
  EXPECT_EQ(c.code[c.result].op, ir::Op::Fma);
  EXPECT_GT(ir::op_count(c), ir::op_count(p));
}

TEST(Mutation, ScaleByInputTurnsAConstantCoreIntoItsOddOrEvenLeadingTerm) {
  ir::Builder b;
  const auto half = b.f(0.5f);
  const ir::Program c = std::move(b).finish(half);
  std::set<std::string> seen;
  Rng rng(3, 3);
  for (int i = 0; i < 64; ++i) {
    const ir::Program k = ScaleByInput{}(rng, c);
    ASSERT_FALSE(ir::verify(k).has_value());
    // 0.5 r or 0.5 r^2, whichever it drew
    const float y = ir::sem::run_scalar(k, 3.0f);
    EXPECT_TRUE(y == 1.5f || y == 4.5f) << ir::print(k);
    seen.insert(ir::print(k));
  }
  EXPECT_EQ(seen.size(), 2u);  // both forms occur
}

TEST(Mutation, ExpandConstantAddsAHornerTermOnTheInput) {
  ExpandConstant ex;
  ex.use_value = 0;
  Rng rng(2, 2);
  const ir::Program p = horner3();  // (0.25 r + 0.5) r + 1
  const ir::Program c = ex(rng, p);
  ASSERT_FALSE(ir::verify(c).has_value());
  EXPECT_EQ(ir::op_count(c), ir::op_count(p) + 1);
  // The new term is d * r added to one coefficient: the child minus the parent is a
  // non-zero multiple of r (times r^0, r^1 or r^2), so it vanishes at r = 0 only.
  EXPECT_EQ(ir::sem::run_scalar(c, 0.0f), ir::sem::run_scalar(p, 0.0f));
  EXPECT_NE(ir::sem::run_scalar(c, 0.5f), ir::sem::run_scalar(p, 0.5f));
}

TEST(Mutation, ExpandConstantWithoutFmaUsesMulAddOrADividedTerm) {
  for (const auto form : {ExpandConstant::Form::MulAdd, ExpandConstant::Form::Divide}) {
    ExpandConstant ex;
    ex.forms = {form};
    ex.use_value = 0;
    Rng rng(2, 2);
    const ir::Program p = horner3();
    const ir::Program c = ex(rng, p);
    ASSERT_FALSE(ir::verify(c).has_value()) << ir::print(c);
    EXPECT_EQ(ir::op_count(c), ir::op_count(p) + 2);
    std::size_t fmas = 0, divs = 0;
    for (const ir::Instr& in : c.code) {
      fmas += in.op == ir::Op::Fma;
      divs += in.op == ir::Op::Div;
    }
    EXPECT_EQ(fmas, 2u) << "the parent's fmas only";
    EXPECT_EQ(divs, form == ExpandConstant::Form::Divide ? 1u : 0u);
    // c + r d or c + r / d changes the value off r = 0 only.
    EXPECT_EQ(ir::sem::run_scalar(c, 0.0f), ir::sem::run_scalar(p, 0.0f));
    EXPECT_NE(ir::sem::run_scalar(c, 0.5f), ir::sem::run_scalar(p, 0.5f));
  }
}

TEST(Mutation, PoleOnEveryUseOfSKeepsTheRatioSymmetricAndStartsNearTheParent) {
  Rng rng(7, 7);
  const ir::Program r3 = test::symmetric_ratio_of_a_constant(rng);
  const ExpandConstant pole = test::even_pole();
  const ir::Program c = pole(rng, r3);
  ASSERT_FALSE(ir::verify(c).has_value()) << ir::print(c);
  EXPECT_EQ(ir::op_count(c), ir::op_count(r3) + 4) << ir::print(c);  // x * x, +, /, +
  // (S + x) / (S - x) with one S = c' + d / (x^2 + e): symmetric, f(x) f(-x) = 1.
  for (float x : {0.125f, 0.5f, 1.0f}) {
    const double f = ir::sem::run_scalar(c, x), g = ir::sem::run_scalar(c, -x);
    EXPECT_NEAR(f * g, 1.0, 1e-6) << ir::print(c);
    // The far pole starts as a small change of the parent: c' + d / e = c, |d / e^2| small.
    EXPECT_NEAR(f, ir::sem::run_scalar(r3, x), 0.1 * std::fabs(ir::sem::run_scalar(r3, x)));
  }
}

TEST(Mutation, SymmetricRatioMakesSPlusXOverSMinusX) {
  ir::Builder b;
  auto r = b.input();
  const ir::Program s = std::move(b).finish(b.emit(ir::Op::Add, b.emit(ir::Op::Mul, r, r), b.f(3.0f)));
  Rng rng(3, 3);
  const ir::Program c = SymmetricRatio{}(rng, s);
  ASSERT_FALSE(ir::verify(c).has_value());
  EXPECT_EQ(ir::op_count(c), ir::op_count(s) + 3);
  for (float x : {0.0f, 0.25f, -0.5f, 1.0f}) {
    const float sv = x * x + 3.0f;
    EXPECT_EQ(ir::sem::run_scalar(c, x), (sv + x) / (sv - x)) << x;
  }
}

TEST(Mutation, SquareResultSquaresTheResult) {
  Rng rng(4, 4);
  const ir::Program p = horner3();
  const ir::Program c = SquareResult{}(rng, p);
  ASSERT_FALSE(ir::verify(c).has_value());
  EXPECT_EQ(ir::op_count(c), ir::op_count(p) + 1);
  const float v = ir::sem::run_scalar(p, 0.75f);
  EXPECT_EQ(ir::sem::run_scalar(c, 0.75f), v * v);
}

// c + r q with c = erf(1.25) rounded: the child is c_hi + (c_lo + r q), c_hi the 13
// leading significant bits of c and c_lo the rest (exactly), so it computes the parent's value up
// to one rounding. r c + e (a linear head) becomes fma(r, c_hi, fma(r, c_lo, e)).
TEST(Mutation, SplitHeadAddsTheLeadingConstantLastAsAnExactHiLoPair) {
  const float c = 0x1.d8865ep-1f;
  ir::Builder b;
  auto r = b.input();
  auto q = b.emit(ir::Op::Fma, b.f(0.25f), r, b.f(0.5f));
  const ir::Program p = std::move(b).finish(b.emit(ir::Op::Fma, q, r, b.f(c)));
  Rng rng(5, 5);
  const ir::Program child = SplitHead{}(rng, p);
  ASSERT_FALSE(ir::verify(child).has_value());
  ASSERT_EQ(ir::op_count(child), ir::op_count(p) + 1) << ir::print(child);
  const ir::Instr& top = child.code[child.result];
  ASSERT_EQ(top.op, ir::Op::Add);
  float hi = 0, lo = 0;
  for (int a = 0; a < 2; ++a) {
    const ir::Instr& in = child.code[top.args[a]];
    if (in.op == ir::Op::Const) hi = ir::bits_to_float(in.imm);
    if (in.op == ir::Op::Fma) lo = ir::bits_to_float(child.code[in.args[2]].imm);
  }
  EXPECT_EQ(static_cast<double>(hi) + lo, static_cast<double>(c));
  EXPECT_EQ(ir::float_to_bits(hi) & 0x7FFu, 0u);  // 13 significant bits
  for (float x : {-0.5f, -0.1f, 0.3f})
    EXPECT_NEAR(ir::sem::run_scalar(child, x), ir::sem::run_scalar(p, x), 0x1p-23) << x;

  ir::Builder l;
  auto lr = l.input();
  auto e = l.emit(ir::Op::Mul, l.emit(ir::Op::Mul, lr, lr), l.f(-0.7f));
  const ir::Program lin = std::move(l).finish(l.emit(ir::Op::Fma, lr, l.f(0x1.715476p+0f), e));
  const ir::Program lchild = SplitHead{}(rng, lin);
  ASSERT_FALSE(ir::verify(lchild).has_value());
  const ir::Instr& ltop = lchild.code[lchild.result];
  ASSERT_EQ(ltop.op, ir::Op::Fma) << ir::print(lchild);
  EXPECT_EQ(ir::op_count(lchild), ir::op_count(lin) + 1);
  // fma(r, c_hi, fma(r, c_lo, e)): the outer fma's constant is c_hi, the inner's c_lo.
  const auto const_of = [&](const ir::Instr& in) {
    for (int a = 0; a < 2; ++a)
      if (lchild.code[in.args[a]].op == ir::Op::Const) return ir::bits_to_float(lchild.code[in.args[a]].imm);
    return 0.0f;
  };
  const ir::Instr& inner = lchild.code[ltop.args[2]];
  ASSERT_EQ(inner.op, ir::Op::Fma);
  const float lhi = const_of(ltop), llo = const_of(inner);
  EXPECT_EQ(static_cast<double>(lhi) + llo, static_cast<double>(0x1.715476p+0f));
  EXPECT_EQ(ir::float_to_bits(lhi) & 0x7FFu, 0u);
  // Split once, not again: a third constant of the same sum would be in no pair.
  EXPECT_EQ(SplitHead{}(rng, lchild), lchild);
  EXPECT_EQ(SplitHead{}(rng, child), child);
  for (float x : {-0.3f, 0.2f, 0.4f})
    EXPECT_NEAR(ir::sem::run_scalar(lchild, x), ir::sem::run_scalar(lin, x), 0x1p-22) << x;
  // A core whose root adds no constant is left as it is.
  EXPECT_EQ(SplitHead{}(rng, ir::identity_program()), ir::identity_program());
}

TEST(Mutation, RemoveOpShrinksProgram) {
  Rng rng(3, 3);
  const ir::Program p = horner3();
  bool shrank = false;
  for (int i = 0; i < 20; ++i) shrank |= ir::op_count(RemoveOp{}(rng, p)) < ir::op_count(p);
  EXPECT_TRUE(shrank);
}

TEST(Mutation, ConstantOperatorsChangeOnlyConstants) {
  Rng rng(5, 5);
  const ir::Program p = horner3();
  const ir::Program c = PerturbConstant{}(rng, p);
  EXPECT_EQ(ir::structural_hash(c), ir::structural_hash(p));
  EXPECT_NE(ir::full_hash(c), ir::full_hash(p));
}

TEST(Mutation, SameRngStateGivesSameChild) {
  const auto mix = MutationMix::standard(default_core_ops());
  Rng a(9, 2), b(9, 2);
  ir::Program pa = ir::identity_program(), pb = ir::identity_program();
  for (int i = 0; i < 300; ++i) {
    pa = mix(a, pa);
    pb = mix(b, pb);
    ASSERT_EQ(pa, pb);
  }
}

TEST(Mutation, MixExploresManyDistinctPrograms) {
  const auto mix = MutationMix::standard(default_core_ops());
  Rng rng(11, 0);
  std::set<std::uint64_t> fps;
  ir::Program p = horner3();
  for (int i = 0; i < 300; ++i) {
    ir::Program c = mix(rng, p);
    fps.insert(ir::semantic_fingerprint(c));
    if (c.size() < 30) p = c;
  }
  EXPECT_GT(fps.size(), 100u);
}

TEST(Mutation, NeverInsertsAGuardEvenWhenTheOpSetHasOne) {
  const std::vector<ir::Op> ops{ir::Op::Guard, ir::Op::Select, ir::Op::Lt, ir::Op::Add, ir::Op::Mul};
  const auto mix = MutationMix::standard(ops);
  InsertOp only_guard;
  only_guard.ops = {ir::Op::Guard};
  // A start with a mask, so that a guard could be wired in.
  const ir::ParseResult start = ir::parse(
      "%0 = input\n%1 = const 0.5\n%2 = lt %0, %1\n%3 = mul %0, %0\n%4 = select %2, %3, %1\nret %4\n");
  ASSERT_TRUE(start) << start.error.to_string();
  Rng rng(13, 4);
  bool more_selects = false;
  ir::Program p = *start.program;
  for (int i = 0; i < 2000; ++i) {
    // Every other child from the start (which has the mask), else from the last child.
    if (i % 2 == 0) p = *start.program;
    ir::Program c = mix(rng, p);
    int selects = 0;
    for (const ir::Instr& ins : c.code) {
      ASSERT_NE(ins.op, ir::Op::Guard) << ir::print(c);
      selects += ins.op == ir::Op::Select;
    }
    more_selects |= selects > 1;
    EXPECT_EQ(only_guard(rng, c), c);
    p = c;
  }
  EXPECT_TRUE(more_selects) << "the other ops of the set are still inserted";
}

TEST(Rng, StreamsAreDeterministicAndIndependent) {
  Rng a(7, 0), b(7, 0), c(7, 1);
  int same = 0;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    same += x == c.next();
  }
  EXPECT_EQ(same, 0);
  Rng d(a.state());
  EXPECT_EQ(d.next(), a.next());
}

TEST(Rng, BelowStaysInRange) {
  Rng r(1, 2);
  for (int i = 0; i < 1000; ++i) EXPECT_LT(r.below(7), 7u);
}

}  // namespace
}  // namespace uf::engine
