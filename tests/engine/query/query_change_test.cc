// A query restarted on a checkpoint written by a different query is refused at start, naming the
// checkpoint file and what changed (Spark's state schema and operator metadata checks, and its
// "Recovery Semantics after Changes"); the same query, or one whose changes Spark allows,
// restarts and continues.
#include <gtest/gtest.h>

#include <map>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/log_entries.h"

namespace sluice {
namespace {

using engine::AggFn;
using engine::AggSpec;
using engine::Col;
using engine::DataStream;
using engine::DataType;
using engine::GroupKey;
using engine::MemorySource;
using engine::OutputMode;
using engine::Schema;

constexpr int64_t kSecond = 1000000;

class QueryChangeTest : public ::testing::Test {
 protected:
  static std::shared_ptr<MemorySource> Events(DataType t_type = DataType::kTimestamp) {
    return std::make_shared<MemorySource>(
        "events", Schema{{{"id", DataType::kInt64}, {"user", DataType::kString}, {"t", t_type}}},
        1);
  }

  // Counts per user in update mode: one aggregation, state keyed by `key`.
  static DataStream CountBy(const DataStream& in, GroupKey key,
                            AggSpec agg = AggSpec{AggFn::kCount, std::nullopt, "n"}) {
    return in.Aggregate({std::move(key)}, {std::move(agg)});
  }

  Result<std::unique_ptr<engine::StreamingQuery>> Start(const DataStream& stream,
                                                        OutputMode mode = OutputMode::kUpdate) {
    engine::QueryOptions options;
    options.output_mode = mode;
    return stream.WriteStream().Options(options).To(sink_).Start(sim_.env);
  }

  // Starts `stream`, runs one batch of two rows from `events_`, stops.
  void RunOnce(const DataStream& stream, OutputMode mode = OutputMode::kUpdate) {
    auto q = Start(stream, mode);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    ASSERT_TRUE(events_
                    ->AddRows({{next_id_, std::string("a"), next_id_ * kSecond},
                               {next_id_ + 1, std::string("b"), (next_id_ + 1) * kSecond}})
                    .ok());
    next_id_ += 2;
    ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
    q.value()->Stop();
  }

  // Starting `stream` must fail with FailedPrecondition holding the head and `change`, and
  // leave every durable file as it was.
  void ExpectRefused(const DataStream& stream, const std::string& change,
                     OutputMode mode = OutputMode::kUpdate) {
    const std::map<std::string, std::string> before = DurableFiles();
    auto q = Start(stream, mode);
    ASSERT_FALSE(q.ok()) << "the changed query was accepted";
    EXPECT_EQ(q.status().code(), StatusCode::kFailedPrecondition);
    const std::string& m = q.status().message();
    EXPECT_NE(m.find("metadata: this checkpoint was written by a different query: "),
              std::string::npos)
        << m;
    EXPECT_NE(m.find(change), std::string::npos) << m;
    EXPECT_NE(m.find("start the changed query with a new checkpoint directory"), std::string::npos)
        << m;
    EXPECT_EQ(DurableFiles(), before) << "a refused start changed the checkpoint";
  }

  std::map<std::string, std::string> DurableFiles() {
    std::map<std::string, std::string> out;
    for (const std::string& f : sim_.disk.Files()) out[f] = sim_.disk.ReadFile(f).value();
    return out;
  }

  sim::SimEnvironment sim_{sim::Rng(11), "qc-"};
  std::shared_ptr<MemorySource> events_ = Events();
  std::shared_ptr<sim::RecordingSink> sink_ = std::make_shared<sim::RecordingSink>(true);
  int64_t next_id_ = 0;
};

TEST_F(QueryChangeTest, TheSameQueryRestartsAndContinues) {
  auto query = [&] {
    return CountBy(DataStream::From(events_).DropDuplicates({"id"}),
                   GroupKey{Col("user"), "user", std::nullopt});
  };
  RunOnce(query());
  RunOnce(query());
  RunOnce(query());
  EXPECT_EQ(sink_->stored().size(), 3u);
  // The record is in `metadata`, as docs/formats.md says.
  auto meta = storage::DecodeMetadata(sim_.disk.ReadFile("metadata").value(), "metadata");
  ASSERT_TRUE(meta.ok()) << meta.status().ToString();
  ASSERT_TRUE(meta->schema.has_value());
  ASSERT_EQ(meta->schema->stateful.size(), 2u);
  EXPECT_EQ(meta->schema->stateful[0].name, "dedupe");
  EXPECT_EQ(meta->schema->stateful[1].name, "stateStoreSave");
  EXPECT_EQ(meta->schema->stateful[1].value,
            (std::vector<storage::SchemaColumn>{{"n", "count(*)"}}));
}

TEST_F(QueryChangeTest, ASourceWithAnotherSchemaIsRefused) {
  RunOnce(DataStream::From(events_).DropDuplicates({"id"}), OutputMode::kAppend);
  ExpectRefused(DataStream::From(Events(DataType::kString)).DropDuplicates({"id"}),
                "source 0 ('events') schema changed: was (id long, user string, t timestamp), "
                "now (id long, user string, t string)",
                OutputMode::kAppend);
  // The original query still runs on the checkpoint the refusal left alone.
  RunOnce(DataStream::From(events_).DropDuplicates({"id"}), OutputMode::kAppend);
}

TEST_F(QueryChangeTest, AnotherSetOfStatefulOperatorsIsRefused) {
  RunOnce(CountBy(DataStream::From(events_).DropDuplicates({"id"}),
                  GroupKey{Col("user"), "user", std::nullopt}));
  ExpectRefused(CountBy(DataStream::From(events_), GroupKey{Col("user"), "user", std::nullopt}),
                "stateful operators changed: was [dedupe by [id], stateStoreSave by [user]], "
                "now [stateStoreSave by [user]]");
}

TEST_F(QueryChangeTest, StatefulOperatorsInAnotherOrderAreRefused) {
  auto stream = DataStream::From(events_).WithWatermark("t", engine::Seconds(10));
  RunOnce(stream.DropDuplicates({"id"}).DropDuplicatesWithinWatermark({"user"}),
          OutputMode::kAppend);
  ExpectRefused(stream.DropDuplicatesWithinWatermark({"user"}).DropDuplicates({"id"}),
                "stateful operator 0 was dedupe by [id], now dedupeWithinWatermark by [user]; "
                "stateful operator 1 was dedupeWithinWatermark by [user], now dedupe by [id]",
                OutputMode::kAppend);
}

TEST_F(QueryChangeTest, OtherStateKeyColumnsAreRefused) {
  RunOnce(CountBy(DataStream::From(events_), GroupKey{Col("user"), "user", std::nullopt}));
  ExpectRefused(CountBy(DataStream::From(events_), GroupKey{Col("id"), "id", std::nullopt}),
                "state key columns of operator 0 (stateStoreSave) changed: was (user string), "
                "now (id long)");
  ExpectRefused(DataStream::From(events_).Aggregate({GroupKey{Col("user"), "user", std::nullopt},
                                                     GroupKey{Col("id"), "id", std::nullopt}},
                                                    {AggSpec{AggFn::kCount, std::nullopt, "n"}}),
                "state key columns of operator 0 (stateStoreSave) changed: was (user string), "
                "now (user string, id long)");
}

TEST_F(QueryChangeTest, OtherAggregatesAreRefused) {
  const GroupKey by_user{Col("user"), "user", std::nullopt};
  RunOnce(CountBy(DataStream::From(events_), by_user));
  ExpectRefused(CountBy(DataStream::From(events_), by_user, AggSpec{AggFn::kSum, Col("id"), "n"}),
                "state value columns of operator 0 (stateStoreSave) changed: was (n count(*)), "
                "now (n sum(long))");
  ExpectRefused(
      DataStream::From(events_).Aggregate({by_user}, {AggSpec{AggFn::kCount, std::nullopt, "n"},
                                                      AggSpec{AggFn::kMax, Col("t"), "last_seen"}}),
      "state value columns of operator 0 (stateStoreSave) changed: was (n count(*)), "
      "now (n count(*), last_seen max(timestamp))");
}

// Spark's state schema check ignores field names, so renaming a grouping key or an aggregate
// keeps the checkpoint usable; the state is read the same way.
TEST_F(QueryChangeTest, RenamedStateColumnsAreAccepted) {
  RunOnce(CountBy(DataStream::From(events_), GroupKey{Col("user"), "user", std::nullopt}));
  RunOnce(CountBy(DataStream::From(events_), GroupKey{Col("user"), "who", std::nullopt},
                  AggSpec{AggFn::kCount, std::nullopt, "events"}));
  // Users a and b were counted once per run, so the second run's counts continue from 1.
  const engine::RecordBatch& last = sink_->stored().back().second;
  ASSERT_EQ(last.num_rows(), 2u);
  for (size_t r = 0; r < last.num_rows(); ++r) EXPECT_EQ(last.column(1).Int(r), 2);
}

// `metadata` is written before the first batch, so a change is refused even when no batch ran.
TEST_F(QueryChangeTest, AChangeBeforeTheFirstBatchIsRefused) {
  auto first = Start(DataStream::From(events_), OutputMode::kAppend);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  first.value()->Stop();
  auto other = std::make_shared<MemorySource>("other", events_->schema(), 1);
  ExpectRefused(DataStream::From(events_).Union(DataStream::From(other)),
                "it read 1 source(s) ('events'), this query reads 2 ('events', 'other')",
                OutputMode::kAppend);
}

// A checkpoint created before the schema was recorded has a one-line `metadata`: it loads, and
// is left as it is (docs/formats.md).
TEST_F(QueryChangeTest, ACheckpointWithoutARecordedSchemaStillLoads) {
  auto query = [&] {
    return CountBy(DataStream::From(events_), GroupKey{Col("user"), "user", std::nullopt});
  };
  RunOnce(query());
  auto meta = storage::DecodeMetadata(sim_.disk.ReadFile("metadata").value(), "metadata");
  ASSERT_TRUE(meta.ok() && meta->schema.has_value());
  const std::string old_metadata = storage::EncodeMetadata({meta->query_id, std::nullopt});
  sim_.disk.PutDurable("metadata", old_metadata);
  RunOnce(query());
  EXPECT_EQ(sink_->stored().size(), 2u);
  EXPECT_EQ(sim_.disk.ReadFile("metadata").value(), old_metadata);
}

}  // namespace
}  // namespace sluice
