#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "engine/atomic_file.h"

namespace uf::engine {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path fresh_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("ulpforge-atomic-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(AtomicFile, WritesAndReplacesContent) {
  const fs::path d = fresh_dir("replace");
  EXPECT_FALSE(write_file_atomic(d / "f.json", "one").has_value());
  EXPECT_EQ(slurp(d / "f.json"), "one");
  EXPECT_FALSE(write_file_atomic(d / "f.json", "two").has_value());
  EXPECT_EQ(slurp(d / "f.json"), "two");
  EXPECT_FALSE(fs::exists(d / "f.json.tmp"));
  fs::remove_all(d);
}

TEST(AtomicFile, DiskFullLeavesPreviousContentIntact) {
  // The temporary file is a symlink to /dev/full: every write fails with ENOSPC.
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
  const fs::path d = fresh_dir("full");
  ASSERT_FALSE(write_file_atomic(d / "ck.json", "previous checkpoint").has_value());
  fs::create_symlink("/dev/full", d / "ck.json.tmp");
  const auto err = write_file_atomic(d / "ck.json", std::string(100000, 'x'));
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot write"), std::string::npos) << *err;
  EXPECT_EQ(slurp(d / "ck.json"), "previous checkpoint");
  fs::remove_all(d);
}

TEST(AtomicFile, MissingDirectoryIsAnErrorNotACrash) {
  const fs::path d = fresh_dir("missing");
  const auto err = write_file_atomic(d / "no" / "such" / "dir" / "ck.json", "x");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot create"), std::string::npos) << *err;
  fs::remove_all(d);
}

TEST(AtomicFile, UnrenameableTargetKeepsOldFileAndRemovesTemp) {
  // The destination is a non-empty directory: rename(2) fails; nothing may be lost.
  const fs::path d = fresh_dir("rename");
  fs::create_directories(d / "ck.json" / "inside");
  const auto err = write_file_atomic(d / "ck.json", "new");
  ASSERT_TRUE(err.has_value());
  EXPECT_TRUE(fs::is_directory(d / "ck.json" / "inside"));
  EXPECT_FALSE(fs::exists(d / "ck.json.tmp"));
  fs::remove_all(d);
}

}  // namespace
}  // namespace uf::engine
