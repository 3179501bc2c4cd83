#include "storage/checkpoint.h"

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include "storage/posix_file_system.h"

namespace sluice::storage {
namespace {

class CheckpointOnDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
    boost::filesystem::create_directories(dir_);
  }
  void TearDown() override { boost::filesystem::remove_all(dir_); }
  boost::filesystem::path dir_;
};

TEST_F(CheckpointOnDiskTest, RefusesASecondWriter) {
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

TEST_F(CheckpointOnDiskTest, PurgeKeepsTheNewestEntries) {
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
