// The simulator's speed: lite and swarm seeds per second on one core, with the batches each seed
// commits (so that the figure can be stated for 10-batch seeds) and the ratio of simulated to
// real time; and the time of the exhaustive enumeration of both reference pipelines.
#include <benchmark/benchmark.h>

#include "sim/exhaustive.h"
#include "sim/world.h"

namespace {

void RunSeeds(benchmark::State& state, sluice::sim::Mode mode) {
  uint64_t seed = 1;
  int64_t batches = 0, simulated_us = 0;
  for (auto _ : state) {
    sluice::sim::SeedConfig c;
    c.seed = seed++;
    c.mode = mode;
    const sluice::sim::SeedResult r = sluice::sim::RunSeed(c);
    batches += r.batches_committed;
    simulated_us += r.simulated_us;
    benchmark::DoNotOptimize(r.trace_hash);
  }
  state.SetItemsProcessed(state.iterations());  // seeds
  using benchmark::Counter;
  state.counters["batches_per_seed"] =
      Counter(static_cast<double>(batches) / static_cast<double>(state.iterations()));
  // Seeds of 10 batches per second: batches per second over 10.
  state.counters["ten_batch_seeds_per_s"] =
      Counter(static_cast<double>(batches) / 10, Counter::kIsRate);
  // Simulated seconds per real second.
  state.counters["sim_over_real"] =
      Counter(static_cast<double>(simulated_us) / 1e6, Counter::kIsRate);
}

void BM_LiteSeeds(benchmark::State& state) { RunSeeds(state, sluice::sim::Mode::kLite); }
BENCHMARK(BM_LiteSeeds)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

void BM_SwarmSeeds(benchmark::State& state) { RunSeeds(state, sluice::sim::Mode::kSwarm); }
BENCHMARK(BM_SwarmSeeds)->Unit(benchmark::kMicrosecond)->MinTime(2.0);

// Every crash point of both reference pipelines under each of the 8 crash states.
void BM_ExhaustiveReference(benchmark::State& state) {
  uint64_t cases = 0;
  for (auto _ : state) {
    const auto summary = sluice::sim::RunExhaustive(nullptr, sluice::sim::Workload::kDrawn, false);
    cases = summary.cases;
    benchmark::DoNotOptimize(summary.trace_hash);
  }
  state.counters["cases"] = benchmark::Counter(static_cast<double>(cases));
}
BENCHMARK(BM_ExhaustiveReference)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
