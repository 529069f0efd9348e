// `ulpforge library RESULTS --out DIR`: every kernel the manifests RESULTS/*/kernels.json
// list (report/manifest.h), in one header with run-time dispatch (jit/library.h), laid
// out as an installable, relocatable package:
//   DIR/include/ulpforge_math.h
//   DIR/lib/cmake/ulpforge_math/ulpforge_mathConfig.cmake (+ ConfigVersion)
//   DIR/lib/pkgconfig/ulpforge_math.pc
// Each kernel is proven again, exhaustively, by this run (its bound must equal the one
// its manifest records), so the header's provenance names the tool, MPFR, LLVM and glibc
// that proved it; --no-verify takes the manifests' bounds and says so in the header.
#include <gnu/libc-version.h>
#include <mpfr.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/codegen_common.h"
#include "cli/common.h"
#include "engine/atomic_file.h"
#include "ir/bound.h"
#include "jit/jit.h"
#include "jit/library.h"
#include "report/manifest.h"
#include "ulpforge_commit.h"

namespace uf::cli {

namespace {
namespace fs = std::filesystem;

struct LibraryArgs {
  std::string results;
  std::string out;
  bool no_verify = false;
  int threads = 0;
};

// <name> of the uf_<name> a manifest entry's header defines (ulpforge_expf_u4.h -> expf_u4).
std::string function_name(const report::ManifestKernel& k) {
  const std::string f = report::header_function(k.header);
  return f.rfind("uf_", 0) == 0 ? f.substr(3) : f;
}

std::vector<jit::LibraryKernel> collect(const LibraryArgs& a) {
  if (!fs::is_directory(a.results)) throw InputError(a.results + ": not a directory");
  std::vector<fs::path> manifests;
  for (const auto& e : fs::directory_iterator(a.results))
    if (e.is_directory() && fs::exists(e.path() / "kernels.json")) manifests.push_back(e.path() / "kernels.json");
  std::sort(manifests.begin(), manifests.end());
  if (manifests.empty()) throw InputError(a.results + ": no */kernels.json (write them with `ulpforge emit --manifest`)");
  std::vector<jit::LibraryKernel> out;
  for (const fs::path& mf : manifests) {
    const report::ManifestParse r = report::read_manifest_file(mf);
    if (!r) throw InputError(r.error);
    // A fused target's manifest (sincosf): each result is proven as its part, and the
    // bound is the larger of the results'.
    const targets::FusedTarget* fused = targets::find_fused(r.manifest->target);
    const targets::Target& t = fused ? fused->part(0) : resolve_target(r.manifest->target, {});
    for (const report::ManifestKernel& mk : r.manifest->kernels) {
      const fs::path prog = mf.parent_path() / mk.program;
      jit::LibraryKernel lk;
      std::vector<eval::VerifyReport> reps;
      if (fused) {
        const FusedKernel fk = load_fused(prog, *fused);
        lk.fused = fk.kernel;
        lk.outputs = fused->outputs;
        if (!a.no_verify) reps = prove_fused(fk, mk.proven_max_ulp, a.threads);
      } else {
        lk.kernel = full_kernel(load_program(prog), t, prog);
        if (!a.no_verify) reps.push_back(prove_kernel(lk.kernel, t, mk.proven_max_ulp, a.threads));
      }
      lk.tier = mk.tier;
      lk.info = header_info_for(&t, function_name(mk), prog.lexically_relative(a.results).string(),
                                search_seed_of(read_file(prog)));
      lk.info.max_ulp_proven = true;
      if (a.no_verify) {
        lk.info.max_ulp = mk.proven_max_ulp;
        lk.proof = fmt::format("recorded in {} (not re-proven: --no-verify)",
                               mf.lexically_relative(a.results).string());
      } else {
        const ProvenBound b = proven_bound(reps, fused ? fused->parts : std::vector<std::string>{t.name},
                                           fmt::format("{}: uf_{}", prog.string(), lk.info.name));
        const double worst = b.max_ulp;
        if (worst != mk.proven_max_ulp)
          throw InputError(fmt::format("{}: uf_{} proves {} now, the manifest records {}: the manifest "
                                       "is stale (rerun scripts/make-tiers.sh)",
                                       prog.string(), lk.info.name, ir::format_hex_exact(worst),
                                       ir::format_hex_exact(mk.proven_max_ulp)));
        lk.info.max_ulp = worst;
        lk.proof = fmt::format("re-proven by this command: {} inputs{}, {:.1f} s", b.inputs,
                               fused ? fmt::format(" ({} results)", reps.size()) : "", b.seconds);
        std::cerr << fmt::format("proved uf_{}: max ULP {} over {} inputs ({:.1f} s)\n", lk.info.name,
                                 ir::format_bound(worst), b.inputs, b.seconds);
      }
      out.push_back(std::move(lk));
    }
  }
  return out;
}

void write(const fs::path& file, const std::string& text) {
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) throw InputError("cannot create " + file.parent_path().string() + ": " + ec.message());
  if (auto e = engine::write_file_atomic(file, text)) throw InputError(*e);
}

std::string config_cmake(const std::vector<jit::LibraryKernel>& ks) {
  std::string names;
  for (const auto& k : ks) names += (names.empty() ? "" : ";") + jit::header_identifier(k.info.name);
  return fmt::format(
      "# ulpforge_math: header-only float32 math kernels written by `ulpforge library`.\n"
      "# Use: find_package(ulpforge_math) and link ulpforge_math::ulpforge_math (include\n"
      "# directory only; nothing to link). Relocatable: paths are relative to this file.\n"
      "get_filename_component(_ulpforge_math_prefix \"${{CMAKE_CURRENT_LIST_DIR}}/../../..\" ABSOLUTE)\n"
      "if(NOT TARGET ulpforge_math::ulpforge_math)\n"
      "  add_library(ulpforge_math::ulpforge_math INTERFACE IMPORTED)\n"
      "  set_target_properties(ulpforge_math::ulpforge_math PROPERTIES\n"
      "    INTERFACE_INCLUDE_DIRECTORIES \"${{_ulpforge_math_prefix}}/include\")\n"
      "endif()\n"
      "set(ulpforge_math_FUNCTIONS \"{}\")\n"
      "unset(_ulpforge_math_prefix)\n",
      names);
}

std::string config_version_cmake() {
  return fmt::format(
      "set(PACKAGE_VERSION \"{}\")\n"
      "if(PACKAGE_FIND_VERSION VERSION_GREATER PACKAGE_VERSION)\n"
      "  set(PACKAGE_VERSION_COMPATIBLE FALSE)\n"
      "else()\n"
      "  set(PACKAGE_VERSION_COMPATIBLE TRUE)\n"
      "  if(PACKAGE_FIND_VERSION STREQUAL PACKAGE_VERSION)\n"
      "    set(PACKAGE_VERSION_EXACT TRUE)\n"
      "  endif()\n"
      "endif()\n",
      ULPFORGE_VERSION);
}

std::string pkg_config(const std::vector<jit::LibraryKernel>& ks) {
  return fmt::format(
      "prefix=${{pcfiledir}}/../..\n"
      "includedir=${{prefix}}/include\n\n"
      "Name: ulpforge_math\n"
      "Description: float32 math kernels proven on every input ({} functions, header-only)\n"
      "Version: {}\n"
      "Cflags: -I${{includedir}}\n",
      ks.size(), ULPFORGE_VERSION);
}

void run(const LibraryArgs& a) {
  const std::vector<jit::LibraryKernel> ks = collect(a);
  jit::LibraryInfo info;
  info.tool_commit = ULPFORGE_COMMIT;
  info.command = command_line();
  info.proof_env = a.no_verify
                       ? "taken from the manifests (--no-verify); each was proven by `ulpforge emit`"
                       : "exhaustive checks by this command: " + proof_environment();
  info.licence = "Apache-2.0";
  const jit::Expected<std::string> h = jit::emit_library(ks, info);
  if (!h) throw InputError(h.error);
  const fs::path out = a.out;
  write(out / "include" / "ulpforge_math.h", *h);
  write(out / "lib" / "cmake" / "ulpforge_math" / "ulpforge_mathConfig.cmake", config_cmake(ks));
  write(out / "lib" / "cmake" / "ulpforge_math" / "ulpforge_mathConfigVersion.cmake", config_version_cmake());
  write(out / "lib" / "pkgconfig" / "ulpforge_math.pc", pkg_config(ks));
  std::cout << fmt::format("wrote {}: {} functions ({})\n", (out / "include" / "ulpforge_math.h").string(), ks.size(),
                           a.no_verify ? "bounds from the manifests" : "every bound re-proven");
}

}  // namespace

void register_library(CLI::App& app) {
  auto args = std::make_shared<LibraryArgs>();
  LibraryArgs& a = *args;
  auto* cmd = app.add_subcommand(
      "library", "Write ulpforge_math.h (every committed kernel, run-time dispatch) as an installable package");
  cmd->add_option("RESULTS", a.results, "Results directory with <target>/kernels.json manifests")->required();
  cmd->add_option("--out", a.out, "Package directory to write (include/, lib/cmake/, lib/pkgconfig/)")->required();
  cmd->add_flag("--no-verify", a.no_verify,
                "Take the bounds from the manifests instead of proving every kernel again");
  cmd->add_option("--threads", a.threads, "Worker threads for the proofs (0 = all cores)")->check(CLI::Range(0, 1024));
  cmd->callback([args] { run(*args); });
}

}  // namespace uf::cli
