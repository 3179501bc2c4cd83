// One batch's run of a streaming aggregation over one state partition, taking the batch's rows a
// piece at a time (PiecewiseRun): the rows are grouped (BatchGroups), each new group's buffer is
// loaded from the store (or dropped as late), the aggregates are updated, and at Finish each
// group's buffer is written back, state is evicted by the watermark, and the output is built:
// in update mode from the groups in the order the rows first named them, otherwise in key order.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "engine/state/aggregate_function.h"
#include "engine/state/stateful.h"

namespace sluice::engine {

// How a bound aggregation lays out its aggregates: which it runs over input rows (`aggs`) and
// over partial rows (`merge_aggs`, where it has a partial step), and where each one's buffer
// starts within a group's `buffer_width` Values.
struct AggregateLayout {
  std::vector<BoundAgg> aggs;
  std::vector<BoundAgg> merge_aggs;
  std::vector<size_t> offsets;
  size_t buffer_width = 0;
  std::optional<size_t> eviction_column;  // position within the key
  // Per key column, whether it is a window assigned by the aggregation (its end is its start plus
  // the window's duration), which a group table may then know by its start (BatchKeys).
  std::vector<bool> window_by_start;
};

// A run of `op` (an aggregation laid out as `layout`; both outlive the run) over `store`, loaded
// at the batch's version. Its scratch is ctx.scratch's, or its own where ctx keeps none.
std::unique_ptr<PiecewiseRun> StartAggregateRun(const BoundStateful& op,
                                                const AggregateLayout& layout,
                                                storage::StateStore& store,
                                                const StatefulContext& ctx,
                                                StateOperatorProgress* metrics);

}  // namespace sluice::engine
