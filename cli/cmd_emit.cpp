// `ulpforge emit`: writes the self-contained C99 header of a kernel (jit/header.h).
// `ulpforge asm` lives in cli/cmd_asm.cpp; both share kernel_for_codegen() below via
// cli/codegen_common.h.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "engine/atomic_file.h"
#include "engine/front_io.h"
#include "engine/front_pick.h"
#include "eval/verify.h"
#include "ir/bound.h"
#include "ir/passes.h"
#include "jit/header.h"
#include "report/manifest.h"
#include "jit/jit.h"
#include "ir/text.h"

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
  std::string target_file;
  int max_proofs = 4;
  std::string program_out;
  std::string manifest;
  std::optional<double> tier;
  std::string unless_same;
  bool verify = false;
  int threads = 0;
};

engine::Front read_front(const std::string& file) {
  engine::FrontParse r = engine::read_front_file(file);
  if (!r) throw InputError(r.error);
  return std::move(*r.front);
}


// Writes the header text `h` (jit::emit_header of a kernel of `ops` ops; `results` names a
// fused kernel's results, "" otherwise) and says what it wrote.
void write_header(const EmitArgs& a, const jit::Expected<std::string>& h, const jit::HeaderInfo& info,
                  std::size_t ops, const std::string& results = "") {
  if (!h) throw InputError(a.program + ": " + h.error);
  std::ofstream out(a.out, std::ios::binary);
  if (!out || !(out << *h) || !out.flush()) throw InputError("cannot write " + a.out);
  std::cout << "wrote " << a.out << ": uf_" << jit::header_identifier(info.name)
            << (results.empty() ? "" : " (" + results + ")") << ", " << ops << " ops"
            << (info.max_ulp ? fmt::format(", max ULP {} ({})", ir::format_bound(*info.max_ulp),
                                           info.max_ulp_proven ? "proven" : "stated, not proven")
                             : std::string(", max ULP not verified"))
            << "\n";
}

// --manifest's requirements, checked before anything is written: a kernel file to
// record, and the header, the kernel file and the manifest in one directory.
void check_manifest_args(const EmitArgs& a) {
  namespace fs = std::filesystem;
  if (a.manifest.empty()) return;
  if (a.program_out.empty()) throw InputError("--manifest needs --program-out (the kernel it records)");
  const fs::path dir = fs::absolute(a.manifest).parent_path();
  for (const std::string& f : {a.out, a.program_out}) {
    if (fs::absolute(f).parent_path() != dir) {
      throw InputError(fmt::format("--manifest {}: {} is not in its directory", a.manifest, f));
    }
  }
}

// Records a header whose bound this emit proved in the target's manifest
// (report/manifest.h); the callback checked the arguments (check_manifest_args, and a
// .uf needs --verify) before anything was written.
void record_in_manifest(const EmitArgs& a, std::size_t ops, const jit::HeaderInfo& info,
                        const std::string& target, const std::string& domain) {
  namespace fs = std::filesystem;
  report::Manifest m;
  if (fs::exists(a.manifest)) {
    report::ManifestParse r = report::read_manifest_file(a.manifest);
    if (!r) throw InputError(r.error);
    m = std::move(*r.manifest);
    if (m.target != target) {
      throw InputError(fmt::format("{} is the manifest of {}, not {}", a.manifest, m.target, target));
    }
  }
  m.target = target;
  m.domain = domain;
  report::ManifestKernel k;
  k.id = fs::path(a.out).stem().string();
  k.header = fs::path(a.out).filename().string();
  k.program = fs::path(a.program_out).filename().string();
  k.tier = a.tier.value_or(a.max_ulp.value_or(1.0));
  k.ops = ops;
  k.proven_max_ulp = *info.max_ulp;
  report::upsert(m, std::move(k));
  if (auto e = engine::write_file_atomic(a.manifest, report::encode_manifest(m))) throw InputError(*e);
  std::cout << "recorded " << fs::path(a.out).stem().string() << " in " << a.manifest << "\n";
}

void write_program(const EmitArgs& a, const std::string& text) {
  if (auto e = engine::write_file_atomic(a.program_out, text)) throw InputError(*e);
}

// The program file `src` with its "; proven max ULP:" comment replaced by `line` (or
// added after the leading comments): the rest of the file is kept as it is.
std::string with_proven_line(const std::string& src, const std::string& line) {
  std::istringstream in(src);
  std::string out, l;
  bool placed = false, in_header = true;
  while (std::getline(in, l)) {
    const bool comment = !l.empty() && (l[0] == ';' || l[0] == '#');
    if (l.rfind("; proven max ULP:", 0) == 0) {
      if (!placed) out += line;
      placed = true;
      continue;
    }
    if (in_header && !comment && !placed) {
      out += line;
      placed = true;
    }
    in_header = in_header && comment;
    out += l + "\n";
  }
  if (!placed) out += line;
  return out;
}

void emit_from_front(const EmitArgs& a) {
  if (!a.max_ulp) throw InputError("emitting from a front needs --max-ulp U (the accuracy to pick at)");
  const engine::Front front = read_front(a.program);
  const targets::Target* t = nullptr;
  if (!a.target_file.empty()) {
    t = &load_user_target(a.target_file);
  } else {
    std::optional<std::string> name = a.target;
    if (!name) {
      if (!front.target) throw InputError(a.program + ": no target in the front (pass --target)");
      name = front.target;
    }
    t = &resolve_target(name, {});
  }
  engine::FrontPick p;
  try {
    p = engine::pick_from_front(
        front, a.program, *t, *a.max_ulp, a.max_proofs,
        [&](const ir::Program& k) { return prove_kernel(k, *t, *a.max_ulp, a.threads); }, std::cerr);
  } catch (const engine::FrontPickError& e) {
    throw InputError(e.what());
  }
  if (!a.unless_same.empty() && load_program(a.unless_same) == p.kernel) {
    std::cout << "same kernel as " << a.unless_same << "; nothing written\n";
    return;
  }
  jit::HeaderInfo info = header_info_for(t, a.name.value_or(t->name), a.program, a.seed ? a.seed : p.seed);
  info.max_ulp = p.proven_ulp;
  info.max_ulp_proven = true;
  info.proof_env = "exhaustive check by this command or by the search that wrote the front; this build: " +
                   proof_environment();
  write_header(a, jit::emit_header(p.kernel, info), info, ir::op_count(p.kernel));
  if (!a.program_out.empty()) {
    write_program(a, fmt::format("; target: {}\n; picked by ulpforge emit {} --max-ulp {}\n{}", t->name,
                              a.program, *a.max_ulp, proven_line(p.proven_ulp, *t)) +
                  ir::print(p.kernel));
  }
  if (!a.manifest.empty()) record_in_manifest(a, ir::op_count(p.kernel), info, t->name, t->domain.describe());
}
// A fused kernel (sincosf): each result is proven as its part with --verify; the header's
// bound is the larger of the results'.
void emit_fused(const EmitArgs& a, const targets::FusedTarget& f) {
  if (!a.target_file.empty()) throw InputError("--target-file does not apply to a fused kernel (" + f.name + ")");
  const FusedKernel k = load_fused(a.program, f);
  jit::HeaderInfo info = header_info_for(&f.part(0), a.name.value_or(f.name), a.program,
                                         a.seed ? a.seed : search_seed_of(read_file(a.program)));
  info.domain_lo.reset();
  info.domain_hi.reset();
  for (std::size_t i = 1; i < f.parts.size(); ++i)
    if (f.part(i).domain.describe() != f.part(0).domain.describe())
      throw InputError(f.name + ": its parts have different domains; a fused header needs one");
  std::string proofs;
  if (a.verify) {
    const std::vector<eval::VerifyReport> reps = prove_fused(k, a.max_ulp.value_or(1.0), a.threads);
    for (std::size_t i = 0; i < reps.size(); ++i) {
      std::cerr << reps[i].to_text();
      proofs += fmt::format("{}{} ({}) {}", proofs.empty() ? "" : ", ", f.outputs[i], f.parts[i],
                            ir::format_bound(reps[i].max_ulp));
    }
    info.max_ulp = proven_bound(reps, f.parts, a.program + ": not emitting a header with a proven bound").max_ulp;
    info.max_ulp_proven = true;
    info.proof_env = fmt::format("exhaustive check of each result by this command ({}): {}",
                                 fmt::join(f.parts, ", "), proof_environment());
  } else if (a.max_ulp) {
    info.max_ulp = *a.max_ulp;
    info.max_ulp_proven = false;
  }
  write_header(a, jit::emit_header(k.kernel, f.outputs, info), info, ir::op_count(k.kernel.code),
               fmt::format("{}", fmt::join(f.outputs, ", ")));
  if (!a.program_out.empty()) {
    if (!a.verify) throw InputError("--program-out with a .uf records a proof: it needs --verify");
    write_program(a, with_proven_line(read_file(a.program),
                                      fmt::format("; proven max ULP: {} (the larger of {}; exhaustive check of every "
                                                  "input of {}, special values included, for each result)\n",
                                                  ir::format_bound(*info.max_ulp), proofs,
                                                  f.part(0).domain.describe())));
  }
  if (!a.manifest.empty())
    record_in_manifest(a, ir::op_count(k.kernel.code), info, f.name, f.part(0).domain.describe());
}
}  // namespace

void register_emit(CLI::App& app) {
  // Owned by the command's callback, which CLI11 runs after parsing into it.
  auto args = std::make_shared<EmitArgs>();
  EmitArgs& a = *args;
  auto* cmd = app.add_subcommand("emit", "Write a C99 header (scalar + AVX2/AVX-512/NEON bodies)");
  cmd->add_option("PROGRAM", a.program,
                  "Program file (.uf): full kernel, template or core; or a search front "
                  "(front.json) with --max-ulp: the cheapest member proven within it")
      ->required();
  cmd->add_option("--out", a.out, "Header file to write (FILE.h)")->required();
  cmd->add_option("--target", a.target, "Target name (default: the file's '; target:' line)");
  cmd->add_option("--name", a.name, "Function name suffix uf_<name> (default: the target name, "
                                    "else the file name)");
  cmd->add_option("--max-ulp", a.max_ulp,
                  "With a .uf: stated max ULP bound (recorded as NOT proven). With a front.json: "
                  "the accuracy to pick at (members are verified exhaustively as needed)");
  cmd->add_option("--target-file", a.target_file, "User-defined target (TOML) of the program or front.json");
  cmd->add_option("--program-out", a.program_out,
                  "Also write the kernel as a .uf file with its proven bound (front.json; or a .uf "
                  "with --verify, which may be the input file itself)");
  cmd->add_option("--manifest", a.manifest,
                  "Record the proven header and its --program-out kernel in this kernels.json "
                  "(results/<t>/kernels.json; all three files in one directory)");
  cmd->add_option("--tier", a.tier, "The ULP tier recorded in --manifest (default: --max-ulp, else 1)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--unless-same-as", a.unless_same,
                  "With a front.json: write nothing when the picked kernel is the program of this .uf "
                  "file (a tighter tier's)");
  cmd->add_option("--max-proofs", a.max_proofs,
                  "With a front.json: give up after this many members fail their exhaustive check")
      ->check(CLI::Range(1, 1000));
  // A typed-in number is not a proof: only --verify defines UF_<NAME>_MAX_ULP.
  cmd->add_option("--proven-ulp", a.proven_ulp,
                  "Not accepted: use --verify (prove it now) or --max-ulp (a stated bound)")
      ->group("");
  cmd->add_flag("--verify", a.verify,
                "Run the exhaustive check over the target's domain now and record its max ULP");
  cmd->add_option("--seed", a.seed,
                  "Search seed, for the provenance comment (default: the one on the .uf file's "
                  "'; found by ulpforge ... search, seed N' line)");
  cmd->add_option("--threads", a.threads, "Worker threads for --verify (0 = all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->callback([args] {
    const EmitArgs& a = *args;
    for (const auto& [flag, v] : {std::pair{"--max-ulp", a.max_ulp}, std::pair{"--proven-ulp", a.proven_ulp}}) {
      if (v && !(*v >= 0.0)) throw InputError(fmt::format("{} must be >= 0, got {}", flag, *v));
    }
    if (a.proven_ulp)
      throw InputError("--proven-ulp is not accepted: a header calls a bound proven only when this "
                       "emit proved it (--verify); --max-ulp U records U as a stated, unproven bound");
    const bool front = std::filesystem::path(a.program).extension() == ".json";
    if (!a.manifest.empty() && !front && !a.verify) {
      throw InputError("--manifest records proven kernels only: use --verify, or a front.json");
    }
    check_manifest_args(a);
    if (front) {
      emit_from_front(a);
      return;
    }
    if (const targets::FusedTarget* f = fused_target_of(a.target, a.program)) {
      emit_fused(a, *f);
      return;
    }
    const CodegenKernel k = kernel_for_codegen(a.program, a.target, a.name,
                                               a.target_file.empty() ? nullptr : &load_user_target(a.target_file));
    // The search's seed, if the file is a search result.
    jit::HeaderInfo info = header_info_for(k.target, k.name, a.program,
                                           a.seed ? a.seed : search_seed_of(read_file(a.program)));
    if (a.verify) {
      if (!k.target) throw InputError("--verify needs a target (--target or '; target:' line)");
      const eval::VerifyReport rep = prove_kernel(k.kernel, *k.target, a.max_ulp.value_or(1.0),
                                                   a.threads);
      std::cerr << rep.to_text();
      proven_bound({rep}, {k.target->name}, a.program + ": not emitting a header with a proven bound");
      info.max_ulp = rep.max_ulp;
      info.max_ulp_proven = true;
      info.proof_env = "exhaustive check by this command: " + proof_environment();
      if (!rep.holds())
        std::cerr << fmt::format("note: the kernel exceeds --max-ulp {} ({} inputs); the header states "
                                 "the proven maximum {}\n", a.max_ulp.value_or(1.0), rep.over_bound,
                                 ir::format_bound(rep.max_ulp));
    } else if (a.max_ulp) {
      info.max_ulp = *a.max_ulp;
      info.max_ulp_proven = false;
    }
    write_header(a, jit::emit_header(k.kernel, info), info, ir::op_count(k.kernel));
    if (!a.program_out.empty()) {
      if (!a.verify) throw InputError("--program-out with a .uf records a proof: it needs --verify");
      write_program(a, with_proven_line(read_file(a.program), proven_line(*info.max_ulp, *k.target)));
    }
    if (!a.manifest.empty()) {
      if (!k.target) throw InputError("--manifest needs a target (--target or '; target:' line)");
      record_in_manifest(a, ir::op_count(k.kernel), info, k.target->name, k.target->domain.describe());
    }
  });
}

}  // namespace uf::cli
