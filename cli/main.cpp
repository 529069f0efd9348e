// ulpforge: command-line entry point. Parsing and dispatch only; the commands live in
// cli/cmd_*.cpp.
#include <cstdio>
#include <exception>
#include <iostream>

#include "cli/common.h"

int main(int argc, char** argv) {
  CLI::App app{"ulpforge: discovers fast float32 math kernels, proves them on every input, "
               "and emits SIMD code"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("ulpforge ") + ULPFORGE_VERSION);
  uf::cli::register_targets(app);
  uf::cli::register_eval(app);
  uf::cli::register_verify(app);
  uf::cli::register_search(app);
  uf::cli::register_emit(app);
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
    std::cerr << "ulpforge: " << e.what() << "\n";
    const CLI::App* sub = app.get_subcommands().empty() ? &app : app.get_subcommands().front();
    std::cerr << sub->help("", CLI::AppFormatMode::Normal);
    return 2;
  } catch (const uf::cli::InputError& e) {
    std::cerr << "ulpforge: error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ulpforge: internal error: " << e.what() << "\n";
    return 3;
  }
  return uf::cli::exit_code();
}
