// The logical plan of a streaming query: a tree of nodes that the fluent API builds.
//
// Scans of sources at the leaves; stateless operators, with_watermark nodes and stateful
// operators above them; unions that concatenate two inputs.
#pragma once

#include <memory>
#include <string>

#include "engine/io/source.h"
#include "engine/ops/operator.h"
#include "engine/state/stateful.h"

namespace sluice::engine {

struct PlanNode {
  enum class Kind : uint8_t { kScan, kOperator, kUnion, kWatermark, kStateful };
  Kind kind;
  std::shared_ptr<Source> source;                    // kScan
  std::shared_ptr<const Operator> op;                // kOperator
  std::shared_ptr<const PlanNode> input;             // every kind but kScan (left of kUnion)
  std::shared_ptr<const PlanNode> other;             // kUnion (right)
  std::string watermark_column;                      // kWatermark
  int64_t watermark_delay_us = 0;                    // kWatermark
  std::string watermark_delay_text;                  // kWatermark, for errors
  std::string watermark_delay_error;                 // kWatermark: why the delay text is malformed
  std::shared_ptr<const StatefulOperator> stateful;  // kStateful
};

}  // namespace sluice::engine
