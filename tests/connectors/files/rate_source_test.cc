// RateSource (connectors/files/rate_source.cc): Spark's rate source: its values and timestamps,
// options, the start time kept in sources/<n>/0, and queries over it across a restart.
#include "connectors/files/rate_source.h"

#include <gtest/gtest.h>

#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/checkpoint.h"

namespace sluice::connectors::files {
namespace {

using engine::SourceOffset;

std::shared_ptr<RateSource> Rate(const std::map<std::string, std::string>& options) {
  auto source = RateSource::Create("rate", options);
  EXPECT_TRUE(source.ok()) << source.status().ToString();
  return source.ok() ? source.value() : nullptr;
}

std::string Error(const std::map<std::string, std::string>& options) {
  return RateSource::Create("rate", options).status().message();
}

// Spark's own example (RateStreamProvider.valueAtSecond): 10 rows a second after a ramp of 4.
TEST(RateSource, ValuesRampUpThenKeepTheRate) {
  std::vector<int64_t> values;
  for (int64_t s = 0; s <= 6; ++s) values.push_back(RateSource::ValueAtSecond(s, 10, 4));
  EXPECT_EQ(values, (std::vector<int64_t>{0, 2, 6, 12, 20, 30, 40}));
  // 1 row a second over a ramp of 5: the ramp's step is 0, so nothing comes until second 6.
  EXPECT_EQ(RateSource::ValueAtSecond(5, 1, 5), 0);
  EXPECT_EQ(RateSource::ValueAtSecond(6, 1, 5), 1);
  EXPECT_EQ(RateSource::ValueAtSecond(3, 7, 0), 21);
}

TEST(RateSource, OptionsWithSparksDefaultsAndMessages) {
  EXPECT_EQ(Rate({})->Description(),
            "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=default");
  EXPECT_EQ(
      Rate({{"rowsPerSecond", "5"}, {"rampUpTime", "1m"}, {"numPartitions", "3"}})->Description(),
      "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=60, numPartitions=3");
  EXPECT_NE(Rate({{"rampUpTime", "900ms"}})->Description().find("rampUpTimeSeconds=0,"),
            std::string::npos);
  EXPECT_NE(Rate({{"rampUpTime", "7"}})->Description().find("rampUpTimeSeconds=7,"),
            std::string::npos);
  EXPECT_EQ(Error({{"rowsPerSecond", "0"}}),
            "rate source: invalid value '0'. The option 'rowsPerSecond' must be positive");
  EXPECT_EQ(Error({{"rampUpTime", "-1s"}}),
            "rate source: invalid value '-1s'. The option 'rampUpTime' must not be negative");
  EXPECT_EQ(Error({{"rampUpTime", "5 weeks"}}),
            "rate source: invalid value '5 weeks' for option 'rampUpTime': not a duration (a "
            "number with us, ms, s, m, min, h or d)");
  EXPECT_EQ(Error({{"numPartitions", "0"}}),
            "rate source: invalid value '0'. The option 'numPartitions' must be positive");
  EXPECT_EQ(Error({{"rowsPerSecond", "4611686018427387904"}, {"rampUpTime", "3"}}),
            "rate source: max offset with 4611686018427387904 rowsPerSecond is 1, but "
            "'rampUpTimeSeconds' is 3.");
  EXPECT_EQ(Error({{"rowsPerBatch", "1"}}),
            "rate source: unknown option 'rowsPerBatch' (it takes rowsPerSecond, rampUpTime, "
            "numPartitions)");
}

// Start time written at the first start, read back at the next; values of each second spread
// over the partitions, each at the time it is due.
TEST(RateSource, AQueryReadsTheValuesDueAndKeepsItsStartTime) {
  sim::SimEnvironment sim(sim::Rng(21), "rate-");
  sim.clock.AdvanceTo(int64_t{7000} * 1000);  // 7 s after the epoch
  auto rate = Rate({{"rowsPerSecond", "4"}, {"numPartitions", "2"}});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto start = [&] { return engine::DataStream::From(rate).WriteStream().To(sink).Start(sim.env); };

  auto q = start();
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  storage::Checkpoint checkpoint(&sim.disk, spec::kStandardProtocol, nullptr);
  storage::SourceLog log = checkpoint.SourceLogAt(0);
  EXPECT_EQ(log.Read(0).value(), (std::vector<std::string>{"7000"}));
  sim.clock.AdvanceBy(1500 * 1000);  // 1.5 s: second 1 is due
  ASSERT_TRUE(q.value()->RunTrigger().ok());
  q.value()->Stop();
  ASSERT_EQ(sink->stored().size(), 1u);
  const engine::RecordBatch& first = sink->stored()[0].second;
  ASSERT_EQ(first.num_rows(), 4u);
  // Partition 0 holds 0 and 2, partition 1 holds 1 and 3; value v is due at 7000 + 250 v ms.
  std::map<int64_t, int64_t> due_ms;
  for (size_t r = 0; r < first.num_rows(); ++r) {
    due_ms[first.column(1).Int(r)] = first.column(0).Int(r) / 1000;
  }
  EXPECT_EQ(due_ms, (std::map<int64_t, int64_t>{{0, 7000}, {1, 7250}, {2, 7500}, {3, 7750}}));

  sim.clock.AdvanceBy(2000 * 1000);  // now 10.5 s: seconds 2 and 3 are due
  auto again = start();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(log.Read(0).value(), (std::vector<std::string>{"7000"}));  // not written again
  ASSERT_TRUE(again.value()->RunTrigger().ok());
  ASSERT_EQ(sink->stored().size(), 2u);
  const engine::RecordBatch& second = sink->stored()[1].second;
  ASSERT_EQ(second.num_rows(), 8u);
  int64_t lowest = INT64_MAX;
  for (size_t r = 0; r < second.num_rows(); ++r) {
    lowest = std::min(lowest, second.column(1).Int(r));
    if (second.column(1).Int(r) == 4) {
      EXPECT_EQ(second.column(0).Int(r), int64_t{8000} * 1000);
    }
  }
  EXPECT_EQ(lowest, 4);
  EXPECT_EQ(checkpoint.ReadOffsets(1)->source_ends, (std::vector<std::optional<std::string>>{"3"}));
}

// Option names ignore case, as Spark's; offsets past the last second or timestamp are refused.
TEST(RateSource, OptionNamesIgnoreCaseAndOffsetsStayInRange) {
  EXPECT_EQ(Rate({{"ROWSPERSECOND", "5"}, {"rampuptime", "-900ms"}})->Description(),
            "RateStreamV2[rowsPerSecond=5, rampUpTimeSeconds=0, numPartitions=default");
  auto rate = Rate({});
  EXPECT_EQ(rate->ParseOffset("9000000000000")->json, "9000000000000");
  EXPECT_FALSE(rate->ParseOffset("9300000000000").ok());  // its microseconds would not fit
  EXPECT_FALSE(Rate({{"rowsPerSecond", "1000000000"}})->ParseOffset("9300000000").ok());
}

// A source object keeps one checkpoint's start time: a second query is refused.
TEST(RateSource, ASecondQueryOnTheSameSourceIsRefused) {
  sim::SimEnvironment one(sim::Rng(23), "one-");
  sim::SimEnvironment two(sim::Rng(24), "two-");
  auto rate = Rate({});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto first = engine::DataStream::From(rate).WriteStream().To(sink).Start(one.env);
  ASSERT_TRUE(first.ok());
  auto second = engine::DataStream::From(rate).WriteStream().To(sink).Start(two.env);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("rate source 'rate' is read by query " +
                                           first.value()->id() + " and cannot serve query two-"),
            std::string::npos)
      << second.status().ToString();
  // The first query's restart is the same query: accepted.
  first.value()->Stop();
  EXPECT_TRUE(engine::DataStream::From(rate).WriteStream().To(sink).Start(one.env).ok());
}

TEST(RateSource, AnUnreadableStartTimeIsRefusedNamingTheFile) {
  sim::SimEnvironment sim(sim::Rng(22), "rate-");
  auto rate = Rate({});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  {
    auto q = engine::DataStream::From(rate).WriteStream().To(sink).Start(sim.env);
    ASSERT_TRUE(q.ok());
    q.value()->Stop();
  }
  storage::Checkpoint checkpoint(&sim.disk, spec::kStandardProtocol, nullptr);
  ASSERT_TRUE(sim.disk.Remove("sources/0/0").ok());
  ASSERT_TRUE(checkpoint.SourceLogAt(0).Add(0, {"soon"}).ok());
  auto q = engine::DataStream::From(rate).WriteStream().To(sink).Start(sim.env);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("source 0 ('rate'): sources/0/0: the rate source's start "
                                      "time is unreadable"),
            std::string::npos)
      << q.status().ToString();
}

}  // namespace
}  // namespace sluice::connectors::files
