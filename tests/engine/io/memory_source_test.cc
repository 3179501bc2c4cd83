#include "engine/io/memory_source.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

namespace sluice::engine {
namespace {

const Schema kSchema{{{"v", DataType::kInt64}}};

TEST(MemorySource, SpreadsRowsOverPartitionsAndReadsRanges) {
  MemorySource s("m", kSchema, 2);
  ASSERT_TRUE(s.AddRows({{int64_t{0}}, {int64_t{1}}, {int64_t{2}}}).ok());
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{2, 1}));
  RecordBatch p0 = s.Read(0, 0, 2).value();
  EXPECT_EQ(p0.column(0).Int(1), 2);
}

TEST(MemorySource, ReadLimitSplitsByBacklog) {
  MemorySource s("m", kSchema, 2, ReadLimit{3});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s.AddRowsTo(i < 8 ? 0 : 1, {{int64_t{i}}}).ok());
  PartitionOffsets end = s.LatestOffsets({0, 0}, s.DefaultReadLimit()).value();
  EXPECT_EQ(end[0] + end[1], 3);
  EXPECT_GE(end[1], 0);
  EXPECT_EQ(ApplyRowLimit({0, 0}, {1, 1}, 5), (PartitionOffsets{1, 1}));
  EXPECT_EQ(ApplyRowLimit({0, 0, 0}, {1, 1, 1}, 2), (PartitionOffsets{1, 1, 0}));
}

TEST(MemorySource, CommittedRowsAreGoneForGood) {
  MemorySource s("m", kSchema, 1);
  ASSERT_TRUE(s.AddRows({{int64_t{0}}, {int64_t{1}}, {int64_t{2}}}).ok());
  ASSERT_TRUE(s.Commit({2}).ok());
  auto lost = s.Read(0, 1, 3);
  EXPECT_EQ(lost.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(lost.status().message().find("source 'm' partition 0"), std::string::npos);
  EXPECT_EQ(s.Read(0, 2, 3).value().column(0).Int(0), 2);
}

const Schema kEvents{{{"id", DataType::kInt64}, {"t", DataType::kTimestamp}}};

TEST(MemorySource, ARowOfTheWrongLengthIsAnErrorNamingTheRowAndTheColumns) {
  MemorySource s("events", kEvents, 1);
  const Status st = s.AddRows({{int64_t{1}, int64_t{10}},
                               {int64_t{2}, int64_t{20}},
                               {int64_t{3}, int64_t{30}, int64_t{4}}});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "memory source 'events': row 2 has 3 values, the schema has 2 columns (id, t)");
}

TEST(MemorySource, AValueOfTheWrongTypeIsAnErrorNamingTheRowAndColumn) {
  MemorySource s("events", kEvents, 1);
  const Status st = s.AddRows({{int64_t{1}, std::string("x")}});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(),
            "memory source 'events': row 0, column 't': expected timestamp, got string \"x\"");
  EXPECT_EQ(s.AddRows({{1.5, int64_t{0}}}).message(),
            "memory source 'events': row 0, column 'id': expected long, got double 1.5");
  EXPECT_EQ(s.AddRows({{int64_t{0}, int64_t{0}}, {true, int64_t{0}}}).message(),
            "memory source 'events': row 1, column 'id': expected long, got bool true");
}

TEST(MemorySource, NullsAndTimestampsAsMicrosecondsFit) {
  MemorySource s("events", kEvents, 1);
  ASSERT_TRUE(s.AddRows({{Value{}, int64_t{5}}, {int64_t{1}, Value{}}}).ok());
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{2}));
}

// All or nothing: a bad row anywhere in a call leaves every partition as it was, including the
// round-robin position, so the next good call lands where it would have.
TEST(MemorySource, ABadCallAddsNothing) {
  MemorySource s("events", kEvents, 2);
  ASSERT_TRUE(s.AddRows({{int64_t{0}, int64_t{0}}}).ok());
  EXPECT_FALSE(s.AddRows({{int64_t{1}, int64_t{1}}, {int64_t{2}, int64_t{2}}, {int64_t{3}}}).ok());
  EXPECT_FALSE(s.AddRowsTo(1, {{int64_t{1}, int64_t{1}}, {std::string("y"), int64_t{1}}}).ok());
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{1, 0}));
  ASSERT_TRUE(s.AddRows({{int64_t{4}, int64_t{4}}}).ok());
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{1, 1}));
  EXPECT_EQ(s.Read(1, 0, 1).value().column(0).Int(0), 4);
}

TEST(MemorySource, AddRowsToAPartitionTheSourceLacksIsAnError) {
  MemorySource s("events", kEvents, 2);
  const Status st = s.AddRowsTo(2, {{int64_t{1}, int64_t{1}}});
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(st.message(), "memory source 'events': partition 2 does not exist (the source has 2)");
  EXPECT_EQ(s.AddRowsTo(-1, {}).code(), StatusCode::kInvalidArgument);
}

TEST(MemorySource, AddBatchToAppendsTheBatchAndRefusesAnotherSchema) {
  MemorySource s("events", kEvents, 2);
  RecordBatch batch(kEvents);
  batch.AppendRow({int64_t{7}, int64_t{70}});
  batch.AppendRow({Value{}, int64_t{80}});
  ASSERT_TRUE(s.AddBatchTo(1, batch).ok());
  ASSERT_TRUE(s.AddBatchTo(1, batch).ok());
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{0, 4}));
  EXPECT_EQ(s.Read(1, 1, 3).value().Encode(),
            s.Read(1, 3, 4).value().Encode() + batch.Slice(0, 1).Encode());

  const Status other = s.AddBatchTo(0, RecordBatch(kSchema));
  EXPECT_EQ(other.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(other.message(), "memory source 'events': a batch of schema " + kSchema.Describe() +
                                 " does not fit the source's " + kEvents.Describe());
  EXPECT_EQ(s.AddBatchTo(2, batch).message(),
            "memory source 'events': partition 2 does not exist (the source has 2)");
  EXPECT_EQ(s.EndOffsets(), (PartitionOffsets{0, 4}));
}

TEST(MemorySource, AReadOfExactlyOneAddedBatchSharesItsColumns) {
  MemorySource s("events", kEvents, 1);
  RecordBatch batch(kEvents);
  batch.AppendRow({int64_t{7}, int64_t{70}});
  batch.AppendRow({int64_t{8}, int64_t{80}});
  ASSERT_TRUE(s.AddBatchTo(0, batch).ok());
  ASSERT_TRUE(s.AddBatchTo(0, batch).ok());
  EXPECT_EQ(&s.Read(0, 2, 4).value().column(0), &batch.column(0));
  // Rows appended later do not reach a batch read before.
  const RecordBatch read = s.Read(0, 2, 4).value();
  ASSERT_TRUE(s.AddRowsTo(0, {{int64_t{9}, int64_t{90}}}).ok());
  EXPECT_EQ(read.num_rows(), 2u);
  EXPECT_EQ(batch.num_rows(), 2u);
  const RecordBatch across = s.Read(0, 3, 5).value();
  ASSERT_EQ(across.num_rows(), 2u);
  EXPECT_EQ(across.Row(0), (std::vector<Value>{int64_t{8}, int64_t{80}}));
  EXPECT_EQ(across.Row(1), (std::vector<Value>{int64_t{9}, int64_t{90}}));
}

// Any sequence of adds (batches, rows, empty adds), commits and reads over one partition reads
// what a plain list of the entries gives: each offset's row, empty adds taking an offset and no
// row.
RC_GTEST_PROP(MemorySource, ReadsAcrossAddedChunksEqualAListOfEntries, ()) {
  MemorySource s("m", kSchema, 1);
  std::vector<std::optional<int64_t>> entries;  // by offset; nullopt: an empty add
  int64_t discarded = 0, next_value = 0;
  const int steps = *rc::gen::inRange(1, 30);
  for (int step = 0; step < steps; ++step) {
    const int what = *rc::gen::inRange(0, 5);
    if (what == 0 || what == 1) {
      const int n = *rc::gen::inRange(1, 5);
      RecordBatch batch(kSchema);
      std::vector<std::vector<Value>> rows;
      for (int i = 0; i < n; ++i) {
        entries.push_back(next_value);
        rows.push_back({Value{next_value}});
        batch.AppendRow({Value{next_value++}});
      }
      RC_ASSERT((what == 0 ? s.AddBatchTo(0, batch) : s.AddRows(rows)).ok());
    } else if (what == 2) {
      entries.push_back(std::nullopt);
      RC_ASSERT(s.AddRows({}).ok());
    } else if (what == 3) {
      const auto end = static_cast<int64_t>(entries.size());
      const int64_t upto = *rc::gen::inRange<int64_t>(discarded, end + 1);
      RC_ASSERT(s.Commit(PartitionOffsets{upto}).ok());
      discarded = std::max(discarded, upto);
    } else {
      const auto end = static_cast<int64_t>(entries.size());
      const int64_t from = *rc::gen::inRange<int64_t>(discarded, end + 1);
      const int64_t to = *rc::gen::inRange<int64_t>(from, end + 1);
      const RecordBatch read = s.Read(0, from, to).value();
      std::vector<int64_t> want;
      for (int64_t o = from; o < to; ++o) {
        if (entries[o]) want.push_back(*entries[o]);
      }
      RC_ASSERT(read.num_rows() == want.size());
      for (size_t r = 0; r < want.size(); ++r) RC_ASSERT(read.column(0).Int(r) == want[r]);
    }
    RC_ASSERT(s.EndOffsets() == PartitionOffsets{static_cast<int64_t>(entries.size())});
  }
}

}  // namespace
}  // namespace sluice::engine
