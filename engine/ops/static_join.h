// Static join: each row of a stream joined with a static table held in memory.
#pragma once

#include <memory>
#include <string>

#include "engine/expr/expression.h"
#include "engine/ops/operator.h"

namespace sluice::engine {

enum class JoinType : uint8_t { kInner, kLeftOuter };

// Joins each row with a static table. `condition` refers to left.x and right.x (or to a name
// only one side has). Output: the left columns, then the right ones; a name both sides have
// is written left.x / right.x. A left outer join keeps unmatched left rows with nulls.
std::shared_ptr<const Operator> MakeStaticJoin(RecordBatch table, std::string table_name,
                                               JoinType type, Expr condition);

}  // namespace sluice::engine
