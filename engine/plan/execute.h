// Execution of one batch over a compiled plan: each stage's work runs as one scheduler task per
// partition, and outputs are combined in partition order, so results never depend on the order
// tasks ran in.
#pragma once

#include <functional>
#include <vector>

#include "engine/plan/compiled_plan.h"
#include "engine/plan/scheduler.h"
#include "engine/state/watermark.h"

namespace sluice::engine {

// The input of one batch: for each source, one batch per partition.
using BatchInput = std::vector<std::vector<RecordBatch>>;

// What a batch's execution needs besides its input.
struct ExecutionContext {
  Scheduler* scheduler = nullptr;
  int shuffle_partitions = 1;
  StatefulContext stateful;
  EvalContext eval;  // the batch timestamp, for every operator's expressions
  // The store of (operator, partition), to be loaded at the batch's version by the task.
  std::function<storage::StateStore*(int op, int partition)> store;
  // The scratch of (operator, partition), kept across batches (RunScratch); empty: none kept.
  std::function<std::unique_ptr<RunScratch>*(int op, int partition)> scratch;
  // Whether an operator that can (BoundStateful::HasPartial) aggregates each input partition
  // before the shuffle, where there is one (more than one partition). Speed only.
  bool partial_aggregation = true;
  PartialLimits partial_limits;
  // A stateful operator that takes its rows in pieces (BoundStateful::TakesPieces) is given its
  // input stage's rows `piece_rows` at a time, each piece through the stage's steps and then into
  // the operator (with one shuffle partition, Start) or its partial step (with more, StartPartial,
  // each input partition cut into about one row range per shuffle partition) while it is still in
  // the cache, instead of each step over the whole batch in turn; only where that pays
  // (execute.cc, PiecesPay). 0: whole batches. Speed only: the results are the same.
  size_t piece_rows = size_t{1} << 14;
};

struct ExecutionResult {
  RecordBatch output;
  std::vector<EventTimeStats> event_time;    // per watermark node
  std::vector<StateOperatorProgress> state;  // per stateful operator (pending writes counted)
};

Result<ExecutionResult> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                    const ExecutionContext& ctx);

}  // namespace sluice::engine
