// SinkFileStatus: one line of a file sink's manifest, `_spark_metadata/` (Spark's
// FileStreamSinkLog): a file the sink committed, or one it deleted.
//
// Bytes: `{"path":"file:///out/part-00000-q-0.c000.json","size":36,"isDir":false,
// "modificationTime":1700000000000,"blockReplication":1,"blockSize":33554432,"action":"add"}`, one
// line, keys in that order as Spark writes them; decoding ignores other keys and needs path,
// size, modificationTime and action ("add" or "delete").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/file_system.h"
#include "storage/status.h"

namespace sluice::connectors::files {

struct SinkFileStatus {
  std::string uri;
  int64_t size_bytes = 0;
  int64_t modified_ms = 0;
  bool is_dir = false;
  bool deleted = false;  // action "delete"
  bool operator==(const SinkFileStatus&) const = default;
};

std::string EncodeSinkFileStatus(const SinkFileStatus& status);
// Corruption naming `file` when `line` is not one.
Result<SinkFileStatus> DecodeSinkFileStatus(const std::string& line, const std::string& file);

// The files a manifest's lines leave committed: every added file not deleted by a later line, in
// order (Spark's FileStreamSinkLog.compactLogs).
std::vector<SinkFileStatus> CommittedFiles(const std::vector<SinkFileStatus>& lines);

// The manifest folder of a file sink's output folder `dir`: `<dir>/_spark_metadata`.
std::string SinkManifestDir(const std::string& dir);

// The files the manifest of the file sink's output folder `dir` has committed (CommittedFiles of
// every line up to its newest entry); none when it has no entry. Reads only; an error names the
// manifest.
Result<std::vector<SinkFileStatus>> ReadSinkManifest(storage::FileSystem* fs,
                                                     const std::string& dir);

}  // namespace sluice::connectors::files
