// `ulpforge targets`: lists the built-in target functions.
#include <cstdio>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/common.h"
#include "ir/passes.h"
#include "ir/text.h"

namespace uf::cli {

void register_targets(CLI::App& app) {
  auto* cmd = app.add_subcommand("targets", "List the built-in target functions and their domains");
  static bool as_json = false;
  static std::string baseline, assemble, target_file;
  static std::vector<std::string> cores;
  cmd->add_flag("--json", as_json, "Print the list as JSON");
  cmd->add_option("--baseline", baseline,
                  "Print the hand-written baseline kernel of target NAME as a .uf program");
  cmd->add_option("--assemble", assemble,
                  "Print the kernel of target NAME with the --cores programs inlined into its template");
  cmd->add_option("--cores", cores, "Core programs (.uf), one per hole of the --assemble target")
      ->needs(cmd->get_option("--assemble"));
  cmd->add_option("--target-file", target_file,
                  "A user-defined target (TOML): listed alone, and --baseline/--assemble accept its name "
                  "(a composed target's baseline kernel is the composition with the parts' baseline cores)");
  cmd->callback([] {
    std::vector<engine::TemplateChoice> tried;
    const targets::Target* user = target_file.empty() ? nullptr : &load_user_target(target_file, &tried);
    const auto lookup = [&](const std::string& name) -> const targets::Target& {
      if (user && name == user->name) return *user;
      return resolve_target(name, {});
    };
    // A kernel as a .uf program, headed by its target, what it is, and its domain.
    auto print_kernel = [](const targets::Target& t, const std::string& what, const ir::Program& kernel) {
      std::cout << "; target: " << t.name << "\n; " << what << "; domain: " << t.domain.describe() << "\n"
                << ir::print(kernel);
    };
    // A fused target's kernel (several results): printed with `ret %a, %b`.
    auto print_fused = [](const targets::FusedTarget& t, const std::string& what, const ir::MultiProgram& kernel) {
      std::cout << "; target: " << t.name << "\n; " << what << "; results: " << fmt::format("{}", fmt::join(t.outputs, ", "))
                << " (" << fmt::format("{}", fmt::join(t.parts, ", ")) << ")\n" << ir::print(kernel);
    };
    if (const targets::FusedTarget* f = targets::find_fused(assemble)) {
      if (cores.size() != f->part(0).holes.size())
        throw InputError(fmt::format("--assemble {}: {} core program(s) given, the template has {} hole(s)",
                                     f->name, cores.size(), f->part(0).holes.size()));
      std::vector<ir::Program> progs;
      for (const std::string& c : cores) progs.push_back(load_core(c));
      print_fused(*f, fmt::format("fused template with cores {} inlined", fmt::join(cores, ", ")), f->assemble(progs));
      return;
    }
    if (const targets::FusedTarget* f = targets::find_fused(baseline)) {
      print_fused(*f, fmt::format("hand-written baseline kernel ({}'s baseline cores inlined)", f->parts[0]),
                  f->baseline_kernel());
      return;
    }
    if (!assemble.empty()) {
      const targets::Target& t = lookup(assemble);
      if (cores.size() != t.holes.size())
        throw InputError(fmt::format("--assemble {}: {} core program(s) given, the template has {} hole(s)",
                                     t.name, cores.size(), t.holes.size()));
      std::vector<ir::Program> progs;
      for (const std::string& f : cores) progs.push_back(load_core(f));
      print_kernel(t, fmt::format("template with cores {} inlined", fmt::join(cores, ", ")),
                   ir::inline_cores(t.tmpl, progs));
      return;
    }
    if (!baseline.empty()) {
      const targets::Target& t = lookup(baseline);
      print_kernel(t, "hand-written baseline kernel (template with baseline cores inlined)", t.baseline_kernel());
      return;
    }
    std::vector<const targets::Target*> list;
    if (user) {
      list.push_back(user);
    } else {
      for (const auto& t : targets::catalog()) list.push_back(&t);
    }
    if (as_json) {
      nlohmann::json out = nlohmann::json::array();
      for (const targets::Target* tp : list) {
        const targets::Target& t = *tp;
        nlohmann::json holes = nlohmann::json::array();
        for (const auto& h : t.holes) holes.push_back({{"lo", h.lo}, {"hi", h.hi}, {"what", h.what}});
        out.push_back({{"name", t.name},
                       {"summary", t.summary},
                       {"domain", t.domain.describe()},
                       {"holes", holes}});
      }
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << fmt::format("{:<10} {:<34} {:<6} {}\n", "target", "proven domain", "holes", "summary");
    for (const targets::Target* t : list) {
      std::cout << fmt::format("{:<10} {:<34} {:<6} {}\n", t->name, t->domain.describe(),
                               t->holes.size(), t->summary);
    }
    if (user) {
      if (tried.empty()) return;
      std::cout << "\nstarts tried (template \"auto\"; the first is used): the starting kernel's max ULP on "
                   "the sample and its static cost, or why the template's range reduction does not fit\n";
      for (const engine::TemplateChoice& c : tried) {
        if (c.fits) std::cout << fmt::format("  {:<10} {:>12.4g} ULP  cost {:g}\n", c.name, c.sampled_max_ulp, c.cost);
      }
      for (const engine::TemplateChoice& c : tried) {
        if (!c.fits) std::cout << fmt::format("  {:<10} does not fit: {}\n", c.name, c.why_not);
      }
      return;
    }
    std::cout << "\nfused targets (one kernel, several results; each proven as its part):\n";
    for (const targets::FusedTarget& f : targets::fused_catalog())
      std::cout << fmt::format("{:<10} results {:<26} {}\n", f.name,
                               fmt::format("{} ({})", fmt::join(f.outputs, ", "), fmt::join(f.parts, ", ")), f.summary);
  });
}

}  // namespace uf::cli
