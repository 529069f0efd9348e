// Test plumbing for child processes: a shell command with its output captured, the
// `ulpforge` executable (ULPFORGE_CLI) run the same way, and the CLI started in the
// background (for tests that signal or kill it).
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace uf::test {

struct CmdResult {
  int code = -1;       // the exit status; 128 + N for a process killed by signal N
  std::string output;  // stdout and stderr together
};

inline int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Runs `cmd` with /bin/sh, stdout and stderr captured together.
inline CmdResult run_shell(const std::string& cmd) {
  CmdResult r;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  r.code = exit_code(::pclose(p));
  return r;
}

#ifdef ULPFORGE_CLI
// Runs `ulpforge ARGS` (ARGS as written on a shell command line).
inline CmdResult run_cli(const std::string& args) {
  return run_shell(std::string(ULPFORGE_CLI) + " " + args);
}

// Starts `ulpforge ARGS...` with stdout and stderr going to dir/stdout.txt and
// dir/stderr.txt; returns its pid (wait with wait_exit_code()).
inline pid_t spawn_cli(const std::vector<std::string>& args, const std::filesystem::path& dir) {
  const std::string out = (dir / "stdout.txt").string(), err = (dir / "stderr.txt").string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::string cli = ULPFORGE_CLI;
    std::vector<std::string> copy = args;
    std::vector<char*> argv{cli.data()};
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) ::_exit(126);
    ::execv(cli.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}
#endif

// Waits for `pid` and returns its exit code as CmdResult::code does.
inline int wait_exit_code(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) return -1;
  return exit_code(status);
}

inline bool have_tool(const std::string& tool) {
  return run_shell("command -v " + tool + " >/dev/null").code == 0;
}

}  // namespace uf::test
