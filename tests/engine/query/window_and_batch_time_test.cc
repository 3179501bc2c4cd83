// Windows outside a group_by (a select computes them, repeating rows for sliding windows),
// window_time, and current_timestamp as the batch timestamp that the offsets log keeps.
#include <gtest/gtest.h>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "tests/support/sim_query_env.h"

namespace sluice::engine {
namespace {

constexpr int64_t kSecondUs = 1000000;

class WindowAndBatchTimeTest : public ::testing::Test {
 protected:
  void AddTimes(std::vector<int64_t> seconds) {
    std::vector<std::vector<Value>> rows;
    for (int64_t s : seconds) rows.push_back({Value(s * kSecondUs)});
    ASSERT_TRUE(source_->AddRows(rows).ok());
  }

  Result<std::unique_ptr<StreamingQuery>> Start(const DataStream& stream) {
    return stream.WriteStream().To(sink_).Start(env_);
  }

  testing::SimQueryEnv sim_;
  Environment& env_ = sim_.env;
  sim::SimClock& clock_ = sim_.clock;
  std::shared_ptr<MemorySource> source_ =
      std::make_shared<MemorySource>("events", Schema{{{"t", DataType::kTimestamp}}}, 1);
  std::shared_ptr<MemorySink> sink_ = std::make_shared<MemorySink>();
};

TEST_F(WindowAndBatchTimeTest, ASelectComputesATumblingWindowAndWindowTime) {
  const Expr window = WindowCall(Col("t"), "10 seconds");
  auto q = Start(DataStream::From(source_).Select(
      {window, Call("window_time", {window}).As("wt"), CastTo(Col("t"), DataType::kString)}));
  ASSERT_TRUE(q.ok()) << q.status().message();
  AddTimes({18, 25});
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(testing::SortedRowText({WindowType(), DataType::kTimestamp, DataType::kString},
                                   sink_->AllRows()),
            (std::vector<std::string>{
                "{1970-01-01 00:00:10, 1970-01-01 00:00:20}|1970-01-01 00:00:19.999999|"
                "1970-01-01 00:00:18",
                "{1970-01-01 00:00:20, 1970-01-01 00:00:30}|1970-01-01 00:00:29.999999|"
                "1970-01-01 00:00:25"}));
}

TEST_F(WindowAndBatchTimeTest, ASlidingWindowInASelectRepeatsEachRowOncePerWindow) {
  const Expr window = WindowCall(Col("t"), "10 seconds", "5 seconds");
  auto q = Start(DataStream::From(source_).Select({Col("t"), window}));
  ASSERT_TRUE(q.ok()) << q.status().message();
  AddTimes({7});
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(
      testing::SortedRowText({DataType::kTimestamp, WindowType()}, sink_->AllRows()),
      (std::vector<std::string>{"1970-01-01 00:00:07|{1970-01-01 00:00:00, 1970-01-01 00:00:10}",
                                "1970-01-01 00:00:07|{1970-01-01 00:00:05, 1970-01-01 00:00:15}"}));
}

// As in Spark, a string time is cast to a timestamp (DataFrameTimeWindowingSuite's raw string
// column); a malformed one has no window; a time of another type is refused naming the call.
TEST_F(WindowAndBatchTimeTest, AStringTimeIsCastAndAnotherTypeIsRefused) {
  auto q = Start(DataStream::From(source_).Select(
      {Window(CastTo(Col("t"), DataType::kString), "10 seconds").As("w")}));
  ASSERT_TRUE(q.ok()) << q.status().message();
  AddTimes({12});
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(testing::SortedRowText({WindowType()}, sink_->AllRows()),
            (std::vector<std::string>{"{1970-01-01 00:00:10, 1970-01-01 00:00:20}"}));
  auto refused = Start(
      DataStream::From(source_).Select({Window(CastTo(Col("t"), DataType::kInt64), "10 seconds")}));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("window(CAST(t AS long), 10 seconds): the time column"),
            std::string::npos)
      << refused.status().message();
}

TEST_F(WindowAndBatchTimeTest, AWindowOutsideASelectOrGroupingKeyIsRefused) {
  auto q = Start(DataStream::From(source_).Where(
      Call("window_time", {WindowCall(Col("t"), "10 seconds")}) > Col("t")));
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("a window is a select item"), std::string::npos)
      << q.status().message();
  auto bad = Start(DataStream::From(source_).Select({WindowCall(Col("t"), "10 parsecs")}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("window duration"), std::string::npos)
      << bad.status().message();
  EXPECT_NE(bad.status().message().find("10 parsecs"), std::string::npos) << bad.status().message();
}

TEST_F(WindowAndBatchTimeTest, CurrentTimestampAndCurrentDateGiveTheBatchTimestamp) {
  auto stream = DataStream::From(source_).Select(
      {Col("t"), Call("current_timestamp", {}).As("now"), Call("current_date", {}).As("today")});
  clock_.AdvanceTo(86400 * kSecondUs + 1500000);  // day 1, 00:00:01.5
  auto q = Start(stream);
  ASSERT_TRUE(q.ok()) << q.status().message();
  AddTimes({1});
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(testing::SortedRowText({DataType::kTimestamp, DataType::kTimestamp, DataType::kDate},
                                   sink_->AllRows()),
            (std::vector<std::string>{"1970-01-01 00:00:01|1970-01-02 00:00:01.5|1970-01-02"}));
  // Outside a query there is no batch timestamp, and the function says so.
  RecordBatch one(Schema{{{"t", DataType::kTimestamp}}}, {Column(DataType::kTimestamp)});
  auto outside = Call("current_timestamp", {}).Evaluate(one);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("current_timestamp"), std::string::npos);
}

}  // namespace
}  // namespace sluice::engine
