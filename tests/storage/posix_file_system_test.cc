#include "storage/posix_file_system.h"

#include <gtest/gtest.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <string_view>

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

// A file written from pieces holds them in order, truncating what was there; the source's error
// fails the write.
TEST_F(PosixFileSystemTest, WritesAFileFromPieces) {
  PosixFileSystem fs(dir_.string());
  ASSERT_TRUE(fs.WriteFile("x", std::string(5000, 'z')).ok());
  const std::string big(3 << 20, 'b');  // over the 1 MiB write chunk
  const ByteSource pieces = [&](const PieceWrite& write) {
    for (std::string_view piece : {std::string_view("head;"), std::string_view(),
                                   std::string_view(big), std::string_view(";tail")}) {
      SLUICE_RETURN_IF_ERROR(write(piece));
    }
    return Status::Ok();
  };
  ASSERT_TRUE(fs.WriteFileFrom("x", pieces).ok());
  EXPECT_EQ(fs.ReadFile("x").value(), "head;" + big + ";tail");
  const Status failed = fs.WriteFileFrom("x", [](const PieceWrite& write) {
    SLUICE_RETURN_IF_ERROR(write("part"));
    return Status::IoError("the source broke");
  });
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_EQ(failed.message(), "the source broke");
}

// Stat gives a file's size and modification time (the real clock's, in ms), and says what is a
// directory.
TEST_F(PosixFileSystemTest, StatGivesSizeTimeAndKind) {
  PosixFileSystem fs(dir_.string());
  const auto now_ms = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const int64_t before_ms = now_ms();
  ASSERT_TRUE(fs.CreateDirs("d").ok());
  ASSERT_TRUE(fs.WriteFile("d/f", "hello").ok());
  const int64_t after_ms = now_ms();
  auto f = fs.Stat("d/f");
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  EXPECT_EQ(f->size_bytes, 5);
  EXPECT_FALSE(f->is_dir);
  // File system times may be coarser than the clock's: a second either side.
  EXPECT_GE(f->modified_ms, before_ms - 1000);
  EXPECT_LE(f->modified_ms, after_ms + 1000);
  EXPECT_TRUE(fs.Stat("d")->is_dir);
  EXPECT_EQ(fs.Stat("missing").status().code(), StatusCode::kNotFound);
}

TEST_F(PosixFileSystemTest, RenameNeverReplaces) {
  PosixFileSystem fs(dir_.string());
  ASSERT_TRUE(fs.WriteFile("one", "1").ok());
  ASSERT_TRUE(fs.WriteFile("two", "2").ok());
  EXPECT_EQ(fs.RenameNoReplace("one", "two").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(fs.ReadFile("two").value(), "2");
  ASSERT_TRUE(fs.RenameNoReplace("one", "three").ok());
  EXPECT_FALSE(fs.Exists("one").value());
  // Across directories (cleanSource's archive), still refusing to replace.
  ASSERT_TRUE(fs.CreateDirs("archive/x").ok());
  ASSERT_TRUE(fs.RenameNoReplace("three", "archive/x/three").ok());
  EXPECT_EQ(fs.ReadFile("archive/x/three").value(), "1");
  EXPECT_EQ(fs.RenameNoReplace("two", "archive/x/three").code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(fs.RenameNoReplace("two", "nowhere/two").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice::storage
