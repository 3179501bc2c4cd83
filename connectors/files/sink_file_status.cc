#include "connectors/files/sink_file_status.h"

#include <nlohmann/json.hpp>
#include <set>

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

}  // namespace sluice::connectors::files
