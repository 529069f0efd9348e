// `ulpforge emit`: writes the self-contained C99 header of a kernel (jit/header.h).
// `ulpforge asm` lives in cli/cmd_asm.cpp; both share kernel_for_codegen() below via
// cli/codegen_common.h.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "eval/verify.h"
#include "ir/passes.h"
#include "jit/header.h"
#include "jit/jit.h"

namespace uf::cli {

namespace {
struct EmitArgs {
  std::string program;
  std::string out;
  std::optional<std::string> target;
  std::optional<std::string> name;
  std::optional<double> max_ulp;
  std::optional<double> proven_ulp;
  std::optional<std::uint64_t> seed;
  bool verify = false;
  int threads = 0;
};
}  // namespace

void register_emit(CLI::App& app) {
  static EmitArgs a;
  auto* cmd = app.add_subcommand("emit", "Write a C99 header (scalar + AVX2/AVX-512/NEON bodies)");
  cmd->add_option("PROGRAM", a.program, "Program file (.uf): full kernel, template or core")
      ->required();
  cmd->add_option("--out", a.out, "Header file to write (FILE.h)")->required();
  cmd->add_option("--target", a.target, "Target name (default: the file's '; target:' line)");
  cmd->add_option("--name", a.name, "Function name suffix uf_<name> (default: the target name, "
                                    "else the file name)");
  cmd->add_option("--max-ulp", a.max_ulp, "Stated max ULP bound (recorded as NOT proven)");
  cmd->add_option("--proven-ulp", a.proven_ulp,
                  "Max ULP proven by an exhaustive check (e.g. from `ulpforge verify`)");
  cmd->add_flag("--verify", a.verify,
                "Run the exhaustive check over the target's domain now and record its max ULP");
  cmd->add_option("--seed", a.seed, "Search seed, for the provenance comment");
  cmd->add_option("--threads", a.threads, "Worker threads for --verify (0 = all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->callback([] {
    for (const auto& [flag, v] : {std::pair{"--max-ulp", a.max_ulp}, std::pair{"--proven-ulp", a.proven_ulp}}) {
      if (v && !(*v >= 0.0)) throw InputError(fmt::format("{} must be >= 0, got {}", flag, *v));
    }
    if (a.verify && a.proven_ulp) throw InputError("--verify and --proven-ulp are exclusive");
    const CodegenKernel k = kernel_for_codegen(a.program, a.target, a.name);
    jit::HeaderInfo info;
    info.name = k.name;
    info.source = a.program;
    info.seed = a.seed;
    if (k.target) {
      info.domain_text = k.target->domain.describe();
      if (!k.target->domain.all_floats) {
        info.domain_lo = k.target->domain.lo;
        info.domain_hi = k.target->domain.hi;
      }
    }
    if (a.verify) {
      if (!k.target) throw InputError("--verify needs a target (--target or '; target:' line)");
      eval::VerifyOptions opt;
      opt.threads = a.threads;
      // The host-JIT kernel is checked when it compiles (its bits equal the
      // interpreter's: tests/jit/differential_test.cpp); otherwise the interpreter.
      const jit::Expected<jit::Kernel> jk = jit::compile(k.kernel);
      if (!jk) std::cerr << "host JIT unavailable (" << jk.error << "); verifying with the interpreter\n";
      const eval::VerifyReport rep =
          jk ? eval::verify_exhaustive(jk->batch_fn(), k.target->ref, k.target->domain, opt)
             : eval::verify_exhaustive(k.kernel, k.target->ref, k.target->domain, opt);
      std::cerr << rep.to_text();
      if (rep.special_mismatches > 0) {
        throw InputError(fmt::format("kernel fails {} special values of {}; not emitting a header "
                                     "with a proven bound", rep.special_mismatches, k.target->name));
      }
      info.max_ulp = rep.max_ulp;
      info.max_ulp_proven = true;
    } else if (a.proven_ulp) {
      info.max_ulp = *a.proven_ulp;
      info.max_ulp_proven = true;
    } else if (a.max_ulp) {
      info.max_ulp = *a.max_ulp;
      info.max_ulp_proven = false;
    }
    const jit::Expected<std::string> h = jit::emit_header(k.kernel, info);
    if (!h) throw InputError(a.program + ": " + h.error);
    std::ofstream out(a.out, std::ios::binary);
    if (!out || !(out << *h) || !out.flush()) throw InputError("cannot write " + a.out);
    std::cout << "wrote " << a.out << ": uf_" << jit::header_identifier(k.name) << ", "
              << ir::op_count(k.kernel) << " ops"
              << (info.max_ulp ? fmt::format(", max ULP {:.6g} ({})", *info.max_ulp,
                                             info.max_ulp_proven ? "proven" : "stated")
                               : std::string(", max ULP not verified"))
              << "\n";
  });
}

}  // namespace uf::cli
