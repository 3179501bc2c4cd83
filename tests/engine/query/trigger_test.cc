#include "engine/query/trigger.h"

#include <gtest/gtest.h>

namespace sluice::engine {
namespace {

TEST(Trigger, ProcessingTimeAlignsToTheInterval) {
  const Trigger t = Trigger::ProcessingTime(Seconds(1));
  EXPECT_EQ(t.NextBoundaryMs(0), 1000);
  EXPECT_EQ(t.NextBoundaryMs(1000), 2000);  // on a boundary: the next one
  EXPECT_EQ(t.NextBoundaryMs(1500), 2000);
  EXPECT_FALSE(Trigger::ProcessingTime(Millis(-1)).Validate().ok());
}

}  // namespace
}  // namespace sluice::engine
