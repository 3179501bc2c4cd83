// Recovery: what a query does when it starts over its checkpoint, by stepping the recovery
// machine (spec/recovery_machine.h). On success the runtime holds the query id, the next batch
// id, the committed end offsets, the watermark and, when the latest batch was not committed, the
// batch to re-run with exactly its logged offsets, timestamp and watermark. On failure nothing on
// disk has changed and the error names the files and the fix.
#pragma once

#include "engine/query/query_runtime.h"

namespace sluice::engine {

Status Recover(QueryRuntime& rt);

}  // namespace sluice::engine
