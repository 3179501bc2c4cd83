// The query schema a checkpoint records (storage::QuerySchema in `metadata`): what a compiled
// plan's sources and stateful operators look like, and the check that a restarted query still
// looks the same.
//
// Rules, after Spark: a source's columns must match by name and type, in order; the stateful
// operators must be the same kinds in the same order; a state store's key and value columns must
// match by type, in order, with names free to change (Spark's state schema check ignores field
// names). Anything else is refused, because the offsets and state in the checkpoint would be read
// with another meaning.
#pragma once

#include <string>

#include "engine/plan/compiled_plan.h"
#include "storage/log_entries.h"

namespace sluice::engine {

// The schema facts of `plan` that its checkpoint depends on.
storage::QuerySchema DescribeQuerySchema(const CompiledPlan& plan);

// OK when a query with schema `now` may run over a checkpoint that recorded `was` in `file`;
// otherwise FailedPrecondition naming `file` and every difference, with the fix.
Status CheckQuerySchema(const storage::QuerySchema& was, const storage::QuerySchema& now,
                        const std::string& file);

}  // namespace sluice::engine
