#include "storage/metadata_log.h"

#include <algorithm>
#include <charconv>

namespace sluice::storage {
namespace {

std::optional<int64_t> ParseBatchId(const std::string& name) {
  if (name.empty() || name.size() > 18) return std::nullopt;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size() || id < 0) return std::nullopt;
  if (std::to_string(id) != name) return std::nullopt;  // "007" is not batch 7
  return id;
}

}  // namespace

Status MetadataLog::Add(int64_t batch_id, std::string_view bytes) {
  SLUICE_CHECK(batch_id >= 0, "batch ids are non-negative");
  return publisher_->Publish(PathOf(batch_id), bytes);
}

Result<std::string> MetadataLog::Read(int64_t batch_id) { return fs_->ReadFile(PathOf(batch_id)); }

Result<std::vector<int64_t>> ListEntryIds(
    FileSystem* fs, const std::string& dir,
    const std::function<std::optional<int64_t>(const std::string&)>& id_of) {
  auto names = fs->ListDir(dir);
  if (!names.ok()) {
    if (names.status().code() == StatusCode::kNotFound) return std::vector<int64_t>{};
    return names.status();
  }
  std::vector<int64_t> ids;
  for (const std::string& name : names.value()) {
    if (auto id = id_of(name)) ids.push_back(*id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

Result<std::vector<int64_t>> MetadataLog::ListIds() {
  return ListEntryIds(fs_, dir_, ParseBatchId);
}

Status MetadataLog::PurgeBelow(int64_t batch_id) {
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ListIds());
  for (int64_t id : ids) {
    if (id >= batch_id) break;
    Status st = fs_->Remove(PathOf(id));
    if (!st.ok() && st.code() != StatusCode::kNotFound) return st;
  }
  return Status::Ok();
}

}  // namespace sluice::storage
