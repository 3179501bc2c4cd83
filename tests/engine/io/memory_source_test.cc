#include "engine/io/memory_source.h"

#include <gtest/gtest.h>

namespace sluice::engine {
namespace {

const Schema kSchema{{{"v", DataType::kInt64}}};

TEST(MemorySource, SpreadsRowsOverPartitionsAndReadsRanges) {
  MemorySource s("m", kSchema, 2);
  s.AddRows({{int64_t{0}}, {int64_t{1}}, {int64_t{2}}});
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{2, 1}));
  RecordBatch p0 = s.Read(0, 0, 2).value();
  EXPECT_EQ(p0.column(0).Int(1), 2);
}

TEST(MemorySource, ReadLimitSplitsByBacklog) {
  MemorySource s("m", kSchema, 2, ReadLimit{3});
  for (int i = 0; i < 10; ++i) s.AddRowsTo(i < 8 ? 0 : 1, {{int64_t{i}}});
  PartitionOffsets end = s.LatestOffsets({0, 0}, s.DefaultReadLimit()).value();
  EXPECT_EQ(end[0] + end[1], 3);
  EXPECT_GE(end[1], 0);
  EXPECT_EQ(ApplyRowLimit({0, 0}, {1, 1}, 5), (PartitionOffsets{1, 1}));
  EXPECT_EQ(ApplyRowLimit({0, 0, 0}, {1, 1, 1}, 2), (PartitionOffsets{1, 1, 0}));
}

TEST(MemorySource, CommittedRowsAreGoneForGood) {
  MemorySource s("m", kSchema, 1);
  s.AddRows({{int64_t{0}}, {int64_t{1}}, {int64_t{2}}});
  ASSERT_TRUE(s.Commit({2}).ok());
  auto lost = s.Read(0, 1, 3);
  EXPECT_EQ(lost.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(lost.status().message().find("source 'm' partition 0"), std::string::npos);
  EXPECT_EQ(s.Read(0, 2, 3).value().column(0).Int(0), 2);
}

}  // namespace
}  // namespace sluice::engine
