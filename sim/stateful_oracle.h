// StatefulOracle: checks the simulator's stateful workload, a deduplication followed by a
// windowed count, sum of ids and max of payloads (sim/payload.h) in append mode, against an
// independent model. The model's max(payload) is Payload(the largest id with a non-null
// payload), since a payload's first field is its id.
//
// The model replays the batches the run committed (their input ranges and watermarks, as
// recorded when each `commits/N` was published), with its own plain maps for the dedup and
// window state, its own watermark arithmetic and Spark's late-row and eviction rules, and
// compares:
//  - each committed batch's watermark with the one the model computes from earlier batches;
//  - each batch's stored output with the model's, row for row (as multisets).
// A wrong state version, a lost or doubled state update, or a watermark restored from the wrong
// batch changes one of them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sim/recording_sink.h"
#include "storage/file_system.h"
#include "storage/log_entries.h"

namespace sluice::sim {

// One input row of the stateful workload; its payload is Payload(id).
struct EventRow {
  int64_t id;
  int64_t time_us;
};

// Records offsets/N each time commits/N is published (read from the disk under the fault
// layer, so recording is never a crash point). The last record of a batch id wins.
class CommitObserver : public storage::FileSystemWrapper {
 public:
  CommitObserver(storage::FileSystem* target, storage::FileSystem* clean_view)
      : FileSystemWrapper(target), clean_view_(clean_view) {}
  Status RenameNoReplace(const std::string& from, const std::string& to) override;
  // The offsets entry of every batch seen committed, by batch id.
  std::map<int64_t, storage::OffsetsEntry> committed() const;
  // The simulator corrupted `path` on purpose after the engine read it: use these bytes.
  void RememberOriginal(const std::string& path, std::string bytes) {
    originals_[path] = std::move(bytes);
  }

 private:
  storage::FileSystem* clean_view_;
  std::map<int64_t, std::string> committed_bytes_;
  std::map<std::string, std::string> originals_;
};

struct StatefulWorkload {
  int64_t window_us = 0;
  int64_t delay_us = 0;
  // Rows of the one source, per partition, in offset order.
  std::vector<std::vector<EventRow>> partitions;
};

// `last_committed`: the newest id in commits/ at the end of the run.
std::vector<std::string> CheckStatefulRun(const StatefulWorkload& workload,
                                          const std::map<int64_t, storage::OffsetsEntry>& committed,
                                          int64_t last_committed, const RecordingSink& sink);

}  // namespace sluice::sim
