#include "connectors/files/partition_folders.h"

#include <cstdio>
#include <string_view>

namespace sluice::connectors::files {

std::string EscapePartitionValue(const std::string& value) {
  if (value.empty()) return kDefaultPartitionName;
  std::string out;
  for (unsigned char c : value) {
    const bool escape =
        c < 0x20 || c == 0x7F ||
        std::string_view("\"#%'*/:=?\\{[]^").find(static_cast<char>(c)) != std::string_view::npos;
    if (escape) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string UnescapePartitionValue(const std::string& escaped) {
  std::string out;
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '%' && i + 2 < escaped.size()) {
      const int hi = HexDigit(escaped[i + 1]), lo = HexDigit(escaped[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += escaped[i];
  }
  return out;
}

std::vector<std::pair<std::string, std::optional<std::string>>> PartitionValuesOf(
    const std::string& dir, const std::string& path) {
  std::vector<std::pair<std::string, std::optional<std::string>>> values;
  size_t pos = dir.empty() ? 0 : dir.size() + 1;
  if (pos > path.size()) return values;
  for (size_t slash = path.find('/', pos); slash != std::string::npos;
       pos = slash + 1, slash = path.find('/', pos)) {
    const std::string_view folder(path.data() + pos, slash - pos);
    const size_t eq = folder.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    const std::string value(folder.substr(eq + 1));
    values.emplace_back(std::string(folder.substr(0, eq)),
                        value == kDefaultPartitionName
                            ? std::nullopt
                            : std::optional<std::string>(UnescapePartitionValue(value)));
  }
  return values;
}

}  // namespace sluice::connectors::files
