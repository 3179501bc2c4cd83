// MetadataLog: a directory of entries named by batch id (`offsets/` or `commits/`), each
// published atomically and never overwritten.
//
// Rules: names that are not a decimal batch id (temporary files, strays) are ignored by ListIds.
// Purge removes entries below a batch id; removing an entry that is already gone is not an error.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/atomic_publisher.h"
#include "storage/file_system.h"

namespace sluice::storage {

// The ids of the entries in `dir`, ascending and distinct: each name that `id_of` reads as an id
// (nullopt for other names); none when `dir` does not exist.
Result<std::vector<int64_t>> ListEntryIds(
    FileSystem* fs, const std::string& dir,
    const std::function<std::optional<int64_t>(const std::string&)>& id_of);

class MetadataLog {
 public:
  MetadataLog(FileSystem* fs, AtomicPublisher* publisher, std::string dir)
      : fs_(fs), publisher_(publisher), dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  std::string PathOf(int64_t batch_id) const { return JoinPath(dir_, std::to_string(batch_id)); }

  // kAlreadyExists (with a message about concurrent writers) if the entry exists.
  Status Add(int64_t batch_id, std::string_view bytes);
  Result<std::string> Read(int64_t batch_id);
  // Batch ids present, ascending.
  Result<std::vector<int64_t>> ListIds();
  // Removes every entry with an id below `batch_id`.
  Status PurgeBelow(int64_t batch_id);

 private:
  FileSystem* fs_;
  AtomicPublisher* publisher_;
  std::string dir_;
};

}  // namespace sluice::storage
