#include "sim/mutant_file_systems.h"

#include <algorithm>
#include <cstdio>

#include "storage/atomic_publisher.h"
#include "storage/checkpoint.h"
#include "storage/entry_codec.h"

namespace sluice::sim {
namespace {

constexpr std::string_view kChecksumPrefix = "crc32c ";
constexpr size_t kChecksumLineSize = 7 + 8 + 1;  // docs/formats.md: prefix, 8 hex digits, '\n'

// The final name of a log entry's temporary file (offsets/.3.tmp -> offsets/3), or "" if `path`
// is not one.
std::string FinalNameOf(const std::string& path) {
  const std::string dir = storage::ParentDir(path);
  const std::string name = dir.empty() ? path : path.substr(dir.size() + 1);
  if (name.size() < 6 || name.front() != '.' || !name.ends_with(".tmp")) return "";
  return storage::JoinPath(dir, name.substr(1, name.size() - 5));
}

bool IsLogDir(const std::string& dir) {
  return dir == storage::kOffsetsDir || dir == storage::kCommitsDir;
}

}  // namespace

bool IsLogPath(const std::string& path) {
  return path.find('/') == std::string::npos
             ? FinalNameOf(path) == storage::kMetadataFile || path == storage::kMetadataFile
             : IsLogDir(storage::ParentDir(path));
}

Status InPlaceEntryWrites::WriteFile(const std::string& path, std::string_view data) {
  const std::string final_name = FinalNameOf(path);
  if (!IsLogPath(path) || final_name.empty()) return target()->WriteFile(path, data);
  return target()->WriteFile(final_name, data);
}

Status InPlaceEntryWrites::SyncFile(const std::string& path) {
  const std::string final_name = FinalNameOf(path);
  if (!IsLogPath(path) || final_name.empty()) return target()->SyncFile(path);
  return target()->SyncFile(final_name);
}

Status InPlaceEntryWrites::RenameNoReplace(const std::string& from, const std::string& to) {
  if (IsLogPath(from) && FinalNameOf(from) == to) return Status::Ok();  // written there already
  return target()->RenameNoReplace(from, to);
}

Status RetriedEntrySyncs::SyncFile(const std::string& path) {
  Status st = target()->SyncFile(path);
  if (!st.ok() && IsLogPath(path)) st = target()->SyncFile(path);
  return st;
}

Result<std::string> ChecksumBlindReads::ReadFile(const std::string& path) {
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, target()->ReadFile(path));
  if (!IsLogPath(path) || bytes.size() < kChecksumLineSize) return bytes;
  const size_t body_end = bytes.size() - kChecksumLineSize;
  if (bytes.compare(body_end, kChecksumPrefix.size(), kChecksumPrefix) != 0 ||
      bytes.back() != '\n') {
    return bytes;  // torn: the codec refuses it with or without a checksum
  }
  char hex[9];
  std::snprintf(hex, sizeof(hex), "%08x",
                storage::Crc32c(std::string_view(bytes).substr(0, body_end)));
  bytes.replace(body_end + kChecksumPrefix.size(), 8, hex);
  return bytes;
}

Result<std::string> TempFilesAsEntries::ReadFile(const std::string& path) {
  if (IsLogDir(storage::ParentDir(path)) && FinalNameOf(path).empty()) {
    const std::string temp = storage::AtomicPublisher::TempPathFor(path);
    auto exists = target()->Exists(temp);
    if (exists.ok() && exists.value()) return ChecksumBlindReads::ReadFile(temp);
  }
  return ChecksumBlindReads::ReadFile(path);
}

Result<std::vector<std::string>> TempFilesAsEntries::ListDir(const std::string& dir) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> names, target()->ListDir(dir));
  if (!IsLogDir(dir)) return names;
  for (std::string& name : names) {
    const std::string final_name = FinalNameOf(storage::JoinPath(dir, name));
    if (!final_name.empty()) name = final_name.substr(dir.size() + 1);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

namespace {

bool IsSourceLogPath(const std::string& path) { return path.rfind("sources/", 0) == 0; }

}  // namespace

Status UnsyncedSourceLogs::SyncFile(const std::string& path) {
  return IsSourceLogPath(path) ? Status::Ok() : target()->SyncFile(path);
}

Status UnsyncedSourceLogs::SyncDir(const std::string& dir) {
  return IsSourceLogPath(dir) ? Status::Ok() : target()->SyncDir(dir);
}

}  // namespace sluice::sim
