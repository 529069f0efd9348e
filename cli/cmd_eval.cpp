// `ulpforge eval`: sampled accuracy of a program (max and mean ULP on a stratified
// sample of the target's domain plus its special inputs).
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

namespace uf::cli {

namespace {
struct EvalArgs {
  std::string program;
  std::optional<std::string> target;
  std::size_t samples = 1u << 20;
  std::string cache;
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
  cmd->callback([] {
    const ir::Program prog = load_program(a.program);
    const targets::Target& t = resolve_target(a.target, a.program);
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
  });
}

}  // namespace uf::cli
