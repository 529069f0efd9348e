// Test plumbing for files: reading a whole file, writing one atomically, and scratch
// directories that are removed when the test ends. Every test binary uses these (no
// test defines its own), so a scratch directory is never left behind in /tmp.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

namespace uf::test {

namespace fs = std::filesystem;

// The whole content of `p` (empty when it cannot be read).
inline std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Writes through a file of its own and renames it into place, so that a process reading
// `p` (ctest -j runs several test processes that may write a shared file while others
// read it) sees either the old bytes or the new ones, never a torn file.
inline void write_file(const fs::path& p, const std::string& bytes) {
  const fs::path tmp = p.string() + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  fs::rename(tmp, p);
}

// A fresh, empty directory under the system's temporary directory, named after `name`,
// the running test and the process (so parallel ctest processes never share one), and
// removed with its content when the object goes out of scope. Set
// ULPFORGE_KEEP_TEST_DIRS=1 to keep it for inspection.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name = "") {
    std::string leaf = "ulpforge-test-";
    if (const auto* t = ::testing::UnitTest::GetInstance()->current_test_info()) {
      leaf += std::string(t->test_suite_name()) + "." + t->name() + "-";
    }
    if (!name.empty()) leaf += name + "-";
    leaf += std::to_string(::getpid());
    for (char& c : leaf) {
      if (c == '/') c = '_';  // parameterised test names contain '/'
    }
    path_ = fs::temp_directory_path() / leaf;
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    const char* keep = std::getenv("ULPFORGE_KEEP_TEST_DIRS");
    if (keep && *keep && std::string(keep) != "0") return;
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const fs::path& path() const { return path_; }
  operator const fs::path&() const { return path_; }  // NOLINT: a ScratchDir is a path
  fs::path operator/(const fs::path& rel) const { return path_ / rel; }
  // Writes `text` to path()/rel and returns its path.
  fs::path write(const fs::path& rel, const std::string& text) const {
    const fs::path p = path_ / rel;
    write_file(p, text);
    return p;
  }

 private:
  fs::path path_;
};

}  // namespace uf::test
