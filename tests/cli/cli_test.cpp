// End-to-end behaviour of the `ulpforge` executable: exit codes and messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "ir/text.h"
#include "targets/target.h"
#include "tests/support/files.h"
#include "tests/support/process.h"

namespace {

namespace fs = std::filesystem;

using uf::test::CmdResult;
using uf::test::run_cli;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = std::make_unique<uf::test::ScratchDir>();
    dir_ = scratch_->path();
  }
  void TearDown() override { scratch_.reset(); }
  fs::path write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p;
  }
  std::unique_ptr<uf::test::ScratchDir> scratch_;
  fs::path dir_;
};

// e^x on [-0.25, 0.25] as a 6th-degree Taylor polynomial in Horner form: a full kernel
// (no template), accurate to about 1 ULP there.
const char* kTaylorExp =
    "; target: expf\n"
    "%0 = input\n"
    "%1 = const 0x1.6c16c2p-10\n"  // 1/720
    "%2 = const 0x1.111112p-7\n"   // 1/120
    "%3 = fma %1, %0, %2\n"
    "%4 = const 0x1.555556p-5\n"   // 1/24
    "%5 = fma %3, %0, %4\n"
    "%6 = const 0x1.555556p-3\n"   // 1/6
    "%7 = fma %5, %0, %6\n"
    "%8 = const 0x1p-1\n"
    "%9 = fma %7, %0, %8\n"
    "%10 = const 0x1p+0\n"
    "%11 = fma %9, %0, %10\n"
    "%12 = fma %11, %0, %10\n"
    "ret %12\n";

TEST_F(Cli, NoArgumentsIsAUsageErrorWithExitCode2) {
  CmdResult r = run_cli("");
  EXPECT_EQ(r.code, 2) << r.output;
}

TEST_F(Cli, UnknownFlagGivesUsageAndExitCode2) {
  CmdResult r = run_cli("targets --no-such-flag");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("--no-such-flag"), std::string::npos) << r.output;
}

TEST_F(Cli, RealModeRejectsAnOpOutsideItsArithmeticWithExitCode2) {
  const std::string out = (dir_ / "real").string();
  CmdResult r = run_cli("search exp2f --mode real --interval 0,1 --time 1 --ops add,sqrt --out " + out);
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("sqrt"), std::string::npos) << r.output;
  r = run_cli("search exp2f --mode real --interval 0,1 --time 1 --fma-cost 3 --out " + out);
  EXPECT_EQ(r.code, 2) << r.output;
}

TEST_F(Cli, RealModeWritesACertifiedFrontInThePapersOps) {
  const std::string out = (dir_ / "real").string();
  CmdResult r = run_cli("search exp2f --mode real --interval 0,1 --time 2 --max-cost 8 --out " + out);
  ASSERT_EQ(r.code, 0) << r.output;
  std::ifstream f(dir_ / "real" / "real-front.json");
  const auto j = nlohmann::json::parse(f);
  EXPECT_EQ(j["cost"]["fma_counts"], 2);
  EXPECT_EQ(j["cost"]["ops"], nlohmann::json({"add", "sub", "mul", "div"}));
  ASSERT_FALSE(j["front"].empty());
  for (const auto& m : j["front"]) {
    EXPECT_LE(m["ops"].get<int>(), 8);
    ASSERT_TRUE(m["certified_max_rel_error"].is_number()) << m.dump();
    EXPECT_GE(m["certified_max_rel_error"].get<double>(), m["max_rel_error"].get<double>());
  }
  EXPECT_FALSE(j["pade"].empty());
}

TEST_F(Cli, HelpWorksOnEveryCommand) {
  for (const char* c : {"targets", "eval", "verify", "search", "emit", "asm", "bench", "report"}) {
    CmdResult r = run_cli(std::string(c) + " --help");
    EXPECT_EQ(r.code, 0) << c << ": " << r.output;
    EXPECT_NE(r.output.find("Usage"), std::string::npos) << c << ": " << r.output;
  }
}

TEST_F(Cli, TargetsListsTheCatalogWithDomains) {
  CmdResult r = run_cli("targets");
  EXPECT_EQ(r.code, 0) << r.output;
  for (const uf::targets::Target& t : uf::targets::catalog()) {
    EXPECT_NE(r.output.find(t.name + " "), std::string::npos) << t.name;
  }
}

TEST_F(Cli, MalformedProgramReportsFileLineAndColumnWithExitCode2) {
  fs::path p = write("bad.uf", "%0 = input\n%1 = mul %0, %7\nret %1\n");
  CmdResult r = run_cli("verify " + p.string() + " --target expf");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("bad.uf:2:"), std::string::npos) << r.output;
}

TEST_F(Cli, MissingProgramFileIsAnInputError) {
  CmdResult r = run_cli("verify " + (dir_ / "absent.uf").string() + " --target expf");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("no such file"), std::string::npos) << r.output;
}

TEST_F(Cli, UnknownTargetNamesTheKnownOnes) {
  fs::path p = write("k.uf", kTaylorExp);
  CmdResult r = run_cli("verify " + p.string() + " --target nosuchf");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("unknown target 'nosuchf'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("expf"), std::string::npos) << r.output;
}

TEST_F(Cli, VerifyRejectsNonPositiveBound) {
  fs::path p = write("k.uf", kTaylorExp);
  for (const char* b : {"0", "-1", "nan"}) {
    CmdResult r = run_cli("verify " + p.string() + " --max-ulp " + b + " --interval -0.25,0.25");
    EXPECT_EQ(r.code, 2) << b << ": " << r.output;
  }
}

// The Taylor kernel of e^x checked against a user target "exp(x)" on [-0.25, 0.25]
// (the 65537 floats of [0.125, 0.126] of it):
// verify reads the target from --target-file (the program's '; target:' line names a
// catalog target and is overridden).
TEST_F(Cli, VerifyAcceptsAUserTargetFile) {
  fs::path p = write("k.uf", kTaylorExp);
  fs::path t = write("e.toml", "name = \"myexp\"\nreference = \"exp(x)\"\ndomain = [-0.25, 0.25]\n");
  CmdResult r = run_cli("verify " + p.string() + " --target-file " + t.string() + " --max-ulp 4 --quiet --interval 0.125,0.126");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("target myexp"), std::string::npos) << r.output;
  EXPECT_EQ(run_cli("verify " + p.string() + " --target-file " + t.string() + " --target expf").code, 2);
  EXPECT_EQ(run_cli("verify " + p.string() + " --target-file " + (dir_ / "none.toml").string()).code, 2);
}

// An expression that calls a catalog function becomes a kernel: `targets --target-file`
// lists the user target as composed of expf, `--baseline` prints the composed kernel
// (expf's template and baseline core applied to -x, then 1 / (1 + .)), and that kernel
// is proven within 4 ULP on the target's domain [1, 2] by the exhaustive check.
TEST_F(Cli, AUserExpressionIsComposedIntoAKernelThatProves) {
  fs::path t = write("sig.toml", "name = \"sig\"\nreference = \"1/(1+exp(-x))\"\ndomain = [1, 2]\n");
  CmdResult r = run_cli("targets --target-file " + t.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("sig"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("composed of expf"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("\ntanhf "), std::string::npos) << r.output;  // the user target alone
  EXPECT_EQ(r.output.find("fused targets"), std::string::npos) << r.output;
  r = run_cli("targets --target-file " + t.string() + " --baseline sig");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("; target: sig"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find(" = div "), std::string::npos) << r.output;
  fs::path k = write("sig.uf", r.output);
  r = run_cli("verify " + k.string() + " --target-file " + t.string() + " --max-ulp 4 --quiet");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("8388609"), std::string::npos) << r.output;  // every float of [1, 2]
  EXPECT_EQ(run_cli("targets --target-file " + t.string() + " --baseline nosuch").code, 2);
  // eval reads the user target too, and --speed times the kernel beside another in the
  // same run (here itself: the figures are not asserted, only that both are measured).
  r = run_cli("eval " + k.string() + " --target-file " + t.string() + " --samples 4096 --speed --rounds 1 --speed-vs " +
              k.string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("target      sig"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("cycles/element (host JIT"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("x as fast"), std::string::npos) << r.output;
  EXPECT_EQ(run_cli("eval " + k.string() + " --target-file " + t.string() + " --speed-vs " + k.string()).code, 2);
}

// A catalog template named in the file gets its cores refitted to the function when
// its range reduction fits: exp(x - 1) on expf's template, whose starting kernel proves
// within 2 ULP on [1, 8] (every float32 of it). `auto` lists every start it tried; a
// template that does not fit (exp(2x) on expf's) is said so on stderr and keeps the
// catalog's cores.
TEST_F(Cli, ANamedCatalogTemplateIsTransplantedWhenItsReductionFits) {
  fs::path t = write("es.toml", "name = \"es\"\nreference = \"exp(x - 1)\"\ndomain = [1, 8]\ntemplate = \"expf\"\n");
  CmdResult r = run_cli("targets --target-file " + t.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("(template expf: its range reduction fits)"), std::string::npos) << r.output;
  r = run_cli("targets --target-file " + t.string() + " --baseline es");
  ASSERT_EQ(r.code, 0) << r.output;
  fs::path k = write("es.uf", r.output);
  r = run_cli("verify " + k.string() + " --target-file " + t.string() + " --max-ulp 2 --quiet");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("25165825"), std::string::npos) << r.output;  // every float of [1, 8]

  fs::path a = write("ea.toml", "name = \"ea\"\nreference = \"exp(x - 1)\"\ndomain = [-80, 80]\n");
  r = run_cli("targets --target-file " + a.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("starts tried"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(template expf: its range reduction fits)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("exp2f      does not fit: hole 0: the core values are not one function of r"),
            std::string::npos) << r.output;

  fs::path d = write("e2.toml", "name = \"e2\"\nreference = \"exp(2*x)\"\ndomain = [-40, 40]\ntemplate = \"expf\"\n");
  r = run_cli("targets --target-file " + d.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("expf's range reduction does not fit"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("(template expf)"), std::string::npos) << r.output;
}

// costmodel: no target, an unknown one or a CPU llvm-mca does not know by name is a
// usage error (exit 2); with llvm-mca for znver3 only and no host timing, 8 kernels give
// a correlation line and a JSON record of every kernel's static cost and prediction.
TEST_F(Cli, CostmodelRejectsBadInputAndRecordsEveryKernel) {
  EXPECT_EQ(run_cli("costmodel").code, 2);
  EXPECT_EQ(run_cli("costmodel nosuchf").code, 2);
  CmdResult r = run_cli("costmodel expf --no-jit --cpus znver3,pentium9");
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("pentium9"), std::string::npos) << r.output;
  r = run_cli("costmodel expf --kernels 3 --no-jit --cpus pentium9:avx2");  // a name LLVM does not know
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("'pentium9' is not a CPU LLVM knows"), std::string::npos) << r.output;
  const fs::path js = dir_ / "cm.json";
  r = run_cli("costmodel expf --kernels 8 --cpus znver3 --no-jit --quiet --json " + js.string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("llvm-mca znver3 (avx2)"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("host JIT"), std::string::npos) << r.output;
  const auto j = nlohmann::json::parse(uf::test::slurp(js));
  ASSERT_EQ(j["rows"].size(), 8u);
  for (const auto& row : j["rows"]) {
    EXPECT_GT(row["static_cost"]["avx2"].get<double>(), 0);
    EXPECT_GT(row["mca_cycles_per_element"]["znver3"].get<double>(), 0);
  }
  ASSERT_EQ(j["correlations"].size(), 1u);
  const double rho = j["correlations"][0]["rho"].get<double>();
  EXPECT_GE(rho, -1.0);
  EXPECT_LE(rho, 1.0);
  // A user target walks from its composed kernel.
  fs::path t = write("sp.toml", "name = \"softplus\"\nreference = \"log1p(exp(x))\"\ndomain = [-20, 20]\n");
  r = run_cli("costmodel --target-file " + t.string() + " --kernels 4 --cpus znver3 --no-jit --quiet");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("softplus: 4 distinct kernels"), std::string::npos) << r.output;
}

// polyfit: a missing or unknown target and a bound that is not positive are usage
// errors (exit 2); on exp(x) over [1, 1.125] with expf's template it writes a kernel
// proven within 1 ULP and the record of its tries.
TEST_F(Cli, PolyfitRejectsBadInputAndWritesAProvenFittedKernel) {
  EXPECT_EQ(run_cli("polyfit").code, 2);
  EXPECT_EQ(run_cli("polyfit nosuchf").code, 2);
  EXPECT_EQ(run_cli("polyfit expf --max-ulp 0").code, 2);
  EXPECT_EQ(run_cli("polyfit expf --max-degree 99").code, 2);
  fs::path t = write("e.toml", "name = \"e\"\nreference = \"exp(x)\"\ndomain = [1, 1.125]\ntemplate = \"expf\"\n");
  EXPECT_EQ(run_cli("polyfit expf --target-file " + t.string()).code, 2);
  CmdResult r = run_cli("polyfit --target-file " + t.string() + " --quiet --out " + (dir_ / "pf").string());
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("fitted polynomial kernel proven"), std::string::npos) << r.output;
  const std::string uf = uf::test::slurp(dir_ / "pf" / "polyfit.uf");
  EXPECT_NE(uf.find("; proven max ULP: "), std::string::npos) << uf;
  r = run_cli("verify " + (dir_ / "pf" / "polyfit.uf").string() + " --target-file " + t.string() + " --max-ulp 1 --quiet");
  EXPECT_EQ(r.code, 0) << r.output;
  const auto j = nlohmann::json::parse(uf::test::slurp(dir_ / "pf" / "polyfit.json"));
  EXPECT_TRUE(j["proven"].get<bool>());
  EXPECT_FALSE(j["tries"].empty());
}

TEST_F(Cli, VerifyRejectsEmptyAndNanIntervals) {
  fs::path p = write("k.uf", kTaylorExp);
  EXPECT_EQ(run_cli("verify " + p.string() + " --interval 1,0").code, 2);
  EXPECT_EQ(run_cli("verify " + p.string() + " --interval nan,1").code, 2);
}

TEST_F(Cli, VerifyProvesABoundThatHoldsAndExitsZero) {
  fs::path p = write("k.uf", kTaylorExp);
  CmdResult r = run_cli("verify " + p.string() + " --max-ulp 4 --interval 0.125,0.25 --quiet");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("PROVEN"), std::string::npos) << r.output;
}

TEST_F(Cli, VerifyExitsOneWhenTheBoundIsViolatedAndNamesTheWorstInput) {
  fs::path p = write("k.uf", kTaylorExp);
  // On [1, 2] the 6th-degree Taylor polynomial is off by far more than 1 ULP.
  CmdResult r = run_cli("verify " + p.string() + " --max-ulp 1 --interval 1,2 --quiet");
  EXPECT_EQ(r.code, 1) << r.output;
  EXPECT_NE(r.output.find("FAILED"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("0x"), std::string::npos) << r.output;  // hex bits of worst input
}

TEST_F(Cli, EvalReportsSampledErrorOfTheBaselineTemplate) {
  CmdResult r = run_cli("eval " + write("k.uf", kTaylorExp).string() + " --samples 4096 --cache-dir " + (dir_ / "cache").string());
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("max ULP"), std::string::npos) << r.output;
}

}  // namespace

namespace {

TEST_F(Cli, TargetsPrintsABaselineKernelThatParsesBack) {
  CmdResult r = run_cli("targets --baseline expf");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("; target: expf"), std::string::npos) << r.output;
  fs::path p = write("base.uf", r.output);
  // Verifying a small slice through the CLI proves the printed program is the kernel.
  CmdResult v = run_cli("verify " + p.string() + " --max-ulp 1 --interval 1,1.125 --quiet");
  EXPECT_EQ(v.code, 0) << v.output;
}

TEST_F(Cli, TargetsBaselineOfUnknownTargetIsAnInputError) {
  EXPECT_EQ(run_cli("targets --baseline nosuchf").code, 2);
}

}  // namespace

namespace {

// `targets --assemble T --cores ...` inlines the given cores into T's template: with the
// baseline cores it prints exactly the baseline kernel.
TEST_F(Cli, TargetsAssembleWithTheBaselineCoresPrintsTheBaselineKernel) {
  const uf::targets::Target* t = uf::targets::find("sinf");
  ASSERT_NE(t, nullptr);
  std::string args = "targets --assemble sinf --cores";
  for (std::size_t i = 0; i < t->baseline_cores.size(); ++i)
    args += " " + write("core" + std::to_string(i) + ".uf", uf::ir::print(t->baseline_cores[i])).string();
  CmdResult r = run_cli(args);
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find(uf::ir::print(t->baseline_kernel())), std::string::npos) << r.output;
}

TEST_F(Cli, TargetsAssembleWithTheWrongNumberOfCoresIsAnInputError) {
  fs::path c = write("c.uf", "%0 = input\nret %0\n");
  CmdResult r = run_cli("targets --assemble sinf --cores " + c.string());
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_NE(r.output.find("2 hole(s)"), std::string::npos) << r.output;
}

}  // namespace
