// Test plumbing for running external compilers and emulators: a per-binary scratch
// directory under the build tree, binary float files, and command execution.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace uf::jit::test {

inline std::filesystem::path work_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::path(ULPFORGE_BINARY_DIR) / "jit_test_work" / name;
  std::filesystem::create_directories(d);
  return d;
}

// Writes through a file of its own and renames it into place, so that a process reading
// `p` (ctest -j runs several test processes that write the same shared headers while
// others compile them) sees either the old bytes or the new ones, never a torn file.
inline void write_file(const std::filesystem::path& p, const std::string& bytes) {
  const std::filesystem::path tmp = p.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  std::filesystem::rename(tmp, p);
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline void write_floats(const std::filesystem::path& p, const std::vector<float>& v) {
  write_file(p, std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
}

inline std::vector<float> read_floats(const std::filesystem::path& p) {
  const std::string s = read_file(p);
  std::vector<float> v(s.size() / sizeof(float));
  std::memcpy(v.data(), s.data(), v.size() * sizeof(float));
  return v;
}

struct CmdResult {
  int status = -1;
  std::string output;  // stdout + stderr
};

// Runs a shell command, capturing its combined output.
inline CmdResult run(const std::string& cmd) {
  CmdResult r;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  r.status = ::pclose(p);
  return r;
}

inline bool have_tool(const std::string& tool) {
  return run("command -v " + tool + " >/dev/null").status == 0;
}

inline const char* qemu_prefix() { return "qemu-aarch64 -L /usr/aarch64-linux-gnu "; }

}  // namespace uf::jit::test
