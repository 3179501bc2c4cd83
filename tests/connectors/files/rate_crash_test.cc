// The rate source under crashes: a rate query is crashed at every storage operation of its run,
// under every deterministic crash state, and restarted (a new process: a new source object) until
// its triggers are done. Each value the committed offsets cover reaches the sink exactly once, at
// the timestamp due from the start time kept in sources/0/0, and a batch run again gives the sink
// the same rows.
#include <gtest/gtest.h>

#include <map>

#include "connectors/files/rate_source.h"
#include "engine/query/data_stream.h"
#include "faults/crash_state.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"
#include "storage/checkpoint.h"
#include "tests/support/crash_everywhere.h"

namespace sluice::connectors::files {
namespace {

constexpr int kTriggers = 4;
constexpr int64_t kRowsPerSecond = 3;

struct RateRun {
  sim::SimEnvironment sim{sim::Rng(5), "rc-"};
  std::shared_ptr<sim::RecordingSink> sink = std::make_shared<sim::RecordingSink>(true);
  int crashes = 0;
};

// Runs kTriggers triggers a second apart, then one more, restarting after a crash.
void RunPipeline(RateRun& run, std::optional<int64_t> crash_at, const faults::CrashState& state) {
  if (crash_at) run.sim.points.Arm(*crash_at);
  sim::Rng rng(9);
  int done = 0;
  for (int starts = 0; starts < 10; ++starts) {
    auto rate = RateSource::Create(
        "rate", {{"rowsPerSecond", std::to_string(kRowsPerSecond)}, {"numPartitions", "2"}});
    ASSERT_TRUE(rate.ok());
    try {
      auto q = engine::DataStream::From(rate.value()).WriteStream().To(run.sink).Start(run.sim.env);
      ASSERT_TRUE(q.ok()) << q.status().ToString();
      for (; done < kTriggers; ++done) {
        run.sim.clock.AdvanceBy(1000 * 1000);
        ASSERT_TRUE(q.value()->RunTrigger().ok());
      }
      ASSERT_TRUE(q.value()->RunTrigger().ok());  // whatever a crash left due
      q.value()->Stop();
      return;
    } catch (const faults::SimulatedCrash&) {
      ++run.crashes;
      run.sim.disk.Crash(state, rng);
    }
  }
  FAIL() << "the query did not finish in 10 starts";
}

// The checks of the file comment; `where` names the run in failures.
void ExpectExactlyOnce(RateRun& run, const std::string& where) {
  storage::Checkpoint checkpoint(&run.sim.disk, spec::kStandardProtocol, nullptr);
  const std::vector<int64_t> commits = checkpoint.commits().ListIds().value();
  ASSERT_FALSE(commits.empty()) << where;
  const auto logged = checkpoint.ReadOffsets(commits.back()).value().source_ends.at(0);
  ASSERT_TRUE(logged.has_value()) << where;
  const int64_t seconds = std::stoll(*logged);
  const int64_t start_ms = std::stoll(checkpoint.SourceLogAt(0).Read(0).value().value().at(0));
  std::map<int64_t, int> seen;
  for (const auto& [batch, rows] : run.sink->stored()) {
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      const int64_t v = rows.column(1).Int(r);
      ++seen[v];
      const int64_t due_ms = start_ms + v / kRowsPerSecond * 1000 +
                             (v % kRowsPerSecond * 1000 + kRowsPerSecond / 2) / kRowsPerSecond;
      EXPECT_EQ(rows.column(0).Int(r), due_ms * 1000) << where << ": value " << v;
    }
  }
  EXPECT_EQ(static_cast<int64_t>(seen.size()), seconds * kRowsPerSecond) << where;
  for (const auto& [v, n] : seen) {
    EXPECT_EQ(n, 1) << where << ": value " << v;
    EXPECT_LT(v, seconds * kRowsPerSecond) << where;
  }
  std::map<int64_t, std::string> first;
  for (const auto& a : run.sink->attempts()) {
    auto [it, inserted] = first.emplace(a.batch_id, a.bytes);
    EXPECT_TRUE(inserted || it->second == a.bytes) << where << ": batch " << a.batch_id;
  }
}

TEST(RateCrash, ExactlyOnceAtTheDueTimestampsWhereverItCrashes) {
  RateRun baseline;
  RunPipeline(baseline, std::nullopt, {});
  ExpectExactlyOnce(baseline, "no crash");
  const int64_t points = baseline.sim.points.passed();
  ASSERT_GT(points, 20);
  int crashed = 0;
  testing::ForEachCrash(points, [&](int64_t point, const faults::CrashState& state) {
    RateRun run;
    RunPipeline(run, point, state);
    crashed += run.crashes;
    ExpectExactlyOnce(run, "crash at point " + std::to_string(point) + ", " + state.Name());
  });
  if (::testing::Test::HasFailure()) return;
  EXPECT_EQ(crashed, 3 * points);
}

}  // namespace
}  // namespace sluice::connectors::files
