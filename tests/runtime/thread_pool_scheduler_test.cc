#include "runtime/thread_pool_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>

#include "engine/io/memory_source.h"
#include "engine/plan/execute.h"
#include "engine/query/data_stream.h"

namespace sluice::runtime {
namespace {

using namespace engine;

TEST(ThreadPoolScheduler, RunsEveryTaskBeforeReturning) {
  ThreadPoolScheduler pool(3);
  std::atomic<int> ran{0};
  std::vector<std::function<void()>> tasks(50, [&] { ran.fetch_add(1); });
  pool.RunAll(tasks);
  EXPECT_EQ(ran.load(), 50);
}

// Outputs are combined in partition order, so a pool gives the inline scheduler's bytes.
TEST(ThreadPoolScheduler, GivesTheSameOutputAsInlineExecution) {
  auto source = std::make_shared<MemorySource>("in", Schema{{{"v", DataType::kInt64}}}, 8);
  std::vector<std::vector<Value>> rows;
  for (int64_t i = 0; i < 10000; ++i) rows.push_back({i});
  ASSERT_TRUE(source->AddRows(rows).ok());
  auto plan = CompilePlan(DataStream::From(source)
                              .Where(Col("v") % Lit(7) != Lit(0))
                              .Select({(Col("v") * Lit(3)).As("w")})
                              .plan())
                  .value();
  BatchInput input(1);
  const PartitionOffsets end = source->EndOffsets();
  for (int p = 0; p < 8; ++p) input[0].push_back(source->Read(p, 0, end[p]).value());
  InlineScheduler inline_scheduler;
  ThreadPoolScheduler pool(4);
  ExecutionContext inline_ctx, pool_ctx;
  inline_ctx.scheduler = &inline_scheduler;
  pool_ctx.scheduler = &pool;
  const std::string want = ExecutePlan(plan, input, inline_ctx).value().output.Encode();
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(ExecutePlan(plan, input, pool_ctx).value().output.Encode(), want);
  }
}

}  // namespace
}  // namespace sluice::runtime
