#include "sim/sim_disk.h"

#include <gtest/gtest.h>

namespace sluice::sim {
namespace {

using faults::CrashState;
using faults::UnsyncedData;
using faults::UnsyncedNames;

TEST(SimDisk, ACrashLosesUnsyncedDataAndNames) {
  SimDisk disk;
  Rng rng(1);
  ASSERT_TRUE(disk.CreateDirs("d").ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  ASSERT_TRUE(disk.WriteFile("d/synced", "abc").ok());
  ASSERT_TRUE(disk.SyncFile("d/synced").ok());
  ASSERT_TRUE(disk.SyncDir("d").ok());
  ASSERT_TRUE(disk.WriteFile("d/unsynced", "xyz").ok());
  disk.Crash({UnsyncedData::kLost, UnsyncedNames::kLost}, rng);
  EXPECT_EQ(disk.ReadFile("d/synced").value(), "abc");
  EXPECT_FALSE(disk.Exists("d/unsynced").value());
}

TEST(SimDisk, ASyncedFileWhoseNameWasNotSyncedMayVanish) {
  SimDisk disk;
  Rng rng(1);
  ASSERT_TRUE(disk.WriteFile("f", "data").ok());
  ASSERT_TRUE(disk.SyncFile("f").ok());
  disk.Crash({UnsyncedData::kKept, UnsyncedNames::kLost}, rng);
  EXPECT_FALSE(disk.Exists("f").value());
}

TEST(SimDisk, AnUnsyncedRenameCanBeUndone) {
  SimDisk disk;
  Rng rng(1);
  ASSERT_TRUE(disk.WriteFile(".0.tmp", "entry").ok());
  ASSERT_TRUE(disk.SyncFile(".0.tmp").ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  ASSERT_TRUE(disk.RenameNoReplace(".0.tmp", "0").ok());
  disk.Crash({UnsyncedData::kKept, UnsyncedNames::kLost}, rng);
  EXPECT_FALSE(disk.Exists("0").value());
  EXPECT_EQ(disk.ReadFile(".0.tmp").value(), "entry");
}

TEST(SimDisk, TornWritesKeepAPrefixAndAddGarbage) {
  SimDisk disk;
  Rng rng(7);
  ASSERT_TRUE(disk.WriteFile("f", std::string(100, 'a')).ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  disk.Crash({UnsyncedData::kTorn, UnsyncedNames::kKept}, rng);
  const std::string after = disk.ReadFile("f").value();
  EXPECT_NE(after, std::string(100, 'a'));
  const size_t prefix = after.find_first_not_of('a');
  EXPECT_LT(prefix, 100u);
}

}  // namespace
}  // namespace sluice::sim
