// BatchRules: how a query numbers its batches and which watermark a restart resumes with.
//
// The standard rules (StandardBatchRules) are the only ones a production query uses: batch ids
// come from the logs alone, so they never skip or repeat; an uncommitted batch re-runs under its
// logged id, so the sink can recognise it; a restart resumes with the watermark commits/L logged
// for batch L+1. The simulator composes queries with other rules (sim/mutants.cc) to show that
// its oracle catches each wrong choice; the engine cannot tell which rules it was given.
#pragma once

#include <cstdint>

namespace sluice::engine {

class BatchRules {
 public:
  virtual ~BatchRules() = default;
  // The id of the batch a trigger plans, given the id after the newest logged batch.
  virtual int64_t PlannedBatchId(int64_t next_logged_id, int64_t now_ms) const = 0;
  // The id under which an uncommitted batch re-runs, given its id in offsets/N.
  virtual int64_t ReplayedBatchId(int64_t logged_id) const = 0;
  // The watermark a restart after committed batch L resumes with, given the one batch L ran
  // with (offsets/L) and the one commits/L logged for batch L+1.
  virtual int64_t ResumedWatermarkMs(int64_t ran_with_ms, int64_t logged_next_ms) const = 0;
};

// Ids from the logs, the logged id on a re-run, the logged next watermark.
const BatchRules& StandardBatchRules();

}  // namespace sluice::engine
