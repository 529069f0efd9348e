// Shared by the report's parts (not part of report/report.h):
//   report/inputs.cpp   reading bench runs and accuracy results, the tier rows
//   report/plots.cpp    the gnuplot scripts and SVGs
//   report/report.cpp   REPORT.md (the tables) and write_report
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "report/report.h"

namespace uf::report::detail {

// The whole file; throws std::runtime_error "<file>: cannot read".
std::string read_file(const std::filesystem::path& p);
// "1.23" with 3 significant digits, or "—".
std::string num3(const std::optional<double>& v);
// Error figures are upper bounds: rounded toward +infinity, never to nearest.
std::string ulp_str(const std::optional<double>& v);
// "ulpforge (ulpforge_expf_u4) avx2", "sleef-u10 avx512", ...
std::string impl_name(const BenchEntry& e);
// "AVX2", "AVX-512", "host JIT".
std::string isa_title(const std::string& isa);

// Everything a report is made from.
struct Inputs {
  std::vector<BenchRun> runs;           // <results>/*/bench.json, sorted by directory
  std::map<std::string, Accuracy> acc;  // <results>/baselines/*.json by accuracy_key
};
// Reads them; our kernels' proven bounds come from the headers they were measured
// from, when the results directory is in a project tree.
Inputs read_inputs(const std::filesystem::path& root);

// One implementation in a plot.
struct Point {
  std::string name;
  double ns = 0;
  double ulp = 0;
  bool ours = false;
};

// The plot file stem of a (function, domain): "expf_m10_10".
std::string plot_stem(const std::string& func, const std::string& domain);

// Writes <stem>_ulp_vs_speed.{gp,svg} and <stem>_speed.{gp,svg} in `plot_dir` for the
// implementations `es` (fastest first) and their accuracy points; returns the SVGs
// made (gnuplot failures become warnings).
std::vector<std::filesystem::path> write_plots(const ReportOptions& opt, const std::filesystem::path& plot_dir,
                                               const std::string& func, const std::string& domain,
                                               const std::vector<Point>& pts,
                                               const std::vector<const BenchEntry*>& es,
                                               std::vector<std::string>& warnings);

}  // namespace uf::report::detail
