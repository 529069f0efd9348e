// jit/mca: the vector loop cut out of emitted assembly, and llvm-mca's predictions on
// LLVM's scheduling models of CPUs this machine need not be.
#include "jit/mca.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "ir/text.h"
#include "jit/object.h"
#include "targets/target.h"

namespace uf::jit {
namespace {

ir::Program parse_ok(const std::string& text) {
  auto r = ir::parse(text);
  if (!r.program) throw std::runtime_error("bad test program: " + text);
  return *r.program;
}

// x * c + c: one fma.
ir::Program short_kernel() { return parse_ok("%0 = input\n%1 = const 0x1.8p+0\n%2 = fma %0, %1, %1\nret %2\n"); }

// A degree-`n` Horner polynomial with distinct constants (a dependent chain of n fmas).
ir::Program horner(int n, float first = 1.0f) {
  std::string s = "%0 = input\n%1 = const " + ir::hexfloat(first) + "\n";
  int v = 1;
  for (int i = 0; i < n; ++i) {
    s += "%" + std::to_string(v + 1) + " = const " + ir::hexfloat(1.0f + 0.125f * static_cast<float>(i)) + "\n";
    s += "%" + std::to_string(v + 2) + " = fma %" + std::to_string(v) + ", %0, %" + std::to_string(v + 1) + "\n";
    v += 2;
  }
  return parse_ok(s + "ret %" + std::to_string(v) + "\n");
}

TEST(McaLoop, TheVectorBodyIsPickedNotTheScalarRemainderOnEveryIsa) {
  const ir::Program k = targets::find("expf")->baseline_kernel();
  const std::vector<std::pair<ir::Isa, int>> widths = {
      {ir::Isa::Avx2, 8}, {ir::Isa::Avx512, 16}, {ir::Isa::Neon, 4}};
  for (const auto& [isa, width] : widths) {
    const std::vector<NamedKernel> ks{{"k", k}};
    const Expected<std::string> code = emit_code(ks, isa, OutputKind::Assembly);
    ASSERT_TRUE(code) << code.error;
    const std::optional<LoopBody> body = vector_loop(*code, isa);
    ASSERT_TRUE(body) << ir::isa_name(isa);
    EXPECT_GE(body->lanes, width) << ir::isa_name(isa);
    EXPECT_EQ(body->lanes % width, 0) << ir::isa_name(isa);
    // The kernel's rint is in the body as the vector rounding instruction.
    std::string all;
    for (const std::string& ins : body->instructions) all += ins + "\n";
    const char* round = isa == ir::Isa::Neon ? "frintn\tv" : isa == ir::Isa::Avx2 ? "vroundps" : "vrndscaleps";
    EXPECT_NE(all.find(round), std::string::npos) << ir::isa_name(isa) << "\n" << all;
  }
}

TEST(McaLoop, WidestStoringLoopWinsAndForwardBranchesAreNoLoops) {
  const std::string x86 =
      "f:\n\tjmp\t.LBB0_9\n"
      ".LBB0_1:\n\tvmovss\t(%rdi), %xmm0\n\tvmovss\t%xmm0, (%rsi)\n\tjne\t.LBB0_1\n"
      ".LBB0_2:\t# loop header\n\tvmovups\t(%rdi,%rcx,4), %ymm0\n\tvaddps\t%ymm0, %ymm0, %ymm1\n"
      "\tvmovups\t%ymm1, (%rsi,%rcx,4)\n\tvmovups\t%ymm1, 32(%rsi,%rcx,4)\n\taddq\t$16, %rcx\n\tjne\t.LBB0_2\n"
      ".LBB0_9:\n\tretq\n";
  const auto b = vector_loop(x86, ir::Isa::Avx2);
  ASSERT_TRUE(b);
  EXPECT_EQ(b->lanes, 16);
  EXPECT_EQ(b->instructions.size(), 6u);
  EXPECT_EQ(b->instructions.front(), "vmovups\t(%rdi,%rcx,4), %ymm0");  // a load is not a store
  const std::string a64 =
      ".LBB0_4:\n\tldp\tq0, q1, [x8, #-16]\n\tfadd\tv0.4s, v0.4s, v0.4s\n\tstp\tq0, q1, [x9, #-16]\n"
      "\tb.ne\t.LBB0_4\n.LBB0_7:\n\tldr\ts0, [x11], #4\n\tstr\ts0, [x10], #4\n\tb.ne\t.LBB0_7\n";
  const auto n = vector_loop(a64, ir::Isa::Neon);
  ASSERT_TRUE(n);
  EXPECT_EQ(n->lanes, 8);
  EXPECT_FALSE(vector_loop("f:\n\tjmp\t.LBB0_1\n.LBB0_1:\n\tretq\n", ir::Isa::Avx2));
  // A backward jump into a loop laid out earlier (the vector epilogue) spans the main
  // loop too; only the innermost loops count.
  const std::string nested =
      ".LBB0_9:\n\tmovq\t%rax, %r8\n"
      ".LBB0_10:\n\tvmovups\t%ymm1, (%rsi,%r8,4)\n\tjne\t.LBB0_10\n"
      ".LBB0_6:\n\tvaddps\t%zmm0, %zmm0, %zmm1\n\tvmovups\t%zmm1, (%rsi,%r8,4)\n\tjne\t.LBB0_6\n"
      "\ttestb\t$8, %dl\n\tjne\t.LBB0_9\n";
  const auto in = vector_loop(nested, ir::Isa::Avx512);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->lanes, 16);
  EXPECT_EQ(in->instructions.size(), 3u);
}

TEST(Mca, PredictsALongerDependentChainAsSlowerOnEveryDefaultCpu) {
  for (const McaCpu& cpu : default_mca_cpus()) {
    const Expected<McaResult> s = mca_analyse(short_kernel(), cpu);
    const Expected<McaResult> l = mca_analyse(horner(12), cpu);
    ASSERT_TRUE(s) << s.error;
    ASSERT_TRUE(l) << l.error;
    EXPECT_GT(l->cycles_per_element, 2 * s->cycles_per_element) << cpu.name;
    EXPECT_GT(l->instructions, s->instructions) << cpu.name;
    EXPECT_GT(s->lanes, 0);
    EXPECT_DOUBLE_EQ(s->cycles_per_element, s->cycles_per_iteration / s->lanes);
  }
}

TEST(Mca, CpuSpellingsParseAndBadOnesAreRejected) {
  EXPECT_EQ(parse_mca_cpu("znver3")->isa, ir::Isa::Avx2);
  EXPECT_EQ(parse_mca_cpu("neoverse-n1")->isa, ir::Isa::Neon);
  const auto c = parse_mca_cpu("alderlake:avx2");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->name, "alderlake");
  EXPECT_FALSE(parse_mca_cpu("alderlake"));
  EXPECT_FALSE(parse_mca_cpu("znver3:sse9"));
  EXPECT_FALSE(parse_mca_cpu(":avx2"));
}

TEST(Mca, UnknownCpuAndMissingToolAreErrorsNotCrashes) {
  const Expected<McaResult> bad = mca_analyse(short_kernel(), McaCpu{"nosuchcpu", ir::Isa::Avx2});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error.find("nosuchcpu"), std::string::npos) << bad.error;
  ::setenv("ULPFORGE_LLVM_MCA", "/nonexistent/llvm-mca", 1);
  const Expected<McaResult> missing = mca_analyse(horner(3, 0.75f), default_mca_cpus().front());
  ::unsetenv("ULPFORGE_LLVM_MCA");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error.find("/nonexistent/llvm-mca"), std::string::npos) << missing.error;
}

}  // namespace
}  // namespace uf::jit
