// The logical plan of a streaming query and its compiled form.
//
// A plan is a tree: scans of sources at the leaves, stateless operators above them, and unions
// that concatenate two inputs. Because every operator here is partition-local, the plan compiles
// to one pipeline per leaf: the chain of operators from that scan to the root. A batch runs one
// task per (pipeline, source partition), and outputs are combined in pipeline order, then
// partition order, whatever order the tasks ran in.
#pragma once

#include <memory>
#include <vector>

#include "engine/operators.h"
#include "engine/scheduler.h"
#include "engine/source.h"

namespace sluice::engine {

struct PlanNode {
  enum class Kind : uint8_t { kScan, kOperator, kUnion };
  Kind kind;
  std::shared_ptr<Source> source;              // kScan
  std::shared_ptr<const Operator> op;          // kOperator
  std::shared_ptr<const PlanNode> input;       // kOperator, kUnion (left)
  std::shared_ptr<const PlanNode> other;       // kUnion (right)
};

struct Pipeline {
  size_t source_index;
  std::vector<std::shared_ptr<const Operator>> ops;
};

struct CompiledPlan {
  // Distinct sources in the order the plan visits them (left before right): their index is the
  // line of `offsets/N` that holds their offsets.
  std::vector<std::shared_ptr<Source>> sources;
  std::vector<Pipeline> pipelines;
  Schema output_schema;
};

// Binds every operator, checking columns and types; an error names the operator and column.
Result<CompiledPlan> CompilePlan(const std::shared_ptr<const PlanNode>& root);

// The input of one batch: for each source, one batch per partition.
using BatchInput = std::vector<std::vector<RecordBatch>>;

// Runs every pipeline over its source's partitions as scheduler tasks and combines the outputs.
Result<RecordBatch> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                Scheduler& scheduler);

}  // namespace sluice::engine
