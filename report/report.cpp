#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <regex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "ir/bound.h"

namespace uf::report {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

json parse_json(const fs::path& p) {
  try {
    return json::parse(read_file(p));
  } catch (const json::exception& e) {
    throw std::runtime_error(p.string() + ": malformed JSON: " + e.what());
  }
}

template <class T>
T field(const json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key))
    throw std::runtime_error(where + ": missing field '" + key + "'");
  try {
    return j.at(key).get<T>();
  } catch (const json::exception& e) {
    throw std::runtime_error(where + ": field '" + key + "' has the wrong type");
  }
}

std::optional<double> opt_number(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number()) return std::nullopt;
  return j.at(key).get<double>();
}

std::optional<double> parse_number(const std::string& s) {
  if (s.empty() || s == "nan" || s == "null") return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0' || std::isnan(v)) return std::nullopt;
  return v;
}


// "1.23" with 3 significant digits, or "—".
std::string num3(const std::optional<double>& v) {
  if (!v) return "—";
  if (std::isinf(*v)) return "inf";
  return fmt::format("{:.3g}", *v);
}

// Error figures are upper bounds: rounded toward +infinity, never to nearest.
std::string ulp_str(const std::optional<double>& v) {
  if (!v) return "—";
  if (std::isinf(*v)) return "inf";
  return ir::format_bound_up(*v, *v < 10 ? 4 : 3);
}

// UF_<NAME>_MAX_ULP of a header (a proven bound; stated bounds have another name).
std::optional<double> header_proven_bound(const fs::path& header) {
  std::ifstream in(header);
  static const std::regex def(R"(^#define UF_[A-Za-z0-9_]+_MAX_ULP\s+(\S+))");
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (line.find("_STATED_MAX_ULP") == std::string::npos && std::regex_search(line, m, def))
      return parse_number(m[1].str());
  return std::nullopt;
}

std::string impl_name(const BenchEntry& e) {
  std::string n = e.library;
  if (e.ours() && !e.variant.empty()) {
    std::string v = fs::path(e.variant).stem().string();
    if (v != "ulpforge_" + e.func) n += " (" + v + ")";
  }
  return n + " " + e.isa;
}

std::string isa_title(const std::string& isa) {
  if (isa == "avx2") return "AVX2";
  if (isa == "avx512") return "AVX-512";
  if (isa == "host") return "host JIT";
  return isa;
}

}  // namespace

std::string accuracy_key(const std::string& func, const std::string& domain,
                         const std::string& library, const std::string& isa) {
  return func + "|" + domain + "|" + library + "|" + isa;
}

std::vector<BenchEntry> parse_benchmark_json(const std::string& text) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("benchmark output: malformed JSON: ") + e.what());
  }
  if (!j.contains("benchmarks") || !j["benchmarks"].is_array())
    throw std::runtime_error("benchmark output: no 'benchmarks' array");
  std::vector<BenchEntry> out;
  std::vector<std::vector<double>> tp, lat;  // per entry: every repetition's value
  auto find_entry = [&](const BenchEntry& k) -> std::size_t {
    for (std::size_t i = 0; i < out.size(); ++i) {
      const BenchEntry& e = out[i];
      if (e.func == k.func && e.domain == k.domain && e.library == k.library &&
          e.variant == k.variant && e.isa == k.isa)
        return i;
    }
    return out.size();
  };
  for (const auto& b : j["benchmarks"]) {
    if (b.value("run_type", "iteration") != "iteration") continue;
    const std::string name = b.value("name", "?");
    const bool failed = b.value("error_occurred", false);
    const std::string message = b.value("error_message", "");
    // A row the CPU could not run is kept, with its reason and no timings; other errors
    // are dropped.
    if (failed && message.rfind("not run:", 0) != 0) continue;
    const std::string label = b.value("label", "");
    std::map<std::string, std::string> kv;
    std::istringstream ls(label);
    for (std::string part; std::getline(ls, part, ';');)
      if (auto eq = part.find('='); eq != std::string::npos)
        kv[part.substr(0, eq)] = part.substr(eq + 1);
    for (const char* k : {"func", "domain", "library", "isa", "kind"})
      if (!kv.count(k))
        throw std::runtime_error("benchmark '" + name + "': label lacks '" + k + "'");
    BenchEntry key;
    key.func = kv["func"];
    key.domain = kv["domain"];
    key.library = kv["library"];
    key.variant = kv["variant"];
    key.isa = kv["isa"];
    std::size_t idx = find_entry(key);
    if (idx == out.size()) {
      out.push_back(key);
      tp.emplace_back();
      lat.emplace_back();
      BenchEntry* e = &out.back();
      e->lo = parse_number(kv["lo"]).value_or(0);
      e->hi = parse_number(kv["hi"]).value_or(0);
      e->bound = parse_number(kv["bound"]);
      e->lanes = static_cast<int>(parse_number(kv["lanes"]).value_or(1));
      if (failed) e->not_run = message;
    }
    if (failed) continue;
    const double elements = b.value("elements", 0.0);
    const std::string unit = b.value("time_unit", "ns");
    double scale = unit == "ns" ? 1 : unit == "us" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9 : 0;
    if (scale == 0 || elements <= 0 || !b.contains("cpu_time"))
      throw std::runtime_error("benchmark '" + name + "': missing time or elements");
    // CPU time, not wall time: on a shared machine it excludes time the thread was
    // descheduled.
    const double t_ns = b["cpu_time"].get<double>() * scale;

    if (kv["kind"] == "throughput") {
      tp[idx].push_back(t_ns / elements);
    } else if (kv["kind"] == "latency") {
      lat[idx].push_back(t_ns);
    }
  }
  // The median of the repetitions (the lower middle one for an even count): robust to
  // the occasional descheduled or lucky repetition on a shared machine.
  auto median = [](std::vector<double> v) -> std::optional<double> {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    return v[(v.size() - 1) / 2];
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].throughput_ns = median(tp[i]);
    out[i].latency_ns = median(lat[i]);
  }
  return out;
}

BenchRun load_bench(const fs::path& file) {
  const json j = parse_json(file);
  const std::string w = file.string();
  BenchRun r;
  r.target = field<std::string>(j, "target", w);
  r.date = j.value("date", "");
  r.host = j.value("host", "");
  r.command = j.value("command", "");
  if (!j.contains("entries") || !j["entries"].is_array())
    throw std::runtime_error(w + ": missing array 'entries'");
  for (const auto& x : j["entries"]) {
    BenchEntry e;
    e.func = field<std::string>(x, "func", w);
    e.domain = field<std::string>(x, "domain", w);
    e.library = field<std::string>(x, "library", w);
    e.isa = field<std::string>(x, "isa", w);
    e.variant = x.value("variant", "");
    e.lo = x.value("lo", 0.0);
    e.hi = x.value("hi", 0.0);
    e.bound = opt_number(x, "bound");
    e.lanes = x.value("lanes", 1);
    e.throughput_ns = opt_number(x, "throughput_ns_per_elt");
    e.latency_ns = opt_number(x, "latency_ns_per_call");
    e.not_run = x.value("not_run", "");
    r.entries.push_back(std::move(e));
  }
  return r;
}

Accuracy load_accuracy(const fs::path& file) {
  const json j = parse_json(file);
  const std::string w = file.string();
  Accuracy a;
  a.func = field<std::string>(j, "func", w);
  a.domain = field<std::string>(j, "domain", w);
  a.library = field<std::string>(j, "library", w);
  a.isa = field<std::string>(j, "isa", w);
  a.claimed = opt_number(j, "claimed_ulp");
  if (!j.contains("verify")) throw std::runtime_error(w + ": missing field 'verify'");
  const json& v = j["verify"];
  // The verifier writes non-finite errors as strings or null: those are infinite.
  if (v.contains("max_ulp") && v["max_ulp"].is_number())
    a.max_ulp = v["max_ulp"].get<double>();
  else if (v.contains("max_ulp"))
    a.max_ulp = std::numeric_limits<double>::infinity();
  else
    throw std::runtime_error(w + ": missing field 'verify.max_ulp'");
  a.inputs = v.value("inputs", std::uint64_t{0});
  a.correctly_rounded_fraction = v.value("correctly_rounded_fraction", 0.0);
  a.special_mismatches = v.value("special_mismatches", std::uint64_t{0});
  if (v.contains("worst") && v["worst"].is_array() && !v["worst"].empty()) {
    const json& w0 = v["worst"][0];
    auto as_num = [](const json& x) -> std::optional<double> {
      if (x.is_number()) return x.get<double>();
      if (x.is_object() && x.contains("value") && x["value"].is_number())
        return x["value"].get<double>();
      if (x.is_object() && x.contains("value") && x["value"].is_string())  // "inf", "nan"
        return parse_number(x["value"].get<std::string>());
      if (x.is_object() && x.contains("decimal") && x["decimal"].is_string())
        return parse_number(x["decimal"].get<std::string>());
      if (x.is_string()) return parse_number(x.get<std::string>());
      return std::nullopt;
    };
    if (w0.contains("x")) a.worst_x = as_num(w0["x"]);
    if (w0.contains("y")) a.worst_y = as_num(w0["y"]);
  }
  return a;
}

bool baseline_runs_on(const std::string& baseline_isa, const std::string& our_isa) {
  if (baseline_isa == "scalar") return true;
  if (our_isa == "avx2") return baseline_isa == "avx2";
  return baseline_isa == "avx2" || baseline_isa == "avx512";
}

std::vector<TierRow> tier_rows(const BenchRun& run, const std::string& func,
                               const std::string& domain,
                               const std::map<std::string, Accuracy>& acc) {
  std::vector<TierRow> rows;
  for (double tier : tiers()) {
    for (const char* isa : {"avx2", "avx512", "host"}) {
      TierRow row;
      row.tier = tier;
      row.isa = isa;
      for (const auto& e : run.entries) {
        if (e.func != func || e.domain != domain || !e.ours() || e.isa != isa) continue;
        if (!e.bound || *e.bound > tier || !e.throughput_ns) continue;
        if (!row.ours || *e.throughput_ns < *row.ours->throughput_ns) row.ours = &e;
      }
      if (!row.ours) {
        if (std::any_of(run.entries.begin(), run.entries.end(), [&](const BenchEntry& e) {
              return e.func == func && e.domain == domain && e.ours() && e.isa == isa;
            }))
          rows.push_back(row);  // we have kernels for this class, none this accurate
        continue;
      }
      const double need = *row.ours->bound;
      for (const auto& e : run.entries) {
        if (e.func != func || e.domain != domain || e.ours() || !e.throughput_ns) continue;
        if (!baseline_runs_on(e.isa, isa)) continue;
        auto it = acc.find(accuracy_key(e.func, e.domain, e.library, e.isa));
        if (it == acc.end() || it->second.special_mismatches > 0 || it->second.max_ulp > need)
          continue;
        if (!row.baseline || *e.throughput_ns < *row.baseline->throughput_ns) {
          row.baseline = &e;
          row.baseline_ulp = it->second.max_ulp;
        }
      }
      for (const auto& e : run.entries) {
        if (e.func != func || e.domain != domain || e.ours() || !e.throughput_ns) continue;
        if (!baseline_runs_on(e.isa, isa)) continue;
        auto it = acc.find(accuracy_key(e.func, e.domain, e.library, e.isa));
        if (it == acc.end() || it->second.special_mismatches > 0 || it->second.max_ulp > tier)
          continue;
        if (!row.tier_baseline || *e.throughput_ns < *row.tier_baseline->throughput_ns) {
          row.tier_baseline = &e;
          row.tier_baseline_ulp = it->second.max_ulp;
        }
      }
      if (row.baseline) row.ratio = *row.baseline->throughput_ns / *row.ours->throughput_ns;
      if (row.tier_baseline)
        row.tier_ratio = *row.tier_baseline->throughput_ns / *row.ours->throughput_ns;
      rows.push_back(row);
    }
  }
  return rows;
}

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

struct Point {
  std::string name;
  double ns = 0;
  double ulp = 0;
  bool ours = false;
};

}  // namespace

ReportSummary write_report(const ReportOptions& opt) {
  ReportSummary sum;
  const fs::path root = opt.results_dir;
  if (!fs::is_directory(root))
    throw std::runtime_error(root.string() + ": not a directory");

  std::vector<BenchRun> runs;
  std::vector<fs::path> dirs;
  for (const auto& de : fs::directory_iterator(root))
    if (de.is_directory()) dirs.push_back(de.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs)
    if (fs::exists(d / "bench.json")) runs.push_back(load_bench(d / "bench.json"));
  // Our kernels' proven bounds are read from the headers they were measured from (in a
  // project tree): a header regenerated after a new proof states the bound of record, and
  // a kernel whose header was withdrawn has none.
  const fs::path project = fs::absolute(root).lexically_normal().parent_path();
  for (BenchRun& run : runs)
    for (BenchEntry& e : run.entries)
      if (e.ours() && !e.variant.empty() && fs::is_directory(project / "results"))
        e.bound = header_proven_bound(project / e.variant);

  std::map<std::string, Accuracy> acc;
  if (fs::is_directory(root / "baselines")) {
    std::vector<fs::path> files;
    for (const auto& de : fs::directory_iterator(root / "baselines"))
      if (de.path().extension() == ".json") files.push_back(de.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      Accuracy a = load_accuracy(f);
      acc[accuracy_key(a.func, a.domain, a.library, a.isa)] = a;
    }
  }
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
        "is the bound proven for the kernel's target domain (`UF_<NAME>_MAX_ULP` of its "
        "header), which contains the benchmark domain.\n"
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
           << ulp_str(r.ours->bound) << " | " << num3(r.ours->throughput_ns) << " | "
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
             << (r.ours ? ulp_str(r.ours->bound) : "—") << " | "
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
          measured = e->bound;
          note = e->bound ? "proven by exhaustive check"
                          : "no proven bound: its header is gone or states none (withdrawn)";
        } else if (auto it = acc.find(accuracy_key(e->func, e->domain, e->library, e->isa));
                   it != acc.end()) {
          a = &it->second;
          measured = a->max_ulp;
          if (a->special_mismatches)
            note = fmt::format("{} wrong special values", a->special_mismatches);
          if (e->bound && a->max_ulp > *e->bound) {
            if (!note.empty()) note += "; ";
            note += "**exceeds its claimed bound**";
          }
          if (a->worst_x && (!e->bound || a->max_ulp > *e->bound || std::isinf(a->max_ulp))) {
            if (!note.empty()) note += "; ";
            note += fmt::format("worst at x = {:.9g}", *a->worst_x);
            if (a->worst_y) note += fmt::format(" (returns {:.9g})", *a->worst_y);
          }
        } else {
          note = "accuracy not measured";
        }
        md << "| " << impl_name(*e) << " | " << (e->ours() ? "—" : ulp_str(e->bound)) << " | "
           << ulp_str(measured) << " | " << num3(e->throughput_ns) << " | "
           << num3(e->latency_ns) << " (" << e->lanes << ") | " << note << " |\n";
        if (measured && e->throughput_ns)
          pts.push_back({impl_name(*e), *e->throughput_ns, *measured, e->ours()});
      }
      md << "\n";

      // Plots.
      const std::string stem = f + "_" + [&] {
        std::string s;
        for (char c : d) {
          if (c == '-') s += 'm';
          else if (c == ',') s += '_';
          else if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_') s += c;
        }
        return s;
      }();
      if (!pts.empty()) {
        // ULP vs speed (log y). Infinite errors are drawn at the top edge.
        double ymax = 1;
        for (const auto& p : pts)
          if (std::isfinite(p.ulp)) ymax = std::max(ymax, p.ulp);
        const double top = ymax * 4;
        std::ostringstream gp;
        const fs::path svg = plot_dir / (stem + "_ulp_vs_speed.svg");
        gp << "set terminal svg size 900,560 dynamic font 'sans,11'\n"
           << "set output " << gp_quote(svg.filename().string()) << "\n"
           << "set title " << gp_quote(f + " on " + d + ": max ULP (all inputs) vs ns/element") << "\n"
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
                                 sum.warnings))
          sum.plots.push_back(*s);

        // Speed bars.
        std::ostringstream gb;
        const fs::path svg2 = plot_dir / (stem + "_speed.svg");
        gb << "set terminal svg size 900," << 120 + 22 * es.size() << " dynamic font 'sans,11'\n"
           << "set output " << gp_quote(svg2.filename().string()) << "\n"
           << "set title " << gp_quote(f + " on " + d + ": ns per element (lower is better)") << "\n"
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
        if (auto s = run_gnuplot(opt, plot_dir / (stem + "_speed.gp"), gb.str(), svg2, sum.warnings))
          sum.plots.push_back(*s);

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
