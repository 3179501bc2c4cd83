#include "storage/source_log.h"

#include "storage/entry_codec.h"

namespace sluice::storage {

SourceLog::SourceLog(FileSystem* fs, AtomicPublisher* publisher, int index)
    : fs_(fs),
      publisher_(publisher),
      log_(fs, publisher, JoinPath(kSourcesDir, std::to_string(index))) {
  SLUICE_CHECK(index >= 0, "a source's index is not negative");
}

Status SourceLog::EnsureDir() {
  if (dir_durable_) return Status::Ok();
  SLUICE_RETURN_IF_ERROR(CreateDirsDurably(fs_, log_.dir()));
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

CompactibleLog SourceLog::AsCompactibleLog(CompactibleLogOptions options) const {
  options.format = LogFileFormat::kEnvelope;
  return CompactibleLog(fs_, publisher_, log_.dir(), std::move(options));
}

}  // namespace sluice::storage
