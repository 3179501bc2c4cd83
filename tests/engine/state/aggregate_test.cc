// Stateful queries end to end over a simulated disk: windows, output modes, late rows, pinned
// shuffle partitions, progress, and scheduling independence.
#include <gtest/gtest.h>

#include <boost/filesystem.hpp>
#include <cmath>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/types/row_codec.h"
#include "runtime/thread_pool_scheduler.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"
#include "storage/posix_file_system.h"

namespace sluice::engine {
namespace {

// A value's text: the test's rows hold longs, doubles, strings, bools and windows (a struct of
// two timestamps, written as its fields joined by a comma).
std::string ScalarText(const Value& v) {
  if (const auto* fields = std::get_if<ValueList>(&v)) {
    std::string text;
    for (const Value& f : *fields) text += (text.empty() ? "" : ",") + ScalarText(f);
    return text;
  }
  if (std::holds_alternative<int64_t>(v)) return ValueToString(v, DataType::kInt64);
  if (std::holds_alternative<double>(v)) return ValueToString(v, DataType::kDouble);
  if (std::holds_alternative<bool>(v)) return ValueToString(v, DataType::kBool);
  return ValueToString(v, DataType::kString);
}

constexpr int64_t kSecond = 1000000;

class StatefulQueryTest : public ::testing::Test {
 protected:
  StatefulQueryTest() { env_ = MakeEnv(&disk_, &scheduler_); }

  // A stream of (k string, d double) rows.
  static std::shared_ptr<MemorySource> NumbersSource() {
    return std::make_shared<MemorySource>(
        "numbers", Schema{{{"k", DataType::kString}, {"d", DataType::kDouble}}}, 1);
  }

  // `aggs` over NumbersSource's rows grouped by k, started into `sink`.
  auto AggregateNumbersByKey(const std::shared_ptr<MemorySource>& source, std::vector<AggSpec> aggs,
                             OutputMode mode, const std::shared_ptr<MemorySink>& sink) {
    return DataStream::From(source)
        .Aggregate({GroupKey{Col("k"), "k", std::nullopt}}, std::move(aggs))
        .WriteStream()
        .OutputMode(mode)
        .To(sink)
        .Start(env_);
  }

  Environment MakeEnv(storage::FileSystem* disk, Scheduler* scheduler) {
    Environment env;
    env.checkpoint_fs = disk;
    env.clock = &clock_;
    env.scheduler = scheduler;
    env.new_id = [this] { return "id-" + std::to_string(ids_++); };
    return env;
  }

  // (key, event time in seconds) rows.
  void Add(std::shared_ptr<MemorySource> source,
           std::vector<std::pair<std::string, int64_t>> rows) {
    std::vector<std::vector<Value>> values;
    for (auto& [k, t] : rows) values.push_back({k, t * kSecond});
    ASSERT_TRUE(source->AddRows(values).ok());
  }

  std::shared_ptr<MemorySource> NewSource(int partitions = 1) {
    return std::make_shared<MemorySource>(
        "events", Schema{{{"k", DataType::kString}, {"t", DataType::kTimestamp}}}, partitions);
  }

  // count per (k, 10 s window sliding by 5 s), watermark 10 s.
  DataStream WindowedCount(std::shared_ptr<MemorySource> source) {
    return DataStream::From(source)
        .WithWatermark("t", "10 seconds")
        .Aggregate({GroupKey{Col("k"), "k", std::nullopt},
                    GroupKey{Col("t"), "w", WindowSpec{Seconds(10), Seconds(5)}}},
                   {AggSpec{AggFn::kCount, std::nullopt, "n"}});
  }

  // WindowedCount over `source` in append mode, started into `sink`.
  auto StartAppendWindowedCount(std::shared_ptr<MemorySource> source,
                                const std::shared_ptr<MemorySink>& sink) {
    return WindowedCount(std::move(source))
        .WriteStream()
        .OutputMode(OutputMode::kAppend)
        .To(sink)
        .Start(env_)
        .value();
  }

  std::multiset<std::string> Rows(const MemorySink& sink) {
    std::multiset<std::string> out;
    for (const auto& row : sink.AllRows()) {
      std::string line;
      for (const Value& v : row) line += ScalarText(v) + ",";
      out.insert(line);
    }
    return out;
  }

  sim::SimDisk disk_;
  sim::SimClock clock_{1000000};
  InlineScheduler scheduler_;
  Environment env_;
  int ids_ = 0;
};

// A global count(*), with no key and no argument, counts every row, batch after batch (its
// projection has no column of its own to carry the rows).
TEST_F(StatefulQueryTest, AGlobalCountOfRowsCountsEveryRow) {
  auto source = NumbersSource();
  auto sink = std::make_shared<MemorySink>();
  auto query = DataStream::From(source)
                   .Aggregate({}, {AggSpec{AggFn::kCount, std::nullopt, "n"}})
                   .WriteStream()
                   .OutputMode(OutputMode::kComplete)
                   .To(sink)
                   .Start(env_);
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  ASSERT_TRUE(source->AddRows({{Value{"a"}, Value{1.0}}, {Value{"b"}, Value{2.0}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(Rows(*sink).count("2,"), 1u) << ::testing::PrintToString(Rows(*sink));
  ASSERT_TRUE(source->AddRows({{Value{"c"}, Value{3.0}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(sink->LastBatchRows(), (std::vector<std::vector<Value>>{{Value{int64_t{3}}}}));
}

// count_distinct counts every NaN as one value and -0.0 as 0.0, as Spark's normalised keys do.
TEST_F(StatefulQueryTest, CountDistinctTakesNaNsAsOneValueAndMinusZeroAsZero) {
  auto source = NumbersSource();
  auto sink = std::make_shared<MemorySink>();
  auto query = AggregateNumbersByKey(source, {AggSpec{AggFn::kCountDistinct, Col("d"), "n"}},
                                     OutputMode::kComplete, sink);
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  const double nan = std::nan("1");
  ASSERT_TRUE(source->AddRows({{Value{"a"}, Value{nan}}, {Value{"a"}, Value{1.0}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  ASSERT_TRUE(source
                  ->AddRows({{Value{"a"}, Value{-std::nan("2")}},
                             {Value{"a"}, Value{-0.0}},
                             {Value{"a"}, Value{0.0}}})
                  .ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(Rows(*sink).count("a,3,"), 1u);  // NaN, 1.0 and 0.0
}

// Spark orders NaN above every other double: max is NaN once one is seen, across batches too,
// and min ignores it while another value is there.
TEST_F(StatefulQueryTest, MinAndMaxOfDoublesTakeNaNAsTheLargestValue) {
  auto source = NumbersSource();
  auto sink = std::make_shared<MemorySink>();
  auto query = AggregateNumbersByKey(
      source, {AggSpec{AggFn::kMin, Col("d"), "lo"}, AggSpec{AggFn::kMax, Col("d"), "hi"}},
      OutputMode::kUpdate, sink);
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  const double nan = std::nan("1");
  ASSERT_TRUE(source->AddRows({{Value{"a"}, Value{2.0}}, {Value{"b"}, Value{nan}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  ASSERT_TRUE(
      source->AddRows({{Value{"a"}, Value{-std::nan("2")}}, {Value{"b"}, Value{-1.0}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  // Update mode: each batch's changed groups.
  EXPECT_EQ(Rows(*sink),
            (std::multiset<std::string>{"a,2.0,2.0,", "b,NaN,NaN,", "a,2.0,NaN,", "b,-1.0,NaN,"}));
}

// A partition's rows come out in an order that depends only on the batch and the state: update
// mode in the order the batch first saw each group (no sort), complete mode in the byte order of
// the keys (its walk of the store follows the store's history). One shuffle partition, so that
// the partitions' order does not enter. Returns the keys of the sink's rows after two batches.
std::vector<std::string> KeysOutOfTwoBatches(OutputMode mode, Environment& env) {
  auto source = std::make_shared<MemorySource>(
      "numbers", Schema{{{"k", DataType::kString}, {"d", DataType::kDouble}}}, 1);
  auto sink = std::make_shared<MemorySink>();
  QueryOptions options;
  options.shuffle_partitions = 1;
  auto query = DataStream::From(source)
                   .Aggregate({GroupKey{Col("k"), "k", std::nullopt}},
                              {AggSpec{AggFn::kCount, std::nullopt, "n"}})
                   .WriteStream()
                   .Options(options)
                   .OutputMode(mode)
                   .To(sink)
                   .Start(env);
  EXPECT_TRUE(query.ok()) << query.status().ToString();
  if (!query.ok()) return {};
  EXPECT_TRUE(source->AddRows({{Value{"c"}, Value{1.0}}, {Value{"a"}, Value{1.0}}}).ok());
  EXPECT_TRUE(query.value()->ProcessAllAvailable().ok());
  EXPECT_TRUE(source
                  ->AddRows({{Value{"d"}, Value{1.0}},
                             {Value{"b"}, Value{1.0}},
                             {Value{"c"}, Value{1.0}},
                             {Value{"d"}, Value{1.0}}})
                  .ok());
  EXPECT_TRUE(query.value()->ProcessAllAvailable().ok());
  std::vector<std::string> keys;
  for (const auto& row : sink->AllRows()) keys.push_back(ScalarText(row[0]));
  return keys;
}

TEST_F(StatefulQueryTest, UpdateModeEmitsAPartitionsGroupsInTheOrderTheBatchFirstSawThem) {
  EXPECT_EQ(KeysOutOfTwoBatches(OutputMode::kUpdate, env_),
            (std::vector<std::string>{"c", "a", "d", "b", "c"}));
}

// The store holds c, a, d, b in that order; the sink keeps the last batch's whole result.
TEST_F(StatefulQueryTest, CompleteModeEmitsAPartitionsGroupsInKeyOrder) {
  EXPECT_EQ(KeysOutOfTwoBatches(OutputMode::kComplete, env_),
            (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST_F(StatefulQueryTest, SlidingWindowsCountEachRowInEveryWindowThatHoldsIt) {
  auto source = NewSource();
  auto sink = std::make_shared<MemorySink>();
  auto q = WindowedCount(source).WriteStream().OutputMode(OutputMode::kUpdate).To(sink).Start(env_);
  ASSERT_TRUE(q.ok()) << q.status().message();
  Add(source, {{"a", 7}, {"a", 8}, {"b", 12}});
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  // 7 and 8 fall in [0,10) and [5,15); 12 in [5,15) and [10,20).
  EXPECT_EQ(Rows(*sink),
            (std::multiset<std::string>{"a,0,10000000,2,", "a,5000000,15000000,2,",
                                        "b,5000000,15000000,1,", "b,10000000,20000000,1,"}));
}

TEST_F(StatefulQueryTest, AppendModeEmitsAWindowOnceTheWatermarkPassesItAndDropsLateRows) {
  auto source = NewSource();
  auto sink = std::make_shared<MemorySink>();
  auto q = StartAppendWindowedCount(source, sink);
  Add(source, {{"a", 7}});
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_TRUE(sink->AllRows().empty());
  Add(source, {{"a", 30}});  // watermark -> 20 s: [0,10) and [5,15) close
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(Rows(*sink), (std::multiset<std::string>{"a,0,10000000,1,", "a,5000000,15000000,1,"}));
  Add(source, {{"a", 3}});  // both its windows are closed: dropped
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(sink->AllRows().size(), 2u);
  const StreamingQueryProgress p = q->RecentProgress().back();
  ASSERT_EQ(p.state_operators.size(), 1u);
  int64_t dropped = 0;
  for (const auto& r : q->RecentProgress())
    dropped += r.state_operators[0].num_rows_dropped_by_watermark;
  EXPECT_EQ(dropped, 2);  // one per late group: [0,10) and [-5,5) of "a"
  EXPECT_EQ(p.event_time.at("watermark"), 20000);
  const std::string json = p.ToJson();
  EXPECT_NE(json.find("\"operatorName\":\"stateStoreSave\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"watermark\":\"1970-01-01T00:00:20.000Z\""), std::string::npos) << json;
}

// One batch of more than two key ranges (BatchKeys::kRowsAtOnce rows each) whose late groups
// first appear in every range. Keys of fixed width (a long and a window) take the word-at-a-time
// group table, and the same keys as strings take it row by row: the same counts, the same late
// rows dropped.
TEST_F(StatefulQueryTest, FixedWidthKeysCountAsTheirStringsDoAcrossRangesWithLateGroups) {
  const auto run = [&](bool as_strings) {
    auto source = std::make_shared<MemorySource>(
        "longs", Schema{{{"k", DataType::kInt64}, {"t", DataType::kTimestamp}}}, 1);
    auto sink = std::make_shared<MemorySink>();
    sim::SimDisk disk;
    auto q = DataStream::From(source)
                 .WithWatermark("t", "10 seconds")
                 .Aggregate({GroupKey{as_strings ? Col("k").Cast(DataType::kString) : Col("k"), "k",
                                      std::nullopt},
                             GroupKey{Col("t"), "w", WindowSpec{Seconds(10), Seconds(10)}}},
                            {AggSpec{AggFn::kCount, std::nullopt, "n"}})
                 .WriteStream()
                 .OutputMode(OutputMode::kUpdate)
                 .To(sink)
                 .Start(MakeEnv(&disk, &scheduler_))
                 .value();
    EXPECT_TRUE(source->AddRows({{Value{int64_t{0}}, Value{200 * kSecond}}}).ok());
    EXPECT_TRUE(q->ProcessAllAvailable().ok());  // the watermark becomes 190 s
    std::vector<std::vector<Value>> rows;
    const size_t n = 3 * BatchKeys::kRowsAtOnce + 100;
    for (size_t i = 0; i < n; ++i) {
      // Keys 0..59 and their windows; every seventh row is late, its group new in each range.
      const auto k = static_cast<int64_t>((i / 7) % 60 + (i % 7 == 0 ? 1000 * (i / 4096) : 0));
      const int64_t t = i % 7 == 0 ? 50 + static_cast<int64_t>(i % 3) * 20 : 300 + k % 40;
      rows.push_back({Value{k}, Value{t * kSecond}});
    }
    EXPECT_TRUE(source->AddRows(rows).ok());
    EXPECT_TRUE(q->ProcessAllAvailable().ok());
    int64_t dropped = 0;
    for (const auto& p : q->RecentProgress()) {
      dropped += p.state_operators.at(0).num_rows_dropped_by_watermark;
    }
    return std::make_pair(Rows(*sink), dropped);
  };
  const auto [fixed_rows, fixed_dropped] = run(false);
  const auto [string_rows, string_dropped] = run(true);
  EXPECT_EQ(fixed_rows, string_rows);
  EXPECT_GT(fixed_rows.size(), 60u);
  EXPECT_EQ(fixed_dropped, string_dropped);
  EXPECT_GT(fixed_dropped, 3);  // late groups in each range
  // Every on-time row is counted once.
  int64_t counted = 0;
  for (const std::string& row : fixed_rows) {
    if (row.rfind("0,200", 0) == 0) continue;  // the first batch's row
    counted += std::stoll(row.substr(row.rfind(',', row.size() - 2) + 1));
  }
  EXPECT_EQ(counted,
            static_cast<int64_t>(3 * BatchKeys::kRowsAtOnce + 100 - (3 * 4096 + 100 + 6) / 7));
}

// memoryUsedBytes is the committed state's size, as Spark reads it after the commit: it grows
// with the groups kept and falls when the watermark evicts them.
TEST_F(StatefulQueryTest, MemoryUsedBytesFollowsTheCommittedState) {
  auto source = NewSource();
  auto sink = std::make_shared<MemorySink>();
  auto q = StartAppendWindowedCount(source, sink);
  const auto last = [&] { return q->RecentProgress().back().state_operators.at(0); };
  Add(source, {{"a", 7}, {"b", 8}, {"c", 9}});
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  ASSERT_EQ(last().num_rows_total, 6);  // two sliding windows per key
  const int64_t six_groups = last().memory_used_bytes;
  Add(source, {{"d", 100}});  // watermark -> 90 s: every earlier window is evicted
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  ASSERT_EQ(last().num_rows_total, 2);
  const int64_t two_groups = last().memory_used_bytes;
  EXPECT_GT(two_groups, 0);
  EXPECT_LT(two_groups, six_groups);
  EXPECT_EQ(two_groups * 3, six_groups);  // keys and values of one width
}

TEST_F(StatefulQueryTest, UnsupportedOutputModesAreRefusedNamingTheOperator) {
  auto source = NewSource();
  auto sink = std::make_shared<MemorySink>();
  auto no_watermark = DataStream::From(source).Aggregate(
      {GroupKey{Col("k"), "k", std::nullopt}}, {AggSpec{AggFn::kCount, std::nullopt, "n"}});
  auto refused = no_watermark.WriteStream().OutputMode(OutputMode::kAppend).To(sink).Start(env_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("Append output mode not supported"), std::string::npos);
  EXPECT_NE(refused.status().message().find("aggregate by [k]"), std::string::npos);
  auto complete = DataStream::From(source)
                      .DropDuplicates({"k"})
                      .WriteStream()
                      .OutputMode(OutputMode::kComplete)
                      .To(sink)
                      .Start(env_);
  ASSERT_FALSE(complete.ok());
  EXPECT_NE(complete.status().message().find("Complete output mode not supported"),
            std::string::npos);
}

TEST_F(StatefulQueryTest, AMalformedWatermarkDelayFailsTheStartQuotingIt) {
  auto sink = std::make_shared<MemorySink>();
  auto refused = DataStream::From(NewSource())
                     .WithWatermark("t", "ten seconds")
                     .DropDuplicates({"k"})
                     .WriteStream()
                     .To(sink)
                     .Start(env_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("with_watermark('t', 'ten seconds')"),
            std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("'ten' is not a whole number"), std::string::npos)
      << refused.status().message();
}

TEST_F(StatefulQueryTest, ARestartKeepsTheLoggedShufflePartitions) {
  auto source = NewSource();
  auto sink = std::make_shared<MemorySink>();
  auto query = DataStream::From(source).DropDuplicates({"k"});
  QueryOptions options;
  options.shuffle_partitions = 3;
  auto q = query.WriteStream().Options(options).To(sink).Start(env_).value();
  Add(source, {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}});
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  q->Stop();
  options.shuffle_partitions = 7;
  q = query.WriteStream().Options(options).To(sink).Start(env_).value();
  Add(source, {{"a", 5}, {"e", 6}});  // "a" is a duplicate only if its state is found
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(sink->AllRows().size(), 5u);
  EXPECT_EQ(q->RecentProgress().back().state_operators[0].num_shuffle_partitions, 3);
  for (const std::string& f : disk_.Files()) {
    EXPECT_EQ(f.rfind("state/0/", 0) == 0 && f[8] > '2', false) << f;
  }
}

TEST_F(StatefulQueryTest, AThreadPoolGivesTheSameOutputAsInlineExecution) {
  // The pool runs over a real directory, as in production (the simulated disk is single-threaded).
  const auto dir = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
  boost::filesystem::create_directories(dir);
  storage::PosixFileSystem posix(dir.string());
  auto run = [&](Scheduler* scheduler, storage::FileSystem* fs) {
    auto source = NewSource(/*partitions=*/4);
    auto sink = std::make_shared<MemorySink>();
    auto q = WindowedCount(source)
                 .WriteStream()
                 .OutputMode(OutputMode::kUpdate)
                 .To(sink)
                 .Start(MakeEnv(fs, scheduler))
                 .value();
    for (int b = 0; b < 5; ++b) {
      std::vector<std::pair<std::string, int64_t>> rows;
      for (int i = 0; i < 200; ++i) rows.push_back({"k" + std::to_string(i % 13), b * 7 + i % 11});
      Add(source, rows);
      EXPECT_TRUE(q->ProcessAllAvailable().ok());
    }
    std::string bytes;
    for (const auto& row : sink->AllRows()) {
      for (const Value& v : row) bytes += ScalarText(v) + ",";
      bytes += "\n";
    }
    return bytes;
  };
  runtime::ThreadPoolScheduler pool(4);
  sim::SimDisk disk;
  const std::string inline_output = run(&scheduler_, &disk);
  EXPECT_FALSE(inline_output.empty());
  EXPECT_EQ(run(&pool, &posix), inline_output);
  boost::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sluice::engine
