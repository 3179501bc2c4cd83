// SourceLog (storage/source_log.cc): a source's directory of the checkpoint, sources/<n>/.
#include "storage/source_log.h"

#include <gtest/gtest.h>

#include "faults/crash_state.h"
#include "sim/rng.h"
#include "sim/sim_disk.h"
#include "storage/checkpoint.h"

namespace sluice::storage {
namespace {

TEST(SourceLog, EntriesAreWrittenOnceAndReadBack) {
  sim::SimDisk disk;
  Checkpoint checkpoint(&disk, spec::kStandardProtocol, nullptr);
  SourceLog log = checkpoint.SourceLogAt(2);
  EXPECT_EQ(log.dir(), "sources/2");
  EXPECT_FALSE(log.Read(0).value().has_value());
  EXPECT_TRUE(log.ListIds().value().empty());
  EXPECT_FALSE(disk.Exists("sources").value());  // nothing written, nothing created
  ASSERT_TRUE(log.Add(0, {"1700000000000"}).ok());
  ASSERT_TRUE(log.Add(3, {"a", "b"}).ok());
  EXPECT_EQ(log.Add(3, {"c"}).code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(log.Read(3).value(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(log.ListIds().value(), (std::vector<int64_t>{0, 3}));
  // Durable: a crash now keeps both entries.
  sim::Rng rng(1);
  disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_EQ(checkpoint.SourceLogAt(2).Read(0).value(), (std::vector<std::string>{"1700000000000"}));
}

TEST(SourceLog, ATornEntryIsCorruptionNamingTheFile) {
  sim::SimDisk disk;
  Checkpoint checkpoint(&disk, spec::kStandardProtocol, nullptr);
  SourceLog log = checkpoint.SourceLogAt(0);
  ASSERT_TRUE(log.Add(0, {"12345"}).ok());
  const std::string bytes = disk.ReadFile("sources/0/0").value();
  disk.PutDurable("sources/0/0", bytes.substr(0, bytes.size() - 4));
  auto read = log.Read(0);
  EXPECT_EQ(read.status().code(), StatusCode::kCorruption);
  EXPECT_NE(read.status().message().find("sources/0/0"), std::string::npos);
}

}  // namespace
}  // namespace sluice::storage
