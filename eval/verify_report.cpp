#include "eval/verify.h"

#include <bit>
#include <cmath>
#include <stdexcept>
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

// ---------------------------------------------------------------------------------
// A part of a check between processes: every double as its bits, so that the reduced
// report is the one a single process computes.

namespace {

std::uint64_t dbits(double v) { return std::bit_cast<std::uint64_t>(v); }
double from_bits(const nlohmann::json& j) { return std::bit_cast<double>(j.get<std::uint64_t>()); }

nlohmann::json ranked_json(const std::vector<VerifyPartial::Ranked>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& r : v) {
    a.push_back({r.index, ir::float_to_bits(r.w.x), ir::float_to_bits(r.w.y), dbits(r.w.ref), dbits(r.w.ulp)});
  }
  return a;
}

std::vector<VerifyPartial::Ranked> ranked_from(const nlohmann::json& a) {
  std::vector<VerifyPartial::Ranked> v;
  for (const auto& e : a) {
    if (!e.is_array() || e.size() != 5) throw std::invalid_argument("expected [index, x, y, ref, ulp]");
    VerifyPartial::Ranked r;
    r.index = e[0].get<std::uint64_t>();
    r.w.x = ir::bits_to_float(e[1].get<std::uint32_t>());
    r.w.y = ir::bits_to_float(e[2].get<std::uint32_t>());
    r.w.ref = from_bits(e[3]);
    r.w.ulp = from_bits(e[4]);
    v.push_back(r);
  }
  return v;
}

}  // namespace

std::string encode_partial(const VerifyPartial& p) {
  nlohmann::json j;
  j["part"] = {p.part_index, p.part_count};
  j["checked"] = p.checked;
  j["doubles"] = {dbits(p.max_ulp), dbits(p.sum), dbits(p.cpu_kernel), dbits(p.cpu_oracle),
                  dbits(p.cpu_mpfr), dbits(p.cpu_total), dbits(p.seconds)};
  j["counts"] = {p.finite, p.correctly_rounded, p.over_bound, p.special_mismatches, p.mpfr_arbitrations};
  j["hist"] = p.hist_counts;
  j["worst"] = ranked_json(p.worst);
  j["specials"] = ranked_json(p.specials);
  j["cancelled"] = p.cancelled;
  j["oracle"] = p.oracle;
  return j.dump();
}

VerifyPartial decode_partial(std::string_view text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    VerifyPartial p;
    p.part_index = j.at("part").at(0).get<int>();
    p.part_count = j.at("part").at(1).get<int>();
    p.checked = j.at("checked").get<std::uint64_t>();
    const auto& d = j.at("doubles");
    if (d.size() != 7) throw std::invalid_argument("expected 7 doubles");
    p.max_ulp = from_bits(d[0]);
    p.sum = from_bits(d[1]);
    p.cpu_kernel = from_bits(d[2]);
    p.cpu_oracle = from_bits(d[3]);
    p.cpu_mpfr = from_bits(d[4]);
    p.cpu_total = from_bits(d[5]);
    p.seconds = from_bits(d[6]);
    const auto& c = j.at("counts");
    if (c.size() != 5) throw std::invalid_argument("expected 5 counts");
    p.finite = c[0].get<std::uint64_t>();
    p.correctly_rounded = c[1].get<std::uint64_t>();
    p.over_bound = c[2].get<std::uint64_t>();
    p.special_mismatches = c[3].get<std::uint64_t>();
    p.mpfr_arbitrations = c[4].get<std::uint64_t>();
    p.hist_counts = j.at("hist").get<std::vector<std::uint64_t>>();
    p.worst = ranked_from(j.at("worst"));
    p.specials = ranked_from(j.at("specials"));
    p.cancelled = j.at("cancelled").get<bool>();
    p.oracle = j.at("oracle").get<std::string>();
    return p;
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("decode_partial: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("decode_partial: ") + e.what());
  }
}

}  // namespace uf::eval
