// Scripts: the text form round-trips, a script replays its seed bit for bit, bad input names the
// line, lite seeds draw their rarer faults, and shrinking gives a failing script from which
// nothing more can be deleted.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/coverage.h"
#include "sim/shrink.h"
#include "spec/protocol.h"

namespace sluice::sim {
namespace {

TEST(Script, TextFormRoundTripsAndReplaysTheSeedExactly) {
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    SeedConfig c;
    c.seed = seed;
    c.mode = seed % 2 ? Mode::kLite : Mode::kSwarm;
    const Script script = GenerateScript(c);
    const std::string text = FormatScript(script);
    auto parsed = ParseScript(text, "seed.script");
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    EXPECT_EQ(FormatScript(parsed.value()), text);
    EXPECT_EQ(RunScript(parsed.value()).trace_hash, RunSeed(c).trace_hash) << "seed " << seed;
  }
}

TEST(Script, BadInputNamesTheFileAndLine) {
  auto r = ParseScript("seed 3\nmode swarm\nio op=x fault=eio\n", "bad.script");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("bad.script:3"), std::string::npos) << r.status().message();
  r = ParseScript("seed 3\nmutant no-such-mutant\n", "bad.script");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown mutant 'no-such-mutant'"), std::string::npos);
  r = ParseScript("seed 3\nteleport at_ms=3\n", "bad.script");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("unknown command 'teleport'"), std::string::npos);
}

// Lite mode reaches the two faults that no-checksum-check and retry-failed-fsync need: silent
// corruption (stateful seeds only) and lost-pages fsyncs with a crash drawn after the first one.
TEST(Script, LiteDrawsCorruptionAndLostSyncsInAMeaningfulFractionOfSeeds) {
  int rot_seeds = 0, lost_sync_seeds = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    SeedConfig c;
    c.seed = seed;
    const Script s = GenerateScript(c);
    int64_t first_lost_op = 0, last_crash = 0;
    bool rot = false;
    for (const Command& cmd : s.commands) {
      if (cmd.kind == CommandKind::kRot) rot = true;
      if (cmd.kind == CommandKind::kCrash) last_crash = std::max(last_crash, cmd.point);
      if (cmd.kind == CommandKind::kIoFault && cmd.fault == faults::IoFault::kSyncLosesData &&
          first_lost_op == 0) {
        first_lost_op = cmd.point;
      }
    }
    EXPECT_TRUE(!rot || s.stateful) << "seed " << seed << ": corruption in a stateless seed";
    // Crash points pass at least three times as fast as storage operations.
    if (first_lost_op > 0) {
      EXPECT_GE(last_crash, 3 * first_lost_op) << "seed " << seed;
    }
    rot_seeds += rot ? 1 : 0;
    lost_sync_seeds += first_lost_op > 0 ? 1 : 0;
  }
  // Expected: 20% of seeds (40% of the stateful half) and 56% (70% of the other 80%).
  EXPECT_GE(rot_seeds, 50);
  EXPECT_LE(rot_seeds, 110);
  EXPECT_GE(lost_sync_seeds, 180);
  EXPECT_LE(lost_sync_seeds, 270);

  // And the runs really do corrupt an entry and lose an fsync's pages.
  Coverage coverage;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    SeedConfig c;
    c.seed = seed;
    RunSeed(c, &coverage);
  }
  EXPECT_GT(coverage.Count("fault: corrupt entry"), 0);
  EXPECT_GT(coverage.Count("io: sync-loses-data"), 0);
}

TEST(Shrink, GivesAOneMinimalFailingScript) {
  // The first seed that ack-before-commit-synced fails on.
  Script failing;
  for (uint64_t seed = 1;; ++seed) {
    ASSERT_LT(seed, 200u) << "the mutant is caught within 200 seeds";
    SeedConfig c;
    c.seed = seed;
    c.mode = Mode::kSwarm;
    c.mutant = FindMutant("ack-before-commit-synced");
    failing = GenerateScript(c);
    if (ScriptFails(failing)) break;
  }
  int runs = 0;
  const Script small = Shrink(failing, ScriptFails, &runs);
  EXPECT_TRUE(ScriptFails(small));
  EXPECT_LT(small.commands.size(), failing.commands.size());
  for (size_t i = 0; i < small.commands.size(); ++i) {
    Script less = small;
    less.commands.erase(less.commands.begin() + static_cast<long>(i));
    EXPECT_FALSE(ScriptFails(less)) << "command " << i << " could still be deleted";
  }
  Script standard = small;
  standard.mutant.clear();
  EXPECT_FALSE(ScriptFails(standard)) << "the standard protocol survives the same schedule";
}

TEST(Coverage, KnowsEveryStandardTransitionAndCountsRuns) {
  const auto& marks = Coverage::AllMarks();
  for (const spec::TransitionName& t : spec::TransitionNames(spec::kStandardProtocol)) {
    EXPECT_NE(std::find(marks.begin(), marks.end(), t.Mark()), marks.end()) << t.Mark();
  }
  // The rare list names only real marks: RareBecause of an unknown name is empty.
  int rare = 0;
  for (const std::string& m : marks) rare += Coverage::RareBecause(m).empty() ? 0 : 1;
  EXPECT_EQ(rare, 11);
  Coverage coverage;
  SeedConfig c;
  c.seed = 5;
  c.mode = Mode::kSwarm;
  RunSeed(c, &coverage);
  EXPECT_GT(coverage.Count("micro_batch idle -new_trigger-> planning"), 0);
  EXPECT_GT(coverage.Count("atomic_publish syncing_dir -ok-> published"), 0);
  EXPECT_EQ(coverage.Count("query created -start-> recovering"),
            coverage.Count("recovery start -begin-> reading_metadata"));
}

}  // namespace
}  // namespace sluice::sim
