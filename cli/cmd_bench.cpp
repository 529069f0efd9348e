// `ulpforge bench DIR`: runs bench_baselines for the target of a results directory
// (its ulpforge kernels compiled from the headers under results/, plus glibc, libmvec,
// SLEEF and xsimd on the same inputs, in one run) and writes DIR/bench.json.
//
// bench.json: { "target", "date", "host", "command", "min_time", "repetitions",
//   "entries": [ { "func", "domain", "lo", "hi", "library", "variant", "isa",
//                  "claimed_max_ulp" (baselines) or "proven_max_ulp" (ours), "lanes",
//                  "throughput_ns_per_elt", "latency_ns_per_call",
//                  "not_run" (only for rows the CPU could not run: the reason) } ] }
// A baseline's bound is its documentation's claim (or null); ours is the proven bound
// (the report takes the exact one from the target's kernels.json).
#include <unistd.h>

#include <cstdlib>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "cli/common.h"
#include "ir/text.h"
#include "report/manifest.h"
#include "report/report.h"

namespace uf::cli {

namespace fs = std::filesystem;

namespace {

struct BenchArgs {
  std::string dir;
  std::optional<std::string> target;
  std::string binary;
  double min_time = 0.05;
  int repetitions = 5;
  std::string out;
};

std::string shell_quote(const std::string& s) {
  std::string o = "'";
  for (char c : s) {
    if (c == '\'') o += "'\\''";
    else o += c;
  }
  return o + "'";
}

// bench_baselines next to this executable's build tree: <build>/cli/ulpforge ->
// <build>/bench/bench_baselines.
fs::path default_binary() {
  if (const char* env = std::getenv("ULPFORGE_BENCH_BINARY"); env && *env) return env;
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return self.parent_path().parent_path() / "bench" / "bench_baselines";
}

std::string host_summary(const nlohmann::json& ctx) {
  std::string s;
  if (ctx.contains("num_cpus")) s += fmt::format("{} CPUs", ctx["num_cpus"].get<int>());
  if (ctx.contains("mhz_per_cpu"))
    s += fmt::format(" at {} MHz (nominal)", ctx["mhz_per_cpu"].get<double>());
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);)
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      if (p != std::string::npos) s = line.substr(p + 2) + ", " + s;
      break;
    }
  return s;
}


}  // namespace

void register_bench(CLI::App& app) {
  static BenchArgs a;
  auto* cmd = app.add_subcommand(
      "bench", "Benchmark a results directory's kernels against glibc, libmvec, SLEEF and xsimd");
  cmd->add_option("DIR", a.dir, "Results directory of one target (e.g. results/expf)")->required();
  cmd->add_option("--target", a.target, "Target name (default: DIR/best.uf's target, else DIR's name)");
  cmd->add_option("--bench-binary", a.binary,
                  "bench_baselines executable (default: $ULPFORGE_BENCH_BINARY, else the one "
                  "in this build tree)");
  cmd->add_option("--min-time", a.min_time, "Minimum seconds per benchmark and repetition")
      ->check(CLI::Range(0.001, 60.0));
  cmd->add_option("--repetitions", a.repetitions, "Repetitions; the median is reported")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--out", a.out, "Output file (default DIR/bench.json)");
  cmd->callback([] {
    const fs::path dir = a.dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw InputError(a.dir + ": not a directory");
    std::string func;
    if (a.target) {
      func = *a.target;
    } else if (fs::exists(dir / "best.uf")) {
      func = header_field(read_file(dir / "best.uf"), "target").value_or("");
      if (func.empty()) func = resolve_target(std::nullopt, dir / "best.uf").name;  // says what is missing
    } else {
      func = fs::weakly_canonical(dir).filename().string();
    }
    // A fused target (sincosf) has no host-JIT row: the JIT compiles one-result kernels.
    const bool fused = targets::find_fused(func) != nullptr;
    if (!targets::find(func) && !fused)
      throw InputError(fmt::format("unknown target '{}' (use --target NAME)", func));

    const fs::path bin = a.binary.empty() ? default_binary() : fs::path(a.binary);
    if (bin.empty() || !fs::exists(bin))
      throw InputError(fmt::format(
          "benchmark binary not found ({}); build it with `ninja bench_baselines` or pass "
          "--bench-binary", bin.string()));

    char tmpl[] = "/tmp/ulpforge-bench-XXXXXX";
    if (!mkdtemp(tmpl)) throw InputError("cannot create a temporary directory");
    const fs::path tmpdir = tmpl;
    const std::string raw = (tmpdir / "gbench.json").string();
    // Host JIT: the full kernel of DIR/best.uf, compiled by bench_baselines itself.
    std::string jit_args;
    if (fs::exists(dir / "best.uf") && !fused) {
      const ir::Program prog = load_program(dir / "best.uf");
      const ir::Program kernel =
          full_kernel(prog, *targets::find(func), dir / "best.uf");
      const fs::path kfile = tmpdir / "best.uf";
      std::ofstream(kfile) << ir::print(kernel);
      jit_args = " " + shell_quote("--uf_program=" + kfile.string()) + " " +
                 shell_quote("--uf_func=" + func);
      std::optional<double> b;
      try {
        b = report::manifest_bound(dir / ("ulpforge_" + func + ".h"));
      } catch (const std::runtime_error& e) {
        throw InputError(e.what());
      }
      if (b)
        jit_args += " " + shell_quote(fmt::format("--uf_bound={}", *b));
      else
        std::cerr << "ulpforge bench: warning: " << (dir / ("ulpforge_" + func + ".h")).string() << " is not in kernels.json"
                  << ": the host-JIT kernel has no proven bound in the report\n";
    }
    const std::string cmdline =
        shell_quote(bin.string()) + " " +
        shell_quote("--benchmark_filter=^" + func + "/") + " " +
        shell_quote(fmt::format("--benchmark_min_time={}", a.min_time)) + " " +
        shell_quote(fmt::format("--benchmark_repetitions={}", a.repetitions)) + " " +
        shell_quote("--benchmark_out=" + raw) + " --benchmark_out_format=json" + jit_args;
    std::cerr << "ulpforge bench: " << cmdline << "\n";
    const int rc = std::system((cmdline + " 1>&2").c_str());
    std::ifstream in(raw);
    std::stringstream text;
    text << in.rdbuf();
    fs::remove_all(tmpdir, ec);
    if (rc != 0) throw InputError(fmt::format("{} failed (status {})", bin.string(), rc));

    std::vector<report::BenchEntry> entries;
    nlohmann::json ctx;
    try {
      entries = report::parse_benchmark_json(text.str());
      ctx = nlohmann::json::parse(text.str()).value("context", nlohmann::json::object());
    } catch (const std::exception& e) {
      throw InputError(e.what());
    }
    if (entries.empty())
      throw InputError(fmt::format("{} ran no benchmark for '{}'", bin.string(), func));

    // Headers of this directory that the binary does not contain (it was configured
    // before they were written).
    std::set<std::string> have;
    for (const auto& e : entries)
      if (e.ours()) have.insert(fs::path(e.variant).filename().string());
    for (const auto& de : fs::directory_iterator(dir))
      if (de.path().extension() == ".h" && de.path().filename().string().rfind("ulpforge_", 0) == 0 &&
          !have.count(de.path().filename().string()))
        std::cerr << "ulpforge bench: warning: " << de.path().string()
                  << " is not compiled into " << bin.string()
                  << " (re-run cmake and rebuild bench_baselines)\n";

    report::BenchRun run;
    run.target = func;
    run.date = ctx.value("date", "");
    run.host = host_summary(ctx);
    run.command = fmt::format("ulpforge bench {} --min-time {} --repetitions {}", a.dir, a.min_time,
                              a.repetitions);
    run.min_time = a.min_time;
    run.repetitions = a.repetitions;
    run.entries = entries;
    const fs::path out = a.out.empty() ? dir / "bench.json" : fs::path(a.out);
    const fs::path tmp = out.string() + ".tmp";
    {
      std::ofstream o(tmp);
      o << report::encode_bench(run);
      if (!o) throw InputError("cannot write " + tmp.string());
    }
    fs::rename(tmp, out);
    std::cout << "wrote " << out.string() << " (" << entries.size() << " implementations)\n";
  });
}

}  // namespace uf::cli
