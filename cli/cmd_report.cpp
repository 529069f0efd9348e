// `ulpforge report RESULTS`: writes RESULTS/REPORT.md and SVG plots (gnuplot) from the
// committed benchmark and accuracy data (report/report.h).
#include <iostream>

#include "cli/common.h"
#include "report/report.h"

namespace uf::cli {

void register_report(CLI::App& app) {
  static report::ReportOptions opt;
  static std::string dir;
  static bool no_plots = false;
  auto* cmd = app.add_subcommand(
      "report", "Write RESULTS/REPORT.md and SVG plots from committed bench and accuracy data");
  cmd->add_option("RESULTS", dir, "Results directory (e.g. results/)")->required();
  cmd->add_flag("--no-plots", no_plots, "Write the gnuplot scripts but do not run gnuplot");
  cmd->add_option("--gnuplot", opt.gnuplot, "gnuplot executable");
  cmd->callback([] {
    opt.results_dir = dir;
    opt.plots = !no_plots;
    report::ReportSummary s;
    try {
      s = report::write_report(opt);
    } catch (const std::runtime_error& e) {
      throw InputError(e.what());
    }
    for (const auto& w : s.warnings) std::cerr << "ulpforge report: warning: " << w << "\n";
    std::cout << "wrote " << s.report.string() << " (" << s.runs << " bench run(s), "
              << s.accuracy_results << " baseline accuracy result(s), " << s.plots.size()
              << " plot(s))\n";
  });
}

}  // namespace uf::cli
