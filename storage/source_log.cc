#include "storage/source_log.h"

#include "storage/entry_codec.h"

namespace sluice::storage {

SourceLog::SourceLog(FileSystem* fs, AtomicPublisher* publisher, int index)
    : fs_(fs), log_(fs, publisher, JoinPath(kSourcesDir, std::to_string(index))) {
  SLUICE_CHECK(index >= 0, "a source's index is not negative");
}

Status SourceLog::EnsureDir() {
  if (dir_durable_) return Status::Ok();
  SLUICE_ASSIGN_OR_RETURN(bool exists, fs_->Exists(log_.dir()));
  if (!exists) SLUICE_RETURN_IF_ERROR(fs_->CreateDirs(log_.dir()));
  // Synced even when it exists: a run that crashed before the syncs may have left it visible
  // but not durable.
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(""));
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(kSourcesDir));
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(log_.dir()));
  dir_durable_ = true;
  return Status::Ok();
}

Status SourceLog::Add(int64_t id, const std::vector<std::string>& body_lines) {
  SLUICE_RETURN_IF_ERROR(EnsureDir());
  return log_.Add(id, EncodeEntry(body_lines));
}

Result<std::optional<std::vector<std::string>>> SourceLog::Read(int64_t id) {
  SLUICE_ASSIGN_OR_RETURN(bool exists, fs_->Exists(log_.PathOf(id)));
  if (!exists) return std::optional<std::vector<std::string>>();
  // Durable before it is acted on: an earlier run may have crashed between its rename and the
  // directory sync.
  SLUICE_RETURN_IF_ERROR(EnsureDir());
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, log_.Read(id));
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines, DecodeEntry(bytes, log_.PathOf(id)));
  return std::optional<std::vector<std::string>>(std::move(lines));
}

Result<std::vector<int64_t>> SourceLog::ListIds() { return log_.ListIds(); }

}  // namespace sluice::storage
