#include "storage/posix_file_system.h"

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include "tests/support/temp_dir_test.h"

namespace sluice::storage {
namespace {

using PosixFileSystemTest = sluice::testing::TempDirTest;

TEST_F(PosixFileSystemTest, WritesSyncsReadsAndLists) {
  PosixFileSystem fs(dir_.string());
  ASSERT_TRUE(fs.CreateDirs("a/b").ok());
  ASSERT_TRUE(fs.WriteFile("a/b/x", "hello").ok());
  ASSERT_TRUE(fs.SyncFile("a/b/x").ok());
  ASSERT_TRUE(fs.SyncDir("a/b").ok());
  EXPECT_EQ(fs.ReadFile("a/b/x").value(), "hello");
  EXPECT_EQ(fs.ListDir("a/b").value(), std::vector<std::string>{"x"});
  EXPECT_EQ(fs.ListDir("nope").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(fs.ReadFile("a/b/missing").status().code(), StatusCode::kNotFound);
}

TEST_F(PosixFileSystemTest, RenameNeverReplaces) {
  PosixFileSystem fs(dir_.string());
  ASSERT_TRUE(fs.WriteFile("one", "1").ok());
  ASSERT_TRUE(fs.WriteFile("two", "2").ok());
  EXPECT_EQ(fs.RenameNoReplace("one", "two").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(fs.ReadFile("two").value(), "2");
  ASSERT_TRUE(fs.RenameNoReplace("one", "three").ok());
  EXPECT_FALSE(fs.Exists("one").value());
}

}  // namespace
}  // namespace sluice::storage
