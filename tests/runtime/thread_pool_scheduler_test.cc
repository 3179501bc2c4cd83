#include "runtime/thread_pool_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

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

// A scheduler of one thread, or a batch of one task, runs on the calling thread: no handoff.
TEST(ThreadPoolScheduler, RunsOnTheCallerWhenThereIsNothingToShare) {
  const std::thread::id caller = std::this_thread::get_id();
  for (const int threads : {1, 3}) {
    ThreadPoolScheduler pool(threads);
    const size_t count = threads == 1 ? 5 : 1;
    std::vector<std::thread::id> ran_on(count);
    std::vector<std::function<void()>> tasks;
    for (size_t i = 0; i < count; ++i) {
      tasks.emplace_back([&, i] { ran_on[i] = std::this_thread::get_id(); });
    }
    pool.RunAll(tasks);
    for (const std::thread::id id : ran_on) EXPECT_EQ(id, caller) << threads;
  }
}

// With two threads, two tasks run at once, the caller being one of them: each task waits (up to
// a minute, which only a broken pool would reach) for the other to have started.
TEST(ThreadPoolScheduler, TwoThreadsRunTwoTasksAtOnce) {
  ThreadPoolScheduler pool(2);
  std::mutex mu;
  std::condition_variable cv;
  int started = 0;
  std::vector<bool> saw_other(2, false);
  std::vector<std::thread::id> ran_on(2);
  std::vector<std::function<void()>> tasks;
  for (size_t i = 0; i < 2; ++i) {
    tasks.emplace_back([&, i] {
      ran_on[i] = std::this_thread::get_id();
      std::unique_lock lock(mu);
      ++started;
      cv.notify_all();
      saw_other[i] = cv.wait_for(lock, std::chrono::minutes(1), [&] { return started == 2; });
    });
  }
  pool.RunAll(tasks);
  EXPECT_TRUE(saw_other[0]);
  EXPECT_TRUE(saw_other[1]);
  EXPECT_NE(ran_on[0], ran_on[1]);
  EXPECT_TRUE(ran_on[0] == std::this_thread::get_id() || ran_on[1] == std::this_thread::get_id());
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
