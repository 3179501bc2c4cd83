#include "sim/mutant_pipeline_parts.h"

#include <algorithm>

#include "connectors/files/file_uri.h"
#include "connectors/files/sink_file_status.h"
#include "engine/expr/json_value_writer.h"

namespace sluice::sim {

Status ManifestAfterCommit::AddBatch(const std::string& query_id, int64_t batch_id,
                                     const engine::RecordBatch& rows, engine::OutputMode mode) {
  pending_ = Pending{query_id, batch_id, rows, mode};
  return Status::Ok();
}

void ManifestAfterCommit::OnQueryProgress(const engine::StreamingQueryProgress& p) {
  if (!pending_ || pending_->batch_id != p.batch_id) return;
  Pending batch = std::move(*pending_);
  pending_.reset();
  // The mistake: the commit is already durable, so a failure here has nothing to undo.
  (void)target_->AddBatch(batch.query_id, batch.batch_id, batch.rows, batch.mode);
}

Status RerunRewritesBatch::AddBatch(const std::string& query_id, int64_t batch_id,
                                    const engine::RecordBatch& rows, engine::OutputMode mode) {
  const std::string manifest = connectors::files::SinkManifestDir(dir_);
  SLUICE_ASSIGN_OR_RETURN(bool has_manifest, fs_->Exists(manifest));
  std::string entry;
  if (has_manifest) {
    SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs_->ListDir(manifest));
    for (const std::string& name :
         {std::to_string(batch_id), std::to_string(batch_id) + ".compact"}) {
      if (std::find(names.begin(), names.end(), name) != names.end()) entry = manifest + "/" + name;
    }
  }
  if (entry.empty()) return target_->AddBatch(query_id, batch_id, rows, mode);
  std::string bytes;
  engine::AppendJsonLines(rows, &bytes);
  const std::string part = dir_ + "/part-00000-rerun-" + std::to_string(batch_id) + ".c000.json";
  SLUICE_RETURN_IF_ERROR(fs_->WriteFile(part, bytes));
  SLUICE_RETURN_IF_ERROR(fs_->SyncFile(part));
  SLUICE_ASSIGN_OR_RETURN(storage::FileInfo info, fs_->Stat(part));
  connectors::files::SinkFileStatus status;
  status.uri = connectors::files::FileUriOf(part);
  status.size_bytes = static_cast<int64_t>(bytes.size());
  status.modified_ms = info.modified_ms;
  SLUICE_ASSIGN_OR_RETURN(std::string lines, fs_->ReadFile(entry));
  lines += "\n" + connectors::files::EncodeSinkFileStatus(status);
  SLUICE_RETURN_IF_ERROR(fs_->WriteFile(entry, lines));
  return fs_->SyncFile(entry);
}

Result<engine::RecordBatch> CleanBeforeCommit::Read(int partition,
                                                    const engine::SourceOffset& start,
                                                    const engine::SourceOffset& end) {
  SLUICE_ASSIGN_OR_RETURN(engine::RecordBatch rows, target().Read(partition, start, end));
  SLUICE_RETURN_IF_ERROR(target().Commit(end));
  return rows;
}

}  // namespace sluice::sim
