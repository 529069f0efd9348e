#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "engine/atomic_file.h"
#include "tests/support/files.h"

namespace uf::engine {
namespace {

namespace fs = std::filesystem;

using test::ScratchDir;
using test::slurp;

TEST(AtomicFile, WritesAndReplacesContent) {
  const ScratchDir d;
  EXPECT_FALSE(write_file_atomic(d / "f.json", "one").has_value());
  EXPECT_EQ(slurp(d / "f.json"), "one");
  EXPECT_FALSE(write_file_atomic(d / "f.json", "two").has_value());
  EXPECT_EQ(slurp(d / "f.json"), "two");
  EXPECT_FALSE(fs::exists(d / "f.json.tmp"));
}

TEST(AtomicFile, DiskFullLeavesPreviousContentIntact) {
  // The temporary file is a symlink to /dev/full: every write fails with ENOSPC.
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "/dev/full not available";
  const ScratchDir d;
  ASSERT_FALSE(write_file_atomic(d / "ck.json", "previous checkpoint").has_value());
  fs::create_symlink("/dev/full", d / "ck.json.tmp");
  const auto err = write_file_atomic(d / "ck.json", std::string(100000, 'x'));
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot write"), std::string::npos) << *err;
  EXPECT_EQ(slurp(d / "ck.json"), "previous checkpoint");
}

TEST(AtomicFile, MissingDirectoryIsAnErrorNotACrash) {
  const ScratchDir d;
  const auto err = write_file_atomic(d / "no" / "such" / "dir" / "ck.json", "x");
  ASSERT_TRUE(err.has_value());
  EXPECT_NE(err->find("cannot create"), std::string::npos) << *err;
}

TEST(AtomicFile, UnrenameableTargetKeepsOldFileAndRemovesTemp) {
  // The destination is a non-empty directory: rename(2) fails; nothing may be lost.
  const ScratchDir d;
  fs::create_directories(d / "ck.json" / "inside");
  const auto err = write_file_atomic(d / "ck.json", "new");
  ASSERT_TRUE(err.has_value());
  EXPECT_TRUE(fs::is_directory(d / "ck.json" / "inside"));
  EXPECT_FALSE(fs::exists(d / "ck.json.tmp"));
}

}  // namespace
}  // namespace uf::engine
