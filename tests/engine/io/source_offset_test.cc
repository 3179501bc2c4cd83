// The Source contract with offsets of the source's own shape (engine/io/source.h): a source
// whose offset is a bare JSON number, as Spark's rate source logs it, run by a streaming query,
// logged as the source wrote it, read back at a restart through ParseOffset.
#include <gtest/gtest.h>

#include <charconv>

#include "engine/io/source.h"
#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/checkpoint.h"

namespace sluice::engine {
namespace {

// One partition of the numbers 0, 1, 2, ...; the offset is how many there are, as a number.
class CountingSource : public Source {
 public:
  void Produce(int64_t n) { available_ += n; }
  int64_t committed() const { return committed_; }
  int latest_calls() const { return latest_calls_; }

  std::string Name() const override { return "counting"; }
  std::string Description() const override { return "Counting"; }
  const Schema& schema() const override { return schema_; }
  int NumPartitions() const override { return 1; }
  SourceOffset InitialOffset() const override { return {"0"}; }
  Result<SourceOffset> ParseOffset(const std::string& json) const override {
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(json.data(), json.data() + json.size(), n);
    if (ec != std::errc() || end != json.data() + json.size() || n < 0) {
      return Status::Corruption("'" + json + "' is not a count");
    }
    return SourceOffset{std::to_string(n)};
  }
  Result<SourceOffset> LatestOffset(const SourceOffset& start, const ReadLimit& limit) override {
    ++latest_calls_;
    int64_t end = available_;
    if (limit.max_rows) end = std::min(end, Count(start) + *limit.max_rows);
    if (limit.upto) end = std::min(end, Count(*limit.upto));
    return SourceOffset{std::to_string(end)};
  }
  Result<RecordBatch> Read(int, const SourceOffset& start, const SourceOffset& end) override {
    RecordBatch rows(schema_);
    for (int64_t v = Count(start); v < Count(end); ++v) rows.AppendRow({v});
    return rows;
  }
  Status Commit(const SourceOffset& end) override {
    committed_ = Count(end);
    return Status::Ok();
  }

 private:
  static int64_t Count(const SourceOffset& o) { return std::stoll(o.json); }

  Schema schema_{{{"v", DataType::kInt64}}};
  int64_t available_ = 0;
  int64_t committed_ = 0;
  int latest_calls_ = 0;
};

TEST(SourceOffset, ASourceLogsAndReadsBackItsOwnOffsets) {
  sim::SimEnvironment sim(sim::Rng(3), "so-");
  auto source = std::make_shared<CountingSource>();
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto start = [&] { return DataStream::From(source).WriteStream().To(sink).Start(sim.env); };

  auto q = start();
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  source->Produce(3);
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  source->Produce(2);
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  auto progress = q.value()->LastProgress();
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->sources[0].start_offset, "3");
  EXPECT_EQ(progress->sources[0].end_offset, "5");
  EXPECT_EQ(progress->sources[0].latest_offset, "");  // the source reports none: null
  // Once a trigger: planning asks for the offset once (a source may record what it hands out).
  // Each ProcessAllAvailable ran a trigger with data and one that found none.
  EXPECT_EQ(source->latest_calls(), 2 * 2);
  q.value()->Stop();

  storage::Checkpoint checkpoint(&sim.disk, spec::kStandardProtocol, nullptr);
  auto logged = checkpoint.ReadOffsets(1);
  ASSERT_TRUE(logged.ok()) << logged.status().ToString();
  EXPECT_EQ(logged->source_ends, (std::vector<std::optional<std::string>>{"5"}));

  // A restart resumes after 5: the rows 5 and 6 only.
  source->Produce(2);
  auto again = start();
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_TRUE(again.value()->ProcessAllAvailable().ok());
  int64_t rows = 0;
  for (const auto& [batch, stored] : sink->stored())
    rows += static_cast<int64_t>(stored.num_rows());
  EXPECT_EQ(rows, 7);
  EXPECT_EQ(sink->stored().back().second.column(0).Int(0), 5);
  EXPECT_EQ(source->committed(), 5);  // batch 2 is committed; acknowledged at the next plan
}

TEST(SourceOffset, AnOffsetTheSourceCannotReadIsRefusedNamingTheFile) {
  sim::SimEnvironment sim(sim::Rng(3), "so-");
  auto source = std::make_shared<CountingSource>();
  auto sink = std::make_shared<sim::RecordingSink>(true);
  storage::Checkpoint checkpoint(&sim.disk, spec::kStandardProtocol, nullptr);
  {
    auto q = DataStream::From(source).WriteStream().To(sink).Start(sim.env);
    ASSERT_TRUE(q.ok());
    source->Produce(1);
    ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
    q.value()->Stop();
  }
  storage::OffsetsEntry entry = checkpoint.ReadOffsets(0).value();
  entry.source_ends = {std::string("{\"partitions\": [1]}")};  // another source's shape
  ASSERT_TRUE(sim.disk.Remove("offsets/0").ok());
  ASSERT_TRUE(checkpoint.WriteOffsets(0, entry).ok());
  auto q = DataStream::From(source).WriteStream().To(sink).Start(sim.env);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("offsets/0: source 0 ('counting'): '{\"partitions\": [1]}' "
                                      "is not a count"),
            std::string::npos)
      << q.status().ToString();
}

}  // namespace
}  // namespace sluice::engine
