// CompactibleLog: Spark's CompactibleFileStreamLog. A directory of entries named by batch id,
// each a list of lines (one JSON object each), where every compact-interval-th entry is a
// compaction: `<id>.compact` holds the lines of the previous compaction, of every batch since,
// and of its own batch, so that a reader needs only the latest compaction and the batches after
// it. A file source keeps its seen files in one (sources/<n>/), a file sink its manifest
// (`_spark_metadata/`).
//
// Rules (Spark's):
//  - batch `id` is a compaction when (id + 1) % interval == 0;
//  - the interval is the configured one on a new log; on an existing one it is the gap between
//    its last two compactions, or, with one compaction at id c, c + 1 when c + 1 <= the configured
//    interval, else the least divisor of c + 1 not below the configured interval;
//  - entries are published atomically and never overwritten (kAlreadyExists);
//  - after an add, when interval <= id + 1 - min_batches_to_retain, entries below the compaction
//    that the oldest retained batch needs are removed once they are cleanup_delay old.
// Bytes: LogFileFormat. Names that are neither `<id>` nor `<id>.compact` are ignored.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/atomic_publisher.h"
#include "storage/file_system.h"

namespace sluice::storage {

// How an entry's lines are laid out in its file.
enum class LogFileFormat {
  // The checkpoint's envelope (storage/entry_codec.h): version, lines, CRC-32C. Torn files are
  // detected. For the checkpoint's own files (sources/<n>/). A file holds at least one line.
  kEnvelope,
  // Spark's: `v1`, then "\n" and a line per entry, no checksum. For files Spark must read too
  // (`_spark_metadata/`).
  kSpark,
};

struct CompactibleLogOptions {
  LogFileFormat format = LogFileFormat::kEnvelope;
  int default_compact_interval = 10;    // spark.sql.streaming.file{Source,Sink}.log.compactInterval
  int64_t min_batches_to_retain = 100;  // spark.sql.streaming.minBatchesToRetain
  bool delete_expired = true;           // spark.sql.streaming.file{Source,Sink}.log.deletion
  int64_t cleanup_delay_ms = 10 * 60 * 1000;  // ...log.cleanupDelay
  // What a compaction keeps of the lines it gathers (a sink drops deleted files); all when empty.
  std::function<std::vector<std::string>(std::vector<std::string>)> compact_lines;
  // A reader that never writes (a file source reading a file sink's manifest) leaves the folder
  // as it is; a writer's Open makes what it lists durable first.
  bool read_only = false;
};

// Encodes `lines` in `format`. REQUIRES: no line contains '\n'.
std::string EncodeLogFile(LogFileFormat format, const std::vector<std::string>& lines);
// The lines of a log file; Corruption naming `file` when the bytes are not one.
Result<std::vector<std::string>> DecodeLogFile(LogFileFormat format, std::string_view bytes,
                                               const std::string& file);

// The interval of a log whose only compaction is `compact_id` (Spark's deriveCompactInterval).
int DeriveCompactInterval(int default_interval, int64_t compact_id);

class CompactibleLog {
 public:
  // REQUIRES: `fs` and `publisher` outlive the log.
  CompactibleLog(FileSystem* fs, AtomicPublisher* publisher, std::string dir,
                 CompactibleLogOptions options);

  // Reads the directory and derives the interval. Call before anything else (and again to read
  // it afresh, as a writer does after a failure). Unless read_only, a directory that exists is
  // synced with its parents first: an earlier run may have failed or crashed between an entry's
  // rename and the directory's sync, and what this run reads it acts on (offsets/N can name it).
  Status Open();

  const std::string& dir() const { return dir_; }
  int compact_interval() const { return interval_; }
  bool IsCompaction(int64_t id) const { return (id + 1) % interval_ == 0; }
  // dir/<id>, or dir/<id>.compact for a compaction.
  std::string PathOf(int64_t id) const;

  // Writes batch `id` with `lines` (a compaction gathers the earlier lines too), then removes
  // expired entries, judged at `now_ms`. kAlreadyExists if the batch exists; the directory is
  // created, durably, at the first add. `before_temp_sync`: as AtomicPublisher::Publish's.
  Status Add(int64_t id, const std::vector<std::string>& lines, int64_t now_ms,
             const AtomicPublisher::BeforeTempSync& before_temp_sync = nullptr);
  // The lines of the file that holds batch `id` (for a compaction, every batch it gathers);
  // nullopt when there is no such file.
  Result<std::optional<std::vector<std::string>>> ReadFileOf(int64_t id);
  // The ids present, ascending.
  Result<std::vector<int64_t>> ListIds();
  // The newest id present.
  Result<std::optional<int64_t>> LatestId();
  // Every line of every batch up to `latest_id`: its compaction and the batches after it.
  // Corruption naming the file when one of them is missing.
  Result<std::vector<std::string>> AllLines(int64_t latest_id);

 private:
  // The first id whose file a reader of `id` needs: the compaction at or before it.
  int64_t FirstNeededFor(int64_t id) const;
  Status RemoveExpired(int64_t id, int64_t now_ms);

  FileSystem* fs_;
  AtomicPublisher* publisher_;
  std::string dir_;
  CompactibleLogOptions options_;
  int interval_ = 0;  // set by Open
  bool dir_durable_ = false;
};

}  // namespace sluice::storage
