#include "sim/protocol_variants.h"

#include <gtest/gtest.h>

#include <set>

namespace sluice::sim {
namespace {

namespace mb = spec::micro_batch;

TEST(Variants, EachDiffersFromTheStandardTable) {
  namespace ap = spec::atomic_publish;
  namespace rc = spec::recovery;
  EXPECT_NE(variants::kNoSyncBeforeRename.Find(ap::State::kWritingTemp, ap::Event::kOk)->to,
            ap::kTable.Find(ap::State::kWritingTemp, ap::Event::kOk)->to);
  EXPECT_EQ(variants::kCommitBeforeSink.Find(mb::State::kExecuting, mb::Event::kOk)->to,
            mb::State::kCommittingState);
  EXPECT_EQ(
      variants::kReplanUncommitted.Find(rc::State::kDeciding, rc::Event::kCommitOneBehind)->to,
      rc::State::kReplanUncommitted);
}

// The order of the ok path from `from` to done, state by state.
template <typename Table>
std::vector<mb::State> OkPath(const Table& table, mb::State from) {
  std::vector<mb::State> path{from};
  for (int i = 0; i < 32 && path.back() != mb::State::kDone; ++i) {
    const auto* t = table.Find(path.back(), mb::Event::kOk);
    if (t == nullptr) break;
    path.push_back(t->to);
  }
  return path;
}

size_t IndexOf(const std::vector<mb::State>& path, mb::State s) {
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == s) return i;
  }
  return path.size();
}

TEST(Variants, CleanupComesAfterTheCommitOnlyInTheStandardTable) {
  const auto standard = OkPath(mb::kTable, mb::State::kWritingOffsets);
  ASSERT_EQ(standard.back(), mb::State::kDone);
  EXPECT_LT(IndexOf(standard, mb::State::kWritingCommit),
            IndexOf(standard, mb::State::kPurgingLogs));
  EXPECT_LT(IndexOf(standard, mb::State::kWritingCommit),
            IndexOf(standard, mb::State::kMaintainingState));
  const auto maintenance = OkPath(variants::kMaintenanceBeforeCommit, mb::State::kWritingOffsets);
  ASSERT_EQ(maintenance.back(), mb::State::kDone);
  EXPECT_LT(IndexOf(maintenance, mb::State::kMaintainingState),
            IndexOf(maintenance, mb::State::kWritingCommit));
  const auto purge = OkPath(variants::kPurgeBeforeCommit, mb::State::kWritingOffsets);
  ASSERT_EQ(purge.back(), mb::State::kDone);
  EXPECT_LT(IndexOf(purge, mb::State::kPurgingLogs), IndexOf(purge, mb::State::kWritingCommit));
  // Every variant still visits every step of a batch once.
  for (const auto& path :
       {maintenance, purge, OkPath(variants::kStateAfterCommit, mb::State::kWritingOffsets),
        OkPath(variants::kCommitBeforeSink, mb::State::kWritingOffsets)}) {
    EXPECT_EQ(std::set<mb::State>(path.begin(), path.end()).size(), standard.size());
  }
}

}  // namespace
}  // namespace sluice::sim
