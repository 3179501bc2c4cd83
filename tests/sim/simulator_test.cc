// The simulator's own guarantees: determinism, a clean standard protocol, and every mutant caught.
#include <gtest/gtest.h>

#include <tuple>

#include "faults/crash_state.h"
#include "sim/exhaustive.h"
#include "sim/pipeline_run.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace sluice::sim {
namespace {

TEST(Simulator, TwoHundredSeedsRunTwiceGiveIdenticalTraces) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    SeedConfig c;
    c.seed = seed;
    c.mode = seed % 2 ? Mode::kLite : Mode::kSwarm;
    const SeedResult a = RunSeed(c);
    const SeedResult b = RunSeed(c);
    ASSERT_EQ(a.trace_hash, b.trace_hash) << "seed " << seed;
    ASSERT_EQ(a.crash_points, b.crash_points) << "seed " << seed;
  }
}

// The default run (`sluice-sim`: lite seeds 1-200) and swarm seeds 1-100 give the trace hashes
// docs/ cite, whatever the compiler: CI runs this in the GCC Release build and in the clang
// sanitized build. A draw whose order C++ leaves unspecified (two draws in one call's arguments)
// once gave clang other runs than GCC. An intended change to the simulator's runs changes these
// figures, and the docs that cite them, in the same commit.
TEST(Simulator, DefaultRunsGiveTheDocumentedTraceHashesOnEveryCompiler) {
  for (const auto& [mode, seeds, expected] :
       {std::tuple{Mode::kLite, 200, uint64_t{0x7b1126bb1eb3591d}},
        std::tuple{Mode::kSwarm, 100, uint64_t{0xe909511713f67719}}}) {
    TraceHash combined;
    for (uint64_t seed = 1; seed <= static_cast<uint64_t>(seeds); ++seed) {
      SeedConfig c;
      c.seed = seed;
      c.mode = mode;
      combined.Add(RunSeed(c).trace_hash);
    }
    EXPECT_EQ(combined.value(), expected) << (mode == Mode::kLite ? "lite" : "swarm");
  }
}

TEST(Simulator, DifferentSeedsExploreDifferentRuns) {
  SeedConfig a, b;
  a.seed = 2;
  b.seed = 3;
  EXPECT_NE(RunSeed(a).trace_hash, RunSeed(b).trace_hash);
}

TEST(Simulator, StandardProtocolKeepsExactlyOnceUnderLiteAndSwarm) {
  int crashes = 0, io_faults = 0;
  for (uint64_t seed = 1; seed <= 300; ++seed) {
    SeedConfig c;
    c.seed = seed;
    c.mode = seed % 3 ? Mode::kLite : Mode::kSwarm;
    const SeedResult r = RunSeed(c);
    ASSERT_TRUE(r.violations.empty()) << ReplayCommand(c) << ": " << r.violations.front();
    crashes += r.crashes;
    io_faults += r.io_faults;
  }
  EXPECT_GT(crashes, 200);  // the run really did crash, often
  EXPECT_GT(io_faults, 20);
}

// Every crash point under one crash state each, the states taken in turn. The whole product of
// points and states is `sluice-sim --mode exhaustive` (ctest sim_exhaustive); this test is the
// cheaper one the sanitizer build runs (under ASan the whole product takes six minutes).
TEST(Simulator, ExhaustiveModeExploresEveryPointAndEveryVariant) {
  const ExhaustiveSummary s = RunExhaustive(nullptr, Workload::kDrawn, false, nullptr,
                                            ExhaustiveScope::kOneVariantAtEachPoint);
  EXPECT_EQ(s.violations, 0u);
  EXPECT_GT(s.crash_points, 100);
  EXPECT_EQ(s.cases, static_cast<uint64_t>(s.crash_points));
  EXPECT_EQ(s.variants_run, faults::AllCrashVariants().size());
  EXPECT_EQ(faults::AllCrashVariants().size(), 8u);
}

class MutantTest : public ::testing::TestWithParam<Mutant> {};

// A pipeline mutant runs the reference pipeline (sim/pipeline_run.h), the others the reference
// workloads.
TEST_P(MutantTest, IsCaughtWithinTwoHundredSwarmSeeds) {
  uint64_t violating_seeds = 0;
  const PipelineSpec spec = ReferencePipelineSpec();
  const auto baseline = RunPipelineBaseline(spec);
  ASSERT_TRUE(baseline.ok()) << baseline.status().ToString();
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    if (GetParam().pipeline) {
      PipelineSeedConfig c;
      c.seed = seed;
      c.mode = Mode::kSwarm;
      c.mutant = &GetParam();
      if (!RunPipelineSeed(spec, baseline.value(), c).violations.empty()) ++violating_seeds;
      continue;
    }
    SeedConfig c;
    c.seed = seed;
    c.mode = Mode::kSwarm;
    c.mutant = &GetParam();
    if (!RunSeed(c).violations.empty()) ++violating_seeds;
  }
  EXPECT_GT(violating_seeds, 0u) << GetParam().name;
}

// Without a mutant the reference pipeline keeps exactly-once under swarm faults, and a mutant
// changes nothing in a run without faults.
TEST(PipelineSimulation, TheStandardConnectorsPassAndTheMutantsNeedAFault) {
  const PipelineSpec spec = ReferencePipelineSpec();
  const auto baseline = RunPipelineBaseline(spec);
  ASSERT_TRUE(baseline.ok()) << baseline.status().ToString();
  EXPECT_GE(baseline.value().rows.size(), 10u);
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    PipelineSeedConfig c;
    c.seed = seed;
    c.mode = Mode::kSwarm;
    const SeedResult r = RunPipelineSeed(spec, baseline.value(), c);
    EXPECT_TRUE(r.violations.empty()) << seed << ": " << r.violations.front();
  }
  for (const Mutant& m : AllMutants()) {
    if (!m.pipeline) continue;
    PipelineSeedConfig c;
    c.mode = Mode::kExhaustive;  // with no crash point: no fault at all
    c.mutant = &m;
    const SeedResult r = RunPipelineSeed(spec, baseline.value(), c);
    EXPECT_TRUE(r.violations.empty()) << m.name << ": " << r.violations.front();
  }
}

std::vector<Mutant> ProtocolMutants() {
  std::vector<Mutant> out;
  for (const Mutant& m : AllMutants()) {
    if (!m.canary) out.push_back(m);
  }
  return out;
}

TEST(Simulator, CatalogueHasAtLeastFourteenMutantsAndACanary) {
  EXPECT_GE(ProtocolMutants().size(), 14u);
  ASSERT_NE(FindMutant("canary"), nullptr);
  EXPECT_TRUE(FindMutant("canary")->canary);
}

// The canary loses a row in a known 10% of seeds; the oracle must flag exactly those seeds, except
// a run whose recovery refused a corrupt entry: there only safety is checked, and a lost row is
// no violation (docs/simulator.md).
TEST(Simulator, CanaryIsReportedOnExactlyTheSeedsWhereItFired) {
  int fired = 0;
  int fired_in_refused_recovery = 0;
  for (uint64_t seed = 1; seed <= 400; ++seed) {
    SeedConfig c;
    c.seed = seed;
    c.mode = seed % 2 ? Mode::kLite : Mode::kSwarm;
    c.mutant = FindMutant("canary");
    const SeedResult r = RunSeed(c);
    if (!r.violations.empty()) {
      ASSERT_TRUE(r.canary_fired) << ReplayCommand(c);
    }
    if (!r.safety_only) {
      ASSERT_EQ(r.canary_fired, !r.violations.empty()) << ReplayCommand(c);
    }
    if (r.canary_fired) {
      ++fired;
      if (r.violations.empty()) ++fired_in_refused_recovery;
      EXPECT_TRUE(CanaryArmed(seed));
    }
  }
  // The exception stays rare (2 of swarm seeds 1-200's 19 firings, docs/simulator.md).
  EXPECT_LE(fired_in_refused_recovery * 5, fired);
  // 10% of 400 is 40; a binomial count stays well inside this band.
  EXPECT_GE(fired, 20);
  EXPECT_LE(fired, 60);
}

INSTANTIATE_TEST_SUITE_P(AllMutants, MutantTest, ::testing::ValuesIn(ProtocolMutants()),
                         [](const auto& info) {
                           std::string n(info.param.name);
                           for (char& ch : n) ch = ch == '-' ? '_' : ch;
                           return n;
                         });

}  // namespace
}  // namespace sluice::sim
