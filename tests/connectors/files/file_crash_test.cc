// Files to files under crashes: a JSON file source feeding a JSON file sink, both on the
// simulated disk under the checkpoint's crash points, is crashed at every storage operation and
// protocol step of its run (the checkpoint's, the seen-files log's, the part files' and the
// manifest's), under each deterministic crash state, and restarted (a new process: new source and
// sink objects) until every input file is read. The output that the manifest commits holds every
// input row exactly once, as a fault-free run's does; part files no manifest lists may remain, and
// are never read.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "connectors/files/file_sink.h"
#include "connectors/files/file_source.h"
#include "connectors/files/file_uri.h"
#include "connectors/files/sink_file_status.h"
#include "connectors/files/text_lines.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "faults/crash_state.h"
#include "sim/sim_environment.h"
#include "storage/compactible_log.h"
#include "tests/support/crash_everywhere.h"

namespace sluice::connectors::files {
namespace {

constexpr int kFiles = 4;

struct FileRun {
  explicit FileRun(std::map<std::string, std::string> options = {{"maxFilesPerTrigger", "1"}})
      : source_options(std::move(options)) {
    // The input exists, durably, before the query's first run.
    SLUICE_CHECK(sim.disk.CreateDirs("data/in").ok(), "data/in");
    for (const char* dir : {"", "data", "data/in"}) {
      SLUICE_CHECK(sim.disk.SyncDir(dir).ok(), "sync the input's folders");
    }
    for (int f = 0; f < kFiles; ++f) {
      sim.clock.AdvanceBy(1000 * 1000);
      const std::string path = "data/in/" + std::to_string(f) + ".json";
      std::string text;
      for (int r = 0; r < 2; ++r) {
        text +=
            "{\"id\":" + std::to_string(f * 10 + r) + ",\"word\":\"w" + std::to_string(r) + "\"}\n";
      }
      sim.disk.PutDurable(path, text);
    }
  }
  std::map<std::string, std::string> source_options;
  sim::SimEnvironment sim{sim::Rng(7), "fc-"};
  int crashes = 0;
};

// Starts the query until it has read every file, restarting after a crash.
void RunPipeline(FileRun& run, std::optional<int64_t> crash_at, const faults::CrashState& state) {
  if (crash_at) run.sim.points.Arm(*crash_at);
  sim::Rng rng(11);
  for (int starts = 0; starts < 20; ++starts) {
    try {
      auto source = FileSource::Create("in", &run.sim.errors_fs, "data/in", "json",
                                       "id INT, word STRING", run.source_options);
      auto sink = FileSink::Create(&run.sim.errors_fs, "data/out", "json", {}, {},
                                   &run.sim.skewed_clock, &run.sim.listener);
      ASSERT_TRUE(source.ok() && sink.ok());
      auto q = engine::DataStream::From(source.value())
                   .Select({engine::Col("id"), engine::Upper(engine::Col("word")).As("word")})
                   .WriteStream()
                   .To(sink.value())
                   .Start(run.sim.env);
      ASSERT_TRUE(q.ok()) << q.status().ToString();
      ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
      q.value()->Stop();
      return;
    } catch (const faults::SimulatedCrash&) {
      ++run.crashes;
      run.sim.disk.Crash(state, rng);
    }
  }
  FAIL() << "the query did not finish in 20 starts";
}

// The committed output's lines, sorted: the files the manifest lists, read whole.
std::vector<std::string> CommittedOutput(FileRun& run) {
  std::vector<std::string> rows;
  Result<std::vector<SinkFileStatus>> committed = ReadSinkManifest(&run.sim.disk, "data/out");
  SLUICE_CHECK(committed.ok(), "the manifest reads");
  for (const SinkFileStatus& s : committed.value()) {
    const std::string bytes = run.sim.disk.ReadFile(PathOfFileUri(s.uri).value()).value();
    EXPECT_EQ(static_cast<int64_t>(bytes.size()), s.size_bytes) << s.uri;
    for (std::string_view line : SplitLines(bytes)) rows.emplace_back(line);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(FileCrash, TheCommittedOutputHoldsEachRowOnceWhereverItCrashes) {
  FileRun baseline;
  RunPipeline(baseline, std::nullopt, {});
  const std::vector<std::string> want = CommittedOutput(baseline);
  ASSERT_EQ(want.size(), 2u * kFiles);
  EXPECT_EQ(want.front(), "{\"id\":0,\"word\":\"W0\"}");
  const int64_t points = baseline.sim.points.passed();
  ASSERT_GT(points, 50);
  int crashed = 0;
  testing::ForEachCrash(points, [&](int64_t point, const faults::CrashState& state) {
    FileRun run;
    RunPipeline(run, point, state);
    crashed += run.crashes;
    EXPECT_EQ(CommittedOutput(run), want) << "crash at point " << point << ", " << state.Name();
  });
  if (::testing::Test::HasFailure()) return;
  EXPECT_EQ(crashed, 3 * points);
}

// With cleanSource=archive the source's files move to the archive once their batch has committed,
// never before: a replayed batch still finds its files, and no file is lost or left behind.
TEST(FileCrash, ArchivedFilesAreCleanedOnlyAfterTheirBatchWhereverItCrashes) {
  const std::map<std::string, std::string> options = {
      {"maxFilesPerTrigger", "1"}, {"cleanSource", "archive"}, {"sourceArchiveDir", "data/old"}};
  FileRun baseline(options);
  RunPipeline(baseline, std::nullopt, {});
  const std::vector<std::string> want = CommittedOutput(baseline);
  ASSERT_EQ(want.size(), 2u * kFiles);
  const int64_t points = baseline.sim.points.passed();
  testing::ForEachCrash(points, [&](int64_t point, const faults::CrashState& state) {
    FileRun run(options);
    RunPipeline(run, point, state);
    const std::string where = "crash at point " + std::to_string(point) + ", " + state.Name();
    EXPECT_EQ(CommittedOutput(run), want) << where;
    // Every input file is in the source folder or the archive, once; the last batch's files are
    // not acknowledged yet, so at least one stays.
    int archived = 0, left = 0;
    for (int f = 0; f < kFiles; ++f) {
      const std::string name = std::to_string(f) + ".json";
      const bool in_archive = run.sim.disk.Exists("data/old/data/in/" + name).value();
      const bool in_source = run.sim.disk.Exists("data/in/" + name).value();
      EXPECT_NE(in_archive, in_source) << where << ": " << name;
      archived += in_archive;
      left += in_source;
    }
    EXPECT_GE(left, 1) << where;
    EXPECT_GE(archived, 1) << where;
  });
}

}  // namespace
}  // namespace sluice::connectors::files
