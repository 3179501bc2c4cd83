// RateMicroBatchSource (connectors/files/rate_micro_batch_source.cc): Spark's rate-micro-batch
// source, its options, offsets and rows, and queries over it (restart, AvailableNow).
#include "connectors/files/rate_micro_batch_source.h"

#include <gtest/gtest.h>

#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/checkpoint.h"

namespace sluice::connectors::files {
namespace {

using engine::SourceOffset;

std::shared_ptr<RateMicroBatchSource> Rate(const std::map<std::string, std::string>& options) {
  auto source = RateMicroBatchSource::Create("rate", options);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? source.value() : nullptr;
}

std::string Error(const std::map<std::string, std::string>& options) {
  return RateMicroBatchSource::Create("rate", options).status().message();
}

TEST(RateMicroBatchSource, OptionsWithSparksDefaultsAndMessages) {
  auto rate = Rate({{"rowsPerBatch", "10"}});
  EXPECT_EQ(rate->Description(),
            "RatePerMicroBatchStream[rowsPerBatch=10, numPartitions=1, startTimestamp=0, "
            "advanceMsPerBatch=1000]");
  const engine::Schema expected{
      {{"timestamp", engine::DataType::kTimestamp}, {"value", engine::DataType::kInt64}}};
  EXPECT_EQ(rate->schema(), expected);
  EXPECT_EQ(Error({}),
            "rate-micro-batch source: invalid value '0'. The option 'rowsPerBatch' "
            "must be positive");
  EXPECT_EQ(Error({{"rowsPerBatch", "0"}}),
            "rate-micro-batch source: invalid value '0'. The option 'rowsPerBatch' must be "
            "positive");
  EXPECT_EQ(Error({{"rowsPerBatch", "ten"}}),
            "rate-micro-batch source: invalid value 'ten' for option 'rowsPerBatch': not an "
            "integer");
  EXPECT_EQ(Error({{"rowsPerBatch", "1"}, {"numPartitions", "0"}}),
            "rate-micro-batch source: invalid value '0'. The option 'numPartitions' must be "
            "positive");
  EXPECT_EQ(Error({{"rowsPerBatch", "1"}, {"advanceMillisPerBatch", "-1"}}),
            "rate-micro-batch source: invalid value '-1'. The option 'advanceMillisPerBatch' must "
            "be non-negative");
  EXPECT_NE(Error({{"rowsPerBatch", "1"}, {"advanceMillisPerBatch", "3000000000"}})
                .find("The option 'advanceMillisPerBatch'"),
            std::string::npos);  // an int, as in Spark
  EXPECT_EQ(Error({{"rowsPerBatch", "1"}, {"rowsPerSecond", "5"}}),
            "rate-micro-batch source: unknown option 'rowsPerSecond' (it takes rowsPerBatch, "
            "numPartitions, startTimestamp, advanceMillisPerBatch)");
}

TEST(RateMicroBatchSource, EachBatchIsTheNextValuesAtTheBatchsTimestamp) {
  auto rate = Rate({{"rowsPerBatch", "5"},
                    {"numPartitions", "2"},
                    {"startTimestamp", "1000"},
                    {"advanceMillisPerBatch", "250"}});
  const SourceOffset start = rate->InitialOffset();
  EXPECT_EQ(start.json, R"({"offset":0,"timestamp":1000})");
  const SourceOffset end = rate->LatestOffset(start, engine::ReadLimit{1}).value();  // no limit
  EXPECT_EQ(end.json, R"({"offset":5,"timestamp":1250})");
  EXPECT_EQ(rate->LatestOffset(end, engine::ReadLimit::All())->json,
            R"({"offset":10,"timestamp":1500})");
  const engine::RecordBatch p0 = rate->Read(0, start, end).value();
  const engine::RecordBatch p1 = rate->Read(1, start, end).value();
  ASSERT_EQ(p0.num_rows(), 3u);  // 0, 2, 4
  ASSERT_EQ(p1.num_rows(), 2u);  // 1, 3
  EXPECT_EQ(p0.column(1).Int(2), 4);
  EXPECT_EQ(p1.column(1).Int(1), 3);
  for (size_t r = 0; r < p0.num_rows(); ++r) EXPECT_EQ(p0.column(0).Int(r), 1000 * 1000);
  EXPECT_EQ(rate->Read(0, end, end)->num_rows(), 0u);
}

TEST(RateMicroBatchSource, OffsetsReadBackCanonicalAndOthersAreRefused) {
  auto rate = Rate({{"rowsPerBatch", "5"}});
  EXPECT_EQ(rate->ParseOffset(R"({ "timestamp": 7, "offset": 3 })")->json,
            R"({"offset":3,"timestamp":7})");
  EXPECT_FALSE(rate->ParseOffset(R"({"partitions": [3]})").ok());
  EXPECT_FALSE(rate->ParseOffset(R"({"offset":-1,"timestamp":0})").ok());
  EXPECT_FALSE(rate->ParseOffset("5").ok());
  EXPECT_FALSE(rate->ParseOffset(R"({"offset":3,"timestamp":9300000000000000})").ok());
  // Option names ignore case, as Spark's.
  EXPECT_NE(Rate({{"ROWSPERBATCH", "2"}, {"numpartitions", "4"}})
                ->Description()
                .find("rowsPerBatch=2, numPartitions=4"),
            std::string::npos);
}

// Three triggers, a restart, three more: the sink holds 0..29 once each, each batch stamped
// with its own timestamp; offsets/N logs the rate-micro-batch shape.
TEST(RateMicroBatchSource, AQueryRunsOneBatchPerTriggerAndResumes) {
  sim::SimEnvironment sim(sim::Rng(11), "rate-");
  auto rate = Rate({{"rowsPerBatch", "5"}, {"numPartitions", "3"}, {"startTimestamp", "5000"}});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto run = [&](int triggers) {
    auto q = engine::DataStream::From(rate).WriteStream().To(sink).Start(sim.env);
    ASSERT_TRUE(q.ok()) << q.status().ToString();
    for (int t = 0; t < triggers; ++t) {
      auto ran = q.value()->RunTrigger();
      ASSERT_TRUE(ran.ok()) << ran.status().ToString();
    }
    q.value()->Stop();
  };
  run(3);
  run(3);
  std::map<int64_t, int> seen;
  for (const auto& [batch, rows] : sink->stored()) {
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      ++seen[rows.column(1).Int(r)];
      EXPECT_EQ(rows.column(0).Int(r), (5000 + 1000 * batch) * 1000) << "batch " << batch;
    }
  }
  ASSERT_EQ(seen.size(), 30u);
  for (const auto& [v, n] : seen) EXPECT_EQ(n, 1) << v;
  EXPECT_EQ(seen.rbegin()->first, 29);
  storage::Checkpoint checkpoint(&sim.disk, spec::kStandardProtocol, nullptr);
  EXPECT_EQ(checkpoint.ReadOffsets(5)->source_ends,
            (std::vector<std::optional<std::string>>{R"({"offset":30,"timestamp":11000})"}));
}

TEST(RateMicroBatchSource, AvailableNowRunsTheOneBatchDueAtTheStart) {
  sim::SimEnvironment sim(sim::Rng(12), "rate-");
  auto rate = Rate({{"rowsPerBatch", "4"}});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto q = engine::DataStream::From(rate)
               .WriteStream()
               .Trigger(engine::Trigger::AvailableNow())
               .To(sink)
               .Start(sim.env);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE(q.value()->AwaitTermination(10).ok());
  EXPECT_EQ(q.value()->state(), spec::query::State::kFinished);
  ASSERT_EQ(sink->stored().size(), 1u);
  EXPECT_EQ(sink->stored()[0].second.num_rows(), 4u);
}

}  // namespace
}  // namespace sluice::connectors::files
