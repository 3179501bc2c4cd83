// Lite simulation seeds per second (each seed: about 10 batches with up to three crashes).
#include <benchmark/benchmark.h>

#include "sim/world.h"

namespace {

void BM_LiteSeeds(benchmark::State& state) {
  uint64_t seed = 1;
  for (auto _ : state) {
    sluice::sim::SeedConfig c;
    c.seed = seed++;
    benchmark::DoNotOptimize(sluice::sim::RunSeed(c).trace_hash);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LiteSeeds)->Unit(benchmark::kMicrosecond);

}  // namespace
