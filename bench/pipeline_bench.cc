// Rows per second of a select/where pipeline over in-memory columnar input (no I/O), the engine's
// data path alone, run as partition tasks on the inline scheduler.
#include <benchmark/benchmark.h>

#include "engine/io/memory_source.h"
#include "engine/plan/execute.h"
#include "engine/query/data_stream.h"

namespace {

using namespace sluice::engine;

void BM_SelectWherePipeline(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const int partitions = 4;
  auto source = std::make_shared<MemorySource>(
      "in", Schema{{{"id", DataType::kInt64}, {"price", DataType::kDouble}}}, partitions);
  std::vector<std::vector<Value>> data;
  data.reserve(rows);
  for (int64_t i = 0; i < rows; ++i) data.push_back({i, static_cast<double>(i % 1000) / 10});
  if (!source->AddRows(data).ok()) {
    state.SkipWithError("the rows do not fit the source's schema");
    return;
  }
  auto plan = CompilePlan(DataStream::From(source)
                              .Where(Col("price") > Lit(10.0) && Col("id") % Lit(3) != Lit(0))
                              .Select({Col("id").As("id"), (Col("price") * Lit(1.2)).As("gross")})
                              .plan())
                  .value();
  BatchInput input(1);
  const PartitionOffsets end = source->EndOffsets();
  for (int p = 0; p < partitions; ++p) input[0].push_back(source->Read(p, 0, end[p]).value());
  InlineScheduler scheduler;
  ExecutionContext ctx;
  ctx.scheduler = &scheduler;
  for (auto _ : state) {
    auto out = ExecutePlan(plan, input, ctx);
    benchmark::DoNotOptimize(out.value().output.num_rows());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_SelectWherePipeline)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
