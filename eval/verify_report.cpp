#include "eval/verify.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include <nlohmann/json.hpp>

#include "eval/ulp.h"
#include "ir/bound.h"
#include "ir/program.h"

// The domain's description and the verification report as text and JSON.

namespace uf::eval {

namespace {

std::string fmt_float(float v) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.9g (0x%08x, %a)", static_cast<double>(v), ir::float_to_bits(v),
                static_cast<double>(v));
  return buf;
}

// Errors, bounds and reference values: a number, or null when not finite (+inf for an
// error: a special-value mismatch), as in every file the tool writes.
nlohmann::json num(double v) {
  if (std::isfinite(v)) return v;
  return nullptr;
}

// A float32 value: its bits and C99 hex form are exact (the hex form of a non-finite
// value is "inf", "-inf" or "nan"); `value` is the number, null when not finite.
nlohmann::json float_json(float v) {
  char hb[16], hf[48];
  std::snprintf(hb, sizeof hb, "0x%08x", ir::float_to_bits(v));
  std::snprintf(hf, sizeof hf, "%a", static_cast<double>(v));
  return {{"value", num(v)}, {"bits", hb}, {"hex", hf}};
}

}  // namespace

std::uint64_t Domain::size() const {
  if (all_floats) return std::uint64_t{1} << 32;
  if (std::isnan(lo) || std::isnan(hi) || lo > hi) return 0;
  return static_cast<std::uint64_t>(float_to_ordered(hi) - float_to_ordered(lo)) + 1;
}

std::string Domain::describe() const {
  if (all_floats) return "all 2^32 float32 bit patterns";
  char buf[128];
  std::snprintf(buf, sizeof buf, "[%.9g, %.9g] (%llu floats)", static_cast<double>(lo),
                static_cast<double>(hi), static_cast<unsigned long long>(size()));
  return buf;
}


std::string VerifyReport::to_text() const {
  std::string s;
  char buf[256];
  auto line = [&](const char* fmt, auto... args) {
    std::snprintf(buf, sizeof buf, fmt, args...);
    s += buf;
  };
  const double pct = inputs ? 100.0 * static_cast<double>(correctly_rounded) /
                                  static_cast<double>(inputs)
                            : 0.0;
  if (cancelled) s += "CANCELLED            before every input was checked: this report proves nothing\n";
  line("inputs               %llu\n", static_cast<unsigned long long>(inputs));
  s += "max ULP              " + ir::format_bound(max_ulp) + " (rounded up)\n";
  line("mean ULP             %.6g\n", mean_ulp);
  line("correctly rounded    %llu (%.6f%%)\n", static_cast<unsigned long long>(correctly_rounded),
       pct);
  line("over bound           %llu\n", static_cast<unsigned long long>(over_bound));
  line("special mismatches   %llu (wrong NaN, inf or sign)\n", static_cast<unsigned long long>(special_mismatches));
  line("declared specials    %llu of %llu exact\n",
       static_cast<unsigned long long>(declared_specials - declared_special_failures.size()),
       static_cast<unsigned long long>(declared_specials));
  line("MPFR arbitrations    %llu\n", static_cast<unsigned long long>(mpfr_arbitrations));
  if (!oracle.empty()) s += "oracle               " + oracle + "\n";
  line("CPU time split       kernel %.2f s, oracle %.2f s, MPFR %.2f s, bookkeeping %.2f s\n",
       cpu_kernel, cpu_oracle, cpu_mpfr, std::max(0.0, cpu_total - cpu_kernel - cpu_oracle - cpu_mpfr));
  line("time                 %.2f s (%.1f M inputs/s)\n", seconds,
       seconds > 0 ? static_cast<double>(inputs) / seconds / 1e6 : 0.0);
  if (!hist_counts.empty()) {
    s += "error histogram (ULP):\n";
    for (std::size_t i = 0; i < hist_counts.size() && i + 1 < hist_edges.size(); ++i) {
      const bool last = i + 2 == hist_edges.size();
      char label[48];
      std::snprintf(label, sizeof label, "[%g, %g%s", hist_edges[i], hist_edges[i + 1],
                    last ? "]" : ")");
      line("  %-12s %12llu\n", label, static_cast<unsigned long long>(hist_counts[i]));
    }
  }
  auto list = [&](const char* title, const std::vector<WorstInput>& v) {
    if (v.empty()) return;
    s += title;
    for (const WorstInput& w : v) {
      s += "  x = " + fmt_float(w.x) + "\n";
      s += "      result    " + fmt_float(w.y) + "\n";
      line("      reference %.17g (%a)\n", w.ref, w.ref);
      line("      error     %.6g ULP\n", w.ulp);
    }
  };
  list("worst inputs:\n", worst);
  list("special-value mismatches (first inputs):\n", specials);
  for (const WorstInput& w : declared_special_failures) {
    s += "  declared special value not met: x = " + fmt_float(w.x) + "\n";
    s += "      result    " + fmt_float(w.y) + "\n";
    s += "      required  " + fmt_float(static_cast<float>(w.ref)) + "\n";
  }
  return s;
}

std::string VerifyReport::to_json() const {
  nlohmann::json j;
  j["inputs"] = inputs;
  j["max_ulp"] = num(max_ulp);
  j["mean_ulp"] = num(mean_ulp);
  j["correctly_rounded"] = correctly_rounded;
  j["correctly_rounded_fraction"] =
      inputs ? static_cast<double>(correctly_rounded) / static_cast<double>(inputs) : 0.0;
  j["over_bound"] = over_bound;
  j["special_mismatches"] = special_mismatches;
  j["mpfr_arbitrations"] = mpfr_arbitrations;
  j["holds"] = holds();
  if (cancelled) j["cancelled"] = true;
  j["seconds"] = seconds;
  j["oracle"] = oracle;
  j["cpu_seconds"] = {{"kernel", cpu_kernel}, {"oracle", cpu_oracle}, {"mpfr", cpu_mpfr},
                      {"total", cpu_total}};
  auto list = [](const std::vector<WorstInput>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const WorstInput& w : v) {
      a.push_back({{"x", float_json(w.x)}, {"y", float_json(w.y)}, {"ref", num(w.ref)},
                   {"ulp", num(w.ulp)}});
    }
    return a;
  };
  j["worst"] = list(worst);
  j["specials"] = list(specials);
  j["declared_specials"] = declared_specials;
  nlohmann::json dsf = nlohmann::json::array();
  for (const WorstInput& w : declared_special_failures)
    dsf.push_back({{"x", float_json(w.x)}, {"y", float_json(w.y)},
                   {"expected", float_json(static_cast<float>(w.ref))}});
  j["declared_special_failures"] = dsf;
  nlohmann::json h = nlohmann::json::array();
  for (std::size_t i = 0; i < hist_counts.size() && i + 1 < hist_edges.size(); ++i) {
    h.push_back({{"lo", num(hist_edges[i])}, {"hi", num(hist_edges[i + 1])},
                 {"count", hist_counts[i]}});
  }
  j["histogram"] = h;
  return j.dump(2);
}

}  // namespace uf::eval
