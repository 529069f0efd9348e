// Report generation on small fixtures: benchmark JSON parsing, tier selection, and
// REPORT.md / plot output.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "ir/passes.h"
#include "ir/text.h"
#include "report/manifest.h"
#include "report/report.h"
#include "tests/support/files.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using uf::report::Accuracy;
using uf::report::BenchEntry;
using uf::report::BenchRun;

json gbench_entry(const std::string& name, const std::string& label, double cpu_ns,
                  double elements, const char* run_type = "iteration") {
  return {{"name", name}, {"run_type", run_type}, {"cpu_time", cpu_ns}, {"real_time", cpu_ns},
          {"time_unit", "ns"}, {"label", label}, {"elements", elements}};
}

std::string label(const std::string& lib, const std::string& isa, const std::string& kind,
                  const std::string& bound = "nan") {
  return "func=expf;domain=[-87.5,89];lo=-87.5;hi=89;library=" + lib + ";variant=;isa=" + isa +
         ";kind=" + kind + ";bound=" + bound + ";lanes=8";
}

TEST(ReportParse, KeepsMedianRepetitionAndDividesByElements) {
  json j;
  j["context"] = json::object();
  j["benchmarks"] = {
      gbench_entry("a/t", label("sleef-u10", "avx2", "throughput", "1"), 4096.0, 4096),
      gbench_entry("a/t", label("sleef-u10", "avx2", "throughput", "1"), 1024.0, 4096),
      gbench_entry("a/t", label("sleef-u10", "avx2", "throughput", "1"), 2048.0, 4096),
      gbench_entry("a/t_mean", label("sleef-u10", "avx2", "throughput", "1"), 1.0, 4096,
                   "aggregate"),
      gbench_entry("a/l", label("sleef-u10", "avx2", "latency", "1"), 30.0, 8),
      gbench_entry("a/l", label("sleef-u10", "avx2", "latency", "1"), 25.0, 8),
      gbench_entry("a/l", label("sleef-u10", "avx2", "latency", "1"), 90.0, 8),
  };
  const auto es = uf::report::parse_benchmark_json(j.dump());
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].library, "sleef-u10");
  EXPECT_EQ(es[0].isa, "avx2");
  ASSERT_TRUE(es[0].throughput_ns);
  EXPECT_DOUBLE_EQ(*es[0].throughput_ns, 0.5);  // median of 3 runs, 2048 ns / 4096 elements
  ASSERT_TRUE(es[0].latency_ns);
  EXPECT_DOUBLE_EQ(*es[0].latency_ns, 30.0);     // median of 25, 30, 90
  ASSERT_TRUE(es[0].claimed);  // a baseline's label bound is its claim
  EXPECT_DOUBLE_EQ(*es[0].claimed, 1.0);
  EXPECT_FALSE(es[0].proven);
  EXPECT_EQ(es[0].lanes, 8);
}

TEST(ReportParse, KeepsRowsTheCpuCouldNotRunWithTheirReason) {
  json j;
  json skipped = {{"name", "b/t"}, {"run_type", "iteration"}, {"error_occurred", true},
                  {"error_message", "not run: CPU lacks avx512f"},
                  {"label", label("sleef-u10", "avx512", "throughput", "1")}};
  json failed = skipped;
  failed["error_message"] = "some other failure";
  failed["label"] = label("xsimd", "avx512", "throughput");
  j["benchmarks"] = {gbench_entry("a/t", label("sleef-u10", "avx2", "throughput", "1"), 2048.0, 4096),
                     skipped, failed};
  const auto es = uf::report::parse_benchmark_json(j.dump());
  ASSERT_EQ(es.size(), 2u) << "a failure other than 'not run' is dropped";
  EXPECT_EQ(es[0].not_run, "");
  EXPECT_EQ(es[1].isa, "avx512");
  EXPECT_EQ(es[1].not_run, "not run: CPU lacks avx512f");
  EXPECT_FALSE(es[1].throughput_ns);
}

TEST(ReportParse, RejectsLabelWithoutImplementationFacts) {
  json j;
  j["benchmarks"] = {gbench_entry("x", "func=expf", 1.0, 1)};
  EXPECT_THROW(uf::report::parse_benchmark_json(j.dump()), std::runtime_error);
  EXPECT_THROW(uf::report::parse_benchmark_json("{not json"), std::runtime_error);
}

BenchEntry entry(const std::string& lib, const std::string& isa, double ns,
                 std::optional<double> bound) {
  BenchEntry e;
  e.func = "expf";
  e.domain = "[-87.5,89]";
  e.library = lib;
  e.isa = isa;
  e.throughput_ns = ns;
  (lib == "ulpforge" ? e.proven : e.claimed) = bound;
  if (lib == "ulpforge") e.variant = "results/expf/ulpforge_expf.h";
  return e;
}

Accuracy acc(const std::string& lib, const std::string& isa, double ulp,
             std::optional<double> claimed) {
  Accuracy a;
  a.func = "expf";
  a.domain = "[-87.5,89]";
  a.library = lib;
  a.isa = isa;
  a.max_ulp = ulp;
  a.claimed = claimed;
  return a;
}

struct Fixture {
  BenchRun run;
  std::map<std::string, Accuracy> accs;
  Fixture() {
    run.target = "expf";
    run.entries = {
        entry("ulpforge", "avx2", 1.0, 0.9),
        entry("ulpforge", "avx512", 0.5, 0.9),
        entry("libmvec", "avx2", 0.4, 4.0),    // fast, but 2.6 ULP measured
        entry("sleef-u10", "avx2", 2.0, 1.0),  // 0.88 ULP measured
        entry("sleef-u10", "avx512", 1.5, 1.0),
        entry("xsimd", "avx2", 0.1, std::nullopt),  // accuracy never measured
        entry("xsimd", "avx512", 0.2, std::nullopt),  // 0.95 ULP: within 1, less accurate than ours
        entry("glibc", "scalar", 10.0, std::nullopt),
    };
    for (const auto& a : {acc("libmvec", "avx2", 2.6, 4.0), acc("sleef-u10", "avx2", 0.88, 1.0),
                          acc("sleef-u10", "avx512", 0.88, 1.0), acc("glibc", "scalar", 0.5, {}),
                          acc("xsimd", "avx512", 0.95, {})})
      accs[uf::report::accuracy_key(a.func, a.domain, a.library, a.isa)] = a;
  }
};

TEST(ReportTiers, PicksFastestBaselineAtLeastAsAccurateAsOurKernel) {
  Fixture f;
  const auto rows = uf::report::tier_rows(f.run, "expf", "[-87.5,89]", f.accs);
  const uf::report::TierRow* avx2_1 = nullptr;
  const uf::report::TierRow* avx512_1 = nullptr;
  for (const auto& r : rows) {
    if (r.tier == 1 && r.isa == "avx2") avx2_1 = &r;
    if (r.tier == 1 && r.isa == "avx512") avx512_1 = &r;
  }
  ASSERT_NE(avx2_1, nullptr);
  ASSERT_NE(avx2_1->ours, nullptr);
  ASSERT_NE(avx2_1->baseline, nullptr);
  // libmvec (2.6 ULP) is too inaccurate and xsimd unmeasured: SLEEF u10 AVX2 is the bar,
  // not SLEEF AVX-512, which an AVX2 machine cannot run.
  EXPECT_EQ(avx2_1->baseline->library, "sleef-u10");
  EXPECT_EQ(avx2_1->baseline->isa, "avx2");
  EXPECT_DOUBLE_EQ(*avx2_1->ratio, 2.0);
  ASSERT_NE(avx512_1, nullptr);
  EXPECT_EQ(avx512_1->baseline->isa, "avx512");
  EXPECT_DOUBLE_EQ(*avx512_1->ratio, 3.0);
}

TEST(ReportTiers, TierBaselineIsFastestWithinTheTierEvenIfLessAccurateThanOurs) {
  Fixture f;
  for (const auto& r : uf::report::tier_rows(f.run, "expf", "[-87.5,89]", f.accs)) {
    if (r.tier != 1 || r.isa != "avx512") continue;
    ASSERT_NE(r.tier_baseline, nullptr);
    EXPECT_EQ(r.tier_baseline->library, "xsimd");  // 0.95 ULP <= 1, but > our 0.9
    EXPECT_DOUBLE_EQ(*r.tier_ratio, 0.4);           // 0.2 ns vs our 0.5 ns
    EXPECT_EQ(r.baseline->library, "sleef-u10");    // the fastest at least as accurate
  }
}

TEST(ReportTiers, LooserTierStillRequiresBaselineAsAccurateAsOurKernel) {
  Fixture f;
  // At <= 4 ULP our fastest kernel is still the 0.9 ULP one, so libmvec (2.6) does not
  // count as "at least as accurate".
  for (const auto& r : uf::report::tier_rows(f.run, "expf", "[-87.5,89]", f.accs))
    if (r.tier == 4 && r.isa == "avx2") {
      ASSERT_NE(r.baseline, nullptr);
      EXPECT_EQ(r.baseline->library, "sleef-u10");
    }
}

TEST(ReportTiers, NoKernelMeansNoRows) {
  Fixture f;
  EXPECT_TRUE(uf::report::tier_rows(f.run, "sinf", "[-pi,pi]", f.accs).empty());
}

// A results tree at `root` (created): one expf run with our kernel and two baselines.
fs::path make_fixture_dir(const fs::path& root) {
  fs::create_directories(root / "expf");
  fs::create_directories(root / "baselines");
  json b;
  b["target"] = "expf";
  b["date"] = "2026-11-23T00:00:00+00:00";
  b["host"] = "test CPU";
  b["entries"] = json::array();
  auto add = [&](const std::string& lib, const std::string& isa, double ns, json bound,
                 const std::string& variant = "") {
    b["entries"].push_back({{"func", "expf"}, {"domain", "[-87.5,89]"}, {"lo", -87.5},
                            {"hi", 89}, {"library", lib}, {"variant", variant}, {"isa", isa},
                            {lib == "ulpforge" ? "proven_max_ulp" : "claimed_max_ulp", bound},
                            {"lanes", 8}, {"throughput_ns_per_elt", ns},
                            {"latency_ns_per_call", 20.0}});
  };
  add("ulpforge", "avx2", 0.25, 0.95, "results/expf/ulpforge_expf.h");
  add("sleef-u10", "avx2", 0.5, 1.0);
  add("xsimd", "avx2", 0.3, nullptr);
  std::ofstream(root / "expf" / "bench.json") << b.dump(2);
  auto accfile = [&](const std::string& lib, double ulp, json claimed, const std::string& file) {
    json a = {{"func", "expf"}, {"domain", "[-87.5,89]"}, {"lo", -87.5}, {"hi", 89},
              {"library", lib}, {"variant", ""}, {"isa", "avx2"}, {"claimed_ulp", claimed}};
    a["verify"] = {{"inputs", 2000000000},
                   {"max_ulp", ulp},
                   {"correctly_rounded_fraction", 0.9},
                   {"special_mismatches", 0},
                   // float32 values as the verifier writes them (eval/verify_report.cpp)
                   {"worst", json::array({{{"x", {{"bits", "0x42b10000"}, {"hex", "0x1.62p+6"}, {"value", 88.5}}},
                                           {"y", {{"bits", "0x7e967699"}, {"hex", "0x1.2ced32p+126"}, {"value", 1e38}}}}})}};
    std::ofstream(root / "baselines" / file) << a.dump(2);
  };
  accfile("sleef-u10", 1.2, 1.0, "expf_m87.5_89_sleef-u10_avx2.json");
  accfile("xsimd", 0.7, nullptr, "expf_m87.5_89_xsimd_avx2.json");
  return root;
}

using uf::test::ScratchDir;
using uf::test::slurp;

TEST(ReportWrite, WritesTierTableAndFlagsBaselinesOverTheirClaim) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "basic");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  const auto sum = uf::report::write_report(opt);
  EXPECT_EQ(sum.runs, 1);
  EXPECT_EQ(sum.accuracy_results, 2);
  const std::string md = slurp(root / "REPORT.md");
  // <= 1 tier, AVX2: SLEEF u10 measured 1.2 > 0.95, so the bar is xsimd (0.7 ULP, 0.3 ns):
  // ratio 0.3 / 0.25 = 1.20.
  EXPECT_NE(md.find("| expf | [-87.5,89] | AVX2 | 0.95 | 0.25 | xsimd avx2 | 0.7 | 0.3 | 1.20× | xsimd avx2 (1.20×) |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**exceeds its claimed bound**"), std::string::npos) << md;
  EXPECT_NE(md.find("worst at x = 88.5"), std::string::npos) << md;
  EXPECT_TRUE(fs::exists(root / "plots" / "expf_m87.5_89_ulp_vs_speed.gp"));
  EXPECT_TRUE(fs::exists(root / "plots" / "expf_m87.5_89_speed.gp"));
}

// The per-library section names SLEEF u10 (measured 1.2 against its 1 ULP) and leaves
// xsimd, which documents no bound, out of the list.
TEST(ReportWrite, NamesEveryLibraryWhoseMeasuredErrorExceedsItsDocumentedBound) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "claims");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  uf::report::write_report(opt);
  const std::string md = slurp(root / "REPORT.md");
  EXPECT_NE(md.find("| sleef-u10 | 1 | 1 ULP | 1.2 ULP, expf on [-87.5,89] (AVX2) | "
                    "**expf on [-87.5,89] (AVX2): 1.2 > 1** |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| xsimd | 1 | none | 0.7 ULP, expf on [-87.5,89] (AVX2) | — |"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("Libraries whose measured error exceeds their documented bound: **sleef-u10**."),
            std::string::npos)
      << md;
}

// The library table: one row per header and domain, AVX2 measured, no AVX-512 row in the
// fixture; SLEEF u10 (1.2 ULP measured) is less accurate than 0.95, so xsimd is the bar.
TEST(ReportWrite, LibraryTableGivesEachHeadersBoundSpeedAndRatio) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "library");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  uf::report::write_report(opt);
  const std::string md = slurp(root / "REPORT.md");
  EXPECT_NE(md.find("## Library: every committed function and tier"), std::string::npos) << md;
  EXPECT_NE(md.find("| uf_expf | [-87.5,89] | 0.95 | 0.25 | 1.20× (xsimd avx2) | — | — |"), std::string::npos)
      << md;
}

// In a project tree the proven bound of our kernel is the one its target's manifest
// (kernels.json) records, exactly; a kernel the manifest does not list has none.
TEST(ReportWrite, OurBoundComesFromTheManifestAndAnUnlistedKernelHasNone) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "project/results");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  uf::report::write_report(opt);
  std::string md = slurp(root / "REPORT.md");
  EXPECT_NE(md.find("no proven bound: not in its target's kernels.json"), std::string::npos) << md;
  EXPECT_EQ(md.find("| ≤ 1 | AVX2 | ulpforge"), std::string::npos) << "no tier row without a proof";
  uf::report::Manifest m;
  m.target = "expf";
  m.domain = "all 2^32 float32 bit patterns";
  m.kernels.push_back({"ulpforge_expf", "ulpforge_expf.h", "best.uf", 1, 14, 0.912345678});
  std::ofstream(root / "expf" / "kernels.json") << uf::report::encode_manifest(m);
  uf::report::write_report(opt);
  md = slurp(root / "REPORT.md");
  EXPECT_NE(md.find("| 0.9124 |"), std::string::npos) << "read from the manifest, rounded up: " << md;
  EXPECT_EQ(md.find("0.95"), std::string::npos) << "bench.json's older figure is not used";
}

// A target with polyfit.json gets a row beside its searched kernel: costs from the two
// programs (static AVX-512 model), bounds from their "; proven max ULP:" lines, the
// same-run ratio from polyfit-speed.txt; an unproven fit says so.
TEST(ReportWrite, FittedPolynomialRowSitsBesideTheSearchedKernel) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "polyfit");
  const std::string prog = "%0 = input\n%1 = const 0x1p+0\n%2 = fma %0, %0, %1\nret %2\n";
  std::ofstream(root / "expf" / "best.uf") << "; target: expf\n; proven max ULP: 0.75 (exact 0x1.8p-1)\n" << prog;
  std::ofstream(root / "expf" / "polyfit.uf") << "; target: expf\n; proven max ULP: 0.5 (exact 0x1p-1)\n"
                                              << "%0 = input\n%1 = const 0x1p+0\n%2 = add %0, %1\nret %2\n";
  std::ofstream(root / "expf" / "polyfit.json") << json{{"target", "expf"}, {"proven", true}, {"shapes", "P(r), deg 1"}}.dump();
  std::ofstream(root / "expf" / "polyfit-speed.txt") << "speed-vs    1.0 cycles/element for x: PROGRAM is 1.25x as fast\n";
  fs::create_directories(root / "logf");
  std::ofstream(root / "logf" / "polyfit.json") << json{{"target", "logf"}, {"proven", false}}.dump();
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  uf::report::write_report(opt);
  const std::string md = slurp(root / "REPORT.md");
  EXPECT_NE(md.find("## Searched kernel vs the fitted polynomial of its template"), std::string::npos) << md;
  const double fma_cost = uf::ir::static_cost(*uf::ir::parse(prog).program, uf::ir::Isa::Avx512);
  EXPECT_NE(md.find(fmt::format("| expf | {:g} | 0.75 | P(r), deg 1 | ", fma_cost)), std::string::npos) << md;
  EXPECT_NE(md.find("| 0.5 | 1.25× |"), std::string::npos) << md;
  EXPECT_NE(md.find("| logf | — | — | none proven (tries up to degree ?, 0 exhaustive proof(s) failed) |"),
            std::string::npos)
      << md;
  // Valid JSON of the wrong shape is reported, not a crash.
  fs::create_directories(root / "sinf");
  std::ofstream(root / "sinf" / "polyfit.json") << "[1, 2]";
  uf::report::write_report(opt);
  EXPECT_NE(slurp(root / "REPORT.md").find("| sinf | (polyfit.json unreadable"), std::string::npos);
}

TEST(ReportWrite, RegeneratesIdenticalReport) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "twice");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  uf::report::write_report(opt);
  const std::string first = slurp(root / "REPORT.md");
  uf::report::write_report(opt);
  EXPECT_EQ(first, slurp(root / "REPORT.md"));
}

TEST(ReportWrite, GnuplotProducesSvgPlots) {
  if (std::system("gnuplot --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no gnuplot";
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "plots");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  const auto sum = uf::report::write_report(opt);
  EXPECT_TRUE(sum.warnings.empty()) << sum.warnings.front();
  ASSERT_EQ(sum.plots.size(), 2u);
  for (const auto& p : sum.plots) {
    const std::string svg = slurp(p);
    EXPECT_NE(svg.find("<svg"), std::string::npos) << p;
    EXPECT_NE(svg.find("xsimd avx2"), std::string::npos) << p;
  }
}

TEST(ReportWrite, MalformedBenchJsonNamesTheFile) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "bad");
  std::ofstream(root / "expf" / "bench.json") << "{\"target\": \"expf\", \"entries\": [{}]}";
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  try {
    uf::report::write_report(opt);
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("bench.json"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("func"), std::string::npos) << e.what();
  }
}

// bench.json keeps a baseline's claim and our proof apart: a claim on our kernel, or a
// proof on a baseline, is malformed.
TEST(ReportWrite, ClaimedAndProvenBoundsAreNotInterchangeable) {
  const ScratchDir scratch;
  const fs::path root = make_fixture_dir(scratch / "mixed");
  uf::report::ReportOptions opt;
  opt.results_dir = root;
  opt.plots = false;
  for (const char* e : {R"({"func": "expf", "domain": "d", "library": "ulpforge", "isa": "avx2", "claimed_max_ulp": 1})",
                        R"({"func": "expf", "domain": "d", "library": "sleef-u10", "isa": "avx2", "proven_max_ulp": 1})"}) {
    std::ofstream(root / "expf" / "bench.json") << "{\"target\": \"expf\", \"entries\": [" << e << "]}";
    try {
      uf::report::write_report(opt);
      ADD_FAILURE() << "no error for " << e;
    } catch (const std::runtime_error& x) {
      EXPECT_NE(std::string(x.what()).find("bench.json"), std::string::npos) << x.what();
      EXPECT_NE(std::string(x.what()).find("bound"), std::string::npos) << x.what();
    }
  }
}

TEST(ReportWrite, MissingResultsDirectoryIsAnError) {
  uf::report::ReportOptions opt;
  opt.results_dir = "/nonexistent/ulpforge/results";
  EXPECT_THROW(uf::report::write_report(opt), std::runtime_error);
}

}  // namespace
