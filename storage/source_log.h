// SourceLog: a source's own directory in the checkpoint, `sources/<n>/` (n: the source's place
// in the query, as in offsets/N), where a source keeps what it must find again after a restart:
// the rate source's start time, a file source's seen files.
//
// Rules: entries are named by a non-negative id, published through the atomic-publish machine
// in the checkpoint's envelope (version, body lines, CRC-32C; storage/entry_codec.h), and never
// overwritten. The directory is created, and its name made durable, at the first write; a
// source that never writes leaves no directory. Reading a torn or corrupt entry is Corruption
// naming the file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/compactible_log.h"
#include "storage/metadata_log.h"

namespace sluice::storage {

inline constexpr const char* kSourcesDir = "sources";

class SourceLog {
 public:
  // REQUIRES: `fs` and `publisher` outlive the log.
  SourceLog(FileSystem* fs, AtomicPublisher* publisher, int index);

  const std::string& dir() const { return log_.dir(); }
  std::string PathOf(int64_t id) const { return log_.PathOf(id); }

  // Writes entry `id` with `body_lines` (none contains '\n'); kAlreadyExists if it exists.
  Status Add(int64_t id, const std::vector<std::string>& body_lines);
  // Entry `id`'s body lines, or nullopt when there is no such entry.
  Result<std::optional<std::vector<std::string>>> Read(int64_t id);
  // Entry ids present, ascending (none when the directory does not exist).
  Result<std::vector<int64_t>> ListIds();
  // The same directory as a compactible log in the envelope format (a file source's seen files),
  // for a source that keeps its entries that way instead. Open it before use.
  CompactibleLog AsCompactibleLog(CompactibleLogOptions options) const;

 private:
  // Creates sources/<n>/ and makes its name durable, once.
  Status EnsureDir();

  FileSystem* fs_;
  AtomicPublisher* publisher_;
  MetadataLog log_;
  bool dir_durable_ = false;
};

}  // namespace sluice::storage
