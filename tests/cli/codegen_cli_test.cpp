// `ulpforge emit` and `ulpforge asm` end to end: a target template file becomes a
// header that compiles and gives the interpreter's bits, an object that links, and
// bad input gets exit code 2 with a reason.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "eval/interp.h"
#include "ir/text.h"
#include "targets/target.h"
#include "tests/jit/test_util.h"
#include "tests/jit/tool_util.h"

namespace uf::jit {
namespace {

const std::string kCli = ULPFORGE_CLI;


class CliCodegen : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(kCli)) GTEST_SKIP() << "ulpforge not built at " << kCli;
    // One directory per test: ctest runs each test as its own process, two at a time
    // with -j2, and a shared kernel.uf was rewritten under a running test.
    dir_ = test::work_dir(std::string("cli_codegen/") +
                          ::testing::UnitTest::GetInstance()->current_test_info()->name());
    const targets::Target& t = targets::catalog().front();
    target_ = t.name;
    test::write_file(dir_ / "kernel.uf", "; target: " + t.name + "\n" + ir::print(t.baseline_kernel()));
  }
  std::filesystem::path dir_;
  std::string target_;
};

TEST_F(CliCodegen, EmitWritesAHeaderThatMatchesTheInterpreter) {
  const std::string h = (dir_ / "k.h").string();
  const test::CmdResult r = test::run_shell(kCli + " emit " + (dir_ / "kernel.uf").string() + " --out " + h +
                                      " --max-ulp 1.25 --seed 9");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string text = test::slurp(h);
  EXPECT_NE(text.find("_STATED_MAX_ULP 1.25 "), std::string::npos) << "a typed-in bound is stated, not proven";
  EXPECT_EQ(text.find("proven:"), std::string::npos);
  EXPECT_NE(text.find("search seed:   9"), std::string::npos);

  // Compile a driver against it and compare with eval::run_f32 on a few thousand inputs.
  const std::string drv = (dir_ / "drv.c").string();
  test::write_file(drv, "#include \"k.h\"\n#include <stdio.h>\n#include <stdlib.h>\n"
                        "int main(void) { float in[4099], out[4099]; size_t i;\n"
                        "  if (fread(in, 4, 4099, stdin) != 4099) return 3;\n"
                        "  uf_" + target_ + "_array(in, out, 4099);\n"
                        "  for (i = 0; i < 4099; ++i) if (uf_" + target_ + "(in[i]) != out[i] && out[i] == out[i]) return 4;\n"
                        "  fwrite(out, 4, 4099, stdout); return 0; }\n");
  const std::string exe = (dir_ / "drv").string();
  const test::CmdResult cc = test::run_shell("gcc -std=c99 -O2 -march=native -Wall -Wextra -pedantic -Werror -I" +
                                       dir_.string() + " -o " + exe + " " + drv + " -lm");
  ASSERT_EQ(cc.code, 0) << cc.output;
  const std::vector<float> in = test::make_inputs(4099, 5);
  test::write_floats(dir_ / "in.bin", in);
  const test::CmdResult rr = test::run_shell(exe + " < " + (dir_ / "in.bin").string() + " > " +
                                       (dir_ / "out.bin").string());
  ASSERT_EQ(rr.code, 0) << rr.output;
  const std::vector<float> got = test::read_floats(dir_ / "out.bin");
  ASSERT_EQ(got.size(), in.size());
  std::vector<float> want(in.size());
  eval::run_f32(targets::catalog().front().baseline_kernel(), in.data(), want.data(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << i;
    } else {
      EXPECT_EQ(test::bits(got[i]), test::bits(want[i])) << "x=" << in[i];
    }
  }
}

TEST_F(CliCodegen, AsmWritesObjectsAndAssemblyForEveryIsa) {
  for (const char* isa : {"x86-64-v3", "x86-64-v4", "aarch64"}) {
    const std::string o = (dir_ / (std::string("k_") + isa + ".o")).string();
    const test::CmdResult r = test::run_shell(kCli + " asm " + (dir_ / "kernel.uf").string() + " --isa " + isa + " --out " + o);
    ASSERT_EQ(r.code, 0) << isa << ": " << r.output;
    EXPECT_EQ(test::slurp(o).substr(0, 4), std::string("\x7f" "ELF")) << isa;
    const test::CmdResult s = test::run_shell(kCli + " asm " + (dir_ / "kernel.uf").string() + " --isa " + isa);
    ASSERT_EQ(s.code, 0) << s.output;
    EXPECT_NE(s.output.find("uf_" + target_ + "_array:"), std::string::npos) << isa;
  }
}

TEST_F(CliCodegen, BadInputExitsWithCode2AndAReason) {
  const std::string k = (dir_ / "kernel.uf").string();
  test::CmdResult r = test::run_shell(kCli + " asm " + k + " --isa pentium4");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("unknown --isa"), std::string::npos) << r.output;
  r = test::run_shell(kCli + " asm " + k + " --isa aarch64 --out " + (dir_ / "x.txt").string());
  EXPECT_EQ(r.code, 2);
  r = test::run_shell(kCli + " emit " + (dir_ / "missing.uf").string() + " --out " + (dir_ / "m.h").string());
  EXPECT_EQ(r.code, 2);
  test::write_file(dir_ / "tmpl.uf", "%0 = input\n%1 = core.0 %0\nret %1\n");
  r = test::run_shell(kCli + " emit " + (dir_ / "tmpl.uf").string() + " --out " + (dir_ / "t.h").string());
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.output.find("template needs a target"), std::string::npos) << r.output;
  r = test::run_shell(kCli + " emit " + k + " --out " + (dir_ / "n.h").string() + " --max-ulp -1");
  EXPECT_EQ(r.code, 2);
}

TEST_F(CliCodegen, EmitRefusesATypedInBoundCalledProven) {
  const test::CmdResult r = test::run_shell(kCli + " emit " + (dir_ / "kernel.uf").string() + " --out " +
                                      (dir_ / "p.h").string() + " --proven-ulp 1.25");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--proven-ulp is not accepted"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "p.h"));
}

// --verify proves the kernel and --program-out records the proof in the kernel file,
// keeping the file's other lines; the header takes the search seed from the file's
// provenance line when --seed is not given, and carries its provenance (hash, commit,
// command, proof environment, licence).
TEST_F(CliCodegen, EmitVerifyRecordsTheProofInHeaderAndProgram) {
  test::write_file(dir_ / "sq.toml", "name = \"sq\"\nreference = \"x*x\"\ndomain = [1.0, 1.0009765625]\n");
  test::write_file(dir_ / "sq.uf", "; target: sq\n; found by ulpforge 0.1.0 search, seed 417, --max-ulp 1\n"
                                   "; proven max ULP: 0.1 (stale)\n; note: kept\n"
                                   "%0 = input\n%1 = mul %0, %0\nret %1\n");
  const test::CmdResult r =
      test::run_shell(kCli + " emit " + (dir_ / "sq.uf").string() + " --target-file " + (dir_ / "sq.toml").string() +
                " --verify --out " + (dir_ / "sqv.h").string() + " --program-out " + (dir_ / "sq.uf").string());
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string h = test::slurp(dir_ / "sqv.h");
  // x = 1 + 2^-12 squares to a rounding midpoint: the proven maximum is exactly 0.5.
  EXPECT_NE(h.find("#define UF_SQ_MAX_ULP 0.5 /* exact bound: 0x1p-1 */"), std::string::npos) << h.substr(0, 900);
  EXPECT_NE(h.find("proven: exhaustive check"), std::string::npos);
  EXPECT_NE(h.find("search seed:   417\n"), std::string::npos) << h.substr(0, 900);
  // Provenance: kernel hash, tool commit, the command, what proved it, a licence line.
  EXPECT_NE(h.find(" *   kernel hash:   "), std::string::npos) << h.substr(0, 1500);
  EXPECT_NE(h.find(" *   tool commit:   "), std::string::npos) << h.substr(0, 1500);
  EXPECT_NE(h.find(" *   command:       ulpforge emit " + (dir_ / "sq.uf").string() + " --target-file "),
            std::string::npos) << h.substr(0, 1500);
  EXPECT_NE(h.find(" *   proof:         exhaustive check by this command: ulpforge 0.1.0 (commit "),
            std::string::npos) << h.substr(0, 1500);
  for (const char* lib : {", MPFR ", ", LLVM ", ", glibc "}) EXPECT_NE(h.find(lib), std::string::npos) << lib;
  EXPECT_NE(h.find(" *   SPDX-License-Identifier: Apache-2.0 (the generated code)\n"), std::string::npos);
  const std::string k = test::slurp(dir_ / "sq.uf");
  EXPECT_EQ(k.find("(stale)"), std::string::npos) << k;
  EXPECT_NE(k.find("; proven max ULP: 0.5 (exact 0x1p-1)"), std::string::npos) << k;
  EXPECT_NE(k.find("; note: kept\n%0 = input"), std::string::npos) << k;
  const test::CmdResult no_verify = test::run_shell(kCli + " emit " + (dir_ / "sq.uf").string() + " --target-file " +
                                              (dir_ / "sq.toml").string() + " --out " + (dir_ / "x.h").string() +
                                              " --program-out " + (dir_ / "x.uf").string());
  EXPECT_EQ(no_verify.code, 2) << no_verify.output;
}

// sincosf, a fused target: assembled and printed with `ret %s, %c`, emitted as a header
// whose functions write both results, and refused where a command takes one result.
TEST_F(CliCodegen, FusedSincosfIsAssembledEmittedAndRefusedWhereOneResultIsExpected) {
  const test::CmdResult list = test::run_shell(kCli + " targets");
  ASSERT_EQ(list.code, 0) << list.output;
  EXPECT_NE(list.output.find("sincosf    results sin, cos (sinf, cosf)"), std::string::npos) << list.output;
  const std::string uf = (dir_ / "sincosf.uf").string();
  const test::CmdResult base = test::run_shell(kCli + " targets --baseline sincosf > " + uf);
  ASSERT_EQ(base.code, 0) << base.output;
  const ir::MultiParseResult m = ir::parse_multi(test::slurp(uf));
  ASSERT_TRUE(m) << m.error.to_string();
  EXPECT_EQ(m.program->outputs.size(), 2u);

  const std::string h = (dir_ / "sincosf.h").string();
  const test::CmdResult emit = test::run_shell(kCli + " emit " + uf + " --out " + h + " --max-ulp 1");
  ASSERT_EQ(emit.code, 0) << emit.output;
  const std::string text = test::slurp(h);
  EXPECT_NE(text.find("static inline void uf_sincosf(float x, float* out_sin, float* out_cos) {"), std::string::npos);
  EXPECT_NE(text.find("static inline void uf_sincosf_array(const float* in, float* out_sin, float* out_cos, size_t n)"),
            std::string::npos);
  EXPECT_NE(text.find("#define UF_SINCOSF_STATED_MAX_ULP 1 "), std::string::npos);
  test::write_file(dir_ / "drv.c", "#include \"sincosf.h\"\n#include <stdio.h>\n"
                                   "int main(void) { float s, c, in[3] = {0.5f, 2.0f, 1e30f}, so[3], co[3];\n"
                                   "  uf_sincosf(1.0f, &s, &c); uf_sincosf_array(in, so, co, 3);\n"
                                   "  printf(\"%.6f %.6f %.6f %.6f\\n\", s, c, so[1], co[1]); return 0; }\n");
  const test::CmdResult cc = test::run_shell("gcc -std=c99 -O2 -march=native -Wall -Wextra -pedantic -Werror -I" +
                                             dir_.string() + " -o " + (dir_ / "drv").string() + " " +
                                             (dir_ / "drv.c").string() + " -lm && " + (dir_ / "drv").string());
  ASSERT_EQ(cc.code, 0) << cc.output;
  EXPECT_EQ(cc.output, "0.841471 0.540302 0.909297 -0.416147\n");

  // One result where sincosf has two; a search of it; a core count the template lacks.
  test::write_file(dir_ / "one.uf", "; target: sincosf\n%0 = input\nret %0\n");
  const test::CmdResult one = test::run_shell(kCli + " verify " + (dir_ / "one.uf").string() + " 2>&1");
  EXPECT_EQ(one.code, 2) << one.output;
  EXPECT_NE(one.output.find("sincosf has 2 results (sin, cos), the file returns 1"), std::string::npos) << one.output;
  const test::CmdResult search = test::run_shell(kCli + " search sincosf --time 1 --out " + (dir_ / "s").string() + " 2>&1");
  EXPECT_EQ(search.code, 2) << search.output;
  EXPECT_NE(search.output.find("'sincosf' is a fused target (sinf and cosf in one kernel)"), std::string::npos)
      << search.output;
  test::write_file(dir_ / "c.uf", "%0 = input\nret %0\n");
  const test::CmdResult cores =
      test::run_shell(kCli + " targets --assemble sincosf --cores " + (dir_ / "c.uf").string() + " 2>&1");
  EXPECT_EQ(cores.code, 2) << cores.output;
  EXPECT_NE(cores.output.find("1 core program(s) given, the template has 2 hole(s)"), std::string::npos);
  // A one-result command reading the fused file points at the comma.
  const test::CmdResult eval = test::run_shell(kCli + " eval " + uf + " --target sinf 2>&1");
  EXPECT_EQ(eval.code, 2) << eval.output;
  EXPECT_NE(eval.output.find("fused kernel"), std::string::npos) << eval.output;
}

// A front with members in cost order: A (cheapest) claims 0.5 ULP on samples but is
// wrong; B is the correctly rounded product (0.5 ULP), unverified; C was proven by the search. `emit --max-ulp` must
// verify A (fails), then B (holds) and write B's header with its proven bound; at a
// bound B's claim does not meet it falls through to the proven C; below every member
// it is an input error.
TEST_F(CliCodegen, EmitFromAFrontPicksTheCheapestMemberProvenWithinTheBound) {
  test::write_file(dir_ / "sq.toml", "name = \"sq\"\nreference = \"x*x\"\ndomain = [1.0, 1.0009765625]\n");
  const auto member = [](const std::string& core, double cost, const std::string& sampled,
                         bool verified, const std::string& proven) {
    std::string c;
    for (char ch : core) c += ch == '\n' ? std::string("\\n") : std::string(1, ch);
    return "{\"cores\": [\"" + c + "\"], \"cost\": " + std::to_string(cost) +
           ", \"max_ulp\": " + sampled + ", \"verified\": " + (verified ? "true" : "false") +
           ", \"proven_max_ulp\": " + proven + "}";
  };
  const std::string a = member("%0 = input\n%1 = const 0x1.8p+0\n%2 = mul %0, %1\nret %2\n", 1, "0.5", false, "null");
  const std::string b = member("%0 = input\n%1 = mul %0, %0\nret %1\n", 2, "0.25", false, "null");
  const std::string c = member("%0 = input\n%1 = mul %0, %0\n%2 = const 0x1p+0\n%3 = mul %1, %2\nret %3\n", 3,
                               "0", true, "0.125");
  test::write_file(dir_ / "front.json", "{\"target\": \"sq\", \"seed\": 4, \"members\": [" + c + ", " + a +
                                            ", " + b + "]}");
  const std::string base = kCli + " emit " + (dir_ / "front.json").string() + " --target-file " +
                           (dir_ / "sq.toml").string() + " --out " + (dir_ / "sq.h").string();
  test::CmdResult r = test::run_shell(base + " --max-ulp 1");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("verifying the cost 1 member"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("verifying the cost 2 member"), std::string::npos) << r.output;
  std::string h = test::slurp(dir_ / "sq.h");
  const std::size_t at = h.find("#define UF_SQ_MAX_ULP ");
  ASSERT_NE(at, std::string::npos) << h.substr(0, 900);
  const double proven = std::stod(h.substr(at + 22, 20));  // x*x rounds: just under 0.5 ULP
  EXPECT_GT(proven, 0.49);
  EXPECT_LE(proven, 0.5);
  EXPECT_NE(h.find("search seed:   4"), std::string::npos);

  // B's sampled 0.25 is above 0.2: only the proven C qualifies, with no new proof.
  r = test::run_shell(base + " --max-ulp 0.2");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("verifying"), std::string::npos) << r.output;
  h = test::slurp(dir_ / "sq.h");
  EXPECT_NE(h.find("#define UF_SQ_MAX_ULP 0.125 /* exact bound: 0x1p-3 */\n"), std::string::npos)
      << h.substr(0, 900);

  r = test::run_shell(base + " --max-ulp 1 --max-proofs 1");  // A fails; B is not tried
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--max-proofs reached"), std::string::npos) << r.output;
  r = test::run_shell(base + " --max-ulp 0.1");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("no member of the front is proven within 0.1 ULP"), std::string::npos) << r.output;
  r = test::run_shell(base);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("needs --max-ulp"), std::string::npos) << r.output;
  // The front's `best` (proven by the search, possibly displaced from `members`) counts
  // as a proven member; --program-out saves the chosen kernel.
  test::write_file(dir_ / "front2.json", "{\"target\": \"sq\", \"members\": [" + b +
                                             "], \"best\": \"%0 = input\\n%1 = mul %0, %0\\nret %1\\n\", "
                                             "\"best_cost\": 1.5, \"best_proven_max_ulp\": 0.4999}");
  r = test::run_shell(kCli + " emit " + (dir_ / "front2.json").string() + " --target-file " + (dir_ / "sq.toml").string() +
                " --max-ulp 1 --out " + (dir_ / "sq2.h").string() + " --program-out " + (dir_ / "sq2.uf").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output.find("verifying"), std::string::npos) << r.output;
  // The double nearest 0.4999 is above it: the printed bound is rounded up past it.
  EXPECT_NE(test::slurp(dir_ / "sq2.h").find("#define UF_SQ_MAX_ULP 0.499900001 "), std::string::npos);
  const std::string saved = test::slurp(dir_ / "sq2.uf");
  EXPECT_NE(saved.find("; target: sq"), std::string::npos) << saved;
  EXPECT_NE(saved.find("; proven max ULP: 0.499900001 (exact 0x1.ffe5c91d14e3cp-2"), std::string::npos) << saved;
  EXPECT_NE(saved.find("mul %0, %0"), std::string::npos) << saved;
  // --manifest records the proven header, its kernel file and the exact bound; a second
  // pick of the same kernel with --unless-same-as writes nothing.
  r = test::run_shell(kCli + " emit " + (dir_ / "front2.json").string() + " --target-file " + (dir_ / "sq.toml").string() +
                      " --max-ulp 1 --out " + (dir_ / "sq2.h").string() + " --program-out " + (dir_ / "sq2.uf").string() +
                      " --manifest " + (dir_ / "kernels.json").string() + " --tier 1");
  ASSERT_EQ(r.code, 0) << r.output;
  const std::string man = test::slurp(dir_ / "kernels.json");
  EXPECT_NE(man.find("\"proven_max_ulp\": \"0x1.ffe5c91d14e3cp-2\""), std::string::npos) << man;
  EXPECT_NE(man.find("\"header\": \"sq2.h\""), std::string::npos) << man;
  EXPECT_NE(man.find("\"program\": \"sq2.uf\""), std::string::npos) << man;
  r = test::run_shell(kCli + " emit " + (dir_ / "front2.json").string() + " --target-file " + (dir_ / "sq.toml").string() +
                      " --max-ulp 2 --out " + (dir_ / "sq3.h").string() + " --program-out " + (dir_ / "sq3.uf").string() +
                      " --unless-same-as " + (dir_ / "sq2.uf").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("same kernel as"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "sq3.h"));
  // A stated bound is not recorded; nor are files outside the manifest's directory.
  test::write_file(dir_ / "sq.uf", "; target: sq\n%0 = input\n%1 = mul %0, %0\nret %1\n");
  r = test::run_shell(kCli + " emit " + (dir_ / "sq.uf").string() + " --target-file " + (dir_ / "sq.toml").string() +
                      " --max-ulp 1 --out " + (dir_ / "s.h").string() + " --manifest " + (dir_ / "kernels.json").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--manifest records proven kernels only"), std::string::npos) << r.output;
  std::filesystem::create_directories(dir_ / "other");
  r = test::run_shell(kCli + " emit " + (dir_ / "front2.json").string() + " --target-file " + (dir_ / "sq.toml").string() +
                      " --max-ulp 1 --out " + (dir_ / "other" / "sq4.h").string() + " --program-out " +
                      (dir_ / "sq4.uf").string() + " --manifest " + (dir_ / "kernels.json").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("is not in its directory"), std::string::npos) << r.output;
  test::write_file(dir_ / "bad.json", "{\"target\": \"sq\", \"members\": [{\"cores\": 3}]}");
  r = test::run_shell(kCli + " emit " + (dir_ / "bad.json").string() + " --target-file " + (dir_ / "sq.toml").string() +
                " --max-ulp 1 --out " + (dir_ / "b.h").string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("malformed front"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace uf::jit
