// FileSource (connectors/files/file_source.cc): Spark's file stream source over the text format:
// which files are new, their order, the per-trigger limits, the seen-files log in sources/<n>/
// across restarts, AvailableNow, and the errors a user sees.
#include "connectors/files/file_source.h"

#include <gtest/gtest.h>

#include "connectors/files/file_uri.h"
#include "connectors/files/partition_folders.h"
#include "connectors/files/text_lines.h"
#include "engine/query/data_stream.h"
#include "faults/crash_state.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/checkpoint.h"

namespace sluice::connectors::files {
namespace {

using Options = std::map<std::string, std::string>;
using Lines = std::vector<std::string>;

// A query over a folder `in/` of a simulated data disk whose files carry the simulated time.
class FileSourceTest : public ::testing::Test {
 protected:
  FileSourceTest() {
    data_.SetClock(&sim_.clock);
    SLUICE_CHECK(data_.CreateDirs("in").ok(), "in/");
  }

  // Writes `in/<name>` at simulated second `at_s` (the clock only moves forward).
  void Put(const std::string& name, const std::string& text, int64_t at_s) {
    sim_.clock.AdvanceTo(at_s * 1000000);
    ASSERT_TRUE(data_.CreateDirs(storage::ParentDir("in/" + name)).ok());
    ASSERT_TRUE(data_.WriteFile("in/" + name, text).ok());
    ASSERT_TRUE(data_.SyncFile("in/" + name).ok());
  }

  std::shared_ptr<FileSource> Source(const Options& options = {}) {
    auto source = FileSource::Create("files", &data_, "in", "text", "", options);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? source.value() : nullptr;
  }

  std::unique_ptr<engine::StreamingQuery> Start(std::shared_ptr<FileSource> source,
                                                engine::Trigger trigger = engine::Trigger{}) {
    auto q =
        engine::DataStream::From(source).WriteStream().Trigger(trigger).To(sink_).Start(sim_.env);
    EXPECT_TRUE(q.ok()) << q.status().ToString();
    return q.ok() ? std::move(q).value() : nullptr;
  }

  // The values of each stored batch, in order.
  std::vector<Lines> Batches() const {
    std::vector<Lines> out;
    for (const auto& [id, rows] : sink_->stored()) {
      Lines values;
      for (size_t r = 0; r < rows.num_rows(); ++r) {
        values.emplace_back(rows.column(0).String(r));
      }
      out.push_back(values);
    }
    return out;
  }

  std::vector<Lines> RunAll(std::shared_ptr<FileSource> source) {
    auto q = Start(source);
    EXPECT_TRUE(q->ProcessAllAvailable().ok());
    q->Stop();
    return Batches();
  }

  sim::SimEnvironment sim_{sim::Rng(5), "files-"};
  sim::SimDisk data_;
  std::shared_ptr<sim::RecordingSink> sink_ = std::make_shared<sim::RecordingSink>(true);
};

TEST(TextLines, LinesEndAtNewlineCarriageReturnOrBoth) {
  using Views = std::vector<std::string_view>;
  EXPECT_EQ(SplitLines("a\rb\rc\r\nd\ne\r"), (Views{"a", "b", "c", "d", "e"}));
  EXPECT_EQ(SplitLines("a\nb\r\nc\rd"), (Views{"a", "b", "c", "d"}));
  EXPECT_EQ(SplitLines("a\n"), (Views{"a"}));
  EXPECT_EQ(SplitLines("a\n\nb"), (Views{"a", "", "b"}));
  EXPECT_EQ(SplitLines("\r\n"), (Views{""}));
  EXPECT_EQ(SplitLines(""), Views{});
}

TEST(FileUri, PathsBecomeHadoopUrisAndBack) {
  EXPECT_EQ(FileUriOf("in/a b%.txt"), "file:///in/a%20b%25.txt");
  EXPECT_EQ(FileUriOf("in/é#1"), "file:///in/é%231");
  EXPECT_EQ(PathOfFileUri("file:///in/a%20b%25.txt").value(), "in/a b%.txt");
  EXPECT_EQ(PathOfFileUri("file:/in/x").value(), "in/x");     // Spark's short form
  EXPECT_EQ(PathOfFileUri("file:/%2Fin/x").value(), "in/x");  // an escaped leading slash (fuzzer)
  EXPECT_EQ(PathOfFileUri("/in/x").value(), "in/x");
  EXPECT_FALSE(PathOfFileUri("hdfs://nn/in/x").ok());
  EXPECT_FALSE(PathOfFileUri("file://host/in/x").ok());
  EXPECT_FALSE(PathOfFileUri("file:///in/%2").ok());
  EXPECT_EQ(FileNameOfUri("file:///in/sub/a%20b"), "a b");
}

TEST_F(FileSourceTest, EachFileIsReadOnceOldestFirst) {
  Put("b.txt", "b1\nb2\n", 1);
  Put("a.txt", "a1", 2);
  auto source = Source({{"maxFilesPerTrigger", "1"}});
  EXPECT_EQ(source->Description(), "FileStreamSource[file:///in]");
  EXPECT_EQ(RunAll(source), (std::vector<Lines>{{"b1", "b2"}, {"a1"}}));
  // The seen-files log: one entry per batch, Spark's lines.
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  EXPECT_EQ(checkpoint.SourceLogAt(0).Read(0).value(),
            (Lines{R"({"path":"file:///in/b.txt","timestamp":1000,"batchId":0})"}));
  EXPECT_EQ(checkpoint.ReadOffsets(1)->source_ends,
            (std::vector<std::optional<std::string>>{R"({"logOffset":1})"}));
  // A new file is read by a restarted query; the others are not read again.
  Put("c.txt", "c1", 3);
  EXPECT_EQ(RunAll(Source()), (std::vector<Lines>{{"b1", "b2"}, {"a1"}, {"c1"}}));
}

TEST_F(FileSourceTest, LatestFirstTakesTheNewestFiles) {
  Put("old.txt", "old", 1);
  Put("mid.txt", "mid", 2);
  Put("new.txt", "new", 3);
  EXPECT_EQ(RunAll(Source({{"latestFirst", "true"}, {"maxFilesPerTrigger", "2"}})),
            (std::vector<Lines>{{"new", "mid"}, {"old"}}));
}

TEST_F(FileSourceTest, MaxBytesTakesTheFirstFileThenWhatFits) {
  Put("1", "aaaa", 1);  // 4 bytes each
  Put("2", "bbbb", 2);
  Put("3", "cccc", 3);
  Put("4", "dddddddddddd", 4);  // 12 bytes: over the limit alone, still taken when first
  EXPECT_EQ(RunAll(Source({{"maxBytesPerTrigger", "9"}})),
            (std::vector<Lines>{{"aaaa", "bbbb"}, {"cccc"}, {"dddddddddddd"}}));
}

TEST_F(FileSourceTest, FilesListedButNotTakenAreTakenBeforeALaterListing) {
  for (int i = 0; i < 5; ++i) Put("f" + std::to_string(i), "f" + std::to_string(i), i + 1);
  auto source = Source({{"maxFilesPerTrigger", "2"}});
  auto q = Start(source);
  ASSERT_TRUE(q->RunTrigger().ok());
  // An older file that appears now waits until the cached files (f2, f3, f4) are taken.
  Put(".late", "late", 6);
  ASSERT_TRUE(data_.RenameNoReplace("in/.late", "in/late").ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  EXPECT_EQ(Batches(), (std::vector<Lines>{{"f0", "f1"}, {"f2", "f3"}, {"f4"}, {"late"}}));
}

TEST_F(FileSourceTest, AFileOlderThanMaxFileAgeBehindTheNewestSeenIsNotNew) {
  Put(".old", "old", 5);  // written at 5 s, shown under its name later
  Put("first", "first", 10);
  auto source = Source({{"maxFileAge", "2s"}});
  auto q = Start(source);
  ASSERT_TRUE(q->RunTrigger().ok());
  ASSERT_TRUE(data_.RenameNoReplace("in/.old", "in/old").ok());
  Put(".recent", "recent", 11);
  ASSERT_TRUE(data_.RenameNoReplace("in/.recent", "in/recent").ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  // 5 s is more than 2 s behind 10 s, the newest file taken; 11 s is not.
  EXPECT_EQ(Batches(), (std::vector<Lines>{{"first"}, {"recent"}}));
}

TEST_F(FileSourceTest, FileNameOnlyTakesOneFilePerName) {
  Put("a/x.txt", "ax", 1);
  auto q = Start(Source({{"fileNameOnly", "true"}}));
  ASSERT_TRUE(q->RunTrigger().ok());
  Put("b/x.txt", "bx", 2);  // the name was seen: not new
  Put("b/y.txt", "by", 3);
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  // As Spark, names are compared with the files taken before, not within one listing.
  EXPECT_EQ(Batches(), (std::vector<Lines>{{"ax"}, {"by"}}));
}

TEST(NameGlob, HadoopGlobsMatchFileNames) {
  auto matches = [](const std::string& glob, const std::string& name) {
    return NameGlob::Parse(glob).value().Matches(name);
  };
  EXPECT_TRUE(matches("*.{json,csv}", "a.csv"));
  EXPECT_FALSE(matches("*.{json,csv}", "a.txt"));
  EXPECT_TRUE(matches("*(1).csv", "data(1).csv"));  // parentheses are plain characters
  EXPECT_FALSE(matches("*(1).csv", "11.csv"));
  EXPECT_TRUE(matches("a+b!.txt", "a+b!.txt"));
  EXPECT_TRUE(matches("f[0-9]?", "f7x"));
}

TEST_F(FileSourceTest, TheFolderIsOneFolderHoweverItIsSpelled) {
  Put("a", "a", 1);
  EXPECT_EQ(RunAll(Source()), (std::vector<Lines>{{"a"}}));
  Put("b", "b", 2);
  // A restart naming the folder `/in/`: the files seen under `in` are not read again.
  auto again = FileSource::Create("files", &data_, "/in/", "text", "", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value()->Description(), "FileStreamSource[file:///in]");
  EXPECT_EQ(RunAll(again.value()), (std::vector<Lines>{{"a"}, {"b"}}));
  for (const char* archive : {"in/done", "/in", "/", "./in/old/"}) {
    auto refused = FileSource::Create("files", &data_, "in/", "text", "",
                                      {{"cleanSource", "archive"}, {"sourceArchiveDir", archive}});
    EXPECT_FALSE(refused.ok()) << archive;
  }
}

TEST_F(FileSourceTest, HiddenNamesAndNamesOutsideTheGlobAreSkipped) {
  Put("a.txt", "a", 1);
  Put("b.csv", "b", 2);
  Put("c.json", "c", 3);
  Put("_tmp/d.txt", "d", 4);
  Put(".e.txt", "e", 5);
  Put("k=1/f.txt", "f", 6);
  Put("g.txt._COPYING_", "g", 7);
  EXPECT_EQ(RunAll(Source({{"pathGlobFilter", "*.{txt,csv}"}})),
            (std::vector<Lines>{{"a", "b", "f"}}));
}

TEST_F(FileSourceTest, AvailableNowReadsTheFilesThereAtStartWithinTheLimits) {
  Put("1", "1", 1);
  Put("2", "2", 2);
  Put("3", "3", 3);
  auto q = Start(Source({{"maxFilesPerTrigger", "2"}}), engine::Trigger::AvailableNow());
  Put("4", "4", 4);  // after the start: not this run's
  ASSERT_TRUE(q->AwaitTermination().ok());
  EXPECT_EQ(Batches(), (std::vector<Lines>{{"1", "2"}, {"3"}}));
}

TEST_F(FileSourceTest, AnEntryWrittenButNeverLoggedIsReadByTheNextRun) {
  Put("a", "a", 1);
  // Plan a batch by hand: the entry is written, the batch is never logged (as if the query died
  // between the two).
  {
    storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
    storage::SourceLog log = checkpoint.SourceLogAt(0);
    auto source = Source();
    ASSERT_TRUE(source->Open({0, "q", &log, &sim_.clock}).ok());
    EXPECT_EQ(source->LatestOffset(source->InitialOffset(), {}).value().json, R"({"logOffset":0})");
  }
  Put("b", "b", 2);
  EXPECT_EQ(RunAll(Source()), (std::vector<Lines>{{"a", "b"}}));
}

TEST_F(FileSourceTest, TheSeenFilesLogIsCompactedAndReadBackWhole) {
  auto source = Source({{"maxFilesPerTrigger", "1"}});
  for (int i = 0; i < 12; ++i) Put("f" + std::to_string(i), "x", i + 1);
  EXPECT_EQ(RunAll(source).size(), 12u);
  EXPECT_TRUE(sim_.disk.Exists("sources/0/9.compact").value());
  // A restart rebuilds the seen files from 9.compact, 10 and 11: nothing is read again.
  Put("new", "new", 20);
  EXPECT_EQ(RunAll(Source()).back(), Lines{"new"});
  EXPECT_EQ(Batches().size(), 13u);
}

TEST_F(FileSourceTest, JsonLinesAreReadIntoTheSchemasColumns) {
  Put("1.json", "{\"user\":\"ann\",\"n\":2}\n{\"user\":\"bob\"}\n", 1);
  Put("2.json", "not json\n", 2);
  auto source = FileSource::Create("clicks", &data_, "in", "json",
                                   "user STRING, n INT, _corrupt_record STRING", {});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto q = Start(source.value());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  ASSERT_EQ(sink_->stored().size(), 1u);
  const engine::RecordBatch& rows = sink_->stored()[0].second;
  ASSERT_EQ(rows.num_rows(), 3u);
  EXPECT_EQ(rows.Row(0), (std::vector<engine::Value>{std::string("ann"), int32_t{2}, {}}));
  EXPECT_EQ(rows.Row(1), (std::vector<engine::Value>{std::string("bob"), {}, {}}));
  EXPECT_EQ(rows.Row(2), (std::vector<engine::Value>{{}, {}, std::string("not json")}));
  // FAILFAST fails the batch, naming the file and the line; nothing is committed.
  Put("3.json", "{\"user\":\"cy\"}\n{\n", 3);
  q->Stop();
  auto strict =
      FileSource::Create("clicks", &data_, "in", "json",
                         "user STRING, n INT, _corrupt_record STRING", {{"mode", "FAILFAST"}});
  auto failing = Start(strict.value());
  auto ran = failing->RunTrigger();
  ASSERT_FALSE(ran.ok());
  EXPECT_NE(ran.status().message().find("file:///in/3.json line 2: malformed records"),
            std::string::npos)
      << ran.status().ToString();
  EXPECT_EQ(sink_->stored().size(), 1u);
}

TEST_F(FileSourceTest, CleanSourceArchivesFilesOnceTheirBatchHasCommitted) {
  Put("a", "a", 1);
  Put("sub/b", "b", 2);
  auto source = Source(
      {{"cleanSource", "archive"}, {"sourceArchiveDir", "/archive"}, {"maxFilesPerTrigger", "1"}});
  auto q = Start(source);
  ASSERT_TRUE(q->RunTrigger().ok());  // batch 0 takes a; nothing is committed before it ran
  EXPECT_TRUE(data_.Exists("in/a").value());
  ASSERT_TRUE(q->RunTrigger().ok());  // batch 1: batch 0 is acknowledged, so a is archived
  EXPECT_FALSE(data_.Exists("in/a").value());
  EXPECT_EQ(data_.ReadFile("archive/in/a").value(), "a");
  EXPECT_TRUE(data_.Exists("in/sub/b").value());
  // Acknowledging again (a replay after a crash) finds it archived and goes on.
  EXPECT_TRUE(source->Commit(FileSource::OffsetOf(0)).ok());
  ASSERT_TRUE(q->ProcessAllAvailable().ok());
  q->Stop();
  EXPECT_EQ(Batches(), (std::vector<Lines>{{"a"}, {"b"}}));
  // Durable: names synced in both folders.
  sim::Rng rng(2);
  data_.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_EQ(data_.ReadFile("archive/in/a").value(), "a");
}

TEST_F(FileSourceTest, CleanSourceDeleteRemovesFilesAfterTheirBatch) {
  Put("a", "a", 1);
  Put("b", "b", 2);
  auto source = Source({{"cleanSource", "DELETE"}, {"maxFilesPerTrigger", "1"}});
  auto q = Start(source);
  ASSERT_TRUE(q->RunTrigger().ok());
  ASSERT_TRUE(q->RunTrigger().ok());
  EXPECT_FALSE(data_.Exists("in/a").value());
  EXPECT_TRUE(data_.Exists("in/b").value());                  // its batch is not acknowledged yet
  EXPECT_TRUE(source->Commit(FileSource::OffsetOf(0)).ok());  // again: already gone
}

TEST_F(FileSourceTest, CleanSourceOptionsAreChecked) {
  auto error = [&](const Options& o) {
    return FileSource::Create("f", &data_, "in", "text", "", o).status().message();
  };
  EXPECT_EQ(error({{"cleanSource", "archive"}}),
            "file source 'f': archive mode must be used with 'sourceArchiveDir' option.");
  EXPECT_NE(error({{"cleanSource", "archive"}, {"sourceArchiveDir", "/in/old"}})
                .find("sourceArchiveDir file:///in/old is the source folder file:///in, inside "
                      "it, or above it"),
            std::string::npos);
  // A sink's output folder is read through its manifest and is never cleaned.
  ASSERT_TRUE(data_.CreateDirs("in/_spark_metadata").ok());
  Put("part-0", "x", 3);
  auto q = Start(Source({{"cleanSource", "delete"}}));
  auto ran = q->RunTrigger();
  ASSERT_FALSE(ran.ok());
  EXPECT_NE(ran.status().message().find("clean up source files is not supported when reading "
                                        "from the output directory of FileStreamSink"),
            std::string::npos)
      << ran.status().ToString();
}

TEST_F(FileSourceTest, AFileThatVanishesBeforeItsBatchIsReadIsNamed) {
  Put("a", "a", 1);
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  storage::SourceLog log = checkpoint.SourceLogAt(0);
  auto source = Source();
  ASSERT_TRUE(source->Open({0, "q", &log, &sim_.clock}).ok());
  auto end = source->LatestOffset(source->InitialOffset(), {}).value();
  ASSERT_TRUE(data_.Remove("in/a").ok());
  auto read = source->Read(0, source->InitialOffset(), end);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.status().message().find("file:///in/a no longer exists (it was taken by "
                                         "seen-files entry 0"),
            std::string::npos)
      << read.status().ToString();
}

TEST_F(FileSourceTest, ALostSeenFilesEntryIsRefused) {
  Put("a", "a", 1);
  EXPECT_EQ(RunAll(Source()).size(), 1u);
  ASSERT_TRUE(sim_.disk.Remove("sources/0/0").ok());
  auto q = Start(Source());
  auto ran = q->RunTrigger();
  ASSERT_FALSE(ran.ok());
  EXPECT_NE(ran.status().message().find("the seen-files log lost entries"), std::string::npos)
      << ran.status().ToString();
}

TEST_F(FileSourceTest, AMissingFolderIsRefusedAtTheStart) {
  auto source = FileSource::Create("files", &data_, "nowhere", "text", "", {});
  ASSERT_TRUE(source.ok());
  auto q = engine::DataStream::From(source.value()).WriteStream().To(sink_).Start(sim_.env);
  ASSERT_FALSE(q.ok());
  EXPECT_NE(q.status().message().find("path does not exist: file:///nowhere"), std::string::npos)
      << q.status().ToString();
}

TEST(FileSourceOptions, BadOptionsAreRefusedWithSparksMessages) {
  sim::SimDisk disk;
  auto error = [&](const Options& o, const std::string& format = "text",
                   const std::string& schema = "") {
    return FileSource::Create("f", &disk, "in", format, schema, o).status().message();
  };
  EXPECT_EQ(error({{"maxFilesPerTrigger", "0"}}),
            "file source 'f': invalid value '0' for option 'maxFilesPerTrigger', must be a "
            "positive integer");
  EXPECT_EQ(error({{"maxFilesPerTrigger", "1"}, {"maxBytesPerTrigger", "1"}}),
            "file source 'f': options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both "
            "set at the same time");
  EXPECT_EQ(error({{"latestFirst", "yes"}}),
            "file source 'f': invalid value 'yes' for option 'latestFirst', must be 'true' or "
            "'false'");
  EXPECT_EQ(error({{"modifiedAfter", "2020-01-01"}}),
            "file source 'f': option 'modifiedAfter' is not allowed in file stream sources");
  EXPECT_EQ(error({{"cleanSource", "move"}}),
            "file source 'f': invalid mode for clean source option move. Must be one of "
            "ARCHIVE,DELETE,OFF");
  EXPECT_NE(error({{"maxFileAge", "a week"}}).find("not a duration"), std::string::npos);
  EXPECT_NE(error({{"pathGlobFilter", "{a,b"}}).find("unclosed"), std::string::npos);
  EXPECT_NE(error({{"maxfilespertriger", "1"}}).find("unknown option 'maxfilespertriger'"),
            std::string::npos);
  EXPECT_NE(error({}, "parquet").find("the format 'parquet' is not supported"), std::string::npos);
  EXPECT_NE(error({}, "text", "a INT").find("the text format has one column"), std::string::npos);
  EXPECT_TRUE(FileSource::Create("f", &disk, "in", "TEXT", "value STRING",
                                 {{"MAXFILESPERTRIGGER", "3"}, {"cleanSource", "OFF"}})
                  .ok());
}

TEST(FileSourceOffsets, SparksShapesAreReadAndWrittenCanonically) {
  sim::SimDisk disk;
  auto source = FileSource::Create("f", &disk, "in", "text", "", {}).value();
  EXPECT_EQ(source->ParseOffset(R"({"logOffset": 4})").value().json, R"({"logOffset":4})");
  EXPECT_EQ(source->ParseOffset("4").value().json, R"({"logOffset":4})");  // Spark 2.0's
  EXPECT_FALSE(source->ParseOffset(R"({"logOffset":"4"})").ok());
  EXPECT_FALSE(source->ParseOffset(R"({"offset":4})").ok());
  EXPECT_FALSE(source->ParseOffset("-2").ok());
}

// Files below partition folders, read with recursiveFileLookup set or not: each row as
// "id,country,day" text, sorted.
class PartitionedFileSourceTest : public FileSourceTest {
 protected:
  Lines ReadAll(bool recursive) {
    Put("country=DE/day=2026-12-03/a.json", "{\"id\":1}\n{\"id\":2}\n", 1);
    Put("country=FR%3A1/day=__HIVE_DEFAULT_PARTITION__/b.json", "{\"id\":3}\n", 2);
    Put("c.json", "{\"id\":4,\"Country\":\"IT\",\"day\":\"2026-01-01\"}\n", 3);
    auto source =
        FileSource::Create("files", &data_, "in", "json", "id INT, Country STRING, day DATE",
                           {{"recursiveFileLookup", recursive ? "true" : "false"}});
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    if (!source.ok()) return {};
    auto q = Start(source.value());
    EXPECT_TRUE(q->ProcessAllAvailable().ok());
    q->Stop();
    Lines rows;
    for (const auto& [id, batch] : sink_->stored()) {
      for (size_t r = 0; r < batch.num_rows(); ++r) {
        std::string row;
        for (size_t c = 0; c < batch.num_columns(); ++c) {
          const engine::Column& col = batch.column(c);
          row += (c ? "," : "") + (col.IsNull(r) ? std::string("null")
                                                 : engine::ValueToString(col.Get(r), col.type()));
        }
        rows.push_back(row);
      }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }
};

// Spark's partition discovery: `col=value/` folders give a schema column of that name (any case)
// the folder's value for the rows of the files below them, cast to its type; the default
// partition is null; a file outside such folders keeps its own values.
TEST_F(PartitionedFileSourceTest, PartitionFoldersGiveTheirColumnsValues) {
  EXPECT_EQ(ReadAll(false),
            (Lines{"1,DE,2026-12-03", "2,DE,2026-12-03", "3,FR:1,null", "4,IT,2026-01-01"}));
}

// recursiveFileLookup turns discovery off, as in Spark.
TEST_F(PartitionedFileSourceTest, RecursiveFileLookupReadsTheFilesOnly) {
  EXPECT_EQ(ReadAll(true), (Lines{"1,null,null", "2,null,null", "3,null,null", "4,IT,2026-01-01"}));
}

// A folder naming a column no text casts to fails the batch, naming the file and the column.
TEST_F(FileSourceTest, APartitionFolderForAnArrayColumnIsAnErrorNamingIt) {
  Put("tags=x/a.json", "{\"id\":1}\n", 1);
  auto source = FileSource::Create("files", &data_, "in", "json", "id INT, tags ARRAY<STRING>", {});
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  auto q = Start(source.value());
  const Status st = q->ProcessAllAvailable();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("file:///in/tags=x/a.json"), std::string::npos) << st.ToString();
  EXPECT_NE(st.message().find("names column 'tags'"), std::string::npos) << st.ToString();
}

TEST(PartitionFolders, ValuesAreUnescapedAndTheDefaultPartitionIsNull) {
  EXPECT_EQ(UnescapePartitionValue(EscapePartitionValue("a/b=c%d:e")), "a/b=c%d:e");
  EXPECT_EQ(UnescapePartitionValue("100%"), "100%");  // not an escape: kept
  using Values = std::vector<std::pair<std::string, std::optional<std::string>>>;
  EXPECT_EQ(PartitionValuesOf("out", "out/k=v%2F1/plain/j=__HIVE_DEFAULT_PARTITION__/=x/f.json"),
            (Values{{"k", "v/1"}, {"j", std::nullopt}}));
  EXPECT_EQ(PartitionValuesOf("", "k=1/f.json"), (Values{{"k", "1"}}));
  EXPECT_TRUE(PartitionValuesOf("out", "out/f.json").empty());
}

}  // namespace
}  // namespace sluice::connectors::files
