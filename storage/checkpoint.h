// Checkpoint: the layout of a query's checkpoint directory and typed access to its entries.
//
//   metadata       the query id and the query schema it was created for, written once
//   offsets/N      what batch N reads (OffsetsEntry)
//   commits/N      batch N is done (CommitEntry)
//   sources/<n>/   what source n keeps for itself (SourceLog)
//
// Rules: every entry goes through the atomic-publish machine of the protocol it was built with;
// a read of a torn, empty or foreign entry is an error that names the file, never a value.
#pragma once

#include <optional>

#include "spec/protocol.h"
#include "storage/atomic_publisher.h"
#include "storage/log_entries.h"
#include "storage/metadata_log.h"
#include "storage/source_log.h"

namespace sluice::storage {

inline constexpr const char* kMetadataFile = "metadata";
inline constexpr const char* kOffsetsDir = "offsets";
inline constexpr const char* kCommitsDir = "commits";

class Checkpoint {
 public:
  // REQUIRES: `fs` and `protocol`'s tables outlive the checkpoint; `listener` may be null.
  Checkpoint(FileSystem* fs, const spec::Protocol& protocol, spec::TransitionListener* listener);

  FileSystem* fs() const { return fs_; }

  // Creates offsets/ and commits/ and makes their names durable.
  Status CreateLayout();
  // Syncs the root, offsets/ and commits/ directories, so that every entry a reader can see is
  // durable before recovery acts on it (an earlier run may have failed between a rename and its
  // directory sync, leaving a visible entry that a crash would still erase).
  Status SyncLayout();

  Result<std::optional<MetadataEntry>> ReadMetadata();
  Status WriteMetadata(const MetadataEntry& entry);

  Status WriteOffsets(int64_t batch_id, const OffsetsEntry& entry);
  Result<OffsetsEntry> ReadOffsets(int64_t batch_id);
  Status WriteCommit(int64_t batch_id, const CommitEntry& entry);
  Result<CommitEntry> ReadCommit(int64_t batch_id);

  // The directory of the query's source `index`, through this checkpoint's publisher.
  SourceLog SourceLogAt(int index) { return SourceLog(fs_, &publisher_, index); }

  MetadataLog& offsets() { return offsets_; }
  MetadataLog& commits() { return commits_; }

  // Keeps the newest `retain` batches of both logs after batch `committed_batch_id` committed.
  Status Purge(int64_t committed_batch_id, int64_t retain);

 private:
  FileSystem* fs_;
  AtomicPublisher publisher_;
  MetadataLog offsets_;
  MetadataLog commits_;
};

}  // namespace sluice::storage
