// `ulpforge polyfit`: the fitted-polynomial kernel of a target's template
// (engine/poly_fit.h), proven exhaustively: the baseline a searched kernel is timed
// against (`ulpforge eval --speed --speed-vs`).
#include <algorithm>
#include <fstream>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "engine/poly_fit.h"
#include "ir/bound.h"
#include "ir/passes.h"
#include "ir/text.h"

namespace uf::cli {

namespace {
struct PolyfitArgs {
  std::optional<std::string> target;
  std::string target_file;
  double max_ulp = 1.0;
  int max_degree = 12;
  int max_proofs = 6;
  int threads = 0;
  std::string out;
  bool quiet = false;
};
}  // namespace

void register_polyfit(CLI::App& app) {
  static PolyfitArgs a;
  auto* cmd = app.add_subcommand(
      "polyfit",
      "Fitted-polynomial kernel of a target's template (each hole r^m P(r^s), lowest cost whose fit proves), "
      "proven exhaustively");
  cmd->add_option("TARGET", a.target, "Built-in target name");
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML)");
  cmd->add_option("--max-ulp", a.max_ulp, "Bound to prove (default 1)");
  cmd->add_option("--max-degree", a.max_degree, "Largest degree of P (default 12)")->check(CLI::Range(0, 24));
  cmd->add_option("--max-proofs", a.max_proofs, "Exhaustive proofs before giving up (default 6)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--threads", a.threads, "Proof threads (0 = all cores)")->check(CLI::Range(0, 1024));
  cmd->add_option("--out", a.out, "Directory: writes polyfit.uf (the proven kernel) and polyfit.json (every try)");
  cmd->add_flag("--quiet", a.quiet, "No progress lines");
  cmd->callback([] {
    if (!(a.max_ulp > 0)) throw InputError(fmt::format("--max-ulp must be a positive number, got {}", a.max_ulp));
    if (a.target_file.empty() && !a.target) throw InputError("polyfit: name a TARGET or pass --target-file");
    const targets::Target& t = target_or_file(a.target, a.target_file, "");
    if (t.holes.empty()) throw InputError("target " + t.name + " has no holes: nothing to fit");

    engine::PolyFitOptions o;
    o.bound = a.max_ulp;
    o.max_degree = a.max_degree;
    o.max_proofs = a.max_proofs;
    if (!a.quiet) o.log = [](const std::string& s) { std::cerr << s << "\n"; };
    o.prove = [&t](const ir::Program& kernel) -> engine::PolyFitProof {
      const eval::VerifyReport rep = prove_kernel(kernel, t, a.max_ulp, a.threads);
      if (!rep.holds()) {
        if (!a.quiet)
          std::cerr << fmt::format("  proof failed: max {} ULP, {} inputs over the bound, {} wrong NaN/inf/sign, "
                                   "{} of {} declared special values not met\n",
                                   ir::format_bound(rep.max_ulp), rep.over_bound, rep.special_mismatches,
                                   rep.declared_special_failures.size(), rep.declared_specials);
        engine::PolyFitProof failed;
        for (const eval::WorstInput& w : rep.worst)
          if (w.ulp > a.max_ulp) failed.failing.push_back(w.x);
        for (const eval::WorstInput& w : rep.specials) failed.failing.push_back(w.x);
        for (const eval::WorstInput& w : rep.declared_special_failures) failed.failing.push_back(w.x);
        return failed;
      }
      return {rep.max_ulp, {}};
    };
    const engine::PolyFitResult r = engine::fit_polynomial_kernel(t, o);
    exit_code() = r.kernel ? 0 : 1;

    nlohmann::json tries = nlohmann::json::array();
    for (const auto& tr : r.tries) {
      nlohmann::json shapes = nlohmann::json::array();
      for (const auto& s : tr.shapes)
        shapes.push_back({{"head", s.head}, {"m", s.m}, {"s", s.s}, {"k", s.k}, {"text", s.describe()}});
      tries.push_back({{"shapes", shapes},
                       {"tolerance", tr.tolerance},
                       {"hole_tolerances", tr.tolerances},
                       {"cost", tr.cost},
                       {"sampled_max_ulp", tr.sampled_max_ulp},
                       {"probe_passed", tr.probed},
                       {"proven_max_ulp", tr.proven ? nlohmann::json(*tr.proven) : nlohmann::json(nullptr)}});
    }
    std::string shapes;
    for (const auto& s : r.shapes) shapes += (shapes.empty() ? "" : "; ") + s.describe();
    if (r.kernel) {
      std::cout << fmt::format("{}: fitted polynomial kernel proven {} ULP, static cost {:g}, {} ops ({})\n", t.name,
                               ir::format_bound(r.proven_max_ulp), r.cost, ir::op_count(*r.kernel), shapes);
    } else {
      std::cout << fmt::format("{}: no fitted polynomial kernel proven within {} ULP ({} tries)\n", t.name, a.max_ulp,
                               r.tries.size());
    }
    if (a.out.empty()) return;
    std::filesystem::create_directories(a.out);
    const std::filesystem::path dir(a.out);
    if (!r.kernel) std::filesystem::remove(dir / "polyfit.uf");  // never leave an older run's kernel beside this record
    if (r.kernel) {
      std::ofstream uf(dir / "polyfit.uf");
      uf << "; target: " << t.name << "\n"
         << "; fitted polynomial kernel (ulpforge polyfit: each hole " << shapes << ")\n"
         << "; domain: " << t.domain.describe() << "\n"
         << proven_line(r.proven_max_ulp, t)
         << fmt::format("; static cost {:g}, {} ops\n", r.cost, ir::op_count(*r.kernel))
         << "; command: " << command_line() << "\n"
         << ir::print(*r.kernel);
      if (!uf) throw InputError("cannot write " + (dir / "polyfit.uf").string());
    }
    std::ofstream js(dir / "polyfit.json");
    js << nlohmann::json{{"target", t.name},
                         {"max_ulp_bound", a.max_ulp},
                         {"max_degree", a.max_degree},
                         {"max_proofs", a.max_proofs},
                         {"proofs", std::count_if(r.tries.begin(), r.tries.end(),
                                                  [](const engine::PolyFitTry& t) { return t.probed; })},
                         {"proven", r.kernel.has_value()},
                         {"proven_max_ulp", r.kernel ? nlohmann::json(r.proven_max_ulp) : nlohmann::json(nullptr)},
                         {"cost", r.kernel ? nlohmann::json(r.cost) : nlohmann::json(nullptr)},
                         {"shapes", shapes},
                         {"command", command_line()},
                         {"tries", tries}}
              .dump(2)
       << "\n";
    if (!js) throw InputError("cannot write " + (dir / "polyfit.json").string());
  });
}

}  // namespace uf::cli
