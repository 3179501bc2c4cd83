#include "connectors/files/file_entry.h"

#include <nlohmann/json.hpp>

namespace sluice::connectors::files {

std::string EncodeFileEntry(const FileEntry& entry) {
  nlohmann::ordered_json j;
  j["path"] = entry.uri;
  j["timestamp"] = entry.modified_ms;
  j["batchId"] = entry.batch_id;
  return j.dump();
}

Result<FileEntry> DecodeFileEntry(const std::string& line, const std::string& file) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  auto refuse = [&](const std::string& why) {
    return Status::Corruption(file + ": '" + line.substr(0, 200) + "' is not a file entry (" + why +
                              ")");
  };
  if (j.is_discarded()) return refuse("not JSON");
  if (!j.is_object()) return refuse("not an object");
  const auto path = j.find("path");
  const auto timestamp = j.find("timestamp");
  const auto batch = j.find("batchId");
  if (path == j.end() || !path->is_string()) return refuse("no text 'path'");
  if (timestamp == j.end() || !timestamp->is_number_integer()) {
    return refuse("no integer 'timestamp'");
  }
  if (batch == j.end() || !batch->is_number_integer()) return refuse("no integer 'batchId'");
  if (batch->is_number_unsigned() && batch->get<uint64_t>() > INT64_MAX) {
    return refuse("'batchId' out of range");
  }
  if (timestamp->is_number_unsigned() && timestamp->get<uint64_t>() > INT64_MAX) {
    return refuse("'timestamp' out of range");
  }
  return FileEntry{path->get<std::string>(), timestamp->get<int64_t>(), batch->get<int64_t>()};
}

}  // namespace sluice::connectors::files
