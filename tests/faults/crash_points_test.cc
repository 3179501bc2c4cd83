#include "faults/crash_points.h"

#include <gtest/gtest.h>

#include "faults/crashing_file_system.h"
#include "faults/error_injecting_file_system.h"
#include "sim/sim_disk.h"

namespace sluice::faults {
namespace {

TEST(CrashPoints, CrashesAtTheArmedPointBeforeTheOperation) {
  sim::SimDisk disk;
  CrashPoints points;
  CrashingFileSystem fs(&disk, &points);
  points.Arm(2);
  ASSERT_TRUE(fs.WriteFile("a", "1").ok());
  try {
    (void)fs.WriteFile("b", "2");
    FAIL() << "expected a simulated crash";
  } catch (const SimulatedCrash& c) {
    EXPECT_EQ(c.point, 2);
    EXPECT_EQ(c.where, "write b");
  }
  EXPECT_FALSE(disk.Exists("b").value());
  EXPECT_FALSE(points.armed().has_value());
}

TEST(ErrorInjection, FailsTheChosenOperationWithTheChosenError) {
  sim::SimDisk disk;
  ErrorInjectingFileSystem fs(&disk);
  fs.FailOperation(2, IoFault::kEnospc);
  fs.FailOperation(3, IoFault::kSyncFailure);
  ASSERT_TRUE(fs.WriteFile("a", "1").ok());
  EXPECT_EQ(fs.WriteFile("b", "2").code(), StatusCode::kNoSpace);
  EXPECT_EQ(fs.SyncFile("a").code(), StatusCode::kIoError);
  EXPECT_EQ(fs.injected(), 2);
  EXPECT_TRUE(fs.SyncFile("a").ok());
}

TEST(CrashState, VariantsCoverEveryDeterministicCombination) {
  EXPECT_EQ(AllCrashVariants().size(), 8u);
  EXPECT_EQ(AllCrashVariants()[0].Name(), "data=lost,names=lost");
}

}  // namespace
}  // namespace sluice::faults
