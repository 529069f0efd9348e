#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "report/parts.h"

// The report's plots: gnuplot scripts with their data inline, run to make SVGs.

namespace uf::report::detail {

namespace fs = std::filesystem;

namespace {


std::string gp_quote(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o + "\"";
}

// Writes a gnuplot script with its data inline and runs it; returns the SVG path or
// nothing (warning added) when gnuplot fails.
std::optional<fs::path> run_gnuplot(const ReportOptions& opt, const fs::path& gp,
                                    const std::string& script, const fs::path& svg,
                                    std::vector<std::string>& warnings) {
  {
    std::ofstream o(gp);
    o << script;
    if (!o) throw std::runtime_error(gp.string() + ": cannot write");
  }
  if (!opt.plots) return std::nullopt;
  // Run in the plot directory: the scripts name their output by file name only, so they
  // regenerate the same SVG from anywhere.
  const std::string cmd = "cd '" + gp.parent_path().string() + "' && " + opt.gnuplot + " '" +
                          gp.filename().string() + "' 2>&1";
  const int rc = std::system(cmd.c_str());
  if (rc != 0 || !fs::exists(svg)) {
    warnings.push_back("gnuplot failed on " + gp.string() + " (exit " + std::to_string(rc) + ")");
    return std::nullopt;
  }
  return svg;
}

}  // namespace

std::string plot_stem(const std::string& f, const std::string& d) {
  std::string s;
  for (char c : d) {
    if (c == '-') s += 'm';
    else if (c == ',') s += '_';
    else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_') s += c;
  }
  return f + "_" + s;
}

std::vector<fs::path> write_plots(const ReportOptions& opt, const fs::path& plot_dir, const std::string& func,
                                  const std::string& domain, const std::vector<Point>& pts,
                                  const std::vector<const BenchEntry*>& es, std::vector<std::string>& warnings) {
  std::vector<fs::path> made;
  if (pts.empty()) return made;
  const std::string stem = plot_stem(func, domain);
  // ULP vs speed (log y). Infinite errors are drawn at the top edge.
  double ymax = 1;
  for (const auto& p : pts)
    if (std::isfinite(p.ulp)) ymax = std::max(ymax, p.ulp);
  const double top = ymax * 4;
  std::ostringstream gp;
  const fs::path svg = plot_dir / (stem + "_ulp_vs_speed.svg");
  gp << "set terminal svg size 900,560 dynamic font 'sans,11'\n"
     << "set output " << gp_quote(svg.filename().string()) << "\n"
     << "set title " << gp_quote(func + " on " + domain + ": max ULP (all inputs) vs ns/element") << "\n"
     << "set xlabel 'ns per element (4096-float array, lower is better)'\n"
     << "set ylabel 'max ULP error (log scale)'\nset logscale y\nset grid\n"
     << "set key outside right\nset xrange [0:*]\nset yrange [0.3:" << top * 1.5 << "]\n"
     << "set offsets graph 0.05, graph 0.25, 0, 0\n"
     << "$base << EOD\n";
  for (const auto& p : pts)
    if (!p.ours)
      gp << p.ns << " " << (std::isfinite(p.ulp) ? std::max(p.ulp, 0.35) : top) << " "
         << gp_quote(p.name) << "\n";
  gp << "EOD\n$ours << EOD\n";
  bool has_ours = false;
  for (const auto& p : pts)
    if (p.ours) {
      has_ours = true;
      gp << p.ns << " " << std::max(p.ulp, 0.35) << " " << gp_quote(p.name) << "\n";
    }
  gp << "EOD\n";
  gp << "plot $base using 1:2 with points pt 7 ps 1.2 lc rgb '#4477aa' title 'baselines', "
        "$base using 1:2:3 with labels offset 1,0.6 left font ',9' notitle";
  if (has_ours)
    gp << ", $ours using 1:2 with points pt 5 ps 1.6 lc rgb '#cc3311' title 'ulpforge', "
          "$ours using 1:2:3 with labels offset 1,-0.8 left font ',9' tc rgb '#cc3311' notitle";
  gp << "\n";
  if (auto s = run_gnuplot(opt, plot_dir / (stem + "_ulp_vs_speed.gp"), gp.str(), svg,
                           warnings))
    made.push_back(*s);

  // Speed bars.
  std::ostringstream gb;
  const fs::path svg2 = plot_dir / (stem + "_speed.svg");
  gb << "set terminal svg size 900," << 120 + 22 * es.size() << " dynamic font 'sans,11'\n"
     << "set output " << gp_quote(svg2.filename().string()) << "\n"
     << "set title " << gp_quote(func + " on " + domain + ": ns per element (lower is better)") << "\n"
     << "set style fill solid 0.8\nset grid x\nunset key\n"
     << "set yrange [-0.6:" << es.size() - 0.4 << "]\nset xrange [0:*]\n"
     << "$d << EOD\n";
  int i = 0;
  for (const BenchEntry* e : es) {
    if (!e->throughput_ns) continue;
    gb << i++ << " " << *e->throughput_ns << " " << gp_quote(impl_name(*e)) << " "
       << (e->ours() ? 0xcc3311 : 0x4477aa) << "\n";
  }
  gb << "EOD\n"
     // boxxyerror: x y xlow xhigh ylow yhigh, then the colour; one bar per row.
     << "plot $d using ($2/2):1:(0):2:($1-0.35):($1+0.35):4:ytic(3) with boxxyerror "
        "lc rgb variable\n";
  if (auto s = run_gnuplot(opt, plot_dir / (stem + "_speed.gp"), gb.str(), svg2, warnings))
    made.push_back(*s);
  return made;
}

}  // namespace uf::report::detail
