// Sink: where a query's output goes, one batch at a time.
//
// Rules: AddBatch(query id, N, rows) may be called again with the same N after a crash, with the
// same rows; a sink must make the second call a no-op (idempotent on the batch id). The query id
// is the one the checkpoint's `metadata` holds: the same across restarts, different for another
// checkpoint, so a sink that keeps its own record of batches (a file manifest, a Kafka
// transaction) keys it on (query id, batch id). Output modes: append and update add the batch's
// rows; complete replaces everything with the batch's rows.
#pragma once

#include <string>

#include "engine/io/output_mode.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string Describe() const = 0;
  // Whether the sink can take output in `mode`; a query that asks for another mode is refused when
  // it starts. Every mode by default.
  virtual Status AcceptsOutputMode(OutputMode mode) const { return Status::Ok(); }
  virtual Status AddBatch(const std::string& query_id, int64_t batch_id, const RecordBatch& rows,
                          OutputMode mode) = 0;
};

}  // namespace sluice::engine
