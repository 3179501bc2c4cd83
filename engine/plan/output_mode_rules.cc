#include "engine/plan/output_mode_rules.h"

#include <string>
#include <vector>

namespace sluice::engine {

Status CheckOutputMode(const CompiledPlan& plan, OutputMode mode) {
  const std::string m(OutputModeName(mode));
  std::vector<const BoundStateful*> aggregations;
  for (const auto& op : plan.stateful) {
    if (op->IsAggregation()) aggregations.push_back(op.get());
  }
  if (mode == OutputMode::kComplete && aggregations.empty()) {
    return Status::InvalidArgument(
        "Complete output mode not supported when there are no streaming aggregations on "
        "streaming DataFrames/Datasets: the query has no aggregation (use append or update)");
  }
  for (const BoundStateful* agg : aggregations) {
    if (mode == OutputMode::kAppend && !agg->EvictsByWatermark(mode)) {
      return Status::InvalidArgument(
          "Append output mode not supported when there are streaming aggregations on streaming "
          "DataFrames/DataSets without watermark: " +
          agg->Describe() +
          " has no grouping key "
          "with a watermark (group by a watermarked column or a window of one, or use update or "
          "complete mode)");
    }
  }
  if (aggregations.size() > 1 && mode != OutputMode::kAppend) {
    return Status::InvalidArgument("Multiple streaming aggregations are not supported with " + m +
                                   " output mode: " + aggregations.back()->Describe() +
                                   " follows another aggregation (use append with a watermark)");
  }
  for (size_t i = 0; i < plan.stateful.size() && mode != OutputMode::kAppend; ++i) {
    // An aggregation re-emits a group as it changes; an operator after it would see each
    // version as a new row.
    if (plan.stateful_after_aggregation[i]) {
      return Status::InvalidArgument(plan.stateful[i]->Describe() +
                                     " follows a streaming "
                                     "aggregation, which is not supported in " +
                                     m + " output mode (use append with a watermark)");
    }
  }
  return Status::Ok();
}

}  // namespace sluice::engine
