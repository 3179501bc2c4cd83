// Scripts: the text form round-trips, a script replays its seed bit for bit, bad input names the
// line, and shrinking gives a failing script from which nothing more can be deleted.
#include <gtest/gtest.h>

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
