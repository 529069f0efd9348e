// `ulpforge verify`: exhaustive check of a program over every float32 input of its
// target's domain (or a sub-interval of it). Exit 0 when the bound holds, 1 when not.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <unistd.h>

#include <fmt/format.h>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "ir/bound.h"
#include "dist/verify.h"
#include "ir/passes.h"
#include "eval/verify.h"

namespace uf::cli {

namespace {
struct VerifyArgs {
  std::string program;
  std::optional<std::string> target;
  std::string target_file;
  std::optional<double> max_ulp;
  std::vector<double> interval;
  int threads = 0;
  std::string json;
  bool quiet = false;
  bool interpreter = false;
  bool scalar_oracle = false;
};
}  // namespace

namespace {
// The exhaustive check of `kernel` on `t` over `dom`, printed (rank 0) as `verify`
// prints it; `what` names a fused kernel's result ("" otherwise). Returns whether it holds.
bool verify_one(const VerifyArgs& a, const ir::Program& kernel, const targets::Target& t,
                const eval::Domain& dom, const std::string& what) {
    eval::VerifyOptions opt;
    if (a.max_ulp) opt.bound = *a.max_ulp;
    opt.threads = a.threads;
    opt.progress = !a.quiet && isatty(2);
    // The target's declared special values are part of the proof; with --interval only
    // those inside the interval (a check of a sub-range says nothing about the others).
    for (const auto& sv : t.specials)
      if (a.interval.empty() || (sv.x >= dom.lo && sv.x <= dom.hi)) opt.specials.push_back(sv);
    opt.batch_oracle = !a.scalar_oracle;
    // The host-JIT kernel (bit-exact with the interpreter, tested in jit/); a failed
    // compile falls back to the interpreter.
    std::optional<eval::BatchFn> compiled;
    if (!a.interpreter) {
      std::string why;
      compiled = compile_for_host(kernel, &why);
      if (!compiled) std::cerr << "verify: JIT compile failed (" << why << "); using the interpreter\n";
    }
    // Under mpirun every rank checks its part of the inputs on --threads threads and
    // gets the reduced report; rank 0 prints it.
    const eval::BatchFn run = compiled ? *compiled : eval::interpreter_batch(kernel);
    const eval::VerifyReport rep = distributed() ? dist::verify_distributed(*job_comm(), run, t.ref, dom, opt)
                                                 : eval::verify_exhaustive(run, t.ref, dom, opt);
    if (!speaks_for_job()) return rep.holds();

    if (!what.empty()) std::cout << what << "\n";
    std::cout << "target " << t.name << ", domain " << dom.describe() << "\n";
    std::cout << "kernel               " << (compiled ? "host JIT" : "f32 interpreter") << "\n";
    if (distributed()) {
      const dist::CommStats cs = job_comm()->stats();
      std::cout << fmt::format("ranks                {} (each checks 1/{} of the inputs; rank 0 spent {:.3g} s in "
                               "communication, {} bytes out, {} in)\n",
                               job_comm()->size(), job_comm()->size(), cs.seconds, cs.bytes_sent, cs.bytes_received);
    }
    std::cout << rep.to_text();
    if (!a.json.empty()) {
      // A fused kernel's results go to FILE with the result's name before the extension.
      std::filesystem::path jf = a.json;
      if (!what.empty()) jf.replace_filename(jf.stem().string() + "." + t.name + jf.extension().string());
      std::ofstream out(jf);
      if (!out) throw InputError("cannot write " + jf.string());
      out << rep.to_json() << "\n";
    }
    if (a.max_ulp) {
      std::cout << (rep.holds() ? fmt::format("PROVEN: max ULP {} <= {} on every input, {} declared special "
                                              "values exact\n",
                                              ir::format_bound(rep.max_ulp), *a.max_ulp, rep.declared_specials)
                                : fmt::format("FAILED: bound {} violated ({} inputs over, {} wrong NaN/inf/sign, "
                                              "{} of {} declared special values not met)\n",
                                              *a.max_ulp, rep.over_bound, rep.special_mismatches,
                                              rep.declared_special_failures.size(), rep.declared_specials));
    } else if (!rep.declared_special_failures.empty()) {
      std::cout << fmt::format("FAILED: {} of {} declared special values not met\n",
                               rep.declared_special_failures.size(), rep.declared_specials);
    }
    return rep.holds();
}
}  // namespace

void register_verify(CLI::App& app) {
  static VerifyArgs a;
  auto* cmd = app.add_subcommand(
      "verify", "Exhaustive proof: check every float32 input of the target's domain");
  cmd->add_option("PROGRAM", a.program, "Program file (.uf): full kernel, template or core")
      ->required();
  cmd->add_option("--target", a.target, "Target name (default: the file's '; target:' line)");
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML)");
  cmd->add_option("--max-ulp", a.max_ulp, "Claimed bound: exit 1 if any input exceeds it");
  cmd->add_option("--interval", a.interval,
                  "Check only the floats in [LO,HI] (within the target's domain)")
      ->expected(2)
      ->delimiter(',');
  cmd->add_option("--threads", a.threads, "Worker threads (0 = all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--json", a.json, "Also write the report as JSON to this file");
  cmd->add_flag("--quiet", a.quiet, "No progress bar");
  cmd->add_flag("--interpreter", a.interpreter,
                "Run the kernel in the f32 interpreter, not the host JIT (same bits, slower)");
  cmd->add_flag("--scalar-oracle", a.scalar_oracle,
                "One scalar libm call per input instead of the SLEEF batch oracle (slower)");
  cmd->callback([] {
    if (a.max_ulp && !(*a.max_ulp > 0.0)) {
      throw InputError(fmt::format("--max-ulp must be a positive number, got {}", *a.max_ulp));
    }
    // A fused kernel (sincosf): each result proven as its part, over the part's domain.
    if (const targets::FusedTarget* f = a.target_file.empty() ? fused_target_of(a.target, a.program) : nullptr) {
      if (!a.interval.empty()) throw InputError("--interval is not supported for a fused kernel (" + f->name + ")");
      const FusedKernel k = load_fused(a.program, *f);
      bool holds = true;
      for (std::size_t i = 0; i < k.kernel.outputs.size(); ++i) {
        const targets::Target& part = f->part(i);
        holds = verify_one(a, ir::remove_dead_code(k.kernel.output(i)), part, part.domain,
                           fmt::format("{} result {} ({}): proven as {}", f->name, i, f->outputs[i], part.name)) &&
                holds;
      }
      exit_code() = holds ? 0 : 1;
      return;
    }
    const ir::Program prog = load_program(a.program);
    const targets::Target& t = target_or_file(a.target, a.target_file, a.program);
    const ir::Program kernel = full_kernel(prog, t, a.program);

    eval::Domain dom = t.domain;
    if (!a.interval.empty()) {
      const double lo = a.interval[0], hi = a.interval[1];
      if (std::isnan(lo) || std::isnan(hi)) throw InputError("--interval: bounds must not be NaN");
      if (lo > hi) throw InputError(fmt::format("--interval: empty interval [{}, {}]", lo, hi));
      const float flo = static_cast<float>(lo), fhi = static_cast<float>(hi);
      const float dlo = t.domain.all_floats ? -std::numeric_limits<float>::infinity() : t.domain.lo;
      const float dhi = t.domain.all_floats ? std::numeric_limits<float>::infinity() : t.domain.hi;
      if (flo < dlo || fhi > dhi) {
        throw InputError(fmt::format("--interval [{}, {}] is outside {}'s domain {}", lo, hi,
                                     t.name, t.domain.describe()));
      }
      dom = eval::Domain{false, flo, fhi};
    }
    exit_code() = verify_one(a, kernel, t, dom, "") ? 0 : 1;
  });
}

}  // namespace uf::cli
