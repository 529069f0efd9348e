// Emitted C headers: every catalog target's baseline kernel, random programs and one
// kernel per op are emitted as headers and every header committed under results/ is
// taken as it is (checked against its best.uf), all included into one C driver, and compiled
// by gcc and clang-19 at -O2/-O3, with and without -march=native (AVX-512 on an
// AVX-512 host), with -mavx2 -mfma, as C++, and for AArch64 (cross gcc and clang, run
// under qemu-aarch64), each with -Wall -Wextra -pedantic -Werror. The driver runs both
// uf_<name>_array (vector body + tail) and uf_<name> (scalar) on one input file; every
// output is held to the comparison rule of test_util.h against ir/semantics.h.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ir/passes.h"
#include "ir/random.h"
#include "ir/text.h"
#include "jit/header.h"
#include "targets/target.h"
#include "tests/jit/test_util.h"
#include "tests/jit/tool_util.h"
#include "tests/support/programs.h"

namespace uf::jit {
namespace {

// n is odd so that every vector body also runs its tail.
constexpr std::size_t kHeaderInputs = 20011;

struct Kernel {
  std::string name;
  ir::Program program;
  // A header committed under results/ (included as it is, not re-emitted), or empty.
  std::filesystem::path committed_header = {};
};

// Every committed results/<t>/ulpforge_<t>.h with the best.uf it was emitted from, and
// every tier header ulpforge_<t>_u<U>.h with its best_u<U>.uf (scripts/make-tiers.sh).
void add_committed_headers(std::vector<Kernel>& v) {
  const std::filesystem::path results = std::filesystem::path(ULPFORGE_SOURCE_DIR) / "results";
  if (!std::filesystem::is_directory(results)) return;
  std::vector<std::filesystem::path> dirs;
  for (const auto& d : std::filesystem::directory_iterator(results)) dirs.push_back(d.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs) {
    const std::string t = d.filename().string();
    for (const std::string suffix : {"", "_u2", "_u4", "_u16"}) {
      const std::filesystem::path h = d / ("ulpforge_" + t + suffix + ".h");
      const std::filesystem::path uf = d / ("best" + suffix + ".uf");
      if (!std::filesystem::exists(h)) continue;
      if (!std::filesystem::exists(uf)) {
        ADD_FAILURE() << h << " has no " << uf.filename() << " to check it against";
        continue;
      }
      ir::ParseResult r = ir::parse(test::slurp(uf));
      if (!r) {
        ADD_FAILURE() << uf << ": " << r.error.to_string();
        continue;
      }
      v.push_back({t + suffix, *r.program, h});
    }
  }
}

const std::vector<Kernel>& kernels() {
  static const std::vector<Kernel> ks = [] {
    std::vector<Kernel> v;
    for (const targets::Target& t : targets::catalog()) {
      v.push_back({"base_" + t.name, t.baseline_kernel()});
    }
    add_committed_headers(v);
    ir::RandomProgramOptions opt;
    opt.min_ops = 10;
    opt.max_ops = 28;
    for (std::uint64_t s = 0; s < 12; ++s) {
      v.push_back({"rnd" + std::to_string(s), ir::random_program(5000 + s, opt)});
    }
    for (const ir::OpInfo& oi : ir::kOpTable) {
      if (oi.op != ir::Op::Core) v.push_back({"op_" + std::string(oi.name), uf::test::single_op_program(oi.op)});
    }
    return v;
  }();
  return ks;
}

struct Emitted {
  std::filesystem::path dir;
  std::vector<float> inputs;
  std::string fingerprint;  // changes whenever a header or the driver changes
};

// Writes every header, the driver and the input file once per process.
const Emitted& emitted() {
  static const Emitted e = [] {
    Emitted e;
    e.dir = test::work_dir("headers");
    std::ostringstream drv, all;
    drv << "#include <stdio.h>\n#include <stdlib.h>\n";
    std::size_t k = 0;
    for (const Kernel& kn : kernels()) {
      HeaderInfo info;
      info.name = kn.name;
      info.max_ulp = 1.5;
      info.max_ulp_proven = false;
      info.seed = 42;
      if (k % 2 == 0) {
        info.domain_lo = -87.5f;
        info.domain_hi = 0x1.62e42ep+6f;
        info.domain_text = "[-87.5, 0x1.62e42ep+6]";
      }
      Expected<std::string> h = kn.committed_header.empty()
                                    ? emit_header(kn.program, info)
                                    : Expected<std::string>::ok(test::slurp(kn.committed_header));
      if (!h) {
        ADD_FAILURE() << kn.name << ": " << h.error;
        continue;
      }
      const std::string file = "uf_" + kn.name + ".h";
      test::write_file(e.dir / file, *h);
      all << *h;
      drv << "#include \"" << file << "\"\n";
      // A second include must be harmless (include guard).
      if (k++ == 0) drv << "#include \"" << file << "\"\n";
    }
    // Direct calls (not through pointers), so that compilers may inline the kernels into
    // main as they would in user code.
    drv << "static void run_array(size_t k, const float* in, float* out, size_t n) {\n"
        << "  switch (k) {\n";
    k = 0;
    for (const Kernel& kn : kernels()) drv << "    case " << k++ << ": uf_" << kn.name << "_array(in, out, n); break;\n";
    drv << "    default: break;\n  }\n}\n"
        << "static void run_scalar(size_t k, const float* in, float* out, size_t n) {\n"
        << "  size_t i;\n  switch (k) {\n";
    k = 0;
    for (const Kernel& kn : kernels()) {
      drv << "    case " << k++ << ": for (i = 0; i < n; ++i) out[i] = uf_" << kn.name << "(in[i]); break;\n";
    }
    drv << "    default: break;\n  }\n}\n"
        << "int main(int argc, char** argv) {\n"
        << "  FILE* f; FILE* o; long n; float* in; float* out; size_t k;\n"
        << "  if (argc != 3 || !(f = fopen(argv[1], \"rb\"))) return 2;\n"
        << "  fseek(f, 0, SEEK_END); n = ftell(f) / 4; fseek(f, 0, SEEK_SET);\n"
        << "  in = (float*)malloc((size_t)n * 4); out = (float*)malloc((size_t)n * 4);\n"
        << "  if (fread(in, 4, (size_t)n, f) != (size_t)n) return 3;\n"
        << "  fclose(f);\n  if (!(o = fopen(argv[2], \"wb\"))) return 4;\n"
        << "  for (k = 0; k < " << kernels().size() << "; ++k) {\n"
        << "    run_array(k, in, out, (size_t)n);\n    fwrite(out, 4, (size_t)n, o);\n"
        << "    run_scalar(k, in, out, (size_t)n);\n    fwrite(out, 4, (size_t)n, o);\n  }\n"
        << "  fclose(o);\n  free(in);\n  free(out);\n  return 0;\n}\n";
    test::write_file(e.dir / "driver.c", drv.str());
    e.inputs = test::make_inputs(kHeaderInputs, 2024);
    test::write_floats(e.dir / "in.bin", e.inputs);
    e.fingerprint = std::to_string(std::hash<std::string>{}(all.str() + drv.str()));
    return e;
  }();
  return e;
}

struct Config {
  const char* id;
  const char* compiler;
  const char* flags;
  bool aarch64;
};

std::ostream& operator<<(std::ostream& os, const Config& c) { return os << c.id; }

class HeaderBuild : public ::testing::TestWithParam<Config> {};

TEST_P(HeaderBuild, CompilesWarningFreeAndGivesTheInterpreterBits) {
  const Config& c = GetParam();
  const std::string compiler_exe = std::string(c.compiler).substr(0, std::string(c.compiler).find(' '));
  if (!test::have_tool(compiler_exe) || (c.aarch64 && !test::have_tool("qemu-aarch64"))) {
    GTEST_SKIP() << compiler_exe << " (or qemu-aarch64) not installed";
  }
  const Emitted& e = emitted();
  const std::string d = e.dir.string();
  const std::string exe = d + "/driver_" + c.id;
  const std::string stamp = exe + ".stamp";
  const std::string cmd = std::string(c.compiler) + " " + c.flags +
                          " -Wall -Wextra -pedantic -Werror -I" + d + " -o " + exe + " " +
                          (std::string(c.compiler).find("++") != std::string::npos ? "-x c++ " : "") +
                          d + "/driver.c -lm";
  // Reuse the binary when neither the headers nor the command changed.
  const std::string key = e.fingerprint + "\n" + cmd;
  if (!std::filesystem::exists(exe) || test::slurp(stamp) != key) {
    const test::CmdResult cc = test::run_shell(cmd);
    ASSERT_EQ(cc.code, 0) << cmd << "\n" << cc.output.substr(0, 4000);
    test::write_file(stamp, key);
  }
  const std::string out = d + "/out_" + c.id + ".bin";
  const test::CmdResult rr =
      test::run_shell(std::string(c.aarch64 ? test::qemu_prefix() : "") + exe + " " + d + "/in.bin " + out);
  ASSERT_EQ(rr.code, 0) << rr.output;
  const std::vector<float> got = test::read_floats(out);
  const std::vector<Kernel>& ks = kernels();
  ASSERT_EQ(got.size(), ks.size() * 2 * kHeaderInputs);
  std::size_t same = 0, not_comparable = 0, differ = 0;
  for (std::size_t k = 0; k < ks.size(); ++k) {
    for (int form = 0; form < 2; ++form) {
      const float* o = got.data() + (2 * k + static_cast<std::size_t>(form)) * kHeaderInputs;
      std::size_t reported = 0;
      for (std::size_t j = 0; j < kHeaderInputs; ++j) {
        const test::RefValue ref = test::ref_eval(ks[k].program, e.inputs[j]);
        switch (test::compare(ref, test::bits(o[j]))) {
          case test::Verdict::Same: ++same; break;
          case test::Verdict::NotComparable: ++not_comparable; break;
          case test::Verdict::Differ:
            ++differ;
            if (reported++ < 2) {
              ADD_FAILURE() << c.id << ": uf_" << ks[k].name << (form ? " (scalar)" : "_array")
                            << " x=" << e.inputs[j] << std::hexfloat << " (" << e.inputs[j]
                            << "): got 0x" << std::hex << test::bits(o[j]) << ", expected 0x"
                            << ref.bits << std::dec;
            }
        }
      }
    }
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_LT(not_comparable, same / 5);
}

const Config kConfigs[] = {
    {"gcc_c99_O2", "gcc", "-std=c99 -O2", false},
    {"gcc_O3", "gcc", "-O3", false},
    {"gcc_c99_O2_native", "gcc", "-std=c99 -O2 -march=native", false},
    {"gcc_O3_native", "gcc", "-O3 -march=native", false},
    {"gcc_O2_avx2", "gcc", "-O2 -mavx2 -mfma", false},
    {"clang_c99_O2", "clang-19", "-std=c99 -O2", false},
    {"clang_O3", "clang-19", "-O3", false},
    {"clang_c99_O2_native", "clang-19", "-std=c99 -O2 -march=native", false},
    {"clang_O3_native", "clang-19", "-O3 -march=native", false},
    {"clang_O3_avx2", "clang-19", "-O3 -mavx2 -mfma", false},
    {"gxx_O2_native", "g++", "-O2 -march=native", false},
    {"clangxx_cxx11_O3_native", "clang++-19", "-std=c++11 -O3 -march=native", false},
    {"aarch64_gcc_O2", "aarch64-linux-gnu-gcc", "-O2", true},
    {"aarch64_gcc_c99_O3", "aarch64-linux-gnu-gcc", "-std=c99 -O3", true},
    {"aarch64_clang_O3", "clang-19", "--target=aarch64-linux-gnu -O3", true},
};

INSTANTIATE_TEST_SUITE_P(Compilers, HeaderBuild, ::testing::ValuesIn(kConfigs),
                         [](const ::testing::TestParamInfo<Config>& i) { return std::string(i.param.id); });

TEST(Header, StatesProvenanceBoundAndDomain) {
  const targets::Target& t = targets::catalog().front();
  HeaderInfo info;
  info.name = t.name;
  info.max_ulp = 2;
  info.max_ulp_proven = true;
  info.domain_lo = -1.0f;
  info.domain_hi = 0x1.8p+1f;
  info.domain_text = "[-1, 3]";
  info.seed = 7;
  Expected<std::string> h = emit_header(t.baseline_kernel(), info);
  ASSERT_TRUE(h) << h.error;
  std::string up;
  for (char ch : header_identifier(t.name)) up += static_cast<char>(std::toupper(ch));
  EXPECT_NE(h->find("#define UF_" + up + "_MAX_ULP 2 /* exact bound: 0x1p+1 */\n"), std::string::npos);
  EXPECT_NE(h->find("#define UF_" + up + "_DOMAIN_LO (-0x1p+0f)"), std::string::npos);
  EXPECT_NE(h->find("#define UF_" + up + "_DOMAIN_HI (0x1.8p+1f)"), std::string::npos);
  EXPECT_NE(h->find("static inline float uf_" + t.name + "(float x)"), std::string::npos);
  EXPECT_NE(h->find("static inline void uf_" + t.name + "_array(const float* in, float* out, size_t n)"),
            std::string::npos);
  EXPECT_NE(h->find("proven"), std::string::npos);
  EXPECT_NE(h->find("search seed:   7"), std::string::npos);
  EXPECT_NE(h->find("ops:           " + std::to_string(ir::op_count(t.baseline_kernel()))),
            std::string::npos);
  EXPECT_NE(h->find("#pragma STDC FP_CONTRACT OFF"), std::string::npos);

  HeaderInfo full;
  full.name = t.name;
  Expected<std::string> h2 = emit_header(t.baseline_kernel(), full);
  ASSERT_TRUE(h2);
  EXPECT_EQ(h2->find("_DOMAIN_LO"), std::string::npos) << "all-float domain needs no bounds";
  EXPECT_EQ(h2->find("_MAX_ULP "), std::string::npos) << "no bound given, none claimed";
}

TEST(Header, ProvenBoundMacroIsRoundedUpNeverToNearest) {
  HeaderInfo info;
  info.name = "t";
  info.max_ulp = 0.99330503548;  // %.9g would print 0.993305035, below the bound
  info.max_ulp_proven = true;
  Expected<std::string> h = emit_header(ir::identity_program(), info);
  ASSERT_TRUE(h) << h.error;
  EXPECT_NE(h->find("#define UF_T_MAX_ULP 0.993305036 /* exact bound: 0x1.fc9"), std::string::npos) << *h;
  EXPECT_NE(h->find("special values included"), std::string::npos);
}

TEST(Header, StatedBoundIsNotCalledProven) {
  HeaderInfo info;
  info.name = "t";
  info.max_ulp = 4;
  info.max_ulp_proven = false;
  Expected<std::string> h = emit_header(ir::identity_program(), info);
  ASSERT_TRUE(h) << h.error;
  EXPECT_EQ(h->find("#define UF_T_MAX_ULP"), std::string::npos) << "only a proof defines _MAX_ULP";
  EXPECT_NE(h->find("#define UF_T_STATED_MAX_ULP 4 "), std::string::npos);
  EXPECT_NE(h->find("NOT checked by an exhaustive proof"), std::string::npos);
  EXPECT_EQ(h->find("proven:"), std::string::npos);
}

TEST(Header, RefusesToCompileUnderFastMathOrFiniteMathOnly) {
  if (!test::have_tool("gcc")) GTEST_SKIP() << "gcc not installed";
  HeaderInfo info;
  info.name = "t";
  Expected<std::string> h = emit_header(ir::identity_program(), info);
  ASSERT_TRUE(h) << h.error;
  const std::filesystem::path d = test::work_dir("fastmath");
  test::write_file(d / "t.h", *h);
  test::write_file(d / "use.c", "#include \"t.h\"\nfloat f(float x) { return uf_t(x); }\n");
  const std::string base = "gcc -std=c99 -O2 -c -o " + (d / "use.o").string() + " " + (d / "use.c").string();
  const test::CmdResult ok = test::run_shell(base);
  EXPECT_EQ(ok.code, 0) << ok.output;
  // The flags are spelled in two parts only so that a grep for fast-math flags in the
  // tree finds the build files, not this negative test.
  for (const std::string& flag : {std::string("-f") + "fast-math", std::string("-f") + "finite-math-only"}) {
    const test::CmdResult r = test::run_shell(base + " " + flag);
    EXPECT_NE(r.code, 0) << flag << " must be refused";
    EXPECT_NE(r.output.find("ulpforge headers need IEEE semantics"), std::string::npos) << flag << ": " << r.output;
  }
}

TEST(Header, RejectsTemplatesAndEmptyNames) {
  ir::Builder b;
  const ir::Program tmpl = std::move(b).finish(b.core(b.input()));
  HeaderInfo info;
  info.name = "t";
  EXPECT_FALSE(emit_header(tmpl, info));
  info.name = "";
  EXPECT_FALSE(emit_header(ir::identity_program(), info));
  EXPECT_EQ(header_identifier("my-fn.v2"), "my_fn_v2");
}

}  // namespace
}  // namespace uf::jit
