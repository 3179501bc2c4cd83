#include "storage/posix_file_system.h"

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include "storage/checkpoint.h"

namespace sluice::storage {
namespace {

class PosixFileSystemTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
    boost::filesystem::create_directories(dir_);
  }
  void TearDown() override { boost::filesystem::remove_all(dir_); }
  boost::filesystem::path dir_;
};

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

TEST_F(PosixFileSystemTest, CheckpointOnRealDiskRefusesASecondWriter) {
  PosixFileSystem fs(dir_.string());
  Checkpoint cp(&fs, spec::kStandardProtocol, nullptr);
  ASSERT_TRUE(cp.CreateLayout().ok());
  ASSERT_TRUE(cp.WriteCommit(0, {7}).ok());
  Status second = cp.WriteCommit(0, {8});
  EXPECT_EQ(second.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(second.message().find("another query is writing to this checkpoint"),
            std::string::npos);
  EXPECT_EQ(cp.ReadCommit(0).value().next_batch_watermark_ms, 7);
  EXPECT_FALSE(fs.Exists("commits/.0.tmp").value());
}

TEST_F(PosixFileSystemTest, PurgeKeepsTheNewestEntries) {
  PosixFileSystem fs(dir_.string());
  Checkpoint cp(&fs, spec::kStandardProtocol, nullptr);
  ASSERT_TRUE(cp.CreateLayout().ok());
  for (int i = 0; i < 6; ++i) {
    ASSERT_TRUE(cp.WriteOffsets(i, OffsetsEntry{}).ok());
    ASSERT_TRUE(cp.WriteCommit(i, {}).ok());
  }
  ASSERT_TRUE(cp.Purge(5, 2).ok());
  EXPECT_EQ(cp.offsets().ListIds().value(), (std::vector<int64_t>{4, 5}));
  EXPECT_EQ(cp.commits().ListIds().value(), (std::vector<int64_t>{4, 5}));
}

}  // namespace
}  // namespace sluice::storage
