// Differential test of the code generators: 100 random full kernels (ir/random.h) on
// 10^5 inputs each (special values + random bit patterns + moderate values) through
//   - the reference: ir/semantics.h scalar evaluation (tests/jit/test_util.h),
//   - the interpreter eval::run_f32,
//   - the host JIT (jit::compile),
//   - one AArch64 object holding all kernels (jit::emit_code), linked with a C driver by
//     aarch64-linux-gnu-gcc and run under qemu-aarch64,
// each held to the comparison rule of test_util.h (identical bits; NaN payloads of
// arithmetic NaNs excepted).
#include <gtest/gtest.h>

#include <future>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eval/interp.h"
#include "ir/random.h"
#include "jit/jit.h"
#include "jit/object.h"
#include "tests/jit/test_util.h"
#include "tests/jit/tool_util.h"

namespace uf::jit {
namespace {

constexpr std::size_t kPrograms = 100;
constexpr std::size_t kInputs = 100000;

struct Corpus {
  std::vector<ir::Program> programs;
  std::vector<float> inputs;
  // refs[p * kInputs + j]
  std::vector<test::RefValue> refs;
};

std::vector<ir::Program> random_programs() {
  ir::RandomProgramOptions opt;
  opt.min_ops = 10;
  opt.max_ops = 28;
  std::vector<ir::Program> ps;
  for (std::uint64_t s = 0; s < kPrograms; ++s) ps.push_back(ir::random_program(1000 + s, opt));
  return ps;
}

const Corpus& corpus() {
  static const Corpus c = [] {
    Corpus c;
    c.programs = random_programs();
    c.inputs = test::make_inputs(kInputs, 99);
    c.refs.resize(kPrograms * kInputs);
    // Two threads: the reference is the slow part of this test binary.
    auto fill = [&c](std::size_t p0, std::size_t p1) {
      for (std::size_t p = p0; p < p1; ++p) {
        for (std::size_t j = 0; j < kInputs; ++j) {
          c.refs[p * kInputs + j] = test::ref_eval(c.programs[p], c.inputs[j]);
        }
      }
    };
    auto half = std::async(std::launch::async, fill, 0, kPrograms / 2);
    fill(kPrograms / 2, kPrograms);
    half.get();
    return c;
  }();
  return c;
}

// Ops the results depend on (dead instructions are not tested by running code).
std::set<ir::Op> live_ops(const std::vector<ir::Program>& ps) {
  std::set<ir::Op> ops;
  for (const ir::Program& p : ps) {
    std::vector<bool> live(p.code.size(), false);
    live[p.result] = true;
    for (std::size_t i = p.code.size(); i-- > 0;) {
      if (!live[i]) continue;
      ops.insert(p.code[i].op);
      for (int a = 0; a < ir::info(p.code[i].op).arity; ++a) live[p.code[i].args[a]] = true;
    }
  }
  return ops;
}

struct Tally {
  std::size_t same = 0, differ = 0, not_comparable = 0, nan_outputs = 0;
  std::string first;
};

void compare_outputs(std::size_t p, const float* out, Tally& t) {
  const Corpus& c = corpus();
  for (std::size_t j = 0; j < kInputs; ++j) {
    const test::RefValue& ref = c.refs[p * kInputs + j];
    const std::uint32_t got = test::bits(out[j]);
    switch (test::compare(ref, got)) {
      case test::Verdict::Same:
        ++t.same;
        if (std::isnan(out[j])) ++t.nan_outputs;
        break;
      case test::Verdict::NotComparable: ++t.not_comparable; break;
      case test::Verdict::Differ:
        if (t.differ++ == 0) {
          std::ostringstream os;
          char buf[128];
          std::snprintf(buf, sizeof buf, "program %zu, x=%a (0x%08x): got 0x%08x, expected 0x%08x",
                        p, c.inputs[j], test::bits(c.inputs[j]), got, ref.bits);
          t.first = buf;
        }
        break;
    }
  }
}

void expect_meaningful(const Tally& t, const char* backend) {
  const std::size_t total = kPrograms * kInputs;
  EXPECT_EQ(t.differ, 0u) << backend << ": " << t.differ << " differing outputs; first: " << t.first;
  // The comparison must actually test something: mostly comparable outputs, and a
  // majority of non-NaN results. (Random programs often turn NaNs into numbers with
  // getmant/asint; those outputs depend on unspecified NaN payloads.)
  std::printf("[ %s ] %zu identical, %zu differing, %zu not comparable, %zu NaN\n", backend,
              t.same, t.differ, t.not_comparable, t.nan_outputs);
  EXPECT_LT(t.not_comparable, total / 5) << backend;
  EXPECT_LT(t.nan_outputs, total * 7 / 10) << backend;
}

TEST(Differential, RandomProgramsCoverEveryOpOfTheTable) {
  const std::set<ir::Op> ops = live_ops(random_programs());
  for (const ir::OpInfo& oi : ir::kOpTable) {
    if (oi.op == ir::Op::Core) continue;
    EXPECT_TRUE(ops.count(oi.op)) << "no random program uses " << oi.name << " in live code";
  }
}

TEST(Differential, InterpreterMatchesScalarSemantics) {
  const Corpus& c = corpus();
  Tally t;
  std::vector<float> out(kInputs);
  for (std::size_t p = 0; p < kPrograms; ++p) {
    eval::run_f32(c.programs[p], c.inputs.data(), out.data(), kInputs);
    compare_outputs(p, out.data(), t);
  }
  expect_meaningful(t, "interpreter");
}

TEST(Differential, HostJitMatchesScalarSemantics) {
  const Corpus& c = corpus();
  Tally t;
  std::vector<float> out(kInputs);
  for (std::size_t p = 0; p < kPrograms; ++p) {
    Expected<Kernel> k = compile(c.programs[p]);
    ASSERT_TRUE(k) << "program " << p << ": " << k.error;
    (*k)(c.inputs.data(), out.data(), kInputs);
    compare_outputs(p, out.data(), t);
  }
  expect_meaningful(t, "host JIT");
}

TEST(Differential, AArch64ObjectUnderQemuMatchesScalarSemantics) {
  if (!test::have_tool("aarch64-linux-gnu-gcc") || !test::have_tool("qemu-aarch64")) {
    GTEST_SKIP() << "aarch64-linux-gnu-gcc or qemu-aarch64 not installed";
  }
  const Corpus& c = corpus();
  std::vector<NamedKernel> ks;
  for (std::size_t p = 0; p < kPrograms; ++p) ks.push_back({"uf_diff_" + std::to_string(p), c.programs[p]});
  Expected<std::string> obj = emit_code(ks, ir::Isa::Neon, OutputKind::Object);
  ASSERT_TRUE(obj) << obj.error;
  const auto dir = test::work_dir("differential_aarch64");
  test::write_file(dir / "kernels.o", *obj);
  test::write_floats(dir / "in.bin", c.inputs);

  std::ostringstream drv;
  drv << "#include <stdint.h>\n#include <stdio.h>\n#include <stdlib.h>\n"
      << "typedef void (*kfn)(const float*, float*, int64_t);\n";
  for (const NamedKernel& k : ks) drv << "void " << k.name << "(const float*, float*, int64_t);\n";
  drv << "static const kfn kernels[] = {";
  for (const NamedKernel& k : ks) drv << k.name << ",";
  drv << "};\n"
      << "int main(int argc, char** argv) {\n"
      << "  FILE* f; FILE* o; long n; float* in; float* out; size_t k;\n"
      << "  if (argc != 3 || !(f = fopen(argv[1], \"rb\"))) return 2;\n"
      << "  fseek(f, 0, SEEK_END); n = ftell(f) / 4; fseek(f, 0, SEEK_SET);\n"
      << "  in = malloc(n * 4); out = malloc(n * 4);\n"
      << "  if (fread(in, 4, n, f) != (size_t)n) return 3;\n"
      << "  fclose(f);\n  if (!(o = fopen(argv[2], \"wb\"))) return 4;\n"
      << "  for (k = 0; k < sizeof kernels / sizeof kernels[0]; ++k) {\n"
      << "    kernels[k](in, out, n);\n    fwrite(out, 4, n, o);\n  }\n"
      << "  fclose(o);\n  return 0;\n}\n";
  test::write_file(dir / "driver.c", drv.str());
  const std::string d = dir.string();
  const test::CmdResult cc = test::run_shell("aarch64-linux-gnu-gcc -O1 -o " + d + "/driver " + d +
                                       "/driver.c " + d + "/kernels.o");
  ASSERT_EQ(cc.code, 0) << cc.output;
  const test::CmdResult rr =
      test::run_shell(std::string(test::qemu_prefix()) + d + "/driver " + d + "/in.bin " + d + "/out.bin");
  ASSERT_EQ(rr.code, 0) << rr.output;
  const std::vector<float> out = test::read_floats(dir / "out.bin");
  ASSERT_EQ(out.size(), kPrograms * kInputs);
  Tally t;
  for (std::size_t p = 0; p < kPrograms; ++p) compare_outputs(p, out.data() + p * kInputs, t);
  expect_meaningful(t, "aarch64 object under qemu");
}

TEST(ObjectEmission, EmitsAssemblyWithTheIsaVectorRegisters) {
  const Corpus& c = corpus();
  const std::vector<NamedKernel> ks = {{"uf_asm_probe", c.programs[0]}};
  struct Case {
    ir::Isa isa;
    const char* reg;  // a vector register operand, as a regular expression
  } cases[] = {{ir::Isa::Avx2, "%ymm"}, {ir::Isa::Avx512, "%zmm"}, {ir::Isa::Neon, "v[0-9]+\\.4s"}};
  for (const Case& cs : cases) {
    Expected<std::string> s = emit_code(ks, cs.isa, OutputKind::Assembly);
    ASSERT_TRUE(s) << s.error;
    EXPECT_NE(s->find("uf_asm_probe:"), std::string::npos) << ir::isa_level(cs.isa);
    EXPECT_TRUE(std::regex_search(*s, std::regex(cs.reg))) << ir::isa_level(cs.isa) << " lacks " << cs.reg;
    Expected<std::string> o = emit_code(ks, cs.isa, OutputKind::Object);
    ASSERT_TRUE(o) << o.error;
    EXPECT_EQ(o->substr(0, 4), std::string("\x7f" "ELF")) << ir::isa_level(cs.isa);
  }
  EXPECT_FALSE(emit_code(std::vector<NamedKernel>{{"bad name", c.programs[0]}}, ir::Isa::Neon,
                         OutputKind::Object));
  EXPECT_FALSE(ir::parse_isa("x86-64-v9"));
  EXPECT_EQ(ir::parse_isa("avx2"), ir::Isa::Avx2);
  EXPECT_EQ(ir::parse_isa("x86-64-v4"), ir::Isa::Avx512);
  EXPECT_EQ(ir::parse_isa("aarch64"), ir::Isa::Neon);
}

}  // namespace
}  // namespace uf::jit
