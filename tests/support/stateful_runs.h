// For property tests that run a stateful operator two ways, batch after batch, and check that the
// ways agree (a kept scratch or fresh memory, partial rows or input rows): each batch's context,
// drawn, and one way's store, counters and output.
#pragma once

#include <rapidcheck.h>

#include <optional>

#include "engine/state/stateful.h"
#include "sim/sim_disk.h"

namespace sluice::engine::testing {

// Batch `b`'s context in `mode`: the late watermark is the one the batch before moved to, and the
// watermark moves on by 0-20 s, so that some windows are late the batch after.
inline StatefulContext DrawBatchContext(int64_t b, OutputMode mode, int64_t* watermark_ms) {
  StatefulContext ctx;
  ctx.batch_id = b;
  ctx.mode = mode;
  ctx.late_watermark_ms = *watermark_ms;
  *watermark_ms += *rc::gen::inRange<int64_t>(0, 20'000);
  ctx.eviction_watermark_ms = *watermark_ms;
  return ctx;
}

// One way of running the batches: its store on its own simulated disk, and a batch's counters
// and output.
struct StatefulRunSide {
  // Loads the store at batch `b`'s version and clears the counters.
  void Begin(int64_t b) {
    RC_ASSERT(store.Load(b).ok());
    progress = {};
  }

  sim::SimDisk disk;
  storage::StateStore store{&disk, spec::kStandardProtocol, nullptr, "state/0/0", {}};
  StateOperatorProgress progress;
  std::optional<Result<RecordBatch>> out;
};

// That two ways' runs of batch `b` agree: the output's bytes, the counters, and, once both
// stores commit, the delta files' bytes.
inline void AssertSameBatch(int64_t b, StatefulRunSide& x, StatefulRunSide& y) {
  RC_ASSERT(x.out->ok());
  RC_ASSERT(y.out->ok());
  RC_ASSERT(x.out->value().Encode() == y.out->value().Encode());
  RC_ASSERT(x.progress.num_rows_updated == y.progress.num_rows_updated);
  RC_ASSERT(x.progress.num_rows_dropped_by_watermark == y.progress.num_rows_dropped_by_watermark);
  RC_ASSERT(x.progress.num_rows_removed == y.progress.num_rows_removed);
  RC_ASSERT(x.store.Commit().ok());
  RC_ASSERT(y.store.Commit().ok());
  RC_ASSERT(x.disk.ReadFile(x.store.PathOf(b + 1, false)).value() ==
            y.disk.ReadFile(y.store.PathOf(b + 1, false)).value());
}

}  // namespace sluice::engine::testing
