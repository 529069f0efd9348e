#include "report/manifest.h"
#include "report/parts.h"
#include "report/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

#include "ir/bound.h"

namespace uf::report {

namespace fs = std::filesystem;
using nlohmann::json;

namespace detail {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error(p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace detail

namespace {

using detail::read_file;

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


}  // namespace

namespace detail {

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

Inputs read_inputs(const fs::path& root) {
  Inputs in;
  std::vector<BenchRun>& runs = in.runs;
  std::map<std::string, Accuracy>& acc = in.acc;
  std::vector<fs::path> dirs;
  for (const auto& de : fs::directory_iterator(root))
    if (de.is_directory()) dirs.push_back(de.path());
  std::sort(dirs.begin(), dirs.end());
  for (const auto& d : dirs)
    if (fs::exists(d / "bench.json")) runs.push_back(load_bench(d / "bench.json"));
  // Our kernels' proven bounds are read from the manifests of the headers they were
  // measured from (in a project tree): the manifest holds the bound of record, exactly,
  // and a kernel withdrawn from it has none.
  const fs::path project = fs::absolute(root).lexically_normal().parent_path();
  std::map<fs::path, std::optional<double>> bounds;  // a header appears in many rows
  for (BenchRun& run : runs)
    for (BenchEntry& e : run.entries)
      if (e.ours() && !e.variant.empty() && fs::is_directory(project / "results")) {
        const fs::path h = project / e.variant;
        auto it = bounds.find(h);
        if (it == bounds.end()) it = bounds.emplace(h, report::manifest_bound(h)).first;
        e.proven = it->second;
      }

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
  return in;
}

}  // namespace detail

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
      // The label's bound is a baseline's claim, or the bound our header stated when it
      // was benchmarked (replaced by the manifest's exact value in a project tree).
      (e->ours() ? e->proven : e->claimed) = parse_number(kv["bound"]);
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
  r.min_time = j.value("min_time", 0.0);
  r.repetitions = j.value("repetitions", 0);
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
    e.claimed = opt_number(x, "claimed_max_ulp");
    e.proven = opt_number(x, "proven_max_ulp");
    if ((e.ours() && e.claimed) || (!e.ours() && e.proven)) {
      throw std::runtime_error(w + ": " + e.library + " " + e.func + ": " +
                               (e.ours() ? "an ulpforge kernel has no claimed bound, only a proven one"
                                         : "a baseline has no proven bound, only a claimed one"));
    }
    e.lanes = x.value("lanes", 1);
    e.throughput_ns = opt_number(x, "throughput_ns_per_elt");
    e.latency_ns = opt_number(x, "latency_ns_per_call");
    e.not_run = x.value("not_run", "");
    r.entries.push_back(std::move(e));
  }
  return r;
}

std::string encode_bench(const BenchRun& run) {
  auto opt = [](const std::optional<double>& v) { return v ? json(*v) : json(nullptr); };
  json j;
  j["target"] = run.target;
  j["date"] = run.date;
  j["host"] = run.host;
  j["command"] = run.command;
  j["min_time"] = run.min_time;
  j["repetitions"] = run.repetitions;
  j["entries"] = json::array();
  for (const BenchEntry& e : run.entries) {
    j["entries"].push_back({{"func", e.func},
                            {"domain", e.domain},
                            {"lo", e.lo},
                            {"hi", e.hi},
                            {"library", e.library},
                            {"variant", e.variant},
                            {"isa", e.isa},
                            {e.ours() ? "proven_max_ulp" : "claimed_max_ulp", opt(e.ours() ? e.proven : e.claimed)},
                            {"lanes", e.lanes},
                            {"throughput_ns_per_elt", opt(e.throughput_ns)},
                            {"latency_ns_per_call", opt(e.latency_ns)}});
    if (!e.not_run.empty()) j["entries"].back()["not_run"] = e.not_run;
  }
  return j.dump(2) + "\n";
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
  // An error the verifier could not bound (a special-value mismatch) is null: infinite.
  if (!v.contains("max_ulp") || !(v["max_ulp"].is_number() || v["max_ulp"].is_null()))
    throw std::runtime_error(w + ": field 'verify.max_ulp' must be a number or null");
  a.max_ulp = v["max_ulp"].is_number() ? v["max_ulp"].get<double>() : std::numeric_limits<double>::infinity();
  a.inputs = v.value("inputs", std::uint64_t{0});
  a.correctly_rounded_fraction = v.value("correctly_rounded_fraction", 0.0);
  a.special_mismatches = v.value("special_mismatches", std::uint64_t{0});
  if (v.contains("worst") && v["worst"].is_array() && !v["worst"].empty()) {
    const json& w0 = v["worst"][0];
    // A float32 value, by its exact C99 hex form ("0x1.2p+3", "inf", "nan").
    auto as_float = [&](const char* key) -> std::optional<double> {
      if (!w0.contains(key)) return std::nullopt;
      const json& x = w0[key];
      if (!x.is_object() || !x.contains("hex") || !x["hex"].is_string())
        throw std::runtime_error(w + ": verify.worst[0]." + key + " must be an object with a \"hex\" string");
      const std::string h = x["hex"].get<std::string>();
      char* end = nullptr;
      const double d = std::strtod(h.c_str(), &end);
      if (end == h.c_str() || *end != '\0')
        throw std::runtime_error(w + ": verify.worst[0]." + key + ".hex: not a float: " + h);
      return d;
    };
    a.worst_x = as_float("x");
    a.worst_y = as_float("y");
  }
  return a;
}

bool baseline_runs_on(const std::string& baseline_isa, const std::string& our_isa) {
  if (baseline_isa == "scalar") return true;
  if (our_isa == "avx2") return baseline_isa == "avx2";
  return baseline_isa == "avx2" || baseline_isa == "avx512";
}

const BenchEntry* fastest_baseline(const BenchRun& run, const std::string& func,
                                   const std::string& domain, const std::string& our_isa,
                                   double need, const std::map<std::string, Accuracy>& acc,
                                   double* measured_ulp) {
  const BenchEntry* best = nullptr;
  for (const auto& e : run.entries) {
    if (e.func != func || e.domain != domain || e.ours() || !e.throughput_ns) continue;
    if (!baseline_runs_on(e.isa, our_isa)) continue;
    auto it = acc.find(accuracy_key(e.func, e.domain, e.library, e.isa));
    if (it == acc.end() || it->second.special_mismatches > 0 || it->second.max_ulp > need) continue;
    if (!best || *e.throughput_ns < *best->throughput_ns) {
      best = &e;
      if (measured_ulp) *measured_ulp = it->second.max_ulp;
    }
  }
  return best;
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
        if (!e.proven || *e.proven > tier || !e.throughput_ns) continue;
        if (!row.ours || *e.throughput_ns < *row.ours->throughput_ns) row.ours = &e;
      }
      if (!row.ours) {
        if (std::any_of(run.entries.begin(), run.entries.end(), [&](const BenchEntry& e) {
              return e.func == func && e.domain == domain && e.ours() && e.isa == isa;
            }))
          rows.push_back(row);  // we have kernels for this class, none this accurate
        continue;
      }
      double ulp = 0;
      if ((row.baseline = fastest_baseline(run, func, domain, isa, *row.ours->proven, acc, &ulp)))
        row.baseline_ulp = ulp;
      if ((row.tier_baseline = fastest_baseline(run, func, domain, isa, tier, acc, &ulp)))
        row.tier_baseline_ulp = ulp;
      if (row.baseline) row.ratio = *row.baseline->throughput_ns / *row.ours->throughput_ns;
      if (row.tier_baseline)
        row.tier_ratio = *row.tier_baseline->throughput_ns / *row.ours->throughput_ns;
      rows.push_back(row);
    }
  }
  return rows;
}

}  // namespace uf::report
