// The results report: reads committed benchmark and accuracy data under a results
// directory and writes REPORT.md plus gnuplot SVG plots.
//
// Inputs (all JSON, all produced by the tool):
//   <results>/<target>/bench.json      `ulpforge bench` (bench_baselines, one run)
//   <results>/baselines/*.json         baseline_accuracy (eval::verify_exhaustive)
// Outputs:
//   <results>/REPORT.md
//   <results>/plots/<func>_<domain>_{ulp_vs_speed,speed}.{gp,svg}
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace uf::report {

// One implementation measured on one domain in one bench run.
struct BenchEntry {
  std::string func, domain, library, variant, isa;
  double lo = 0, hi = 0;
  std::optional<double> claimed;  // a baseline's documented max ULP (none for ours)
  std::optional<double> proven;   // ours: the exhaustively proven max ULP (none for baselines)
  int lanes = 1;
  std::optional<double> throughput_ns;  // ns per element, best repetition
  std::optional<double> latency_ns;     // ns per dependent call of `lanes` elements
  std::string not_run;  // "not run: CPU lacks avx512f" (no timings), or "" when measured
  bool ours() const { return library == "ulpforge"; }
};

struct BenchRun {
  std::string target;   // "expf"
  std::string date;     // from the benchmark context
  std::string host;     // CPU summary
  std::string command;  // how it was produced
  double min_time = 0;   // the benchmark's --min-time and --repetitions (0: unknown)
  int repetitions = 0;
  std::vector<BenchEntry> entries;
};

// Exhaustively measured accuracy of one baseline on one domain.
struct Accuracy {
  std::string func, domain, library, isa;
  std::optional<double> claimed;
  double max_ulp = 0;
  std::uint64_t inputs = 0;
  double correctly_rounded_fraction = 0;
  std::uint64_t special_mismatches = 0;
  std::optional<double> worst_x;  // input of the largest error
  std::optional<double> worst_y;
};

// Parses the JSON written by `ulpforge bench` / baseline_accuracy. Throws
// std::runtime_error naming the file and the missing or malformed field.
BenchRun load_bench(const std::filesystem::path& file);
// bench.json text (what load_bench reads): a baseline's claimed_max_ulp, our
// proven_max_ulp; null for what is unknown.
std::string encode_bench(const BenchRun& run);
Accuracy load_accuracy(const std::filesystem::path& file);

// Parses Google Benchmark JSON output of bench_baselines into entries: labels carry
// the implementation facts; of repeated runs the median is kept.
std::vector<BenchEntry> parse_benchmark_json(const std::string& text);

// The ULP tiers of the report.
inline const std::vector<double>& tiers() {
  static const std::vector<double> t = {1, 2, 4, 16};
  return t;
}

// ISA classes a row of the tier table is computed for: our kernel built for the class,
// against baselines that run on a CPU of that class (AVX2: scalar + AVX2 code;
// AVX-512 and host JIT: scalar + AVX2 + AVX-512 code).
bool baseline_runs_on(const std::string& baseline_isa, const std::string& our_isa);

struct TierRow {
  double tier = 0;
  std::string isa;                 // our kernel's class: avx2, avx512, host
  const BenchEntry* ours = nullptr;      // fastest ulpforge kernel proven <= tier
  const BenchEntry* baseline = nullptr;  // fastest baseline at least as accurate
  std::optional<double> baseline_ulp;    // its measured max ULP
  std::optional<double> ratio;           // baseline ns / our ns (> 1: ours is faster)
  // The fastest baseline whose measured max ULP is within the tier (the bar users
  // compare with: "the fastest <= 1 ULP library"), and our speed ratio against it.
  const BenchEntry* tier_baseline = nullptr;
  std::optional<double> tier_baseline_ulp;
  std::optional<double> tier_ratio;
};

// The fastest baseline of a (func, domain) of the run whose measured max ULP is at most
// `need` and which competes with our code of class `our_isa` (AVX2 rows: scalar and AVX2
// baselines; AVX-512 and host rows: all); its measured ULP in *measured_ulp. Baselines
// without a measured bound, or with wrong special values, are never chosen.
const BenchEntry* fastest_baseline(const BenchRun& run, const std::string& func,
                                   const std::string& domain, const std::string& our_isa,
                                   double need, const std::map<std::string, Accuracy>& acc,
                                   double* measured_ulp = nullptr);

// Tier rows for one (func, domain) of a run. `acc` is looked up by
// (func, domain, library, isa); baselines without a measured bound are never chosen.
std::vector<TierRow> tier_rows(const BenchRun& run, const std::string& func,
                               const std::string& domain,
                               const std::map<std::string, Accuracy>& acc);

std::string accuracy_key(const std::string& func, const std::string& domain,
                         const std::string& library, const std::string& isa);

struct ReportOptions {
  std::filesystem::path results_dir;
  bool plots = true;              // run gnuplot (skipped with a note if it is missing)
  std::string gnuplot = "gnuplot";
};

struct ReportSummary {
  std::filesystem::path report;
  std::vector<std::filesystem::path> plots;
  std::vector<std::string> warnings;
  int runs = 0, accuracy_results = 0;
};

// Reads every <results>/*/bench.json and <results>/baselines/*.json and writes the
// report. Throws std::runtime_error on unreadable or malformed input (file named).
ReportSummary write_report(const ReportOptions& opt);

}  // namespace uf::report
