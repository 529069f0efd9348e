// `ulpforge eval`: sampled accuracy of a program (max and mean ULP on a stratified
// sample of the target's domain plus its special inputs), and with --speed its
// JIT-measured cycles per element, beside another program's in the same run.
#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>

#include <fmt/format.h>

#include "cli/common.h"
#include "eval/specials.h"
#include "ir/passes.h"
#include "eval/interp.h"
#include "eval/reference.h"
#include "eval/score.h"
#include "ir/text.h"
#include "jit/jit.h"

namespace uf::cli {

namespace {
struct EvalArgs {
  std::string program;
  std::optional<std::string> target;
  std::size_t samples = 1u << 20;
  std::string cache;
  std::string target_file;
  bool speed = false;
  std::string speed_vs;
  int rounds = 9;
};
}  // namespace

void register_eval(CLI::App& app) {
  static EvalArgs a;
  auto* cmd = app.add_subcommand("eval", "Sampled max/mean ULP of a program against its target");
  cmd->add_option("PROGRAM", a.program, "Program file (.uf): full kernel, template or core")
      ->required();
  cmd->add_option("--target", a.target, "Target name (default: the file's '; target:' line)");
  cmd->add_option("--samples", a.samples, "Number of stratified sample points")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 30));
  cmd->add_option("--cache-dir", a.cache, "Reference cache directory (default: ~/.cache/ulpforge)");
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML)");
  cmd->add_flag("--speed", a.speed,
                "Also measure the kernel's speed: host-JIT TSC cycles per element on 4096 floats spread "
                "over the domain (median of --rounds measurements, each a median of 31 samples of 256 calls)");
  cmd->add_option("--speed-vs", a.speed_vs,
                  "With --speed: measure this other program (same target) in the same run, alternating "
                  "with PROGRAM, and print the ratio of its median to PROGRAM's")
      ->needs(cmd->get_option("--speed"));
  cmd->add_option("--rounds", a.rounds, "With --speed: measurements per program (default 9)")
      ->check(CLI::Range(1, 1000))
      ->needs(cmd->get_option("--speed"));
  cmd->callback([] {
    const targets::Target& t = target_or_file(a.target, a.target_file, a.program);
    const ir::Program prog = load_program(a.program);
    const ir::Program kernel = full_kernel(prog, t, a.program);

    const float lo = t.domain.all_floats ? -std::numeric_limits<float>::max() : t.domain.lo;
    const float hi = t.domain.all_floats ? std::numeric_limits<float>::max() : t.domain.hi;
    eval::PointSet ps;
    ps.x = eval::stratified_sample(lo, hi, a.samples);
    for (const auto& sv : t.specials) ps.x.push_back(sv.x);
    ps.ref = eval::reference_values(t.ref, ps.x,
                                    a.cache.empty() ? eval::default_cache_dir() : std::filesystem::path(a.cache));
    const eval::Score s = eval::score(kernel, ps);

    // Special values are checked bit for bit (any NaN matches NaN).
    const auto failures = eval::special_value_failures(eval::interpreter_batch(kernel), t.specials);
    const std::size_t special_fail = failures.size();
    for (const auto& w : failures) {
      const float want = static_cast<float>(w.ref);
      std::cout << fmt::format("special value mismatch: f({}) = {} (0x{:08x}), expected {} (0x{:08x})\n",
                               ir::hexfloat(w.x), ir::hexfloat(w.y), ir::float_to_bits(w.y),
                               ir::hexfloat(want), ir::float_to_bits(want));
    }
    std::cout << fmt::format("target      {}\n", t.name);
    std::cout << fmt::format("points      {} (stratified over {}, plus {} special inputs)\n",
                             ps.x.size(), t.domain.describe(), t.specials.size());
    std::cout << fmt::format("max ULP     {:.6g}\n", s.max_ulp);
    std::cout << fmt::format("mean ULP    {:.6g}\n", s.mean_ulp);
    std::cout << fmt::format("worst x     {:.9g} (0x{:08x}, {}) -> {:.9g}\n", s.worst_x,
                             ir::float_to_bits(s.worst_x), ir::hexfloat(s.worst_x), s.worst_y);
    std::cout << fmt::format("specials    {} of {} match\n", t.specials.size() - special_fail,
                             t.specials.size());
    std::cout << fmt::format("ops         {} (static cost {:g}, AVX-512 model)\n", ir::op_count(kernel),
                             ir::static_cost(kernel, ir::Isa::Avx512));
    std::cout << "(sampled: use `ulpforge verify` for a proof over every input)\n";
    if (!a.speed) return;
    // Inputs spread over the domain (the stratified sample thinned to 4096), so the
    // kernel's branches and special paths are taken as often as they are on the domain.
    std::vector<float> inputs;
    const std::size_t step = std::max<std::size_t>(1, ps.x.size() / 4096);
    for (std::size_t i = 0; i < ps.x.size() && inputs.size() < 4096; i += step) inputs.push_back(ps.x[i]);
    jit::CycleOptions co;
    co.inputs = inputs;
    co.calls_per_sample = 256;  // ~1M elements a sample: long enough for the clock
    std::vector<ir::Program> kernels{kernel};
    if (!a.speed_vs.empty()) kernels.push_back(full_kernel(load_program(a.speed_vs), t, a.speed_vs));
    std::vector<jit::Kernel> compiled;
    for (const ir::Program& k : kernels) {
      auto c = jit::compile(k);
      if (!c) throw InputError("--speed: the kernel does not compile: " + c.error);
      compiled.push_back(std::move(*c));
    }
    std::vector<std::vector<double>> cyc(compiled.size());
    // Rounds alternate the order (AB, BA, ...) so neither program always runs first.
    for (int r = 0; r < a.rounds; ++r)
      for (std::size_t j = 0; j < compiled.size(); ++j) {
        const std::size_t i = r % 2 ? compiled.size() - 1 - j : j;
        cyc[i].push_back(jit::measure_cycles_per_element(compiled[i], co));
      }
    const double mine = median(cyc[0]);
    std::cout << fmt::format("speed       {:.3f} cycles/element (host JIT, {}, median of {} rounds)\n", mine,
                             jit::host_cpu_name(), a.rounds);
    if (compiled.size() > 1) {
      const double other = median(cyc[1]);
      std::cout << fmt::format("speed-vs    {:.3f} cycles/element for {}: PROGRAM is {:.3f}x as fast\n", other,
                               a.speed_vs, other / mine);
    }
  });
}

}  // namespace uf::cli
