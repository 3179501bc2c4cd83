// FileSink: Spark's file stream sink: each batch's rows written as part files under a folder,
// committed exactly once by the batch's entry in the folder's manifest, `_spark_metadata/`, which
// Spark's readers (and this project's file source) read to know which files exist.
//
// A batch, in order: its rows, grouped by the partitionBy columns into `col=value/` folders
// (Hive's escaping; null or empty is __HIVE_DEFAULT_PARTITION__; the columns are not written in
// the files), each group written to `part-<task>-<query id>-<batch>.c000.<ext>`, then the manifest
// entry `_spark_metadata/<batch>` published atomically (storage/compactible_log.h, Spark's format,
// compacted every 10 batches into `<batch>.compact`): one SinkFileStatus JSON line per file. The
// part files and their folders' names are synced once the entry's temporary file is written and
// before it is synced, so that the device writes them together; the entry is named only after
// all of them are durable. The engine calls this before `commits/<batch>`.
//
// Rules: a batch whose id is at or below the manifest's newest (listed when the sink opens, then
// kept as it adds) is skipped: a re-run after a crash writes nothing. Another writer's entry is
// met as a name that exists, and refused. When the sink opens it reads the newest entry back: a
// damaged one (torn or corrupt: something other than a crash changed it) is written again if the
// engine is re-running its batch, and otherwise refused with the fix. A part file of a crashed
// attempt that no manifest lists is invisible to readers and is overwritten by the re-run (its name
// depends only on the query, batch and task). Append output mode only, as Spark's. Formats: json
// (JSON lines, Spark's generator: null fields left out; no options) and csv
// (engine/expr/csv_records.h: Spark's writer options, and `header` writing the column names first
// in each file). Unknown options are refused.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/sink.h"
#include "spec/protocol.h"
#include "storage/atomic_publisher.h"
#include "storage/clock.h"
#include "storage/compactible_log.h"

namespace sluice::connectors::files {

class FileSink : public engine::Sink {
 public:
  // `dir`: the output folder, a path of `fs`. `clock`: for the manifest's expiry. `listener` (may
  // be null) sees the manifest's atomic-publish steps, as the simulator's crash points do.
  // REQUIRES: fs, clock and listener outlive the sink.
  static Result<std::shared_ptr<FileSink>> Create(storage::FileSystem* fs, std::string dir,
                                                  const std::string& format,
                                                  std::vector<std::string> partition_by,
                                                  const std::map<std::string, std::string>& options,
                                                  storage::Clock* clock,
                                                  spec::TransitionListener* listener = nullptr);

  // Spark's FileStreamSink.toString: FileSink[<path>].
  std::string Describe() const override;
  Status AcceptsOutputMode(engine::OutputMode mode) const override;
  Status AddBatch(const std::string& query_id, int64_t batch_id, const engine::RecordBatch& rows,
                  engine::OutputMode mode) override;

  // The manifest's folder: `<dir>/_spark_metadata`.
  std::string ManifestDir() const;

 private:
  // Appends a part file's bytes for `rows`.
  using RowWriter = std::function<void(const engine::RecordBatch& rows, std::string* out)>;

  FileSink(storage::FileSystem* fs, std::string dir, std::string format, RowWriter writer,
           std::vector<std::string> partition_by, storage::Clock* clock,
           spec::TransitionListener* listener);
  // Reads the manifest's newest entry back when the sink opens. A damaged one is written anew
  // when `batch_id` (the batch the engine runs) is its batch; otherwise Corruption naming it and
  // the fix.
  Status CheckNewestEntry(int64_t batch_id);
  // AddBatch, with mu_ held.
  Status AddBatchLocked(const std::string& query_id, int64_t batch_id,
                        const engine::RecordBatch& rows);
  // The part files of one batch, written and not yet synced.
  struct WrittenParts {
    std::vector<std::string> lines;    // their manifest lines
    std::vector<std::string> paths;    // the files
    std::vector<std::string> folders;  // the folders that hold them
  };
  Result<WrittenParts> WriteParts(const std::string& query_id, int64_t batch_id,
                                  const engine::RecordBatch& rows);
  // Syncs the parts' files, then their folders' names.
  Status SyncParts(const WrittenParts& parts);

  storage::FileSystem* fs_;
  std::string dir_;
  std::string format_;
  RowWriter writer_;
  std::vector<std::string> partition_by_;
  storage::Clock* clock_;
  storage::AtomicPublisher publisher_;
  std::mutex mu_;
  storage::CompactibleLog manifest_;
  std::string buffer_;   // a part file's bytes, reused (guarded by mu_)
  bool opened_ = false;  // the folder made durable and the manifest's interval read; reset by a
                         // failure
  // The manifest's newest batch, read when the sink opens and kept as it adds (guarded by mu_):
  // another writer's entries are then found when a publish meets its name.
  std::optional<int64_t> latest_;
};

}  // namespace sluice::connectors::files
