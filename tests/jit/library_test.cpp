// The library header (jit/library.h): one header with every kernel, whose array
// functions pick a body at run time. The C drivers here compile it with the system
// compilers and check that every body the CPU (or an emulator) can run gives the bits of
// the scalar function, and that dispatch picks the CPU's best body.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "jit/header.h"
#include "jit/library.h"
#include "targets/target.h"
#include "tests/jit/tool_util.h"

namespace uf::jit {
namespace {

using test::run_shell;
using test::work_dir;
using test::write_file;

std::vector<LibraryKernel> catalog_kernels() {
  std::vector<LibraryKernel> ks;
  for (const targets::Target& t : targets::catalog()) {
    LibraryKernel k;
    k.kernel = t.baseline_kernel();
    k.info.name = t.name;
    k.info.max_ulp = 4;  // this test checks code generation, not a bound
    k.info.max_ulp_proven = true;
    k.info.domain_text = t.domain.describe();
    k.proof = "test";
    ks.push_back(std::move(k));
  }
  // The fused sincosf with the same baseline cores: its results must be uf_sinf's and
  // uf_cosf's bits (driver()).
  const targets::FusedTarget& f = *targets::find_fused("sincosf");
  LibraryKernel k;
  k.fused = f.baseline_kernel();
  k.outputs = f.outputs;
  k.info.name = f.name;
  k.info.max_ulp = 4;
  k.info.max_ulp_proven = true;
  k.info.domain_text = f.part(0).domain.describe();
  k.proof = "test";
  ks.push_back(std::move(k));
  return ks;
}

LibraryInfo test_info() {
  LibraryInfo info;
  info.tool_commit = "test";
  info.command = "library_test";
  info.proof_env = "none: a code generation test";
  info.licence = "Apache-2.0";
  return info;
}

// For every function: 2^20 pseudo-random bit patterns and the special values through the
// scalar function, uf_<f>_array (dispatched) and each body this CPU runs; any bit
// difference (NaN against NaN aside) fails. Prints the body dispatch picked.
std::string driver(const std::vector<LibraryKernel>& ks) {
  std::ostringstream c;
  c << "#include <stdio.h>\n#include <stdint.h>\n#include <string.h>\n#include <stdlib.h>\n"
       "#include \"ulpforge_math.h\"\n"
       "#define N (1u << 20)\n"
       "static float in[N], ref[N], out[N], ref2[N], out2[N];\n"
       "static int same(float a, float b) { uint32_t x, y; if (a != a && b != b) return 1;\n"
       "  memcpy(&x, &a, 4); memcpy(&y, &b, 4); return x == y; }\n"
       "static int check_of(const char* f, const char* path, const float* r, const float* o) { size_t i;\n"
       "  for (i = 0; i < N; ++i) if (!same(r[i], o[i])) {\n"
       "    printf(\"%s %s differs at %a: %a vs %a\\n\", f, path, in[i], o[i], r[i]); return 1; }\n"
       "  return 0; }\n"
       "static int check(const char* f, const char* path) { return check_of(f, path, ref, out); }\n"
       "typedef void (*arr_fn)(const float*, float*, size_t);\n"
       "static int run(const char* f, float (*s)(float), arr_fn disp, arr_fn a512, arr_fn a256) {\n"
       "  size_t i; int bad = 0; (void)a512; (void)a256;\n"
       "  for (i = 0; i < N; ++i) ref[i] = s(in[i]);\n"
       "  disp(in, out, N - 3); for (i = N - 3; i < N; ++i) out[i] = ref[i]; bad |= check(f, \"dispatched\");\n"
       "#if ULPFORGE_MATH_DISPATCH\n"
       "  if (__builtin_cpu_supports(\"avx512f\")) { a512(in, out, N - 5); bad |= check(f, \"avx512\"); }\n"
       "  if (__builtin_cpu_supports(\"avx2\") && __builtin_cpu_supports(\"fma\")) {\n"
       "    a256(in, out, N - 5); bad |= check(f, \"avx2\"); }\n"
       "#endif\n"
       "  return bad; }\n"
       "typedef void (*arr2_fn)(const float*, float*, float*, size_t);\n"
       "static int check2(const char* f, const char* path) {\n"
       "  return check_of(f, path, ref, out) | check_of(f, path, ref2, out2); }\n"
       "/* A fused kernel: its scalar results are the parts' scalar bits, and every array path\n"
       "   gives the scalar fused bits. */\n"
       "static int run2(const char* f, void (*s)(float, float*, float*), float (*p0)(float), float (*p1)(float),\n"
       "                arr2_fn disp, arr2_fn a512, arr2_fn a256) {\n"
       "  size_t i; int bad = 0; (void)a512; (void)a256;\n"
       "  for (i = 0; i < N; ++i) { s(in[i], &ref[i], &ref2[i]); out[i] = p0(in[i]); out2[i] = p1(in[i]); }\n"
       "  bad |= check2(f, \"scalar vs parts\");\n"
       "  disp(in, out, out2, N - 3);\n"
       "  for (i = N - 3; i < N; ++i) { out[i] = ref[i]; out2[i] = ref2[i]; }\n"
       "  bad |= check2(f, \"dispatched\");\n"
       "#if ULPFORGE_MATH_DISPATCH\n"
       "  if (__builtin_cpu_supports(\"avx512f\")) { a512(in, out, out2, N - 5); bad |= check2(f, \"avx512\"); }\n"
       "  if (__builtin_cpu_supports(\"avx2\") && __builtin_cpu_supports(\"fma\")) {\n"
       "    a256(in, out, out2, N - 5); bad |= check2(f, \"avx2\"); }\n"
       "#endif\n"
       "  return bad; }\n"
       "int main(void) { uint32_t s = 12345u; size_t i; int bad = 0;\n"
       "  const uint32_t sp[] = {0u, 0x80000000u, 0x7f800000u, 0xff800000u, 0x7fc00000u, 1u, 0x80000001u,\n"
       "                         0x7f7fffffu, 0xff7fffffu, 0x00800000u, 0x3f800000u, 0xbf800000u};\n"
       "  for (i = 0; i < N; ++i) { s ^= s << 13; s ^= s >> 17; s ^= s << 5; uint32_t b = s;\n"
       "    if (i < sizeof sp / sizeof sp[0]) { b = sp[i]; }\n    memcpy(&in[i], &b, 4); }\n";
  for (const LibraryKernel& k : ks) {
    const std::string id = header_identifier(k.info.name);
    if (!k.outputs.empty()) {  // sincosf: parts uf_sinf, uf_cosf
      const targets::FusedTarget& f = *targets::find_fused(k.info.name);
      const std::string p0 = "uf_" + f.parts[0], p1 = "uf_" + f.parts[1];
      c << "#if ULPFORGE_MATH_DISPATCH\n"
        << "  bad |= run2(\"" << id << "\", uf_" << id << ", " << p0 << ", " << p1 << ", uf_" << id << "_array, uf__"
        << id << "_array_avx512, uf__" << id << "_array_avx2);\n#else\n"
        << "  bad |= run2(\"" << id << "\", uf_" << id << ", " << p0 << ", " << p1 << ", uf_" << id
        << "_array, 0, 0);\n#endif\n";
      continue;
    }
    c << "#if ULPFORGE_MATH_DISPATCH\n"
      << "  bad |= run(\"" << id << "\", uf_" << id << ", uf_" << id << "_array, uf__" << id
      << "_array_avx512, uf__" << id << "_array_avx2);\n#else\n"
      << "  bad |= run(\"" << id << "\", uf_" << id << ", uf_" << id << "_array, 0, 0);\n#endif\n";
  }
  c << "  {\n    const uf_math_bound* b = uf_math_bounds();\n"
       "    if (ULPFORGE_MATH_FUNCTIONS != " << ks.size() << " || strcmp(b[0].name, \"uf_"
    << header_identifier(ks[0].info.name) << "\") != 0) { printf(\"bad bound table\\n\"); bad = 1; }\n  }\n"
       "  printf(\"%s %s\\n\", bad ? \"FAIL\" : \"ok\", uf_math_isa());\n  return bad; }\n";
  return c.str();
}

struct Built {
  std::filesystem::path dir;
  bool ok = false;
};

Built build(const std::string& name, const std::string& compile) {
  const std::vector<LibraryKernel> ks = catalog_kernels();
  const Expected<std::string> h = emit_library(ks, test_info());
  EXPECT_TRUE(h) << h.error;
  Built b;
  b.dir = work_dir("library_" + name);
  if (!h) return b;
  write_file(b.dir / "ulpforge_math.h", *h);
  write_file(b.dir / "driver.c", driver(ks));
  const auto r = run_shell("cd " + b.dir.string() + " && " + compile + " 2>&1");
  EXPECT_EQ(r.code, 0) << compile << "\n" << r.output;
  b.ok = r.code == 0;
  return b;
}

#if defined(__x86_64__)
// The body dispatch should pick on this CPU.
std::string best_body() {
  if (__builtin_cpu_supports("avx512f")) return "avx512";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
  return "scalar";
}
#endif

TEST(Library, ADistributionBuildRunsTheBestBodyTheCpuHasWithTheScalarBits) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "x86-64 dispatch";
#else
  // -march=x86-64: no AVX at all at compile time, so every vector body comes from dispatch.
  const Built b = build("dispatch", "cc -std=c99 -O2 -Wall -Wextra -Werror -pedantic -march=x86-64 driver.c -o driver -lm");
  ASSERT_TRUE(b.ok);
  const auto r = run_shell((b.dir / "driver").string() + " 2>&1");
  const std::string best = best_body();
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, "ok " + best + "\n");
  // An AVX2-only CPU (qemu's "max" model has no AVX-512) takes the AVX2 body and no
  // AVX-512 instruction runs.
  if (best == "avx512" && test::have_tool("qemu-x86_64")) {
    const auto q = run_shell("qemu-x86_64 -cpu max " + (b.dir / "driver").string() + " 2>&1");
    EXPECT_EQ(q.code, 0) << q.output;
    EXPECT_EQ(q.output, "ok avx2\n");
  }
#endif
}

TEST(Library, WithoutDispatchThePredefinedMacrosChooseTheBody) {
#if !defined(__x86_64__)
  GTEST_SKIP() << "x86-64";
#else
  if (best_body() == "scalar") GTEST_SKIP() << "CPU lacks AVX2/FMA";
  const Built b = build("static_avx2", "c++ -x c++ -std=c++11 -O2 -Wall -Wextra -Werror -march=x86-64-v3 "
                                       "-DULPFORGE_NO_DISPATCH driver.c -o driver");
  ASSERT_TRUE(b.ok);
  const auto r = run_shell((b.dir / "driver").string() + " 2>&1");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, "ok avx2\n");
#endif
}

TEST(Library, NeonBodiesGiveTheScalarBitsUnderQemu) {
  if (!test::have_tool("aarch64-linux-gnu-gcc") || !test::have_tool("qemu-aarch64"))
    GTEST_SKIP() << "needs aarch64-linux-gnu-gcc and qemu-aarch64";
  const Built b = build("neon", "aarch64-linux-gnu-gcc -std=c99 -O2 -Wall -Wextra -Werror driver.c -o driver -lm");
  ASSERT_TRUE(b.ok);
  const auto r = run_shell(std::string(test::qemu_prefix()) + (b.dir / "driver").string() + " 2>&1");
  EXPECT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(r.output, "ok neon\n");
}

TEST(Library, APerFunctionHeaderIncludedFirstIsAClearError) {
  const std::vector<LibraryKernel> ks = catalog_kernels();
  const Expected<std::string> lib = emit_library(ks, test_info());
  ASSERT_TRUE(lib) << lib.error;
  const Expected<std::string> one = emit_header(ks[0].kernel, ks[0].info);
  ASSERT_TRUE(one) << one.error;
  const auto d = work_dir("library_order");
  write_file(d / "ulpforge_math.h", *lib);
  write_file(d / "one.h", *one);
  write_file(d / "after.c", "#include \"ulpforge_math.h\"\n#include \"one.h\"\nint main(void) { return 0; }\n");
  write_file(d / "before.c", "#include \"one.h\"\n#include \"ulpforge_math.h\"\nint main(void) { return 0; }\n");
  const auto after = run_shell("cd " + d.string() + " && cc -std=c99 -Wall -Werror -fsyntax-only after.c 2>&1");
  EXPECT_EQ(after.code, 0) << after.output;
  const auto before = run_shell("cd " + d.string() + " && cc -std=c99 -fsyntax-only before.c 2>&1");
  EXPECT_NE(before.code, 0);
  EXPECT_NE(before.output.find("include ulpforge_math.h before (or instead of) the per-function"), std::string::npos)
      << before.output;
}

TEST(Library, RefusesUnprovenDuplicateOrNoKernels) {
  EXPECT_FALSE(emit_library({}, test_info()));
  std::vector<LibraryKernel> ks = catalog_kernels();
  ks[0].info.max_ulp_proven = false;
  const auto unproven = emit_library(ks, test_info());
  ASSERT_FALSE(unproven);
  EXPECT_NE(unproven.error.find("needs a proven bound"), std::string::npos);
  ks = catalog_kernels();
  ks.push_back(ks[0]);
  const auto dup = emit_library(ks, test_info());
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error.find("two kernels are named uf_"), std::string::npos);
}

TEST(Library, StatesProvenanceAndEveryBoundExactly) {
  std::vector<LibraryKernel> ks = catalog_kernels();
  ks[0].info.max_ulp = 0.99330503548;  // %.9g would round down to 0.993305035
  const auto h = emit_library(ks, test_info());
  ASSERT_TRUE(h) << h.error;
  EXPECT_NE(h->find("(commit test)"), std::string::npos);
  EXPECT_NE(h->find("command:  library_test"), std::string::npos);
  EXPECT_NE(h->find("SPDX-License-Identifier: Apache-2.0"), std::string::npos);
  const std::string up = [&] {
    std::string u;
    for (char ch : header_identifier(ks[0].info.name)) u += static_cast<char>(std::toupper(ch));
    return u;
  }();
  EXPECT_NE(h->find("#define UF_" + up + "_MAX_ULP 0.993305036 /* exact bound: 0x1.fc9"), std::string::npos);
  EXPECT_NE(h->find("{\"uf_" + header_identifier(ks[0].info.name) + "\", 0.993305036, 1,"), std::string::npos);
}

}  // namespace
}  // namespace uf::jit
