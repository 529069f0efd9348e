#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "ir/passes.h"
#include "ir/text.h"
#include "report/manifest.h"
#include "report/parts.h"

// REPORT.md: the summary, per-target tier and implementation tables, the baseline
// accuracy table (inputs in report/inputs.cpp, plots in report/plots.cpp).

namespace uf::report {

namespace fs = std::filesystem;
using detail::impl_name;
using detail::isa_title;
using detail::num3;
using detail::ulp_str;
using detail::Point;

namespace {

// The text of `file`, or "" when there is no such file (the optional polyfit records).
std::string slurp(const fs::path& file) { return fs::is_regular_file(file) ? detail::read_file(file) : ""; }

// The static cost (AVX-512 model) and "; proven max ULP:" value of a .uf file.
struct UfFacts {
  std::optional<double> cost;
  std::string proven = "—";
};
UfFacts uf_facts(const fs::path& file) {
  UfFacts u;
  const std::string text = slurp(file);
  if (text.empty()) return u;
  const std::string key = "; proven max ULP: ";
  if (const auto at = text.find(key); at != std::string::npos) {
    const auto end = text.find_first_of(" \n", at + key.size());
    u.proven = text.substr(at + key.size(), end - at - key.size());
  }
  if (auto pr = ir::parse(text); pr.program) u.cost = ir::static_cost(*pr.program, ir::Isa::Avx512);
  return u;
}

// Per target with a polyfit.json (`ulpforge polyfit`, scripts/polyfit-vs-evolved.sh):
// the committed searched kernel beside the fitted polynomial of the same template, both
// proven, and their same-run timing (polyfit-speed.txt).
std::string polyfit_section(const fs::path& root) {
  std::vector<fs::path> dirs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && fs::exists(e.path() / "polyfit.json")) dirs.push_back(e.path());
  if (dirs.empty()) return "";
  std::sort(dirs.begin(), dirs.end());
  std::ostringstream md;
  md << "## Searched kernel vs the fitted polynomial of its template\n\n"
     << "Fitted: `ulpforge polyfit T` (each hole's core r^m P(r^s), r + r^m P(r^s), 1 + r^m "
        "P(r^s) or a double-float head (c_hi + c_lo) + r^m P(r^s) or (c_hi + c_lo) r + r^m P(r^s), "
        "fitted and tuned by the search's own fitter, one fit tolerance per hole, the cheapest "
        "that proves). Both "
        "bounds are exhaustive proofs; cost is the static AVX-512 model; the speed ratio is "
        "the fitted kernel's host-JIT cycles/element over the searched one's, same run "
        "(`ulpforge eval results/T/best.uf --speed --speed-vs results/T/polyfit.uf`; > 1: "
        "the searched kernel is faster; identical code has measured 0.92-1.10×).\n\n"
     << "| function | searched: cost | proven max ULP | fitted polynomial | cost | proven max ULP | searched vs fitted speed |\n"
     << "|---|---:|---:|---|---:|---:|---:|\n";
  for (const fs::path& d : dirs) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(slurp(d / "polyfit.json"));
    } catch (const std::exception&) {
      j = nullptr;
    }
    if (!j.is_object() || !j.contains("proven") || !j["proven"].is_boolean()) {
      md << "| " << d.filename().string() << " | (polyfit.json unreadable: not `ulpforge polyfit` output) ||||||\n";
      continue;
    }
    const UfFacts ours = uf_facts(d / "best.uf");
    const auto cost = [](const std::optional<double>& c) { return c ? fmt::format("{:g}", *c) : std::string("—"); };
    md << "| " << d.filename().string() << " | " << cost(ours.cost) << " | " << ours.proven << " | ";
    if (j["proven"].get<bool>()) {
      const UfFacts fit = uf_facts(d / "polyfit.uf");
      std::string ratio = "—";
      const std::string sp = slurp(d / "polyfit-speed.txt");
      const std::string key = "PROGRAM is ";
      if (const auto at = sp.find(key); at != std::string::npos)
        ratio = sp.substr(at + key.size(), sp.find('x', at + key.size()) - at - key.size()) + "×";
      const std::string shapes = j.contains("shapes") && j["shapes"].is_string() ? j["shapes"].get<std::string>() : "";
      md << shapes << " | " << cost(fit.cost) << " | " << fit.proven << " | " << ratio << " |\n";
    } else {
      // What the run tried: the highest degree of P in any try, and how many kernels
      // passed the probe and went to (failed) exhaustive proofs.
      int deg = -1, proofs = 0;
      if (j.contains("tries") && j["tries"].is_array())
        for (const auto& t : j["tries"]) {
          if (!t.is_object()) continue;
          if (t.contains("probe_passed") && t["probe_passed"].is_boolean() && t["probe_passed"].get<bool>()) ++proofs;
          if (t.contains("shapes") && t["shapes"].is_array())
            for (const auto& sh : t["shapes"])
              if (sh.is_object() && sh.contains("k") && sh["k"].is_number_integer()) deg = std::max(deg, sh["k"].get<int>());
        }
      md << "none proven (tries up to degree " << (deg >= 0 ? std::to_string(deg) : "?") << ", " << proofs
         << " exhaustive proof(s) failed) | — | — | — |\n";
    }
  }
  md << "\n";
  return md.str();
}

// Each baseline library's documented bounds against what the exhaustive runs measured:
// the results over a claim by name, and the libraries that exceed their claim in one line.
std::string claims_section(const std::map<std::string, Accuracy>& acc) {
  struct Lib {
    int results = 0;
    std::optional<double> claim_lo, claim_hi;
    double worst = 0;
    std::string worst_at;
    std::vector<std::string> over;
  };
  std::map<std::string, Lib> libs;
  for (const auto& [k, a] : acc) {
    Lib& l = libs[a.library];
    ++l.results;
    const std::string where = a.func + " on " + a.domain + " (" + isa_title(a.isa) + ")";
    if (a.claimed) {
      l.claim_lo = std::min(l.claim_lo.value_or(*a.claimed), *a.claimed);
      l.claim_hi = std::max(l.claim_hi.value_or(*a.claimed), *a.claimed);
      if (a.max_ulp > *a.claimed)
        l.over.push_back(where + ": " + ulp_str(a.max_ulp) + " > " + ulp_str(a.claimed));
    }
    if (a.max_ulp > l.worst || l.worst_at.empty()) {
      l.worst = a.max_ulp;
      l.worst_at = where;
    }
  }
  if (libs.empty()) return "";
  std::ostringstream md;
  md << "## Each library against its documented bound\n\n"
     << "Measured exhaustively on the benchmark domains (`baselines/*.json`). A documented "
        "bound is the library's own statement: SLEEF's u10/u35 in the symbol name, 4 ULP for "
        "libmvec (glibc manual), Highway's per-function \"Max Error\" "
        "(hwy/contrib/math/math-inl.h); xsimd, Eigen and glibc's scalar libm state none.\n\n"
     << "| library | results | documented bound | largest measured error | over its documented "
        "bound |\n|---|---:|---|---|---|\n";
  std::vector<std::string> exceed;
  for (const auto& [name, l] : libs) {
    std::string claim = "none";
    if (l.claim_lo)
      claim = *l.claim_lo == *l.claim_hi ? ulp_str(l.claim_lo) + " ULP"
                                         : ulp_str(l.claim_lo) + "–" + ulp_str(l.claim_hi) + " ULP";
    std::string over = l.claim_lo ? "none" : "—";
    if (!l.over.empty()) {
      exceed.push_back(name);
      over.clear();
      for (const auto& o : l.over) over += (over.empty() ? "**" : "; **") + o + "**";
    }
    md << "| " << name << " | " << l.results << " | " << claim << " | " << ulp_str(l.worst)
       << " ULP, " << l.worst_at << " | " << over << " |\n";
  }
  md << "\n";
  if (exceed.empty()) {
    md << "No library exceeds its documented bound on these domains.\n\n";
  } else {
    md << "Libraries whose measured error exceeds their documented bound: ";
    for (std::size_t i = 0; i < exceed.size(); ++i) md << (i ? ", " : "") << "**" << exceed[i] << "**";
    md << ".\n\n";
  }
  return md.str();
}

// One row per committed header (function and tier) and benchmark domain: its proven
// bound, ns/elt on AVX2 and AVX-512, and the ratio to the fastest baseline at least as
// accurate on each (the rule of the tier tables).
std::string library_section(const std::vector<BenchRun>& runs, const std::map<std::string, Accuracy>& acc) {
  std::ostringstream md;
  bool any = false;
  for (const auto& run : runs) {
    std::vector<std::pair<std::string, std::string>> keys;  // (domain, header stem), in order
    for (const auto& e : run.entries) {
      if (!e.ours() || !e.proven || e.isa == "host") continue;
      const auto k = std::make_pair(e.domain, fs::path(e.variant).stem().string());
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    for (const auto& [domain, stem] : keys) {
      const BenchEntry* by_isa[2] = {nullptr, nullptr};
      for (const auto& e : run.entries)
        if (e.ours() && e.domain == domain && fs::path(e.variant).stem().string() == stem && e.throughput_ns)
          for (int i = 0; i < 2; ++i)
            if (e.isa == (i ? "avx512" : "avx2")) by_isa[i] = &e;
      const BenchEntry* any_e = by_isa[0] ? by_isa[0] : by_isa[1];
      if (!any_e) continue;
      if (!any) {
        md << "## Library: every committed function and tier\n\n"
           << "Each header of `ulpforge_math.h` (`ulpforge library`) on each benchmark domain: the "
              "proven bound, ns/elt, and the speed ratio to the fastest baseline whose measured "
              "max ULP is at most that bound (> 1: ours is faster; — when none is this accurate). "
              "NEON bodies are checked bit for bit under qemu (tests); no AArch64 machine was at "
              "hand for speed.\n\n"
           << "| function | domain | proven max ULP | AVX2 ns/elt | AVX2 ratio (baseline) | AVX-512 "
              "ns/elt | AVX-512 ratio (baseline) |\n|---|---|---:|---:|---|---:|---|\n";
        any = true;
      }
      md << "| " << header_function(stem + ".h") << " | " << domain << " | " << ulp_str(any_e->proven);
      for (const char* isa : {"avx2", "avx512"}) {
        const BenchEntry* ours = by_isa[std::string(isa) == "avx512"];
        if (!ours) {
          md << " | — | —";
          continue;
        }
        double ulp = 0;
        const BenchEntry* b = fastest_baseline(run, ours->func, domain, isa,
                                               *ours->proven, acc, &ulp);
        md << " | " << num3(ours->throughput_ns) << " | "
           << (b ? fmt::format("{:.2f}× ({})", *b->throughput_ns / *ours->throughput_ns, impl_name(*b)) : "—");
      }
      md << " |\n";
    }
  }
  if (any) md << "\n";
  return md.str();
}

}  // namespace

ReportSummary write_report(const ReportOptions& opt) {
  ReportSummary sum;
  const fs::path root = opt.results_dir;
  if (!fs::is_directory(root))
    throw std::runtime_error(root.string() + ": not a directory");

  detail::Inputs in = detail::read_inputs(root);
  const std::vector<BenchRun>& runs = in.runs;
  const std::map<std::string, Accuracy>& acc = in.acc;
  sum.runs = static_cast<int>(runs.size());
  sum.accuracy_results = static_cast<int>(acc.size());

  const fs::path plot_dir = root / "plots";
  fs::create_directories(plot_dir);

  std::string root_name = root.string();
  while (root_name.size() > 1 && root_name.back() == '/') root_name.pop_back();
  root_name = fs::path(root_name).filename().string();
  std::ostringstream md;
  md << "# ulpforge results\n\n"
     << "Generated by `ulpforge report " << root_name
     << "/` from the committed data in this directory: `*/bench.json` (written by `ulpforge "
        "bench DIR`, one benchmark run per target) and `baselines/*.json` (exhaustive accuracy "
        "of the baselines, written by `baseline_accuracy`). Do not edit by hand.\n\n"
     << "- **Speed**: ns per element over a 4096-float array in L1 (CPU time, median of the "
        "run's repetitions); latency is ns per dependent call of one vector (1, 8 or 16 "
        "lanes). Only ratios measured in the same run are compared.\n"
     << "- **Accuracy**: max ULP over *every* float32 input of the domain "
        "(`eval::verify_exhaustive`: double oracle, MPFR arbitration near the bound). Ours "
        "is the bound proven for the kernel's target domain (its exact value in the target's "
        "`kernels.json`, as in `UF_<NAME>_MAX_ULP` of its header), which contains the "
        "benchmark domain.\n"
     << "- **Ratio** = ns/elt of the fastest baseline whose *measured* max ULP is at most "
        "our kernel's proven one, divided by ours (> 1: ulpforge is faster). AVX2 rows "
        "compare against scalar and AVX2 baselines; AVX-512 and host-JIT rows against all. "
        "Baselines whose accuracy has not been measured are never picked.\n\n";

  // Summary: <= 1 ULP tier per target and ISA.
  md << "## Summary: fastest proven ≤ 1 ULP kernel vs the fastest baseline measured ≤ 1 ULP\n\n"
     << "| function | domain | ISA | ulpforge max ULP | ulpforge ns/elt | fastest ≤ 1 ULP "
        "baseline | its max ULP | its ns/elt | speed ratio | fastest baseline at least as "
        "accurate as ours (ratio) |\n"
     << "|---|---|---|---:|---:|---|---:|---:|---:|---|\n";
  bool any_summary = false;
  for (const auto& run : runs) {
    std::vector<std::pair<std::string, std::string>> fds;
    for (const auto& e : run.entries)
      if (std::find(fds.begin(), fds.end(), std::make_pair(e.func, e.domain)) == fds.end())
        fds.emplace_back(e.func, e.domain);
    for (const auto& [f, d] : fds)
      for (const auto& r : tier_rows(run, f, d, acc)) {
        if (r.tier != 1 || !r.ours) continue;
        any_summary = true;
        md << "| " << f << " | " << d << " | " << isa_title(r.isa) << " | "
           << ulp_str(r.ours->proven) << " | " << num3(r.ours->throughput_ns) << " | "
           << (r.tier_baseline ? impl_name(*r.tier_baseline) : "none measured ≤ 1 ULP") << " | "
           << ulp_str(r.tier_baseline_ulp) << " | "
           << (r.tier_baseline ? num3(r.tier_baseline->throughput_ns) : "—") << " | "
           << (r.tier_ratio ? fmt::format("{:.2f}×", *r.tier_ratio) : "—") << " | "
           << (r.baseline ? impl_name(*r.baseline) + fmt::format(" ({:.2f}×)", *r.ratio)
                          : "none this accurate")
           << " |\n";
      }
  }
  if (!any_summary) md << "| (no ulpforge kernel with a proven bound ≤ 1 ULP benchmarked yet) ||||||||||\n";
  md << "\n";
  md << library_section(runs, acc) << claims_section(acc) << polyfit_section(root);

  for (const auto& run : runs) {
    std::vector<std::pair<std::string, std::string>> fds;
    for (const auto& e : run.entries)
      if (std::find(fds.begin(), fds.end(), std::make_pair(e.func, e.domain)) == fds.end())
        fds.emplace_back(e.func, e.domain);
    for (const auto& [f, d] : fds) {
      md << "## " << f << " on " << d << "\n\n";
      if (!run.date.empty() || !run.host.empty())
        md << "Run: " << run.date << (run.host.empty() ? "" : ", " + run.host) << ".\n\n";

      const auto rows = tier_rows(run, f, d, acc);
      if (!rows.empty()) {
        md << "| tier | ISA | ulpforge kernel | proven max ULP | ns/elt | fastest baseline at "
              "least as accurate | its max ULP | its ns/elt | ratio |\n"
           << "|---|---|---|---:|---:|---|---:|---:|---:|\n";
        for (const auto& r : rows) {
          md << "| ≤ " << r.tier << " | " << isa_title(r.isa) << " | "
             << (r.ours ? impl_name(*r.ours) : "none proven this accurate") << " | "
             << (r.ours ? ulp_str(r.ours->proven) : "—") << " | "
             << (r.ours ? num3(r.ours->throughput_ns) : "—") << " | "
             << (r.baseline ? impl_name(*r.baseline) : (r.ours ? "none" : "—")) << " | "
             << ulp_str(r.baseline_ulp) << " | "
             << (r.baseline ? num3(r.baseline->throughput_ns) : "—") << " | "
             << (r.ratio ? fmt::format("{:.2f}×", *r.ratio) : "—") << " |\n";
        }
        md << "\n";
      } else {
        md << "No ulpforge kernel in this run.\n\n";
      }

      // All implementations, fastest first.
      std::vector<const BenchEntry*> es;
      for (const auto& e : run.entries)
        if (e.func == f && e.domain == d) es.push_back(&e);
      std::stable_sort(es.begin(), es.end(), [](const BenchEntry* a, const BenchEntry* b) {
        return a->throughput_ns.value_or(1e300) < b->throughput_ns.value_or(1e300);
      });
      md << "| implementation | claimed max ULP | measured max ULP (all inputs) | ns/elt | "
            "latency ns/call (lanes) | note |\n|---|---:|---:|---:|---:|---|\n";
      std::vector<Point> pts;
      for (const BenchEntry* e : es) {
        std::optional<double> measured;
        std::string note;
        const Accuracy* a = nullptr;
        if (!e->not_run.empty()) {
          note = e->not_run;
        } else if (e->ours()) {
          measured = e->proven;
          note = e->proven ? "proven by exhaustive check"
                          : "no proven bound: not in its target's kernels.json (withdrawn)";
        } else if (auto it = acc.find(accuracy_key(e->func, e->domain, e->library, e->isa));
                   it != acc.end()) {
          a = &it->second;
          measured = a->max_ulp;
          if (a->special_mismatches)
            note = fmt::format("{} wrong special values", a->special_mismatches);
          if (e->claimed && a->max_ulp > *e->claimed) {
            if (!note.empty()) note += "; ";
            note += "**exceeds its claimed bound**";
          }
          if (a->worst_x && (!e->claimed || a->max_ulp > *e->claimed || std::isinf(a->max_ulp))) {
            if (!note.empty()) note += "; ";
            note += fmt::format("worst at x = {:.9g}", *a->worst_x);
            if (a->worst_y) note += fmt::format(" (returns {:.9g})", *a->worst_y);
          }
        } else {
          note = "accuracy not measured";
        }
        md << "| " << impl_name(*e) << " | " << (e->ours() ? "—" : ulp_str(e->claimed)) << " | "
           << ulp_str(measured) << " | " << num3(e->throughput_ns) << " | "
           << num3(e->latency_ns) << " (" << e->lanes << ") | " << note << " |\n";
        if (measured && e->throughput_ns)
          pts.push_back({impl_name(*e), *e->throughput_ns, *measured, e->ours()});
      }
      md << "\n";

      // Plots.
      const std::string stem = detail::plot_stem(f, d);
      for (auto& s : detail::write_plots(opt, plot_dir, f, d, pts, es, sum.warnings)) sum.plots.push_back(s);
      if (!pts.empty()) {
        md << "![" << f << " " << d << ": accuracy vs speed](plots/" << stem
           << "_ulp_vs_speed.svg)\n![" << f << " " << d << ": speed](plots/" << stem
           << "_speed.svg)\n\n";
      }
    }
  }

  // Baselines measured for accuracy but with no bench run here.
  if (!acc.empty()) {
    md << "## Baseline accuracy (every float32 input of the domain)\n\n"
       << "| function | domain | library | ISA | claimed max ULP | measured max ULP | "
          "correctly rounded | worst input |\n|---|---|---|---|---:|---:|---:|---|\n";
    for (const auto& [k, a] : acc) {
      md << "| " << a.func << " | " << a.domain << " | " << a.library << " | " << a.isa
         << " | " << ulp_str(a.claimed) << " | " << ulp_str(a.max_ulp)
         << (a.claimed && a.max_ulp > *a.claimed ? " **(over claim)**" : "") << " | "
         << fmt::format("{:.2f}%", 100 * a.correctly_rounded_fraction) << " | "
         << (a.worst_x ? fmt::format("{:.9g}", *a.worst_x) : "—") << " |\n";
    }
    md << "\n";
  }
  if (!sum.warnings.empty()) {
    md << "## Warnings\n\n";
    for (const auto& w : sum.warnings) md << "- " << w << "\n";
    md << "\n";
  }

  sum.report = root / "REPORT.md";
  const fs::path tmp = root / "REPORT.md.tmp";
  {
    std::ofstream o(tmp);
    o << md.str();
    if (!o) throw std::runtime_error(tmp.string() + ": cannot write");
  }
  fs::rename(tmp, sum.report);
  return sum;
}

}  // namespace uf::report
