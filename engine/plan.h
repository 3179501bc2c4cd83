// The logical plan of a streaming query and its compiled form.
//
// A plan is a tree: scans of sources at the leaves; stateless operators, with_watermark nodes and
// stateful operators above them; unions that concatenate two inputs. It compiles to a tree of
// stages. A stage has an input (a source's partitions, the union of other stages, or a stateful
// operator's shuffle partitions) and a chain of per-partition steps. A stateful stage
// hash-partitions its input stage's rows by key into `shuffle_partitions` partitions, each with
// its own state store.
//
// Execution runs each stage's work as one scheduler task per partition and combines outputs in
// partition order, so results never depend on the order tasks ran in.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "engine/scheduler.h"
#include "engine/source.h"
#include "engine/stateful.h"
#include "engine/watermark.h"

namespace sluice::engine {

struct PlanNode {
  enum class Kind : uint8_t { kScan, kOperator, kUnion, kWatermark, kStateful };
  Kind kind;
  std::shared_ptr<Source> source;                 // kScan
  std::shared_ptr<const Operator> op;             // kOperator
  std::shared_ptr<const PlanNode> input;          // every kind but kScan (left of kUnion)
  std::shared_ptr<const PlanNode> other;          // kUnion (right)
  std::string watermark_column;                   // kWatermark
  int64_t watermark_delay_us = 0;                 // kWatermark
  std::string watermark_delay_text;               // kWatermark, for errors
  std::shared_ptr<const StatefulOperator> stateful;  // kStateful
};

// One per-partition step: a stateless operator, or a with_watermark node observing event times.
struct StageStep {
  std::shared_ptr<const Operator> op;
  int watermark_node = -1;
  size_t event_time_column = 0;  // with watermark_node
};

struct Stage {
  enum class Kind : uint8_t { kSource, kUnion, kStateful };
  Kind kind = Kind::kSource;
  size_t source_index = 0;    // kSource
  std::vector<Stage> inputs;  // kUnion: two; kStateful: one
  int stateful_index = -1;    // kStateful
  std::vector<StageStep> steps;
};

struct WatermarkNode {
  std::string column;
  int64_t delay_us = 0;
};

struct CompiledPlan {
  // Distinct sources in the order the plan visits them (left before right): their index is the
  // line of `offsets/N` that holds their offsets.
  std::vector<std::shared_ptr<Source>> sources;
  Stage root;
  Schema output_schema;
  std::vector<WatermarkNode> watermarks;
  // Stateful operators, upstream first; the index is the operator id in `state/<id>/`.
  std::vector<std::shared_ptr<const BoundStateful>> stateful;
  std::vector<bool> stateful_after_aggregation;  // per stateful operator
};

// Binds every operator, checking columns and types; an error names the operator and column.
Result<CompiledPlan> CompilePlan(const std::shared_ptr<const PlanNode>& root);

// Spark's output-mode rules for the plan's operators; an error names the operator and the mode.
Status CheckOutputMode(const CompiledPlan& plan, OutputMode mode);

// The input of one batch: for each source, one batch per partition.
using BatchInput = std::vector<std::vector<RecordBatch>>;

// What a batch's execution needs besides its input.
struct ExecutionContext {
  Scheduler* scheduler = nullptr;
  int shuffle_partitions = 1;
  StatefulContext stateful;
  // The store of (operator, partition), to be loaded at the batch's version by the task.
  std::function<storage::StateStore*(int op, int partition)> store;
};

struct ExecutionResult {
  RecordBatch output;
  std::vector<EventTimeStats> event_time;  // per watermark node
  std::vector<StateOperatorProgress> state;         // per stateful operator (pending writes counted)
};

Result<ExecutionResult> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                    const ExecutionContext& ctx);

}  // namespace sluice::engine
