#include "connectors/files/sink_file_status.h"

#include <nlohmann/json.hpp>
#include <set>

#include "spec/protocol.h"
#include "storage/atomic_publisher.h"
#include "storage/compactible_log.h"

namespace sluice::connectors::files {
namespace {

constexpr int64_t kLocalBlockSizeBytes = 32 * 1024 * 1024;  // Hadoop's local file system

bool IsLong(const nlohmann::json& j) {
  return j.is_number_integer() && !(j.is_number_unsigned() && j.get<uint64_t>() > INT64_MAX);
}

}  // namespace

std::string EncodeSinkFileStatus(const SinkFileStatus& status) {
  nlohmann::ordered_json j;
  j["path"] = status.uri;
  j["size"] = status.size_bytes;
  j["isDir"] = status.is_dir;
  j["modificationTime"] = status.modified_ms;
  j["blockReplication"] = 1;
  j["blockSize"] = kLocalBlockSizeBytes;
  j["action"] = status.deleted ? "delete" : "add";
  return j.dump();
}

Result<SinkFileStatus> DecodeSinkFileStatus(const std::string& line, const std::string& file) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  auto refuse = [&](const std::string& why) {
    return Status::Corruption(file + ": '" + line.substr(0, 200) +
                              "' is not a file sink manifest line (" + why + ")");
  };
  if (j.is_discarded()) return refuse("not JSON");
  if (!j.is_object()) return refuse("not an object");
  const auto path = j.find("path");
  const auto size = j.find("size");
  const auto time = j.find("modificationTime");
  const auto action = j.find("action");
  const auto is_dir = j.find("isDir");
  if (path == j.end() || !path->is_string()) return refuse("no text 'path'");
  if (size == j.end() || !IsLong(*size)) return refuse("no integer 'size'");
  if (time == j.end() || !IsLong(*time)) return refuse("no integer 'modificationTime'");
  if (action == j.end() || !action->is_string() ||
      (action->get<std::string>() != "add" && action->get<std::string>() != "delete")) {
    return refuse("'action' is not \"add\" or \"delete\"");
  }
  if (is_dir != j.end() && !is_dir->is_boolean()) return refuse("'isDir' is not a boolean");
  SinkFileStatus s;
  s.uri = path->get<std::string>();
  s.size_bytes = size->get<int64_t>();
  s.modified_ms = time->get<int64_t>();
  s.is_dir = is_dir != j.end() && is_dir->get<bool>();
  s.deleted = action->get<std::string>() == "delete";
  return s;
}

std::vector<SinkFileStatus> CommittedFiles(const std::vector<SinkFileStatus>& lines) {
  std::set<std::string> deleted;
  for (const SinkFileStatus& s : lines) {
    if (s.deleted) deleted.insert(s.uri);
  }
  std::vector<SinkFileStatus> out;
  for (const SinkFileStatus& s : lines) {
    if (!s.deleted && !deleted.contains(s.uri)) out.push_back(s);
  }
  return out;
}

std::string SinkManifestDir(const std::string& dir) {
  return storage::JoinPath(dir, "_spark_metadata");
}

Result<std::vector<SinkFileStatus>> ReadSinkManifest(storage::FileSystem* fs,
                                                     const std::string& dir) {
  // Read only: no entry is ever added through this publisher.
  storage::AtomicPublisher no_writes(fs, spec::kStandardProtocol.atomic_publish, nullptr);
  storage::CompactibleLogOptions options;
  options.format = storage::LogFileFormat::kSpark;
  options.read_only = true;
  storage::CompactibleLog manifest(fs, &no_writes, SinkManifestDir(dir), std::move(options));
  SLUICE_RETURN_IF_ERROR(manifest.Open());
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> latest, manifest.LatestId());
  if (!latest) return std::vector<SinkFileStatus>{};
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines, manifest.AllLines(*latest));
  std::vector<SinkFileStatus> statuses;
  for (const std::string& line : lines) {
    SLUICE_ASSIGN_OR_RETURN(SinkFileStatus s, DecodeSinkFileStatus(line, manifest.dir()));
    statuses.push_back(std::move(s));
  }
  return CommittedFiles(statuses);
}

}  // namespace sluice::connectors::files
