// The compiled form of a plan: a tree of stages.
//
// A stage has an input (a source's partitions, the union of other stages, or a stateful
// operator's shuffle partitions) and a chain of per-partition steps. A stateful stage
// hash-partitions its input stage's rows by key into `shuffle_partitions` partitions, each with
// its own state store.
#pragma once

#include <memory>
#include <vector>

#include "engine/io/source.h"
#include "engine/plan/plan.h"
#include "engine/state/stateful.h"

namespace sluice::engine {

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

}  // namespace sluice::engine
