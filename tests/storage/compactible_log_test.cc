// CompactibleLog (storage/compactible_log.cc): Spark's compactible metadata log, under which a
// file source keeps its seen files and a file sink its manifest.
#include "storage/compactible_log.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "faults/crash_state.h"
#include "sim/protocol_variants.h"
#include "sim/rng.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"
#include "storage/checkpoint.h"

namespace sluice::storage {
namespace {

using Lines = std::vector<std::string>;

struct LogOnDisk {
  explicit LogOnDisk(CompactibleLogOptions options, std::string dir = "log")
      : publisher(&disk, spec::kStandardProtocol.atomic_publish, nullptr),
        log(&disk, &publisher, std::move(dir), std::move(options)) {
    SLUICE_CHECK(log.Open().ok(), "open");
  }
  sim::SimDisk disk;
  AtomicPublisher publisher;
  CompactibleLog log;
};

CompactibleLogOptions Interval(int interval) {
  CompactibleLogOptions o;
  o.default_compact_interval = interval;
  return o;
}

TEST(CompactibleLog, EveryIntervalthBatchIsACompactionOfEverythingBefore) {
  LogOnDisk l(Interval(3));
  for (int64_t id = 0; id < 9; ++id) {
    ASSERT_TRUE(l.log.Add(id, {"b" + std::to_string(id)}, 0).ok()) << id;
  }
  // Spark's example: interval 3 compacts at 2, 5 and 8.
  EXPECT_EQ(l.disk.ListDir("log").value(),
            (Lines{"0", "1", "2.compact", "3", "4", "5.compact", "6", "7", "8.compact"}));
  EXPECT_EQ(l.log.ReadFileOf(5).value(), (Lines{"b0", "b1", "b2", "b3", "b4", "b5"}));
  EXPECT_EQ(l.log.ReadFileOf(4).value(), (Lines{"b4"}));
  EXPECT_EQ(l.log.AllLines(7).value(), (Lines{"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"}));
  EXPECT_EQ(l.log.LatestId().value(), 8);
  EXPECT_EQ(l.log.Add(4, {"again"}, 0).code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(l.log.ReadFileOf(9).value().has_value());
}

TEST(CompactibleLog, ACompactionKeepsWhatTheLogsFilterKeeps) {
  CompactibleLogOptions o = Interval(2);
  o.compact_lines = [](Lines lines) {
    std::erase(lines, std::string("drop"));
    return lines;
  };
  LogOnDisk l(o);
  ASSERT_TRUE(l.log.Add(0, {"a", "drop"}, 0).ok());
  ASSERT_TRUE(l.log.Add(1, {"b", "drop"}, 0).ok());
  EXPECT_EQ(l.log.ReadFileOf(0).value(), (Lines{"a", "drop"}));  // plain batches keep all
  EXPECT_EQ(l.log.ReadFileOf(1).value(), (Lines{"a", "b"}));
}

TEST(CompactibleLog, TheIntervalOfAnExistingLogComesFromItsCompactions) {
  // Spark's deriveCompactInterval.
  EXPECT_EQ(DeriveCompactInterval(5, 11), 6);   // one 11.compact, default 5
  EXPECT_EQ(DeriveCompactInterval(10, 4), 5);   // fewer batches than the default
  EXPECT_EQ(DeriveCompactInterval(6, 11), 12);  // 6 is not below half of 12
  EXPECT_EQ(DeriveCompactInterval(3, 11), 3);
  EXPECT_EQ(DeriveCompactInterval(5, 12), 13);  // 13 is prime
  // Spark's definition, by brute force, for small logs.
  for (int default_interval = 1; default_interval <= 20; ++default_interval) {
    for (int64_t id = 0; id < 400; ++id) {
      const int64_t n = id + 1;
      int64_t want = n;
      if (n > default_interval && default_interval < n / 2) {
        for (int64_t d = default_interval; d <= n / 2; ++d) {
          if (n % d == 0) {
            want = d;
            break;
          }
        }
      }
      ASSERT_EQ(DeriveCompactInterval(default_interval, id), want) << default_interval << " " << id;
    }
  }
  EXPECT_EQ(DeriveCompactInterval(10, 2147483646), 2147483647);  // prime: fast, not 10^9 steps

  LogOnDisk written(Interval(3));
  for (int64_t id = 0; id < 7; ++id) ASSERT_TRUE(written.log.Add(id, {"x"}, 0).ok());
  // Reopened with another configured interval, the log keeps the one it was written with.
  AtomicPublisher publisher(&written.disk, spec::kStandardProtocol.atomic_publish, nullptr);
  CompactibleLog reopened(&written.disk, &publisher, "log", Interval(10));
  ASSERT_TRUE(reopened.Open().ok());
  EXPECT_EQ(reopened.compact_interval(), 3);
  EXPECT_EQ(reopened.PathOf(8), "log/8.compact");
  ASSERT_TRUE(written.disk.Remove("log/2.compact").ok());  // one compaction left: 5 -> 6 / ...
  CompactibleLog one(&written.disk, &publisher, "log", Interval(10));
  ASSERT_TRUE(one.Open().ok());
  EXPECT_EQ(one.compact_interval(), 6);
}

TEST(CompactibleLog, SparksFormatIsAVersionLineThenOneLinePerEntry) {
  EXPECT_EQ(EncodeLogFile(LogFileFormat::kSpark, {"{\"a\":1}", "{\"b\":2}"}),
            "v1\n{\"a\":1}\n{\"b\":2}");
  EXPECT_EQ(EncodeLogFile(LogFileFormat::kSpark, {}), "v1");
  EXPECT_EQ(DecodeLogFile(LogFileFormat::kSpark, "v1\n{}\n", "m/0").value(), (Lines{"{}"}));
  EXPECT_EQ(DecodeLogFile(LogFileFormat::kSpark, "v1", "m/0").value(), Lines{});
  const auto empty = DecodeLogFile(LogFileFormat::kSpark, "", "m/0");
  EXPECT_EQ(empty.status().code(), StatusCode::kCorruption);
  EXPECT_NE(empty.status().message().find("m/0: an empty log file"), std::string::npos);
  const auto newer = DecodeLogFile(LogFileFormat::kSpark, "v2\n{}", "m/3");
  EXPECT_NE(newer.status().message().find("m/3: log version v2 is not supported"),
            std::string::npos);
  const auto blank = DecodeLogFile(LogFileFormat::kSpark, "v1\n{}\n\n{}", "m/5");
  EXPECT_NE(blank.status().message().find("m/5: line 3 is empty"), std::string::npos);
  const auto foreign = DecodeLogFile(LogFileFormat::kSpark, "{}\n{}", "m/4");
  EXPECT_NE(foreign.status().message().find("is not a log version"), std::string::npos);
  // The envelope detects a torn file.
  const std::string whole = EncodeLogFile(LogFileFormat::kEnvelope, {"x"});
  EXPECT_EQ(DecodeLogFile(LogFileFormat::kEnvelope, whole.substr(0, whole.size() - 2), "s/0")
                .status()
                .code(),
            StatusCode::kCorruption);
}

TEST(CompactibleLog, ExpiredEntriesGoOnceTheyAreOldEnoughAndReadersStillSeeEverything) {
  CompactibleLogOptions o = Interval(3);
  o.min_batches_to_retain = 2;
  o.cleanup_delay_ms = 1000;
  sim::SimClock clock(0);
  LogOnDisk l(o);
  l.disk.SetClock(&clock);
  for (int64_t id = 0; id < 8; ++id) {
    ASSERT_TRUE(l.log.Add(id, {"b" + std::to_string(id)}, clock.NowMicros() / 1000).ok());
  }
  // Not old enough: nothing removed.
  EXPECT_EQ(l.disk.ListDir("log").value().size(), 8u);
  clock.AdvanceBy(5'000'000);
  ASSERT_TRUE(l.log.Add(8, {"b8"}, clock.NowMicros() / 1000).ok());
  // Batch 8 is retained with 7; 7 is read through 5.compact, so everything below 5 goes.
  EXPECT_EQ(l.disk.ListDir("log").value(), (Lines{"5.compact", "6", "7", "8.compact"}));
  EXPECT_EQ(l.log.AllLines(8).value().size(), 9u);
}

TEST(CompactibleLog, AMissingEntryIsCorruptionNamingIt) {
  LogOnDisk l(Interval(10));
  ASSERT_TRUE(l.log.Add(0, {"a"}, 0).ok());
  ASSERT_TRUE(l.log.Add(1, {"b"}, 0).ok());
  ASSERT_TRUE(l.disk.Remove("log/0").ok());
  const auto all = l.log.AllLines(1);
  EXPECT_EQ(all.status().code(), StatusCode::kCorruption);
  EXPECT_NE(all.status().message().find("log/0 is missing"), std::string::npos);
}

TEST(CompactibleLog, TheDirectoryIsMadeDurableAtTheFirstAdd) {
  LogOnDisk l(Interval(10), "out/_spark_metadata");
  EXPECT_FALSE(l.disk.Exists("out").value());
  ASSERT_TRUE(l.log.Add(0, {"a"}, 0).ok());
  sim::Rng rng(3);
  l.disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
  EXPECT_EQ(l.log.ReadFileOf(0).value(), Lines{"a"});
}

// The hook runs once the entry's temporary file is written and before it is synced; its error
// fails the add with nothing named, and a later add of the same batch goes through.
// The file system calls, in order, as "sync <path>" and "rename <to>".
class CallOrder : public FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Status SyncFile(const std::string& p) override {
    calls.push_back("sync " + p);
    return FileSystemWrapper::SyncFile(p);
  }
  Status RenameNoReplace(const std::string& f, const std::string& t) override {
    calls.push_back("rename " + t);
    return FileSystemWrapper::RenameNoReplace(f, t);
  }
  std::vector<std::string> calls;
};

TEST(CompactibleLog, BeforeTempSyncRunsBetweenTheEntrysWriteAndItsSync) {
  for (const auto* table :
       {spec::kStandardProtocol.atomic_publish, &sim::variants::kNoSyncBeforeRename}) {
    sim::SimDisk disk;
    CallOrder fs(&disk);
    AtomicPublisher publisher(&fs, table, nullptr);
    CompactibleLog log(&fs, &publisher, "log", Interval(10));
    ASSERT_TRUE(log.Open().ok() && log.Add(0, {"a"}, 0).ok());
    const std::string temp = AtomicPublisher::TempPathFor(log.PathOf(1));
    fs.calls.clear();
    int ran = 0;
    Status added = log.Add(1, {"b"}, 0, [&] {
      ++ran;
      EXPECT_TRUE(disk.Exists(temp).value()) << "the temporary file is written first";
      EXPECT_TRUE(fs.calls.empty()) << "and neither synced nor renamed: " << fs.calls.front();
      return Status::IoError("the part file's sync failed");
    });
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(added.code(), StatusCode::kIoError);
    EXPECT_NE(added.message().find("syncing what it names: the part file's sync failed"),
              std::string::npos)
        << added.ToString();
    EXPECT_TRUE(fs.calls.empty()) << "nothing named after the hook failed";
    EXPECT_EQ(log.LatestId().value(), std::optional<int64_t>(0));
    ASSERT_TRUE(log.Add(1, {"c"}, 0,
                        [&] {
                          ++ran;
                          fs.calls.push_back("hook");
                          return Status::Ok();
                        })
                    .ok());
    EXPECT_EQ(ran, 2);
    const bool syncs_temp = table == spec::kStandardProtocol.atomic_publish;
    EXPECT_EQ(fs.calls, syncs_temp ? (Lines{"hook", "sync " + temp, "rename " + log.PathOf(1)})
                                   : (Lines{"hook", "rename " + log.PathOf(1)}));
    EXPECT_EQ(log.ReadFileOf(1).value(), Lines{"c"});
  }
}

// An entry an earlier run renamed into place without syncing the folder (its directory fsync
// failed, or it crashed first) is made durable when a writer opens the log, before the writer acts
// on it; a read-only reader leaves the folder alone. (Found by sluice-sim --pipeline: a file source
// logged offsets/N for a seen-files entry whose name a crash then lost.)
TEST(CompactibleLog, AWritersOpenMakesTheEntriesItListsDurable) {
  for (bool read_only : {false, true}) {
    sim::SimDisk disk;
    ASSERT_TRUE(disk.CreateDirs("log").ok() && disk.SyncDir("").ok() && disk.SyncDir("log").ok());
    const std::string bytes = EncodeLogFile(LogFileFormat::kEnvelope, {"a"});
    ASSERT_TRUE(disk.WriteFile("log/.0.tmp", bytes).ok() && disk.SyncFile("log/.0.tmp").ok() &&
                disk.RenameNoReplace("log/.0.tmp", "log/0").ok());  // no directory sync
    AtomicPublisher publisher(&disk, spec::kStandardProtocol.atomic_publish, nullptr);
    CompactibleLogOptions options = Interval(10);
    options.read_only = read_only;
    CompactibleLog log(&disk, &publisher, "log", options);
    ASSERT_TRUE(log.Open().ok());
    sim::Rng rng(5);
    disk.Crash({faults::UnsyncedData::kLost, faults::UnsyncedNames::kLost}, rng);
    EXPECT_EQ(disk.Exists("log/0").value(), !read_only) << (read_only ? "reader" : "writer");
  }
}

// Whatever the interval and the batches, a reader of batch k sees the lines of batches 0..k in
// order, in both formats.
RC_GTEST_PROP(CompactibleLogProperty, AllLinesAreTheBatchesLinesInOrder, ()) {
  CompactibleLogOptions o = Interval(*rc::gen::inRange(1, 6));
  o.format = *rc::gen::element(LogFileFormat::kEnvelope, LogFileFormat::kSpark);
  // The envelope holds at least one line; Spark's format may hold none.
  const auto batches = *rc::gen::container<std::vector<Lines>>(
      o.format == LogFileFormat::kSpark
          ? rc::gen::container<Lines>(rc::gen::string<std::string>())
          : rc::gen::nonEmpty(rc::gen::container<Lines>(rc::gen::string<std::string>())));
  LogOnDisk l(o);
  Lines want;
  for (size_t id = 0; id < batches.size(); ++id) {
    Lines lines;
    for (std::string s : batches[id]) {
      std::erase(s, '\n');
      lines.push_back(std::to_string(id) + ":" + s);
    }
    RC_ASSERT(l.log.Add(static_cast<int64_t>(id), lines, 0).ok());
    want.insert(want.end(), lines.begin(), lines.end());
    RC_ASSERT(l.log.AllLines(static_cast<int64_t>(id)).value() == want);
  }
}

}  // namespace
}  // namespace sluice::storage
