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
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eval/interp.h"
#include "ir/passes.h"
#include "ir/random.h"
#include "ir/semantics.h"
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

ir::Program parse_kernel(const char* text) {
  ir::ParseResult r = ir::parse(text);
  EXPECT_TRUE(r) << r.error.to_string();
  return r ? *r.program : ir::identity_program();
}

using uf::test::kGuardExp;
using uf::test::kGuardNested;

struct GuardKernel {
  const char* name;
  const char* text;
  std::uint32_t mask;  // the outer guard's mask instruction
};
const GuardKernel kGuardKernels[] = {{"guard_nested", kGuardNested, 3}, {"guard_exp", kGuardExp, 3}};

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
    if (targets::find_fused(t)) continue;  // several results: HeaderFusedBuild
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
    for (const GuardKernel& g : kGuardKernels) v.push_back({g.name, parse_kernel(g.text)});
    return v;
  }();
  return ks;
}

// The C driver's functions after its #includes: for each uf_NAME in turn, its array form
// then its scalar form over argv[1]'s floats, both written to argv[2]. Direct calls (not
// through pointers), so that compilers may inline the kernels into main as they would in
// user code.
std::string driver_body(const std::vector<std::string>& names) {
  std::ostringstream drv;
  drv << "static void run_array(size_t k, const float* in, float* out, size_t n) {\n"
      << "  switch (k) {\n";
  for (std::size_t k = 0; k < names.size(); ++k) drv << "    case " << k << ": uf_" << names[k] << "_array(in, out, n); break;\n";
  drv << "    default: break;\n  }\n}\n"
      << "static void run_scalar(size_t k, const float* in, float* out, size_t n) {\n"
      << "  size_t i;\n  switch (k) {\n";
  for (std::size_t k = 0; k < names.size(); ++k) {
    drv << "    case " << k << ": for (i = 0; i < n; ++i) out[i] = uf_" << names[k] << "(in[i]); break;\n";
  }
  drv << "    default: break;\n  }\n}\n"
      << "int main(int argc, char** argv) {\n"
      << "  FILE* f; FILE* o; long n; float* in; float* out; size_t k;\n"
      << "  if (argc != 3 || !(f = fopen(argv[1], \"rb\"))) return 2;\n"
      << "  fseek(f, 0, SEEK_END); n = ftell(f) / 4; fseek(f, 0, SEEK_SET);\n"
      << "  in = (float*)malloc((size_t)n * 4); out = (float*)malloc((size_t)n * 4);\n"
      << "  if (fread(in, 4, (size_t)n, f) != (size_t)n) return 3;\n"
      << "  fclose(f);\n  if (!(o = fopen(argv[2], \"wb\"))) return 4;\n"
      << "  for (k = 0; k < " << names.size() << "; ++k) {\n"
      << "    run_array(k, in, out, (size_t)n);\n    fwrite(out, 4, (size_t)n, o);\n"
      << "    run_scalar(k, in, out, (size_t)n);\n    fwrite(out, 4, (size_t)n, o);\n  }\n"
      << "  fclose(o);\n  free(in);\n  free(out);\n  return 0;\n}\n";
  return drv.str();
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
    std::vector<std::string> names;
    for (const Kernel& kn : kernels()) names.push_back(kn.name);
    drv << driver_body(names);
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
  bool avx512 = false;  // runs only on a CPU with AVX-512F (compiled everywhere)
};

std::ostream& operator<<(std::ostream& os, const Config& c) { return os << c.id; }

// Why this configuration cannot be built and run here (its compiler or qemu-aarch64 is
// missing), or nullopt when it can.
std::optional<std::string> missing_tools(const Config& c) {
  const std::string exe = std::string(c.compiler).substr(0, std::string(c.compiler).find(' '));
  if (!test::have_tool(exe) || (c.aarch64 && !test::have_tool("qemu-aarch64")))
    return exe + " (or qemu-aarch64) not installed";
  return std::nullopt;
}

// The warning-free compile of driver source SRC against the headers in DIR into EXE.
std::string compile_command(const Config& c, const std::string& dir, const std::string& exe, const std::string& src) {
  return std::string(c.compiler) + " " + c.flags + " -Wall -Wextra -pedantic -Werror -I" + dir + " -o " + exe + " " +
         (std::string(c.compiler).find("++") != std::string::npos ? "-x c++ " : "") + src + " -lm";
}

class HeaderBuild : public ::testing::TestWithParam<Config> {};

TEST_P(HeaderBuild, CompilesWarningFreeAndGivesTheInterpreterBits) {
  const Config& c = GetParam();
  if (const auto why = missing_tools(c)) GTEST_SKIP() << *why;
  const Emitted& e = emitted();
  const std::string d = e.dir.string();
  const std::string exe = d + "/driver_" + c.id;
  const std::string stamp = exe + ".stamp";
  const std::string cmd = compile_command(c, d, exe, d + "/driver.c");
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

// The text of one function of a header: from its signature to the closing brace.
std::string function_text(const std::string& h, const std::string& signature) {
  const std::size_t at = h.find(signature);
  if (at == std::string::npos) return "";
  return h.substr(at, h.find("\n}\n", at) + 3 - at);
}

std::size_t count_of(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

TEST(Header, GuardEmitsItsColdPathInsideAnAnyLaneBlockInEveryBody) {
  HeaderInfo info;
  info.name = "guard_nested";
  Expected<std::string> h = emit_header(parse_kernel(kGuardNested), info);
  ASSERT_TRUE(h) << h.error;
  struct Body {
    const char* signature;
    std::string outer_test, nested_test;
  };
  const Body bodies[] = {
      {"static inline float uf_guard_nested(float x) {", "if (v3) {", "if (v10) {"},
      {"static inline __m512 uf_guard_nested_m512(__m512 x) {", "if (v3 != 0) {", "if (v10 != 0) {"},
      {"static inline __m256 uf_guard_nested_m256(__m256 x) {",
       "if (_mm256_movemask_ps(_mm256_castsi256_ps(v3)) != 0) {",
       "if (_mm256_movemask_ps(_mm256_castsi256_ps(v10)) != 0) {"},
      {"static inline float32x4_t uf_guard_nested_f32x4(float32x4_t x) {", "if (vmaxvq_u32(v3) != 0) {",
       "if (vmaxvq_u32(v10) != 0) {"},
  };
  for (const Body& b : bodies) {
    const std::string f = function_text(*h, b.signature);
    ASSERT_FALSE(f.empty()) << b.signature << "\n" << *h;
    EXPECT_EQ(count_of(f, "if ("), 2u) << f;
    const std::size_t outer = f.find(b.outer_test), nested = f.find(b.nested_test);
    ASSERT_NE(outer, std::string::npos) << f;
    ASSERT_NE(nested, std::string::npos) << f;
    EXPECT_LT(outer, nested) << f;
    // Hot values (the shared %5, the fast value %23) come before the block, cold ones
    // (%6 %8 %17..%22, the nested mask %10) inside it, the nested cold path (%11..%15)
    // inside the nested block; each guard's result starts as its fast value.
    for (const char* hot : {" v5 = ", " v23 = "}) EXPECT_LT(f.find(hot), outer) << hot << "\n" << f;
    for (const char* cold : {" v6 = ", " v8 = ", " v10 = ", " v17 = ", " v19 = ", " v22 = "}) {
      EXPECT_GT(f.find(cold), outer) << cold << "\n" << f;
      EXPECT_NE(f.find(cold), std::string::npos) << cold;
    }
    for (const char* cold : {" v11 = ", " v12 = ", " v15 = "}) {
      EXPECT_GT(f.find(cold), nested) << cold << "\n" << f;
      EXPECT_NE(f.find(cold), std::string::npos) << cold;
    }
    EXPECT_NE(f.find(" v24 = v23;\n"), std::string::npos) << f;
    EXPECT_NE(f.find(" v16 = v8;\n"), std::string::npos) << f;
    EXPECT_GT(f.find(" v25 = "), f.rfind("}\n  ")) << "the guard's user follows its block\n" << f;
    EXPECT_EQ(count_of(f, " v1 = "), 1u) << "every value is declared once";
  }
}

// The guard kernels compiled per body (scalar, AVX2, AVX-512, NEON) and run on inputs in
// aligned blocks of 16: blocks where no lane takes the cold path, where exactly one lane
// (each position in turn) does, and where all do, so every vector width sees vectors
// whose cold block is skipped and vectors where it runs; an odd tail follows.
std::vector<float> guard_inputs() {
  const float small[] = {0.0f, -0.0f, 1.0f, -2.5f, 99.5f, -100.0f, 100.0f, 0x1p-140f, 3.25f, -64.0f, 0x1.8p-3f,
                         5.0e-39f, 17.0f, -0.75f, 42.0f, 0x1.fffffep+5f};
  const float big[] = {1000.5f, -5.0e4f, 3.0e6f, -7.5e8f, __builtin_inff(), -__builtin_inff(), 1.0e30f,
                       0x1p+21f, -0x1.8p+22f, 100.00001f, 6.0e11f, -1.0e6f, __builtin_nanf("")};
  std::vector<float> v;
  const auto block = [&](auto lane) {
    for (int j = 0; j < 16; ++j) v.push_back(lane(j));
  };
  const auto at = [](const auto& a, int k) { return a[static_cast<std::size_t>(k) % std::size(a)]; };
  for (int r = 0; r < 4; ++r) block([&](int j) { return (r % 2 ? -1.0f : 1.0f) * at(small, j + 5 * r); });
  for (int p = 0; p < 16; ++p)
    for (int b = 0; b < 12; b += 4) block([&](int j) { return j == p ? at(big, b + p) : at(small, j + p); });
  for (int r = 0; r < 3; ++r) block([&](int j) { return at(big, j + 3 * r); });
  for (int r = 0; r < 2; ++r) block([&](int j) { return at(small, j + r); });
  for (int j = 0; j < 7; ++j) v.push_back(j % 2 ? at(big, j) : at(small, j));  // tail
  return v;
}

// Compiles driver SRC against the headers in D for configuration c and runs it on `in`
// (D/in.bin; the driver writes its floats to the file named by its second argument).
// Returns what it wrote, or nullopt: after recording a failure, or with *skip set when
// the body was compiled but this CPU cannot run it.
std::optional<std::vector<float>> compile_and_run(const Config& c, const std::filesystem::path& d,
                                                  const std::string& src, const std::vector<float>& in,
                                                  std::string* skip) {
  test::write_floats(d / "in.bin", in);
  const std::string exe = (d / ("driver_" + std::string(c.id))).string();
  const std::string cmd = compile_command(c, d.string(), exe, src);
  const test::CmdResult cc = test::run_shell(cmd);
  if (cc.code != 0) {
    ADD_FAILURE() << cmd << "\n" << cc.output.substr(0, 4000);
    return std::nullopt;
  }
#if defined(__x86_64__)
  if (c.avx512 && !__builtin_cpu_supports("avx512f")) *skip = "compiled; this CPU has no AVX-512F to run it";
#else
  if (c.avx512) *skip = "compiled; not an x86-64 host";
#endif
  if (!skip->empty()) return std::nullopt;
  const std::string out = (d / ("out_" + std::string(c.id) + ".bin")).string();
  const test::CmdResult rr = test::run_shell(std::string(c.aarch64 ? test::qemu_prefix() : "") + exe + " " +
                                             (d / "in.bin").string() + " " + out);
  if (rr.code != 0) {
    ADD_FAILURE() << rr.output;
    return std::nullopt;
  }
  return test::read_floats(out);
}

class HeaderGuardBuild : public ::testing::TestWithParam<Config> {};

TEST_P(HeaderGuardBuild, ColdBlocksGiveTheInterpreterBitsWhenSomeOrNoLanesNeedThem) {
  const Config& c = GetParam();
  if (const auto why = missing_tools(c)) GTEST_SKIP() << *why;
  // One directory per configuration: ctest runs them in parallel.
  const std::filesystem::path d = test::work_dir("guard_headers_" + std::string(c.id));
  const std::vector<float> in = guard_inputs();
  std::vector<ir::Program> ps;
  std::ostringstream drv;
  drv << "#include <stdio.h>\n#include <stdlib.h>\n";
  for (const GuardKernel& g : kGuardKernels) {
    ps.push_back(parse_kernel(g.text));
    // The inputs reach both sides of the any-lane test in every vector width.
    for (std::size_t w : {4u, 8u, 16u}) {
      std::size_t none = 0, some = 0;
      for (std::size_t v0 = 0; v0 + w <= in.size(); v0 += w) {
        bool any = false;
        for (std::size_t j = v0; j < v0 + w; ++j) {
          std::vector<std::uint32_t> r(g.mask + 1);
          const ir::Program& p = ps.back();
          for (std::uint32_t i = 0; i <= g.mask; ++i) {
            const ir::Instr& ins = p.code[i];
            r[i] = ir::sem::eval(ins.op, r[ins.args[0]], r[ins.args[1]], r[ins.args[2]], ins.imm, test::bits(in[j]));
          }
          any = any || r[g.mask] != 0;
        }
        ++(any ? some : none);
      }
      EXPECT_GE(none, 4u) << g.name << " width " << w;
      EXPECT_GE(some, 8u) << g.name << " width " << w;
    }
    HeaderInfo info;
    info.name = g.name;
    Expected<std::string> h = emit_header(ps.back(), info);
    ASSERT_TRUE(h) << h.error;
    test::write_file(d / ("uf_" + std::string(g.name) + ".h"), *h);
    drv << "#include \"uf_" << g.name << ".h\"\n";
  }
  std::vector<std::string> names;
  for (const GuardKernel& g : kGuardKernels) names.push_back(g.name);
  drv << driver_body(names);
  const std::string src = (d / ("driver_" + std::string(c.id) + ".c")).string();
  test::write_file(src, drv.str());
  std::string skip;
  const std::optional<std::vector<float>> run = compile_and_run(c, d, src, in, &skip);
  if (!run) {
    if (!skip.empty()) GTEST_SKIP() << skip;
    return;
  }
  const std::vector<float>& got = *run;
  ASSERT_EQ(got.size(), ps.size() * 2 * in.size());
  for (std::size_t k = 0; k < ps.size(); ++k) {
    std::vector<float> interp(in.size());
    eval::run_f32(ps[k], in.data(), interp.data(), in.size());
    for (int form = 0; form < 2; ++form) {
      const float* o = got.data() + (2 * k + static_cast<std::size_t>(form)) * in.size();
      std::size_t differ = 0, same = 0;
      for (std::size_t j = 0; j < in.size(); ++j) {
        const test::RefValue ref = test::ref_eval(ps[k], in[j]);
        ASSERT_EQ(test::compare(ref, test::bits(interp[j])), test::Verdict::Same) << "interpreter, x=" << in[j];
        const test::Verdict v = test::compare(ref, test::bits(o[j]));
        same += v == test::Verdict::Same;
        if (v == test::Verdict::Differ && differ++ < 3) {
          ADD_FAILURE() << c.id << ": uf_" << kGuardKernels[k].name << (form ? " (scalar)" : "_array") << " x["
                        << j << "]=" << std::hexfloat << in[j] << ": got 0x" << std::hex << test::bits(o[j])
                        << ", interpreter 0x" << test::bits(interp[j]) << std::dec;
        }
      }
      EXPECT_EQ(differ, 0u);
      EXPECT_EQ(same, in.size()) << "every output is comparable";
    }
  }
}

const Config kGuardConfigs[] = {
    {"scalar_gcc_c99_O2", "gcc", "-std=c99 -O2", false, false},
    {"avx2_gcc_O2", "gcc", "-O2 -mavx2 -mfma", false, false},
    {"avx2_gxx_O3", "g++", "-O3 -mavx2 -mfma", false, false},
    {"avx512_gcc_O2", "gcc", "-O2 -mavx512f -mfma", false, true},
    {"avx512_clang19_O3", "clang-19", "-O3 -mavx512f -mfma", false, true},
    {"neon_aarch64_gcc_O2", "aarch64-linux-gnu-gcc", "-O2", true, false},
    {"neon_clang19_O3", "clang-19", "--target=aarch64-linux-gnu -O3", true, false},
};

INSTANTIATE_TEST_SUITE_P(Bodies, HeaderGuardBuild, ::testing::ValuesIn(kGuardConfigs),
                         [](const ::testing::TestParamInfo<Config>& i) { return std::string(i.param.id); });

// A fused kernel (sincosf, ir::MultiProgram) through every body: the baseline kernel's
// header (emitted here) and the committed results/sincosf header give the interpreter's
// bits of each result, array and scalar, including the inputs whose shared cold block
// (Payne-Hanek, one block for both guards) runs. (With sinf's baseline cores the results
// are sinf's and cosf's baseline kernels: tests/targets Fused.*.)
class HeaderFusedBuild : public ::testing::TestWithParam<Config> {};

TEST_P(HeaderFusedBuild, BothResultsGiveTheInterpreterBitsFromOneColdBlock) {
  const Config& c = GetParam();
  if (const auto why = missing_tools(c)) GTEST_SKIP() << *why;
  const std::filesystem::path d = test::work_dir("fused_headers_" + std::string(c.id));
  const targets::FusedTarget& f = *targets::find_fused("sincosf");
  HeaderInfo info;
  info.name = "sincosf_base";
  const Expected<std::string> h = emit_header(f.baseline_kernel(), f.outputs, info);
  ASSERT_TRUE(h) << h.error;
  // One cold block for both guards, in every vector body and the scalar one.
  EXPECT_EQ(count_of(*h, "/* cold path of "), 4u) << "one block in each of the 4 bodies";
  const std::size_t at = h->find("/* cold path of ");
  EXPECT_NE(h->substr(at, h->find('\n', at) - at).find(", "), std::string::npos) << "the block serves both guards";
  test::write_file(d / "uf_sincosf_base.h", *h);
  std::vector<std::pair<std::string, ir::MultiProgram>> ks{{"sincosf_base", f.baseline_kernel()}};
  const std::filesystem::path committed = std::filesystem::path(ULPFORGE_SOURCE_DIR) / "results" / "sincosf";
  std::string includes = "#include \"uf_sincosf_base.h\"\n";
  if (std::filesystem::exists(committed / "best.uf")) {
    const ir::MultiParseResult r = ir::parse_multi(test::slurp(committed / "best.uf"));
    ASSERT_TRUE(r) << r.error.to_string();
    ks.push_back({"sincosf", *r.program});
    includes += "#include \"" + (committed / "ulpforge_sincosf.h").string() + "\"\n";
  }
  std::string calls;
  for (std::size_t k = 0; k < ks.size(); ++k) {
    const std::string fn = "uf_" + ks[k].first, o = std::to_string(4 * k) + " * n";
    calls += "  " + fn + "_array(x, r + " + o + ", r + " + o + " + n, n);\n"
             "  for (i = 0; i < n; ++i) " + fn + "(x[i], r + " + o + " + 2 * n + i, r + " + o + " + 3 * n + i);\n";
  }
  const std::string total = std::to_string(4 * ks.size()) + " * n";
  test::write_file(d / "driver.c",
                   "#include <stdio.h>\n#include <stdlib.h>\n" + includes +
                   "int main(int argc, char** argv) {\n"
                   "  FILE* fi = fopen(argv[1], \"rb\"); FILE* fo; size_t n, i; float *x, *r;\n"
                   "  if (!fi || argc < 3) return 2;\n"
                   "  fseek(fi, 0, SEEK_END); n = (size_t)ftell(fi) / sizeof(float); fseek(fi, 0, SEEK_SET);\n"
                   "  x = (float*)malloc(n * sizeof(float)); r = (float*)malloc(" + total + " * sizeof(float));\n"
                   "  if (!x || !r || fread(x, sizeof(float), n, fi) != n) return 2;\n" + calls +
                   "  fo = fopen(argv[2], \"wb\");\n"
                   "  if (!fo || fwrite(r, sizeof(float), " + total + ", fo) != " + total + ") return 2;\n"
                   "  fclose(fo); fclose(fi); free(x); free(r); return 0; }\n");
  const std::vector<float> in = guard_inputs();
  std::string skip;
  const std::optional<std::vector<float>> run = compile_and_run(c, d, (d / "driver.c").string(), in, &skip);
  if (!run) {
    if (!skip.empty()) GTEST_SKIP() << skip;
    return;
  }
  const std::vector<float>& got = *run;
  ASSERT_EQ(got.size(), 4 * ks.size() * in.size());
  for (std::size_t k = 0; k < ks.size(); ++k)
    for (std::size_t r = 0; r < 2; ++r) {
      std::vector<float> want(in.size());
      eval::run_f32(ir::remove_dead_code(ks[k].second.output(r)), in.data(), want.data(), in.size());
      std::size_t differ = 0;
      for (int form = 0; form < 2; ++form)
        for (std::size_t j = 0; j < in.size(); ++j) {
          const float g = got[(4 * k + 2 * static_cast<std::size_t>(form) + r) * in.size() + j];
          const bool same = (g != g && want[j] != want[j]) || test::bits(g) == test::bits(want[j]);
          if (!same && differ++ < 3)
            ADD_FAILURE() << c.id << ": uf_" << ks[k].first << " " << f.outputs[r] << (form ? " (scalar)" : " (array)")
                          << " x=" << std::hexfloat << in[j] << ": got " << g << ", interpreter " << want[j]
                          << std::defaultfloat;
        }
      EXPECT_EQ(differ, 0u) << ks[k].first << " " << f.outputs[r];
    }
}

INSTANTIATE_TEST_SUITE_P(Bodies, HeaderFusedBuild, ::testing::ValuesIn(kGuardConfigs),
                         [](const ::testing::TestParamInfo<Config>& i) { return std::string(i.param.id); });

TEST(Header, FusedKernelsNeedOneDistinctNamePerResult) {
  const targets::FusedTarget& f = *targets::find_fused("sincosf");
  HeaderInfo info;
  info.name = f.name;
  const ir::MultiProgram k = f.baseline_kernel();
  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"sin"}, {"sin", "sin"}, {"sin", "2cos"}, {"sin", "c-s"}}) {
    const Expected<std::string> h = emit_header(k, bad, info);
    EXPECT_FALSE(h) << bad.size();
  }
  ir::MultiProgram templ = f.tmpl;
  EXPECT_NE(emit_header(templ, f.outputs, info).error.find("core hole"), std::string::npos);
}

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
