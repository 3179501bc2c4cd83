// Oracle: decides whether a simulated run kept exactly-once. It numbers every input row and
// checks, at the end of a run:
//  - every row the sources hold appears in the sink's stored output exactly once, and nothing
//    else does (rows filtered out by the query never appear);
//  - if asked, every stored row's `payload` column is exactly Payload(id) (sim/payload.h);
//  - nothing from an uncommitted batch is visible: every stored batch id has a commit entry;
//  - a batch re-run after a crash has the same id, the same end offsets and byte-identical output;
//  - the logged end offsets of a completed batch are the offsets it reported having read;
//  - watermarks never move back;
//  - after the faults stopped, the query caught up (liveness).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/query/progress.h"
#include "sim/recording_sink.h"
#include "storage/checkpoint.h"

namespace sluice::sim {

class Oracle : public engine::QueryListener {
 public:
  // Row `id` was added to a source; `kept` says whether the query's filter passes it.
  void ExpectRow(int64_t id, bool kept) { expected_[id] = kept; }
  void OnQueryProgress(const engine::StreamingQueryProgress& p) override;
  void LivenessFailed(std::string why) { violations_.push_back("liveness: " + why); }
  // For workloads whose output rows are not input rows (aggregations): the per-row check is
  // left to the workload's own oracle.
  void SkipRowIdentity() { check_rows_ = false; }
  // The stored rows have a `payload` column, which must hold Payload(id) in every row.
  void CheckPayloads() { check_payloads_ = true; }
  // The run legitimately could not deliver everything (recovery refused a corrupt entry): rows
  // are checked at most once instead of exactly once.
  void SafetyOnly() { safety_only_ = true; }
  bool safety_only() const { return safety_only_; }
  // `path` was corrupted on purpose; failing to read it at the end is not a violation.
  void ForgiveUnreadable(const std::string& path) { forgiven_.insert(path); }

  // REQUIRES: the run is over. `checkpoint` reads the final disk without faults.
  std::vector<std::string> Check(const RecordingSink& sink, storage::Checkpoint& checkpoint);

 private:
  void CheckRows(const RecordingSink& sink);
  void CheckPayloadColumn(int64_t batch_id, const engine::RecordBatch& rows);
  void CheckReruns(const RecordingSink& sink);
  // Every attempt carries the query id of the checkpoint's metadata (one id, not empty).
  void CheckQueryId(const RecordingSink& sink, storage::Checkpoint& checkpoint);
  void CheckCommitted(const RecordingSink& sink, storage::Checkpoint& checkpoint);

  std::map<int64_t, bool> expected_;
  std::map<int64_t, std::vector<std::string>> reported_ends_;  // batch id -> end offsets JSON
  std::vector<std::pair<int64_t, int64_t>> watermarks_;        // (batch id, watermark) in order
  std::vector<std::string> violations_;
  bool check_rows_ = true;
  bool check_payloads_ = false;
  bool safety_only_ = false;
  std::set<std::string> forgiven_;
};

}  // namespace sluice::sim
