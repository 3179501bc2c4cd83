#include "storage/checkpoint.h"

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>

#include "storage/posix_file_system.h"
#include "tests/support/temp_dir_test.h"

namespace sluice::storage {
namespace {

using CheckpointOnDiskTest = sluice::testing::TempDirTest;

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
