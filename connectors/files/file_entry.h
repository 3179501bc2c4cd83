// FileEntry: one line of a file source's seen-files log (Spark's FileStreamSourceLog.FileEntry):
// a file taken by the source, its modification time, and the log entry (batch) that took it.
//
// Bytes: `{"path":"file:///in/a.json","timestamp":1700000000000,"batchId":3}`, keys in that
// order, as Spark writes them; decoding ignores other keys, as Spark's does.
#pragma once

#include <cstdint>
#include <string>

#include "storage/status.h"

namespace sluice::connectors::files {

struct FileEntry {
  std::string uri;  // connectors/files/file_uri.h
  int64_t modified_ms = 0;
  int64_t batch_id = 0;  // the seen-files log entry that holds it
  bool operator==(const FileEntry&) const = default;
};

std::string EncodeFileEntry(const FileEntry& entry);
// Corruption naming `file` when `line` is not a file entry.
Result<FileEntry> DecodeFileEntry(const std::string& line, const std::string& file);

}  // namespace sluice::connectors::files
