// Shared plumbing of the `ulpforge` CLI. Each command lives in its own file
// cli/cmd_<name>.cpp and exposes register_<name>(CLI::App&), which adds the
// subcommand with its options and a callback.
//
// Exit codes: 0 success; 1 the command ran but the property asked for does not hold
// (e.g. verify found the bound violated); 2 usage or input error (reason on stderr).
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <vector>
#include <string>

#include "dist/comm.h"
#include "engine/transplant.h"
#include "eval/verify.h"
#include "ir/program.h"
#include "jit/header.h"
#include "targets/target.h"

namespace uf::cli {

// Thrown by a command for a usage or input error: printed to stderr, exit code 2.
struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The exit code a command callback asks for (default 0).
int& exit_code();

// The ranks of this job when started by mpirun/srun (dist/comm.h), else nullptr.
dist::Comm*& job_comm();
// Rank 0, or a process of its own: the one that prints and writes the job's files.
inline bool speaks_for_job() { return !job_comm() || job_comm()->rank() == 0; }
// A job of more than one rank.
inline bool distributed() { return job_comm() && job_comm()->size() > 1; }

// The whole file; throws InputError naming it when it is missing or unreadable.
std::string read_file(const std::filesystem::path& file);

// The seed in a .uf file's provenance comment, as the search writes it ("; found by
// ulpforge 0.1.0 search, seed 3, ..."); none when the file has no such line.
std::optional<std::uint64_t> search_seed_of(const std::string& uf_text);

// The command line of this run, as "ulpforge ARGS..." (arguments with spaces or quotes
// are single-quoted); main() records it before parsing. Provenance lines quote it.
void set_command_line(int argc, char** argv);
// Median of v (v non-empty; an even count takes the mean of the middle two).
double median(std::vector<double> v);
const std::string& command_line();
// What an exhaustive proof of this build runs on: "ulpforge V (commit C), MPFR M, LLVM L,
// glibc G".
std::string proof_environment();

// The provenance and domain part of a header's description: the name uf_<name>, the
// source it was made from, the search seed, and (with a target) its domain. The bound
// is the caller's to set.
jit::HeaderInfo header_info_for(const targets::Target* t, std::string name, std::string source,
                                std::optional<std::uint64_t> seed);

// Value of a `; key: value` (or `# key: value`) comment line of a .uf file's text, if any.
std::optional<std::string> header_field(const std::string& text, std::string_view key);

// Reads and parses a .uf file; throws InputError with "FILE:line:col: message".
ir::Program load_program(const std::filesystem::path& file);
// load_program for a core: also throws InputError "FILE: a core must not contain holes".
ir::Program load_core(const std::filesystem::path& file);

// Resolves the target: --target NAME (built-in), else a `; target: NAME` header line in
// the program file, else throws InputError. Unknown names list the known targets.
const targets::Target& resolve_target(const std::optional<std::string>& name,
                                      const std::filesystem::path& program_file);

// Loads a user-defined target (TOML, targets/user_target.h); the reference stays valid
// for the rest of the process. A bad file throws InputError with the loader's message.
// Its template is then the best start of the catalog templates whose range reduction
// fits (engine/transplant.h); `tried`, when given, receives every template tried.
const targets::Target& load_user_target(const std::string& file,
                                        std::vector<engine::TemplateChoice>* tried = nullptr);

// The target of a command taking both a target name and --target-file: the user target
// when `target_file` is given (a name too is an InputError), else resolve_target().
const targets::Target& target_or_file(const std::optional<std::string>& name, const std::string& target_file,
                                      const std::filesystem::path& program_file);

// Builds the full kernel for a program file: if it has core holes it is a template;
// otherwise, if it is a core for the target's single hole (marked by `; role: core`),
// it is inlined into the target template; otherwise it is taken as a full kernel.
ir::Program full_kernel(const ir::Program& p, const targets::Target& t,
                        const std::filesystem::path& program_file);

// The kernel compiled by the host JIT as a batch function (bit-exact with the f32
// interpreter, tested in jit/), or nullopt when the compile fails; *error then says why.
// Used by every command that proves (verify, search).
std::optional<eval::BatchFn> compile_for_host(const ir::Program& kernel, std::string* error = nullptr);

void register_targets(CLI::App& app);
void register_eval(CLI::App& app);
void register_verify(CLI::App& app);
void register_search(CLI::App& app);   // cli/cmd_search.cpp (engine)
void register_emit(CLI::App& app);     // cli/cmd_emit.cpp (jit)
void register_library(CLI::App& app);  // cli/cmd_library.cpp (jit, report)
void register_asm(CLI::App& app);      // cli/cmd_asm.cpp (jit)
void register_bench(CLI::App& app);    // cli/cmd_bench.cpp (bench)
void register_report(CLI::App& app);   // cli/cmd_report.cpp (bench)
void register_polyfit(CLI::App& app);  // cli/cmd_polyfit.cpp (engine, jit)
void register_costmodel(CLI::App& app);  // cli/cmd_costmodel.cpp (engine, jit)

}  // namespace uf::cli
