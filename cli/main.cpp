// ulpforge: command-line entry point. Parsing and dispatch only; the commands live in
// cli/cmd_*.cpp.
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include "cli/common.h"

namespace {

std::string rank_prefix() {
  return uf::cli::distributed() ? " (rank " + std::to_string(uf::cli::job_comm()->rank()) + ")" : std::string();
}

// A rank that fails ends the whole job: the others may be waiting for it in a
// collective. A single process just returns its code.
int fail(int code) {
  if (uf::cli::distributed()) {
    std::cerr.flush();
    uf::dist::abort_job(code);
  }
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  // Under mpirun/srun: MPI first (it may consume its own arguments).
  std::unique_ptr<uf::dist::Comm> comm;
  try {
    comm = uf::dist::init(&argc, &argv);
  } catch (const std::exception& e) {
    std::cerr << "ulpforge: error: " << e.what() << "\n";
    return 2;
  }
  uf::cli::job_comm() = comm.get();
  uf::cli::set_command_line(argc, argv);
  CLI::App app{"ulpforge: discovers fast float32 math kernels, proves them on every input, "
               "and emits SIMD code"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ulpforge ") + ULPFORGE_VERSION);
  uf::cli::register_targets(app);
  uf::cli::register_eval(app);
  uf::cli::register_verify(app);
  uf::cli::register_search(app);
  uf::cli::register_polyfit(app);
  uf::cli::register_costmodel(app);
  uf::cli::register_emit(app);
  uf::cli::register_library(app);
  uf::cli::register_asm(app);
  uf::cli::register_bench(app);
  uf::cli::register_report(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // Usage errors (unknown flag, missing argument, bad value): message + usage, exit 2.
    // Every rank parsed the same arguments: only rank 0 prints the usage.
    if (uf::cli::speaks_for_job()) {
      std::cerr << "ulpforge: " << e.what() << "\n";
      const CLI::App* sub = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
      std::cerr << sub->help("", CLI::AppFormatMode::Normal);
    }
    return 2;
  } catch (const uf::cli::InputError& e) {
    std::cerr << "ulpforge: error" << rank_prefix() << ": " << e.what() << "\n";
    return fail(2);
  } catch (const std::exception& e) {
    std::cerr << "ulpforge: internal error" << rank_prefix() << ": " << e.what() << "\n";
    return fail(3);
  }
  return uf::cli::exit_code();
}
