// baseline_accuracy: proves the real error bound of every baseline implementation
// (glibc, libmvec, SLEEF, xsimd; scalar, AVX2, AVX-512) with ulpforge's exhaustive
// verifier (eval::verify_exhaustive: every float32 input of the domain, double oracle,
// MPFR arbitration near the bound), on the benchmark domains of ANCHORS.md.
//
// Writes one JSON file per (function, domain, library, ISA) into --out:
//   <func>_<domain>_<library>_<isa>.json
// { "func", "domain", "lo", "hi", "library", "variant", "isa", "claimed_ulp",
//   "verify": <eval::VerifyReport::to_json()> }
// Files already present are kept (--redo recomputes them), so an interrupted run resumes.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <string>

#include "bench/baselines/registry.h"
#include "eval/verify.h"
#include "targets/target.h"

namespace fs = std::filesystem;

int main(int argc, char** argv) {
  CLI::App app{"Exhaustive accuracy of the baseline math libraries on the benchmark domains"};
  std::string out_dir;
  std::string func_filter, lib_filter, isa_filter;
  int threads = 0;
  bool redo = false, progress = false;
  app.add_option("--out", out_dir, "output directory (e.g. results/baselines)")->required();
  app.add_option("--func", func_filter, "only this function (expf, sinf, ...)");
  app.add_option("--library", lib_filter, "only this library (glibc, libmvec, sleef-u10, ...)");
  app.add_option("--isa", isa_filter, "only this ISA class (scalar, avx2, avx512)");
  app.add_option("--threads", threads, "verifier threads (0: all cores)");
  app.add_flag("--redo", redo, "recompute results that already exist");
  app.add_flag("--progress", progress, "progress bar on stderr");
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "baseline_accuracy: cannot create " << out_dir << ": " << ec.message() << "\n";
    return 2;
  }
  int done = 0;
  for (const auto& d : uf::bench::bench_domains()) {
    if (!func_filter.empty() && d.func != func_filter) continue;
    // A fused function (sincosf): each result is checked as its part (sinf, cosf); the
    // file's "verify" is the worse result's report, "results" lists each part's max.
    const uf::targets::FusedTarget* fused = uf::targets::find_fused(d.func);
    const uf::targets::Target* t = fused ? &fused->part(0) : uf::targets::find(d.func);
    if (!t) {
      std::cerr << "baseline_accuracy: no target '" << d.func << "' in the catalog; skipped\n";
      continue;
    }
    for (const auto& impl : uf::bench::unsupported_implementations()) {
      if (impl.func != d.func || (!lib_filter.empty() && impl.library != lib_filter)) continue;
      if (!isa_filter.empty() && isa_filter != uf::bench::isa_name(impl.isa)) continue;
      std::printf("%-6s %-16s %-10s %-7s %s\n", d.func.c_str(), d.label.c_str(), impl.library.c_str(),
                  uf::bench::isa_name(impl.isa), uf::bench::not_run_reason(impl.isa).c_str());
    }
    for (const auto& impl : uf::bench::implementations(d.func)) {
      if (impl.library == "ulpforge") continue;
      if (!lib_filter.empty() && impl.library != lib_filter) continue;
      const std::string isa = uf::bench::isa_name(impl.isa);
      if (!isa_filter.empty() && isa != isa_filter) continue;
      const fs::path file = fs::path(out_dir) / (d.func + "_" + uf::bench::file_safe(d.label) +
                                                 "_" + impl.library + "_" + isa + ".json");
      if (!redo && fs::exists(file)) continue;
      uf::eval::Domain dom;
      dom.all_floats = false;
      dom.lo = d.lo;
      dom.hi = d.hi;
      uf::eval::VerifyOptions opt;
      opt.bound = std::isnan(impl.bound) ? std::numeric_limits<double>::infinity() : impl.bound;
      opt.threads = threads;
      opt.progress = progress;
      opt.worst_count = 4;
      const uf::bench::ArrayFn fn = impl.array;
      auto rep = uf::eval::verify_exhaustive(
          [fn](const float* in, float* out, std::size_t n) { fn(in, out, n); }, t->ref, dom,
          opt);
      nlohmann::json results = nlohmann::json::array();
      if (fused) {
        results.push_back({{"part", t->name}, {"max_ulp", rep.max_ulp}});
        // The second result, which the row leaves in the scratch array (registry.h).
        const uf::targets::Target& second = fused->part(1);
        const auto rep2 = uf::eval::verify_exhaustive(
            [fn](const float* in, float* out, std::size_t n) {
              fn(in, out, n);
              const float* c = uf::bench::second_output(n);
              std::copy(c, c + n, out);
            },
            second.ref, dom, opt);
        results.push_back({{"part", second.name}, {"max_ulp", rep2.max_ulp}});
        if (rep2.max_ulp > rep.max_ulp) rep = rep2;
      }
      nlohmann::json j;
      j["func"] = d.func;
      j["domain"] = d.label;
      j["lo"] = d.lo;
      j["hi"] = d.hi;
      j["library"] = impl.library;
      j["variant"] = impl.variant;
      j["isa"] = isa;
      j["claimed_ulp"] = std::isnan(impl.bound) ? nlohmann::json(nullptr) : nlohmann::json(impl.bound);
      j["verify"] = nlohmann::json::parse(rep.to_json());
      if (fused) j["results"] = results;
      const fs::path tmp = file.string() + ".tmp";
      {
        std::ofstream o(tmp);
        o << j.dump(2) << "\n";
        if (!o) {
          std::cerr << "baseline_accuracy: cannot write " << tmp << "\n";
          return 2;
        }
      }
      fs::rename(tmp, file);
      std::printf("%-6s %-16s %-10s %-7s max %.9g ULP (claimed %s), %.1f s\n", d.func.c_str(),
                  d.label.c_str(), impl.library.c_str(), isa.c_str(), rep.max_ulp,
                  std::isnan(impl.bound) ? "none" : std::to_string(impl.bound).c_str(),
                  rep.seconds);
      std::fflush(stdout);
      ++done;
    }
  }
  std::printf("%d result(s) written to %s\n", done, out_dir.c_str());
  return 0;
}
