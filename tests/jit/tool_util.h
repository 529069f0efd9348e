// Test plumbing for running external compilers and emulators: a per-binary scratch
// directory under the build tree (kept after the run: the generated headers and drivers
// are worth inspecting when a test fails) and binary float files, plus the file and
// command helpers of tests/support/ in this namespace.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/files.h"
#include "tests/support/process.h"

namespace uf::jit::test {

using uf::test::CmdResult;
using uf::test::have_tool;
using uf::test::run_shell;
using uf::test::slurp;
using uf::test::write_file;

inline std::filesystem::path work_dir(const std::string& name) {
  const std::filesystem::path d = std::filesystem::path(ULPFORGE_BINARY_DIR) / "jit_test_work" / name;
  std::filesystem::create_directories(d);
  return d;
}

inline void write_floats(const std::filesystem::path& p, const std::vector<float>& v) {
  write_file(p, std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
}

inline std::vector<float> read_floats(const std::filesystem::path& p) {
  const std::string s = slurp(p);
  std::vector<float> v(s.size() / sizeof(float));
  std::memcpy(v.data(), s.data(), v.size() * sizeof(float));
  return v;
}

inline const char* qemu_prefix() { return "qemu-aarch64 -L /usr/aarch64-linux-gnu "; }

}  // namespace uf::jit::test
