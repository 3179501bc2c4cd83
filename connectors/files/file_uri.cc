#include "connectors/files/file_uri.h"

#include <string_view>

namespace sluice::connectors::files {
namespace {

bool NeedsEscape(unsigned char c) {
  if (c <= 0x20 || c == 0x7F) return true;
  return std::string_view("\"#%<>?[\\]^`{|}").find(static_cast<char>(c)) != std::string_view::npos;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::string> Unescape(std::string_view text, const std::string& uri) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument("'" + uri + "' is not a file URI: a malformed % escape at " +
                                     std::to_string(i));
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

}  // namespace

std::string FileUriOf(const std::string& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file:///";
  for (unsigned char c : path) {
    if (NeedsEscape(c)) {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri;
}

Result<std::string> PathOfFileUri(const std::string& uri) {
  std::string_view rest(uri);
  if (rest.starts_with("file://")) {
    rest.remove_prefix(7);  // "file:///x": an empty authority
    if (!rest.starts_with('/')) {
      return Status::InvalidArgument("'" + uri +
                                     "' is not a file URI of this machine: it names "
                                     "a host");
    }
  } else if (rest.starts_with("file:")) {
    rest.remove_prefix(5);  // Spark's "file:/x"
  }
  if (!rest.starts_with('/')) {
    return Status::InvalidArgument("'" + uri + "' is not a file URI or an absolute path");
  }
  while (rest.starts_with('/')) rest.remove_prefix(1);
  SLUICE_ASSIGN_OR_RETURN(std::string path, Unescape(rest, uri));
  // An escaped slash at the start ("file:/%2Fx") is a leading slash too: the path is the same.
  const size_t first = path.find_first_not_of('/');
  path.erase(0, first == std::string::npos ? path.size() : first);
  return path;
}

std::string FileNameOfUri(const std::string& uri) {
  std::string_view path(uri);
  while (path.ends_with('/')) path.remove_suffix(1);
  const size_t slash = path.rfind('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  Result<std::string> decoded = Unescape(name, uri);
  return decoded.ok() ? decoded.value() : std::string(name);
}

}  // namespace sluice::connectors::files
