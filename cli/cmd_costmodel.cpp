// `ulpforge costmodel`: how well the search's cost model (ir::static_cost) ranks kernels
// by speed. It draws a few hundred distinct kernels of a target's template around its
// baseline (engine/cost_study.h), times each with the host JIT, predicts each with
// llvm-mca on LLVM's scheduling models of CPUs this machine may not be (jit/mca.h), and
// prints Spearman's rank correlation of the static cost with each.
#include <array>
#include <cmath>
#include <iterator>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "engine/cost_study.h"
#include "ir/passes.h"
#include "ir/text.h"
#include "jit/jit.h"
#include "jit/mca.h"

namespace uf::cli {

namespace {
struct CostModelArgs {
  std::optional<std::string> target;
  std::string target_file;
  std::size_t kernels = 300;
  std::uint64_t seed = 1;
  std::string cpus = "znver3,znver4,skylake-avx512,neoverse-n1";
  bool host_mca = true;
  bool no_jit = false;
  int rounds = 5;
  std::string json;
  bool with_programs = false;
  bool quiet = false;
};

std::vector<jit::McaCpu> parse_cpus(const std::string& list) {
  std::vector<jit::McaCpu> cpus;
  if (list == "none") return cpus;
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    const std::string item = list.substr(pos, comma - pos);
    const auto c = jit::parse_mca_cpu(item);
    if (!c) {
      throw InputError("--cpus: '" + item +
                       "' is neither znver3, znver4, skylake-avx512, neoverse-n1 nor NAME:ISA (ISA avx2, avx512 "
                       "or neon)");
    }
    cpus.push_back(*c);
    pos = comma + 1;
  }
  return cpus;
}

// Inputs the host timing runs on: 4096 evenly spaced values of the domain clipped to
// [-16, 16] (branch-free kernels take the same time on any input; this keeps subnormal
// results, which some CPUs slow down on, out of the timing).
std::vector<float> timing_inputs(const targets::Target& t) {
  const double lo = t.domain.all_floats ? -16.0 : std::max<double>(t.domain.lo, -16.0);
  const double hi = t.domain.all_floats ? 16.0 : std::min<double>(t.domain.hi, 16.0);
  std::vector<float> xs(4096);
  for (std::size_t i = 0; i < xs.size(); ++i)
    xs[i] = static_cast<float>(lo + (hi - lo) * (static_cast<double>(i) + 0.5) / static_cast<double>(xs.size()));
  return xs;
}

}  // namespace

void register_costmodel(CLI::App& app) {
  static CostModelArgs a;
  auto* cmd = app.add_subcommand(
      "costmodel",
      "Rank correlation of the search's static cost with host-JIT speed and with llvm-mca's predictions for other "
      "CPUs, over a few hundred kernels of a target's template");
  cmd->add_option("TARGET", a.target, "Built-in target name");
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML)");
  cmd->add_option("--kernels", a.kernels, "Distinct kernels to draw (default 300)")->check(CLI::Range(2, 100000));
  cmd->add_option("--seed", a.seed, "Seed of the random walk (default 1)");
  cmd->add_option("--cpus", a.cpus,
                  "LLVM CPUs llvm-mca models, comma-separated: znver3, znver4, skylake-avx512, neoverse-n1 or "
                  "NAME:ISA; 'none' for no prediction (default: the four)");
  cmd->add_flag("!--no-host-mca", a.host_mca, "Do not also run llvm-mca for the host CPU's model");
  cmd->add_flag("--no-jit", a.no_jit, "Do not time the kernels on this machine");
  cmd->add_option("--rounds", a.rounds, "Timings per kernel, interleaved over all kernels; the median counts (default 5)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--json", a.json, "Write every kernel's costs, timings and predictions to this file");
  cmd->add_flag("--with-programs", a.with_programs, "With --json: also each kernel's program text")
      ->needs(cmd->get_option("--json"));
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
  cmd->callback([] {
    if (a.target_file.empty() && !a.target) throw InputError("costmodel: name a TARGET or pass --target-file");
    const targets::Target& t = target_or_file(a.target, a.target_file, "");
    std::vector<jit::McaCpu> cpus = parse_cpus(a.cpus);
    const ir::Isa host_isa = jit::host_isa();
    if (a.host_mca && !a.no_jit) cpus.push_back({jit::host_cpu_name(), host_isa});
    const auto log = [](const std::string& s) {
      if (!a.quiet) std::cerr << s << std::endl;
    };

    engine::CostStudyOptions so;
    so.kernels = a.kernels;
    so.seed = a.seed;
    log(fmt::format("costmodel {}: drawing {} kernels", t.name, a.kernels));
    const std::vector<ir::Program> kernels = engine::cost_study_kernels(t, so);
    if (kernels.size() < 2) {
      throw InputError("costmodel: " + t.name +
                       " has no baseline cores to draw kernels from (a target file needs a template)");
    }
    // The code every vector runs when no lane takes a cold path: what static_cost costs
    // and what the timing inputs (|x| <= 16) run.
    std::vector<ir::Program> hot;
    for (const ir::Program& k : kernels) hot.push_back(ir::hot_path(k));
    const std::size_t n = kernels.size();
    log(fmt::format("  {} distinct kernels", n));

    // The static cost of every kernel, one column per ISA.
    std::array<std::vector<double>, std::size(ir::kAllIsas)> cost;
    for (ir::Isa isa : ir::kAllIsas)
      for (const ir::Program& k : kernels) cost[static_cast<std::size_t>(isa)].push_back(ir::static_cost(k, isa));
    const auto col = [&cost](ir::Isa isa) -> const std::vector<double>& { return cost[static_cast<std::size_t>(isa)]; };

    std::vector<double> jit_cyc;
    if (!a.no_jit) {
      log("  timing on this machine (" + jit::host_cpu_name() + ")");
      std::vector<jit::Kernel> compiled;
      for (const ir::Program& k : hot) {
        auto c = jit::compile(k);
        if (!c) throw std::runtime_error("a drawn kernel does not compile: " + c.error);
        compiled.push_back(*c);
      }
      const std::vector<float> xs = timing_inputs(t);
      jit::CycleOptions co;
      co.inputs = xs;
      co.samples = 5;
      co.calls_per_sample = 32;
      std::vector<std::vector<double>> samples(n);
      for (int r = 0; r < a.rounds; ++r)
        for (std::size_t j = 0; j < n; ++j) {
          const std::size_t i = r % 2 ? n - 1 - j : j;  // alternate the order between rounds
          samples[i].push_back(jit::measure_cycles_per_element(compiled[i], co));
        }
      for (auto& s : samples) jit_cyc.push_back(median(s));
    }

    std::vector<std::vector<double>> mca(cpus.size());
    for (std::size_t c = 0; c < cpus.size(); ++c) {
      log("  llvm-mca " + cpus[c].name);
      for (const ir::Program& k : hot) {
        const auto r = jit::mca_analyse(k, cpus[c]);
        if (!r) throw InputError("llvm-mca: " + r.error);  // a missing tool or an unknown CPU name
        mca[c].push_back(r->cycles_per_element);
      }
    }

    const auto range = [](const std::vector<double>& v) {
      const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
      return fmt::format("{:.3g} .. {:.3g}", *lo, *hi);
    };
    nlohmann::json corr = nlohmann::json::array();
    std::cout << fmt::format("{}: {} distinct kernels (the baseline and {} drawn, seed {}), static cost {} ({})\n",
                             t.name, n, n - 1, a.seed, range(col(host_isa)), ir::isa_name(host_isa));
    std::cout << "Spearman rank correlation of the static cost with:\n";
    const auto row = [&](const std::string& what, ir::Isa isa, const std::vector<double>& v, const std::string& kind,
                         const std::string& cpu) {
      const double rho = engine::spearman(col(isa), v);
      std::cout << fmt::format("  {:<44} rho {:6.3f}   ({} cycles/elt {})\n", what, rho, kind, range(v));
      corr.push_back({{"against", kind}, {"cpu", cpu}, {"isa", ir::isa_name(isa)}, {"rho", rho}});
    };
    if (!a.no_jit) {
      row(fmt::format("host JIT timing ({}, {})", jit::host_cpu_name(), ir::isa_name(host_isa)), host_isa, jit_cyc,
          "jit", jit::host_cpu_name());
    }
    for (std::size_t c = 0; c < cpus.size(); ++c)
      row(fmt::format("llvm-mca {} ({})", cpus[c].name, ir::isa_name(cpus[c].isa)), cpus[c].isa, mca[c], "mca",
          cpus[c].name);
    if (!a.no_jit && a.host_mca) {
      const double rho = engine::spearman(mca.back(), jit_cyc);
      std::cout << fmt::format("llvm-mca {} against the host JIT timing: rho {:.3f}\n", cpus.back().name, rho);
      corr.push_back({{"against", "jit"}, {"predictor", "mca"}, {"cpu", cpus.back().name}, {"rho", rho}});
    }

    if (a.json.empty()) return;
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < n; ++i) {
      nlohmann::json r = {{"structural_hash", fmt::format("{:016x}", ir::structural_hash(kernels[i]))},
                          {"ops", ir::op_count(hot[i])},
                          {"static_cost", nlohmann::json::object()}};
      for (ir::Isa isa : ir::kAllIsas) r["static_cost"][std::string(ir::isa_name(isa))] = col(isa)[i];
      if (!a.no_jit) r["jit_cycles_per_element"] = jit_cyc[i];
      if (a.with_programs) r["program"] = ir::print(kernels[i]);
      for (std::size_t c = 0; c < cpus.size(); ++c) r["mca_cycles_per_element"][cpus[c].name] = mca[c][i];
      rows.push_back(std::move(r));
    }
    std::ofstream js(a.json);
    js << nlohmann::json{{"target", t.name},
                         {"command", command_line()},
                         {"host_cpu", jit::host_cpu_name()},
                         {"llvm", jit::llvm_version()},
                         {"kernels", n},
                         {"seed", a.seed},
                         {"rounds", a.rounds},
                         {"correlations", corr},
                         {"rows", rows}}
              .dump(1)
       << "\n";
    if (!js) throw InputError("cannot write " + a.json);
  });
}

}  // namespace uf::cli
