#include "engine/query/streaming_query.h"

#include <gtest/gtest.h>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"

namespace sluice::engine {
namespace {

class QueryTest : public ::testing::Test {
 protected:
  QueryTest() {
    env_.checkpoint_fs = &disk_;
    env_.clock = &clock_;
    env_.scheduler = &scheduler_;
    env_.new_id = [this] { return "id-" + std::to_string(ids_++); };
  }

  DataStreamWriter Writer(Trigger trigger = Trigger::Default()) {
    DataStreamWriter w = DataStream::From(source_)
                             .Where(Col("v") % Lit(2) == Lit(0))
                             .Select({Col("v").As("v"), (Col("v") * Lit(10)).As("w")})
                             .WriteStream();
    w.Trigger(trigger).To(sink_).AddListener(&events_);
    return w;
  }

  struct Events : QueryListener {
    int started = 0, progress = 0, idle = 0, terminated = 0;
    void OnQueryStarted(const QueryStartedEvent&) override { ++started; }
    void OnQueryProgress(const StreamingQueryProgress&) override { ++progress; }
    void OnQueryIdle(const QueryIdleEvent&) override { ++idle; }
    void OnQueryTerminated(const QueryTerminatedEvent&) override { ++terminated; }
  };

  sim::SimDisk disk_;
  sim::SimClock clock_{1000000};
  InlineScheduler scheduler_;
  Environment env_;
  int ids_ = 0;
  std::shared_ptr<MemorySource> source_ =
      std::make_shared<MemorySource>("numbers", Schema{{{"v", DataType::kInt64}}}, 2);
  std::shared_ptr<MemorySink> sink_ = std::make_shared<MemorySink>();
  Events events_;
};

TEST_F(QueryTest, RunsBatchesAndResumesFromTheCheckpoint) {
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{1}}, {int64_t{2}}, {int64_t{4}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(sink_->AllRows().size(), 2u);
  EXPECT_EQ(q->LastCommittedBatchId(), 0);
  const std::string id = q->id();
  q->Stop();
  EXPECT_FALSE(q->IsActive());

  ASSERT_TRUE(source_->AddRows({{int64_t{6}}}).ok());
  auto again = Writer().Start(env_).value();
  EXPECT_EQ(again->id(), id);  // the query id lives in the checkpoint
  EXPECT_NE(again->run_id(), q->run_id());
  ASSERT_TRUE(again->ProcessAllAvailable().ok());
  EXPECT_EQ(sink_->AllRows().size(), 3u);
  EXPECT_EQ(again->LastCommittedBatchId(), 1);
  EXPECT_EQ(events_.started, 2);
  EXPECT_EQ(events_.progress, 2);
  EXPECT_GE(events_.idle, 1);
  EXPECT_EQ(events_.terminated, 1);
}

TEST_F(QueryTest, ProgressHasSparksFields) {
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}, {int64_t{3}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  auto p = q->LastProgress();
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->num_input_rows, 2);
  EXPECT_EQ(p->sink.num_output_rows, 1);
  for (const char* key : {"latestOffset", "walCommit", "getBatch", "queryPlanning", "addBatch",
                          "commitOffsets", "triggerExecution"}) {
    EXPECT_TRUE(p->duration_ms.count(key)) << key;
  }
  const std::string json = p->ToJson();
  EXPECT_NE(json.find("\"batchId\":0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"endOffset\":{\"partitions\":[1,1]}"), std::string::npos) << json;
  ASSERT_EQ(p->sources.size(), 1u);
  EXPECT_EQ(p->sources[0].description, source_->Description());
  EXPECT_EQ(p->sources[0].description, "MemoryStream[" + source_->Name() + "]");
  EXPECT_NE(json.find("\"timestamp\":\"1970-01-01T00:00:01.000Z\""), std::string::npos) << json;
}

// Progress shows each source as the source describes itself.
TEST_F(QueryTest, ProgressShowsTheSourcesOwnDescription) {
  class Described : public MemorySource {
   public:
    using MemorySource::MemorySource;
    std::string Description() const override { return "Described[numbers, 2 partitions]"; }
  };
  source_ = std::make_shared<Described>("numbers", Schema{{{"v", DataType::kInt64}}}, 2);
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  auto p = q->LastProgress();
  ASSERT_TRUE(p.has_value());
  ASSERT_EQ(p->sources.size(), 1u);
  EXPECT_EQ(p->sources[0].description, "Described[numbers, 2 partitions]");
  EXPECT_NE(p->ToJson().find("\"description\":\"Described[numbers, 2 partitions]\""),
            std::string::npos);
}

// A sink is given the query id of the checkpoint's metadata, the same after a restart.
TEST_F(QueryTest, TheSinkIsGivenTheQueryId) {
  std::vector<std::pair<std::string, int64_t>> seen;
  auto writer = [&] {
    DataStreamWriter w = DataStream::From(source_).WriteStream();
    w.ForeachBatch([&](const RecordBatch&, int64_t batch_id, const std::string& query_id) {
      seen.emplace_back(query_id, batch_id);
      return Status::Ok();
    });
    return w;
  };
  auto q = writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  const std::string id = q->id();
  q->Stop();
  auto again = writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{4}}}).ok());
  ASSERT_TRUE(again->ProcessAllAvailable().ok());
  EXPECT_EQ(seen, (std::vector<std::pair<std::string, int64_t>>{{id, 0}, {id, 1}}));
  EXPECT_FALSE(id.empty());
}

TEST_F(QueryTest, OnceRunsOneBatchAndFinishes) {
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}, {int64_t{4}}}).ok());
  auto q = Writer(Trigger::Once()).Start(env_).value();
  ASSERT_TRUE(q->AwaitTermination().ok());
  EXPECT_EQ(q->state(), spec::query::State::kFinished);
  EXPECT_EQ(sink_->AllRows().size(), 2u);
}

TEST_F(QueryTest, AvailableNowHonoursTheReadLimitAndStopsAtTheStartOffsets) {
  source_ =
      std::make_shared<MemorySource>("numbers", Schema{{{"v", DataType::kInt64}}}, 1, ReadLimit{2});
  ASSERT_TRUE(
      source_->AddRows({{int64_t{0}}, {int64_t{2}}, {int64_t{4}}, {int64_t{6}}, {int64_t{8}}})
          .ok());
  auto q = Writer(Trigger::AvailableNow()).Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{10}}}).ok());  // after start: not part of this run
  ASSERT_TRUE(q->AwaitTermination().ok());
  EXPECT_EQ(q->LastCommittedBatchId(), 2);  // 5 rows at 2 per batch
  EXPECT_EQ(sink_->AllRows().size(), 5u);
}

TEST_F(QueryTest, ProcessingTimeTriggersOnBoundariesWithoutCatchUp) {
  auto q = Writer(Trigger::ProcessingTime(Seconds(1))).Start(env_).value();
  EXPECT_EQ(q->NextTriggerDueMicros(), 1000000);  // the first trigger runs at once
  ASSERT_TRUE(q->RunTrigger().ok());
  EXPECT_EQ(q->NextTriggerDueMicros(), 2000000);
  clock_.AdvanceTo(5500000);  // a late trigger: the next runs at the next boundary only
  ASSERT_TRUE(q->RunTrigger().ok());
  EXPECT_EQ(q->NextTriggerDueMicros(), 6000000);
}

TEST_F(QueryTest, ADrainDoesNotWaitOutThePollingDelayOfTheLastEmptyTrigger) {
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());  // a batch, then an empty trigger
  EXPECT_EQ(q->NextTriggerDueMicros(), clock_.NowMicros() + kPollingDelay.count());
  const int64_t before_us = clock_.NowMicros();
  ASSERT_TRUE(source_->AddRows({{int64_t{4}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(clock_.NowMicros(), before_us);  // the new rows ran at once
  EXPECT_EQ(q->LastCommittedBatchId(), 1);
  EXPECT_EQ(sink_->AllRows().size(), 2u);
}

TEST_F(QueryTest, ADrainStillWaitsForAProcessingTimeBoundary) {
  auto q = Writer(Trigger::ProcessingTime(Seconds(1))).Start(env_).value();
  ASSERT_TRUE(q->ProcessAllAvailable().ok());  // one empty trigger at 1 s
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(q->LastCommittedBatchId(), 0);
  EXPECT_GE(clock_.NowMicros(), 2000000);  // the batch waited for the next boundary
}

TEST_F(QueryTest, RefusesACheckpointWithOtherSources) {
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  q->Stop();
  auto other = std::make_shared<MemorySource>("other", source_->schema(), 1);
  auto two = DataStream::From(source_).Union(DataStream::From(other)).WriteStream();
  two.To(sink_);
  auto refused = two.Start(env_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("there are 1 sources in the checkpoint offsets"),
            std::string::npos)
      << refused.status().message();
}

TEST_F(QueryTest, RefusesACorruptLatestEntryNamingTheFile) {
  auto q = Writer().Start(env_).value();
  ASSERT_TRUE(source_->AddRows({{int64_t{2}}}).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  q->Stop();
  disk_.PutDurable("commits/0", "v1\n{\"nextBatchWatermarkMs\": 0}\ncrc32c 00000000\n");
  auto refused = Writer().Start(env_);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("commits/0: torn or corrupt entry"), std::string::npos)
      << refused.status().message();
}

TEST_F(QueryTest, RefusesUnsupportedOptionsAtStart) {
  DataStreamWriter w = Writer();
  QueryOptions o;
  o.min_batches_to_retain = 0;
  w.Options(o).To(sink_);
  auto r = w.Start(env_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("min_batches_to_retain"), std::string::npos);
}

}  // namespace
}  // namespace sluice::engine
