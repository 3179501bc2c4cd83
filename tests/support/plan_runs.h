// For tests that run one batch of a compiled plan two ways and compare (partial aggregation or
// not, pieces or whole partitions): the batch run over fresh state on a simulated disk, and what
// it gives.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/plan/compiled_plan.h"
#include "engine/plan/execute.h"
#include "sim/sim_disk.h"

namespace sluice::engine::testing {

struct PlanRunOptions {
  int partitions = 1;
  bool partial = true;
  PartialLimits limits;
  size_t piece_rows = 0;  // whole partitions
  OutputMode mode = OutputMode::kComplete;
  int64_t late_watermark_ms = 0;
  int64_t eviction_watermark_ms = 0;
};

// A batch's output, each partition's state file once committed, the first stateful operator's
// counters and the first watermark's event times (none where the plan has no watermark).
struct PlanRun {
  std::string output;
  std::vector<std::string> state_files;
  StateOperatorProgress state;
  EventTimeStats event_time;
};

inline Result<PlanRun> RunPlan(const CompiledPlan& plan, const BatchInput& input,
                               const PlanRunOptions& options) {
  sim::SimDisk disk;
  std::vector<std::unique_ptr<storage::StateStore>> stores;
  for (int p = 0; p < options.partitions; ++p) {
    stores.push_back(std::make_unique<storage::StateStore>(&disk, spec::kStandardProtocol, nullptr,
                                                           "state/0/" + std::to_string(p),
                                                           storage::StateStoreOptions{}));
  }
  InlineScheduler scheduler;
  ExecutionContext ctx;
  ctx.scheduler = &scheduler;
  ctx.shuffle_partitions = options.partitions;
  ctx.partial_aggregation = options.partial;
  ctx.partial_limits = options.limits;
  ctx.piece_rows = options.piece_rows;
  ctx.stateful.mode = options.mode;
  ctx.stateful.late_watermark_ms = options.late_watermark_ms;
  ctx.stateful.eviction_watermark_ms = options.eviction_watermark_ms;
  ctx.store = [&](int, int p) { return stores[static_cast<size_t>(p)].get(); };
  SLUICE_ASSIGN_OR_RETURN(ExecutionResult result, ExecutePlan(plan, input, ctx));
  PlanRun run{result.output.Encode(),
              {},
              result.state.at(0),
              result.event_time.empty() ? EventTimeStats{} : result.event_time.front()};
  for (auto& store : stores) {
    SLUICE_CHECK(store->Commit().ok(), "the state commits");
    run.state_files.push_back(disk.ReadFile(store->PathOf(1, false)).value());
  }
  return run;
}

}  // namespace sluice::engine::testing
