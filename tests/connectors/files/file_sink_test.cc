// FileSink (connectors/files/file_sink.cc): part files and the `_spark_metadata` manifest, byte for
// byte; a re-run batch writes nothing; partition folders; output modes; durability at return.
#include "connectors/files/file_sink.h"

#include <gtest/gtest.h>

#include "connectors/files/file_source.h"
#include "connectors/files/partition_folders.h"
#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "faults/crash_state.h"
#include "sim/recording_sink.h"
#include "sim/rng.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"
#include "sim/sim_environment.h"
#include "storage/compactible_log.h"

namespace sluice::connectors::files {
namespace {

using Lines = std::vector<std::string>;

engine::RecordBatch Clicks(const std::vector<std::tuple<std::string, engine::Value>>& rows) {
  engine::RecordBatch batch(
      engine::Schema{{{"user", engine::DataType::kString}, {"n", engine::DataType::kInt64}}});
  for (const auto& [user, n] : rows) batch.AppendRow({user, n});
  return batch;
}

struct SinkOnDisk {
  explicit SinkOnDisk(std::vector<std::string> partition_by = {}) {
    disk.SetClock(&clock);
    sink = FileSink::Create(&disk, "out", "json", std::move(partition_by), {}, &clock).value();
  }
  Lines Manifest(const std::string& name) {
    return storage::DecodeLogFile(storage::LogFileFormat::kSpark,
                                  disk.ReadFile("out/_spark_metadata/" + name).value(), name)
        .value();
  }
  sim::SimClock clock{1'700'000'000'000'000};
  sim::SimDisk disk;
  std::shared_ptr<FileSink> sink;
};

TEST(FileSink, ABatchIsPartFilesThenItsManifestEntry) {
  SinkOnDisk s;
  EXPECT_EQ(s.sink->Describe(), "FileSink[file:///out]");
  ASSERT_TRUE(s.sink
                  ->AddBatch("q1", 0, Clicks({{"ann", int64_t{2}}, {"bob", engine::Value{}}}),
                             engine::OutputMode::kAppend)
                  .ok());
  const std::string part = "out/part-00000-q1-0.c000.json";
  EXPECT_EQ(s.disk.ListDir("out").value(), (Lines{"_spark_metadata", "part-00000-q1-0.c000.json"}));
  EXPECT_EQ(s.disk.ReadFile(part).value(), "{\"user\":\"ann\",\"n\":2}\n{\"user\":\"bob\"}\n");
  EXPECT_EQ(s.disk.ReadFile("out/_spark_metadata/0").value(),
            "v1\n{\"path\":\"file:///out/part-00000-q1-0.c000.json\",\"size\":36,\"isDir\":false,"
            "\"modificationTime\":1700000000000,\"blockReplication\":1,\"blockSize\":33554432,"
            "\"action\":\"add\"}");
  // Durable when AddBatch returns: a crash that loses everything unsynced keeps both.
  sim::Rng rng(1);
  s.disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_TRUE(s.disk.Exists(part).value());
  EXPECT_EQ(s.Manifest("0").size(), 1u);
}

TEST(FileSink, ABatchAlreadyInTheManifestWritesNothing) {
  SinkOnDisk s;
  ASSERT_TRUE(
      s.sink->AddBatch("q1", 0, Clicks({{"a", int64_t{1}}}), engine::OutputMode::kAppend).ok());
  const std::string manifest = s.disk.ReadFile("out/_spark_metadata/0").value();
  // Re-run after a crash between the manifest and commits/0 (with other rows, even).
  ASSERT_TRUE(
      s.sink->AddBatch("q1", 0, Clicks({{"b", int64_t{2}}}), engine::OutputMode::kAppend).ok());
  EXPECT_EQ(s.disk.ReadFile("out/_spark_metadata/0").value(), manifest);
  EXPECT_EQ(s.disk.ReadFile("out/part-00000-q1-0.c000.json").value(), "{\"user\":\"a\",\"n\":1}\n");
  // A new sink object over the same folder (a restarted process) reads the manifest.
  auto again = FileSink::Create(&s.disk, "out", "json", {}, {}, &s.clock).value();
  ASSERT_TRUE(
      again->AddBatch("q1", 0, Clicks({{"c", int64_t{3}}}), engine::OutputMode::kAppend).ok());
  EXPECT_EQ(s.disk.ListDir("out").value(), (Lines{"_spark_metadata", "part-00000-q1-0.c000.json"}));
}

TEST(FileSink, PartitionByGivesColumnEqualsValueFolders) {
  SinkOnDisk s({"user"});
  ASSERT_TRUE(s.sink
                  ->AddBatch("q", 3,
                             Clicks({{"a/b", int64_t{1}}, {"", int64_t{2}}, {"a/b", int64_t{3}}}),
                             engine::OutputMode::kAppend)
                  .ok());
  EXPECT_EQ(s.disk.ReadFile("out/user=a%2Fb/part-00000-q-3.c000.json").value(),
            "{\"n\":1}\n{\"n\":3}\n");
  EXPECT_EQ(s.disk.ReadFile("out/user=__HIVE_DEFAULT_PARTITION__/part-00001-q-3.c000.json").value(),
            "{\"n\":2}\n");
  const Lines manifest = s.Manifest("3");
  ASSERT_EQ(manifest.size(), 2u);
  EXPECT_NE(manifest[0].find("\"path\":\"file:///out/user=a%252Fb/part-00000-q-3.c000.json\""),
            std::string::npos);
  EXPECT_EQ(EscapePartitionValue("x:y=z"), "x%3Ay%3Dz");
}

TEST(FileSink, EveryTenthManifestEntryIsACompaction) {
  SinkOnDisk s;
  for (int64_t b = 0; b < 10; ++b) {
    ASSERT_TRUE(s.sink->AddBatch("q", b, Clicks({{"u", b}}), engine::OutputMode::kAppend).ok());
  }
  EXPECT_TRUE(s.disk.Exists("out/_spark_metadata/9.compact").value());
  EXPECT_EQ(s.Manifest("9.compact").size(), 10u);
}

TEST(FileSink, OnlyAppendModeAndKnownFormatsAndOptions) {
  SinkOnDisk s;
  EXPECT_EQ(s.sink->AcceptsOutputMode(engine::OutputMode::kComplete).message(),
            "Data source json does not support complete output mode (file sink file:///out)");
  auto source = std::make_shared<engine::MemorySource>(
      "in", engine::Schema{{{"k", engine::DataType::kInt64}}}, 1);
  sim::SimEnvironment sim(sim::Rng(3), "q-");
  auto q = engine::DataStream::From(source)
               .GroupBy(engine::Col("k"))
               .Agg(engine::Count("*"))
               .WriteStream()
               .OutputMode(engine::OutputMode::kUpdate)
               .To(s.sink)
               .Start(sim.env);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("does not support update output mode"), std::string::npos);
  EXPECT_NE(FileSink::Create(&s.disk, "out", "parquet", {}, {}, &s.clock)
                .status()
                .message()
                .find("the format 'parquet' is not supported"),
            std::string::npos);
  EXPECT_NE(FileSink::Create(&s.disk, "out", "json", {}, {{"compression", "gzip"}}, &s.clock)
                .status()
                .message()
                .find("unknown option 'compression'"),
            std::string::npos);
}

TEST(FileSink, CsvWritesHeaderAndQuotesAsSparkDoes) {
  sim::SimClock clock(0);
  sim::SimDisk disk;
  auto sink = FileSink::Create(&disk, "out", "csv", {}, {{"header", "true"}}, &clock).value();
  ASSERT_TRUE(
      sink->AddBatch(
              "q", 0,
              Clicks({{"a,b", int64_t{1}}, {"", engine::Value{}}, {"say \"hi\"", int64_t{3}}}),
              engine::OutputMode::kAppend)
          .ok());
  EXPECT_EQ(disk.ReadFile("out/part-00000-q-0.c000.csv").value(),
            "user,n\n\"a,b\",1\n\"\",\n\"say \\\"hi\\\"\",3\n");
  // Read back by the file source with the same options.
  sim::SimEnvironment sim(sim::Rng(6), "c-");
  auto source = FileSource::Create("back", &disk, "out", "csv", "user STRING, n BIGINT",
                                   {{"header", "true"}});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto recording = std::make_shared<sim::RecordingSink>(true);
  auto q = engine::DataStream::From(source.value()).WriteStream().To(recording).Start(sim.env);
  ASSERT_TRUE(q.ok() && q.value()->ProcessAllAvailable().ok());
  ASSERT_EQ(recording->stored().size(), 1u);
  // As in Spark, the empty string written as "" reads back as null: a quoted empty field reads as
  // the empty string, which is the default nullValue.
  engine::RecordBatch want = Clicks({{"a,b", int64_t{1}}});
  want.AppendRow({engine::Value{}, engine::Value{}});
  want.AppendRow({std::string("say \"hi\""), int64_t{3}});
  EXPECT_EQ(recording->stored()[0].second.Encode(), want.Encode());
}

// What the sink writes, the file source reads back as the same rows, through the manifest.
TEST(FileSink, TheFileSourceReadsWhatTheSinkCommittedAndNothingElse) {
  SinkOnDisk s;
  const engine::RecordBatch rows = Clicks({{"ann", int64_t{2}}, {"bob", engine::Value{}}});
  ASSERT_TRUE(s.sink->AddBatch("q", 0, rows, engine::OutputMode::kAppend).ok());
  // A crashed attempt's part file, which no manifest lists, is not seen.
  ASSERT_TRUE(s.disk.WriteFile("out/part-00000-q-1.c000.json", "{\"user\":\"ghost\"}\n").ok());
  sim::SimEnvironment sim(sim::Rng(4), "r-");
  auto source = FileSource::Create("back", &s.disk, "out", "json", "user STRING, n BIGINT", {});
  auto sink = std::make_shared<sim::RecordingSink>(true);
  auto q = engine::DataStream::From(source.value()).WriteStream().To(sink).Start(sim.env);
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  ASSERT_EQ(sink->stored().size(), 1u);
  EXPECT_EQ(sink->stored()[0].second.Encode(), rows.Encode());
}

TEST(FileSink, AnEmptyBatchIsAManifestEntryWithNoFile) {
  SinkOnDisk s;
  ASSERT_TRUE(s.sink->AddBatch("q1", 0, Clicks({}), engine::OutputMode::kAppend).ok());
  EXPECT_EQ(s.disk.ListDir("out").value(), Lines{"_spark_metadata"});
  EXPECT_EQ(s.disk.ReadFile("out/_spark_metadata/0").value(), "v1");
}

// A newest entry of a later log version is whole (a newer writer's): it is refused, never
// rewritten, even when the engine runs its batch again.
TEST(FileSink, AnEntryOfANewerVersionIsNeverRewritten) {
  SinkOnDisk s;
  ASSERT_TRUE(s.disk.CreateDirs("out/_spark_metadata").ok());
  ASSERT_TRUE(s.disk.WriteFile("out/_spark_metadata/0", "v2\n{\"future\":true}").ok());
  const Status st =
      s.sink->AddBatch("q1", 0, Clicks({{"ann", int64_t{1}}}), engine::OutputMode::kAppend);
  EXPECT_EQ(st.code(), StatusCode::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("v2"), std::string::npos) << st.ToString();
  EXPECT_EQ(s.disk.ReadFile("out/_spark_metadata/0").value(), "v2\n{\"future\":true}");
}

TEST(FileSink, PartitioningByEveryColumnIsRefusedAsSparkRefusesIt) {
  SinkOnDisk s({"user", "n"});
  const Status st =
      s.sink->AddBatch("q1", 0, Clicks({{"ann", int64_t{1}}}), engine::OutputMode::kAppend);
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("Cannot use all columns for partition columns"), std::string::npos)
      << st.ToString();
  EXPECT_FALSE(s.disk.Exists("out/_spark_metadata/0").value());
}

// Fails the next sync of one folder, once armed, as a disk whose fsync fails does.
class FailingDirSync : public storage::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  void Arm(std::string dir) { armed_ = std::move(dir); }
  Status SyncDir(const std::string& dir) override {
    if (dir != armed_) return target()->SyncDir(dir);
    armed_.reset();
    return Status::IoError("syncdir " + dir + ": fsync failed (test)");
  }

 private:
  std::optional<std::string> armed_;
};

// A batch whose manifest entry was renamed into place but whose folder sync failed is not known
// to be durable: the sink opens the folder again at the next call, and a re-run of that batch
// (skipped, since the entry is there) leaves it durable. (Found by sluice-sim --pipeline.)
TEST(FileSink, AfterAFailedSyncTheNextBatchMakesTheManifestDurableAgain) {
  sim::SimClock clock{1'700'000'000'000'000};
  sim::SimDisk disk;
  disk.SetClock(&clock);
  FailingDirSync failing(&disk);
  auto sink = FileSink::Create(&failing, "out", "json", {}, {}, &clock).value();
  ASSERT_TRUE(
      sink->AddBatch("q1", 0, Clicks({{"ann", int64_t{1}}}), engine::OutputMode::kAppend).ok());
  failing.Arm("out/_spark_metadata");
  EXPECT_FALSE(
      sink->AddBatch("q1", 1, Clicks({{"bob", int64_t{2}}}), engine::OutputMode::kAppend).ok());
  ASSERT_TRUE(disk.Exists("out/_spark_metadata/1").value());  // renamed, not made durable
  // The engine runs batch 1 again: the sink finds its entry and writes nothing, but syncs first.
  ASSERT_TRUE(
      sink->AddBatch("q1", 1, Clicks({{"bob", int64_t{2}}}), engine::OutputMode::kAppend).ok());
  sim::Rng rng(9);
  disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_TRUE(disk.Exists("out/_spark_metadata/1").value());
}

// A part file's folder whose sync fails (inside the manifest entry's publish, before its sync)
// leaves no entry named; the engine's re-run of the batch writes the parts again and commits.
TEST(FileSink, APartFolderSyncThatFailsNamesNoEntryAndTheRerunCommits) {
  sim::SimClock clock{1'700'000'000'000'000};
  sim::SimDisk disk;
  disk.SetClock(&clock);
  FailingDirSync failing(&disk);
  auto sink = FileSink::Create(&failing, "out", "json", {}, {}, &clock).value();
  ASSERT_TRUE(
      sink->AddBatch("q1", 0, Clicks({{"ann", int64_t{1}}}), engine::OutputMode::kAppend).ok());
  failing.Arm("out");
  const Status failed =
      sink->AddBatch("q1", 1, Clicks({{"bob", int64_t{2}}}), engine::OutputMode::kAppend);
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_NE(failed.message().find("syncing what it names: syncdir out: fsync failed (test)"),
            std::string::npos)
      << failed.ToString();
  EXPECT_FALSE(disk.Exists("out/_spark_metadata/1").value());
  ASSERT_TRUE(
      sink->AddBatch("q1", 1, Clicks({{"bob", int64_t{2}}}), engine::OutputMode::kAppend).ok());
  sim::Rng rng(4);
  disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_EQ(disk.ReadFile("out/part-00000-q1-1.c000.json").value(), "{\"user\":\"bob\",\"n\":2}\n");
  EXPECT_EQ(storage::DecodeLogFile(storage::LogFileFormat::kSpark,
                                   disk.ReadFile("out/_spark_metadata/1").value(), "1")
                .value()
                .size(),
            1u);
}

}  // namespace
}  // namespace sluice::connectors::files
