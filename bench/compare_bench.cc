// The workloads of `scripts/sluice.sh compare` under Google Benchmark, for profiling a single one
// (`perf record build/bin/sluice-bench --benchmark_filter=BM_Compare/window_1m`):
//
//   BM_Compare/<workload>        the Sluice side: the query through the public API over a real
//                                checkpoint (a new one per iteration), processing timed, rows
//                                generated and added untimed;
//   BM_CompareKernel/<workload>  the hand-written loop over the same rows.
//
// Both run a tenth of the workload's default rows (the same number of batches), so that the
// ratio of the two, read from one run, says how far Sluice is from the practical limit. The
// DuckDB side needs node and is run by `scripts/sluice.sh compare` only. sluice-bench sets up the
// allocator as `sluice` and sluice-compare do (runtime/malloc_tuning.h).
#include <benchmark/benchmark.h>

#include <boost/filesystem.hpp>
#include <map>

#include "bench/compare/sides.h"
#include "runtime/malloc_tuning.h"

namespace sluice::bench::compare {
namespace {

// Before any benchmark allocates (benchmark_main owns main).
[[maybe_unused]] const runtime::AllocatorSetup kAllocator = runtime::TuneAllocator();

// Each workload's input, generated once per process.
const Input& InputOf(const Workload& w, int64_t rows) {
  static std::map<std::pair<std::string_view, int64_t>, Input> inputs;
  auto it = inputs.find({w.name, rows});
  if (it == inputs.end()) {
    it = inputs.emplace(std::pair{w.name, rows}, w.generate(rows, w.batches)).first;
  }
  return it->second;
}

// The workload named `name` and a tenth of its default rows. Workloads are looked up when a
// benchmark runs, not when it is registered: the table's schemas are other statics.
const Workload* WorkloadOrSkip(benchmark::State& state, const char* name) {
  const Workload* w = FindWorkload(name);
  if (w == nullptr) state.SkipWithError((std::string("no workload ") + name).c_str());
  return w;
}

void BM_Compare(benchmark::State& state, const char* name) {
  const Workload* w = WorkloadOrSkip(state, name);
  if (w == nullptr) return;
  const Input& in = InputOf(*w, w->default_rows / 10);
  for (auto _ : state) {
    const boost::filesystem::path dir = boost::filesystem::temp_directory_path() /
                                        boost::filesystem::unique_path("sluice-bench-%%%%%%%%");
    const Result<Timed> run = RunSluice(*w, in, /*threads=*/1, dir.string());
    boost::system::error_code ec;
    boost::filesystem::remove_all(dir, ec);
    if (!run.ok()) {
      state.SkipWithError(run.status().ToString().c_str());
      return;
    }
    state.SetIterationTime(run.value().seconds);
  }
  state.SetItemsProcessed(state.iterations() * in.rows());
}

void BM_CompareKernel(benchmark::State& state, const char* name) {
  const Workload* w = WorkloadOrSkip(state, name);
  if (w == nullptr) return;
  const Input& in = InputOf(*w, w->default_rows / 10);
  for (auto _ : state) {
    const Timed run = RunKernel(*w, in);
    benchmark::DoNotOptimize(run.summary);
    state.SetIterationTime(run.seconds);
  }
  state.SetItemsProcessed(state.iterations() * in.rows());
}

// The names of workloads.cc's table.
#define SLUICE_COMPARE_BENCHMARKS(name)                                                       \
  BENCHMARK_CAPTURE(BM_Compare, name, #name)->UseManualTime()->Unit(benchmark::kMillisecond); \
  BENCHMARK_CAPTURE(BM_CompareKernel, name, #name)->UseManualTime()->Unit(benchmark::kMillisecond)
SLUICE_COMPARE_BENCHMARKS(filter_project);
SLUICE_COMPARE_BENCHMARKS(window_1k);
SLUICE_COMPARE_BENCHMARKS(window_1m);
SLUICE_COMPARE_BENCHMARKS(ysb);
SLUICE_COMPARE_BENCHMARKS(dedup);
SLUICE_COMPARE_BENCHMARKS(stream_100);
SLUICE_COMPARE_BENCHMARKS(kafka_json);

}  // namespace
}  // namespace sluice::bench::compare
