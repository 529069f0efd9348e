// Lowering and host JIT: every op of the op table is lowered, verified by LLVM and
// JIT-compiled, and each op's machine code matches ir/semantics.h bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "ir/passes.h"
#include "ir/program.h"
#include "ir/text.h"
#include "jit/jit.h"
#include "jit/lower.h"
#include "tests/jit/test_util.h"
#include "targets/target.h"
#include "tests/support/programs.h"

namespace uf::jit {
namespace {

using ir::Op;

using uf::test::single_op_program;

struct Tally {
  std::size_t same = 0, differ = 0, not_comparable = 0;
  std::string first_diff;
};

Tally run_and_compare(const ir::Program& p, const Kernel& k, const std::vector<float>& in) {
  std::vector<float> out(in.size());
  k(in.data(), out.data(), in.size());
  Tally t;
  for (std::size_t j = 0; j < in.size(); ++j) {
    const test::RefValue ref = test::ref_eval(p, in[j]);
    const std::uint32_t got = test::bits(out[j]);
    switch (test::compare(ref, got)) {
      case test::Verdict::Same: ++t.same; break;
      case test::Verdict::NotComparable: ++t.not_comparable; break;
      case test::Verdict::Differ:
        if (t.differ++ == 0) {
          char buf[160];
          std::snprintf(buf, sizeof buf, "x=%a (0x%08x): got 0x%08x, expected 0x%08x", in[j],
                        test::bits(in[j]), got, ref.bits);
          t.first_diff = buf;
        }
        break;
    }
  }
  return t;
}

TEST(Lowering, EveryOpOfTheTableLowersToVerifiedIrExceptCoreHoles) {
  for (const ir::OpInfo& oi : ir::kOpTable) {
    const ir::Program p = single_op_program(oi.op);
    Expected<std::string> ir_text = lower_to_llvm_text(p);
    if (oi.op == Op::Core) {
      ASSERT_FALSE(ir_text) << "a core hole must not lower";
      EXPECT_NE(ir_text.error.find("core"), std::string::npos) << ir_text.error;
      continue;
    }
    ASSERT_TRUE(ir_text) << oi.name << ": " << ir_text.error;
    EXPECT_NE(ir_text->find("define void @uf_kernel(ptr"), std::string::npos) << oi.name;
  }
}

TEST(Lowering, UsesExactIntrinsicsAndNoFastMathFlags) {
  auto text_of = [](Op op) { return *lower_to_llvm_text(single_op_program(op)); };
  EXPECT_NE(text_of(Op::Fma).find("@llvm.fma.f32"), std::string::npos);
  EXPECT_NE(text_of(Op::Rint).find("@llvm.roundeven.f32"), std::string::npos);
  LowerOptions sat;
  sat.native_saturating_f2i = true;
  EXPECT_NE(lower_to_llvm_text(single_op_program(Op::F2I), sat)->find("@llvm.fptosi.sat.i32.f32"),
            std::string::npos);
  EXPECT_EQ(text_of(Op::F2I).find("@llvm.fptosi.sat"), std::string::npos);
  EXPECT_NE(text_of(Op::Sqrt).find("@llvm.sqrt.f32"), std::string::npos);
  for (const ir::OpInfo& oi : ir::kOpTable) {
    if (oi.op == Op::Core) continue;
    const std::string t = text_of(oi.op);
    for (const char* flag : {" fast ", " nnan ", " ninf ", " nsz ", " arcp ", " contract ", " afn ", " reassoc "}) {
      EXPECT_EQ(t.find(flag), std::string::npos) << oi.name << " has fast-math flag" << flag;
    }
  }
}

TEST(Lowering, RejectsMalformedProgramsWithAMessage) {
  ir::Program bad = ir::identity_program();
  bad.code.push_back(ir::Instr{Op::Add, {0, 5, 0}, 0});  // operand refers forward
  bad.result = 1;
  Expected<std::string> r = lower_to_llvm_text(bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error.find("%1 (add)"), std::string::npos) << r.error;

  ir::Program wrong_type = ir::identity_program();
  wrong_type.code.push_back(ir::Instr{Op::IAdd, {0, 0, 0}, 0});  // f32 operand to iadd
  wrong_type.result = 0;
  EXPECT_FALSE(lower_to_llvm_text(wrong_type));

  ir::Program empty;
  EXPECT_FALSE(lower_to_llvm_text(empty));
  EXPECT_FALSE(compile(empty)) << "compile must return an error value, not crash";
}

TEST(Lowering, VectorisesTheLoopAtTheHostWidth) {
  Expected<std::string> t = optimized_llvm_text(single_op_program(Op::Fma));
  ASSERT_TRUE(t) << t.error;
  const bool wide = t->find("<16 x float>") != std::string::npos ||
                    t->find("<8 x float>") != std::string::npos ||
                    t->find("<4 x float>") != std::string::npos;
  EXPECT_TRUE(wide) << "loop was not vectorised";
  if (host_has_avx512()) {
    EXPECT_NE(t->find("\"prefer-vector-width\"=\"512\""), std::string::npos);
    EXPECT_NE(t->find("<16 x float>"), std::string::npos);
  }
}

TEST(HostJit, EveryOpMatchesScalarSemanticsBitForBit) {
  const std::vector<float> in = test::make_inputs(20000, 7);
  for (const ir::OpInfo& oi : ir::kOpTable) {
    if (oi.op == Op::Core) continue;
    const ir::Program p = single_op_program(oi.op);
    Expected<Kernel> k = compile(p);
    ASSERT_TRUE(k) << oi.name << ": " << k.error;
    const Tally t = run_and_compare(p, *k, in);
    EXPECT_EQ(t.differ, 0u) << oi.name << ": " << t.differ << " differences, first " << t.first_diff;
    EXPECT_GT(t.same, in.size() * 9 / 10) << oi.name;
  }
}

TEST(HostJit, HandlesEveryLengthIncludingVectorTailsAndInPlace) {
  ir::Builder b;
  const std::uint32_t x = b.input();
  const ir::Program p = std::move(b).finish(b.emit(Op::Fma, x, b.f(1.5f), b.f(-0.25f)));
  Expected<Kernel> k = compile(p);
  ASSERT_TRUE(k) << k.error;
  const std::vector<float> src = test::make_inputs(300, 3);
  for (std::size_t n : {0u, 1u, 3u, 7u, 15u, 16u, 17u, 31u, 33u, 64u, 255u, 300u}) {
    std::vector<float> out(n + 1, 42.0f);
    (*k)(src.data(), out.data(), n);
    for (std::size_t j = 0; j < n; ++j) {
      ASSERT_EQ(test::bits(out[j]), test::ref_eval(p, src[j]).bits) << "n=" << n << " j=" << j;
    }
    EXPECT_EQ(out[n], 42.0f) << "wrote past the end for n=" << n;
    std::vector<float> inplace(src.begin(), src.begin() + static_cast<std::ptrdiff_t>(n));
    (*k)(inplace.data(), inplace.data(), n);
    for (std::size_t j = 0; j < n; ++j) {
      ASSERT_EQ(test::bits(inplace[j]), test::ref_eval(p, src[j]).bits) << "in place, n=" << n;
    }
  }
}

// A kernel with a live guard lowers to an explicit vector loop whose cold path is
// entered only when some lane of the mask is set (any-lane reduction and a branch), then
// a scalar remainder loop; without guards, or with vector_lanes 0, one scalar loop.
TEST(Lowering, GuardBecomesAnAnyLaneBranchInAnExplicitVectorLoop) {
  const ir::Program g = *ir::parse(uf::test::kGuardNested).program;
  LowerOptions o;
  o.vector_lanes = 8;
  Expected<std::string> t = lower_to_llvm_text(g, o);
  ASSERT_TRUE(t) << t.error;
  EXPECT_NE(t->find("llvm.vector.reduce.or.v8i1"), std::string::npos) << *t;
  EXPECT_NE(t->find("<8 x float>"), std::string::npos);
  EXPECT_NE(t->find("cold"), std::string::npos);
  EXPECT_NE(t->find("llvm.loop.vectorize.enable"), std::string::npos);  // the remainder stays scalar
  o.vector_lanes = 0;
  t = lower_to_llvm_text(g, o);
  ASSERT_TRUE(t) << t.error;
  EXPECT_EQ(t->find("reduce.or"), std::string::npos);
  o.vector_lanes = 8;
  t = lower_to_llvm_text(single_op_program(Op::Fma), o);
  ASSERT_TRUE(t) << t.error;
  EXPECT_EQ(t->find("<8 x float>"), std::string::npos) << "no guard: the loop vectoriser's scalar loop";
}

// The host JIT's guarded kernels give the interpreter's bits whether no lane, some lanes
// or every lane of a vector takes the cold path, at every length (vector remainder) and
// in place: the two guard test kernels and the catalog's full-range sinf (Payne-Hanek
// behind a guard for |x| > 16384).
TEST(HostJit, GuardedKernelsMatchTheInterpreterForEveryMixOfColdLanes) {
  std::vector<std::pair<std::string, ir::Program>> ks = {
      {"guard_nested", *ir::parse(uf::test::kGuardNested).program},
      {"guard_exp", *ir::parse(uf::test::kGuardExp).program},
      {"sinf", targets::find("sinf")->baseline_kernel()}};
  for (const auto& [name, p] : ks) {
    ASSERT_NE(ir::hot_path(p), ir::remove_dead_code(p)) << name << " has no live guard";
    Expected<Kernel> k = compile(p);
    ASSERT_TRUE(k) << name << ": " << k.error;
    std::mt19937 rng(11);
    std::uniform_real_distribution<float> small(-90.0f, 90.0f);
    const std::vector<float> wild = test::make_inputs(4096, 5);  // every class of float
    // Inputs by pattern: all hot, one cold lane per 16 (at each position), every lane cold, random mix.
    std::vector<std::vector<float>> sets(4);
    for (int i = 0; i < 1024; ++i) {
      const float hot = small(rng);
      sets[0].push_back(hot);
      sets[1].push_back(i % 17 == 0 ? 3.5e7f * (i % 2 ? 1.0f : -1.0f) : hot);
      sets[2].push_back(i % 3 == 0 ? 1e30f : i % 3 == 1 ? -2.5e6f : 7.1e9f);
      sets[3].push_back(wild[static_cast<std::size_t>(i) * 4]);
    }
    for (std::size_t s = 0; s < sets.size(); ++s) {
      const std::vector<float>& in = sets[s];
      for (std::size_t n : {std::size_t{1}, std::size_t{7}, std::size_t{16}, std::size_t{45}, in.size()}) {
        std::vector<float> out(n + 1, 42.0f);
        (*k)(in.data(), out.data(), n);
        std::vector<float> inplace(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
        (*k)(inplace.data(), inplace.data(), n);
        for (std::size_t j = 0; j < n; ++j) {
          const test::RefValue ref = test::ref_eval(p, in[j]);
          ASSERT_NE(test::compare(ref, test::bits(out[j])), test::Verdict::Differ)
              << name << " set " << s << " n=" << n << " x=" << in[j];
          ASSERT_NE(test::compare(ref, test::bits(inplace[j])), test::Verdict::Differ)
              << name << " in place, set " << s << " n=" << n << " x=" << in[j];
        }
        EXPECT_EQ(out[n], 42.0f) << name << ": wrote past the end for n=" << n;
      }
    }
  }
}

TEST(HostJit, CacheReturnsSameCodeForIdenticalProgramAndNewCodeForNewConstant) {
  ir::Builder b1;
  const ir::Program p1 = std::move(b1).finish(b1.emit(Op::Mul, b1.input(), b1.f(3.0f)));
  ir::Builder b2;
  const ir::Program p2 = std::move(b2).finish(b2.emit(Op::Mul, b2.input(), b2.f(5.0f)));
  Expected<Kernel> k1 = compile(p1);
  ASSERT_TRUE(k1);
  const JitStats before = stats();
  Expected<Kernel> k1b = compile(p1);
  ASSERT_TRUE(k1b);
  EXPECT_EQ(k1->fn, k1b->fn);
  EXPECT_EQ(stats().cache_hits, before.cache_hits + 1);
  Expected<Kernel> k2 = compile(p2);
  ASSERT_TRUE(k2);
  EXPECT_NE(k1->fn, k2->fn) << "constants are baked in: a new constant needs new code";
  float in = 2.0f, out = 0;
  k2->batch_fn()(&in, &out, 1);
  EXPECT_EQ(out, 10.0f);
}

TEST(HostJit, ReportsCoreHoleAsErrorValue) {
  ir::Builder b;
  const ir::Program tmpl = std::move(b).finish(b.core(b.input()));
  Expected<Kernel> k = compile(tmpl);
  ASSERT_FALSE(k);
  EXPECT_NE(k.error.find("core"), std::string::npos) << k.error;
}

TEST(HostJit, MeasuresPlausibleCyclesPerElement) {
  ir::Builder b;
  const std::uint32_t x = b.input();
  std::uint32_t r = x;
  for (int i = 0; i < 8; ++i) r = b.emit(Op::Fma, r, x, b.f(0.5f + static_cast<float>(i)));
  const ir::Program p = std::move(b).finish(r);
  EXPECT_GT(tsc_hz(), 1e8);
  EXPECT_LT(tsc_hz(), 1e11);
  CycleOptions opt;
  opt.samples = 9;
  Expected<double> c = measure_cycles_per_element(p, opt);
  ASSERT_TRUE(c) << c.error;
  // 8 dependent fmas per element, vectorised: well under 100 cycles/element and not 0.
  EXPECT_GT(*c, 0.01);
  EXPECT_LT(*c, 100.0);
}

}  // namespace
}  // namespace uf::jit
