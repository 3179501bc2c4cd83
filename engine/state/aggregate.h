// Streaming aggregation: group_by(keys).agg(functions), with state per group across batches.
//
// Output modes follow Spark: complete emits every group each batch and never evicts; update emits
// the groups this batch changed, then evicts groups the watermark has passed; append emits a group
// once, when the watermark passes it, and needs a key that carries a watermark. Late groups (key
// time at or below the previous batch's watermark) are dropped in append and update mode and
// counted in numRowsDroppedByWatermark, once per group and batch.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/ops/window.h"
#include "engine/state/aggregate_function.h"
#include "engine/state/stateful.h"

namespace sluice::engine {

// One aggregate: count(*) has no argument.
struct AggSpec {
  AggFn fn;
  std::optional<Expr> arg;
  std::string name;
};

// One grouping key: an expression, or a window over a time expression (a window column).
struct GroupKey {
  Expr expr;
  std::string name;
  std::optional<WindowSpec> window;
};

// The key `expr` names `name`: a window call (WindowCall) becomes a window over its time; a
// malformed window is an error naming its argument.
Result<GroupKey> MakeGroupKey(Expr expr, std::string name);

// The aggregate a select-like item names: a call of count, sum, avg, min, max, first, last or
// count_distinct on one argument (count's may be the literal "*", all rows). Unaliased, count(*)
// is named "count(1)" as in Spark. Anything else is an error naming the item.
Result<AggSpec> MakeAggSpec(const NamedExpr& item);

std::shared_ptr<const StatefulOperator> MakeAggregate(std::vector<GroupKey> keys,
                                                      std::vector<AggSpec> aggs);

}  // namespace sluice::engine
