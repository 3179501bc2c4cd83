#include "storage/checkpoint.h"

namespace sluice::storage {

Checkpoint::Checkpoint(FileSystem* fs, const spec::Protocol& protocol,
                       spec::TransitionListener* listener)
    : fs_(fs),
      publisher_(fs, protocol.atomic_publish, listener),
      offsets_(fs, &publisher_, kOffsetsDir),
      commits_(fs, &publisher_, kCommitsDir) {}

Status Checkpoint::CreateLayout() {
  SLUICE_ASSIGN_OR_RETURN(bool has_offsets, fs_->Exists(kOffsetsDir));
  SLUICE_ASSIGN_OR_RETURN(bool has_commits, fs_->Exists(kCommitsDir));
  if (has_offsets && has_commits) return Status::Ok();
  SLUICE_RETURN_IF_ERROR(fs_->CreateDirs(kOffsetsDir));
  SLUICE_RETURN_IF_ERROR(fs_->CreateDirs(kCommitsDir));
  return fs_->SyncDir("");
}

Status Checkpoint::SyncLayout() {
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(""));
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(kOffsetsDir));
  return fs_->SyncDir(kCommitsDir);
}

Result<std::optional<MetadataEntry>> Checkpoint::ReadMetadata() {
  SLUICE_ASSIGN_OR_RETURN(bool exists, fs_->Exists(kMetadataFile));
  if (!exists) return std::optional<MetadataEntry>();
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, fs_->ReadFile(kMetadataFile));
  SLUICE_ASSIGN_OR_RETURN(MetadataEntry entry, DecodeMetadata(bytes, kMetadataFile));
  return std::optional<MetadataEntry>(std::move(entry));
}

Status Checkpoint::WriteMetadata(const MetadataEntry& entry) {
  return publisher_.Publish(kMetadataFile, EncodeMetadata(entry));
}

Status Checkpoint::WriteOffsets(int64_t batch_id, const OffsetsEntry& entry) {
  return offsets_.Add(batch_id, EncodeOffsets(entry));
}

Result<OffsetsEntry> Checkpoint::ReadOffsets(int64_t batch_id) {
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, offsets_.Read(batch_id));
  return DecodeOffsets(bytes, offsets_.PathOf(batch_id));
}

Status Checkpoint::WriteCommit(int64_t batch_id, const CommitEntry& entry) {
  return commits_.Add(batch_id, EncodeCommit(entry));
}

Result<CommitEntry> Checkpoint::ReadCommit(int64_t batch_id) {
  SLUICE_ASSIGN_OR_RETURN(std::string bytes, commits_.Read(batch_id));
  return DecodeCommit(bytes, commits_.PathOf(batch_id));
}

Status Checkpoint::Purge(int64_t committed_batch_id, int64_t retain) {
  SLUICE_CHECK(retain >= 1, "min_batches_to_retain is at least 1");
  const int64_t keep_from = committed_batch_id + 1 - retain;
  if (keep_from <= 0) return Status::Ok();
  SLUICE_RETURN_IF_ERROR(offsets_.PurgeBelow(keep_from));
  return commits_.PurgeBelow(keep_from);
}

}  // namespace sluice::storage
