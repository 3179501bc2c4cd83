#include "sim/sim_disk.h"

#include <gtest/gtest.h>

#include "sim/sim_clock.h"

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

// Linux's fsync error semantics: the failed sync drops the dirty pages; the next sync succeeds
// with nothing to write; reads still see the data until a crash takes it, even with every
// unsynced byte otherwise kept.
TEST(SimDisk, AfterAFailedFsyncALaterSuccessfulSyncDoesNotMakeTheDataDurable) {
  SimDisk disk;
  Rng rng(1);
  ASSERT_TRUE(disk.WriteFile("f", "old").ok());
  ASSERT_TRUE(disk.SyncFile("f").ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  ASSERT_TRUE(disk.WriteFile("f", "new").ok());
  disk.FailSync("f");
  ASSERT_TRUE(disk.SyncFile("f").ok());
  EXPECT_EQ(disk.ReadFile("f").value(), "new");
  disk.Crash({UnsyncedData::kKept, UnsyncedNames::kKept}, rng);
  EXPECT_EQ(disk.ReadFile("f").value(), "old");
  // Writing again dirties the file, and a sync then works as usual.
  ASSERT_TRUE(disk.WriteFile("f", "again").ok());
  disk.FailSync("f");
  ASSERT_TRUE(disk.WriteFile("f", "again").ok());
  ASSERT_TRUE(disk.SyncFile("f").ok());
  disk.Crash({UnsyncedData::kLost, UnsyncedNames::kLost}, rng);
  EXPECT_EQ(disk.ReadFile("f").value(), "again");
}

TEST(SimDisk, RotChangesOneDigitOfTheDurableBytes) {
  SimDisk disk;
  Rng rng(3);
  disk.PutDurable("e", "v1\n{\"a\":42}\n");
  ASSERT_TRUE(disk.RotDigit("e", rng));
  const std::string after = disk.ReadFile("e").value();
  ASSERT_EQ(after.size(), 12u);
  int changed = 0;
  for (size_t i = 0; i < after.size(); ++i) changed += after[i] != "v1\n{\"a\":42}\n"[i];
  EXPECT_EQ(changed, 1);
  disk.Crash({UnsyncedData::kLost, UnsyncedNames::kLost}, rng);
  EXPECT_EQ(disk.ReadFile("e").value(), after);  // durable: the corruption survives a crash
  EXPECT_FALSE(disk.RotDigit("missing", rng));
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

// Across directories each directory's change is durable with that directory's sync.
TEST(SimDisk, ARenameAcrossDirectoriesIsDurableWithBothSyncs) {
  SimDisk disk;
  Rng rng(1);
  ASSERT_TRUE(disk.CreateDirs("a").ok());
  ASSERT_TRUE(disk.CreateDirs("b").ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  ASSERT_TRUE(disk.WriteFile("a/f", "x").ok());
  ASSERT_TRUE(disk.SyncFile("a/f").ok());
  ASSERT_TRUE(disk.SyncDir("a").ok());
  EXPECT_EQ(disk.RenameNoReplace("a/f", "c/f").code(), StatusCode::kNotFound);
  ASSERT_TRUE(disk.RenameNoReplace("a/f", "b/f").ok());
  EXPECT_EQ(disk.ListDir("a").value(), std::vector<std::string>{});
  ASSERT_TRUE(disk.SyncDir("b").ok());
  ASSERT_TRUE(disk.SyncDir("a").ok());
  disk.Crash({UnsyncedData::kLost, UnsyncedNames::kLost}, rng);
  EXPECT_EQ(disk.ReadFile("b/f").value(), "x");
  EXPECT_FALSE(disk.Exists("a/f").value());
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

// Stat: the size, and the simulated time of the last write of the data that is there; a crash
// that loses unsynced data also takes the disk back to the last synced write's time; a rename
// keeps the time.
TEST(SimDisk, StatTellsTheTimeOfTheDataThatSurvives) {
  SimClock clock(5000 * 1000);
  SimDisk disk;
  disk.SetClock(&clock);
  Rng rng(1);
  ASSERT_TRUE(disk.CreateDirs("d").ok());
  ASSERT_TRUE(disk.SyncDir("").ok());
  ASSERT_TRUE(disk.WriteFile("d/f", "one").ok());
  ASSERT_TRUE(disk.SyncFile("d/f").ok());
  ASSERT_TRUE(disk.SyncDir("d").ok());
  EXPECT_EQ(disk.Stat("d/f").value(), (storage::FileInfo{3, 5000, false}));
  clock.AdvanceBy(2000 * 1000);
  ASSERT_TRUE(disk.WriteFile("d/f", "three").ok());
  EXPECT_EQ(disk.Stat("d/f").value(), (storage::FileInfo{5, 7000, false}));
  ASSERT_TRUE(disk.RenameNoReplace("d/f", "d/g").ok());
  ASSERT_TRUE(disk.SyncDir("d").ok());
  EXPECT_EQ(disk.Stat("d/g")->modified_ms, 7000);
  disk.Crash({UnsyncedData::kLost, UnsyncedNames::kKept}, rng);
  EXPECT_EQ(disk.Stat("d/g").value(), (storage::FileInfo{3, 5000, false}));
  // A torn survivor of a later write carries that write's time, not the synced one's.
  clock.AdvanceBy(1000 * 1000);
  ASSERT_TRUE(disk.WriteFile("d/g", "a longer text").ok());
  disk.Crash({UnsyncedData::kTorn, UnsyncedNames::kKept}, rng);
  EXPECT_EQ(disk.Stat("d/g")->modified_ms, 8000);
  EXPECT_TRUE(disk.Stat("d")->is_dir);
  EXPECT_EQ(disk.Stat("d/f").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace sluice::sim
