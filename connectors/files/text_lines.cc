#include "connectors/files/text_lines.h"

#include <cstring>

namespace sluice::connectors::files {

std::vector<std::string_view> SplitLines(std::string_view bytes) {
  std::vector<std::string_view> lines;
  const char* const data = bytes.data();
  const size_t size = bytes.size();
  size_t begin = 0;
  size_t newline = 0;  // the next "\n" at or after `begin` (or `size`), found again once passed
  bool searched = false;
  while (begin < size) {
    // The next "\n" by memchr, then a lone "\r" before it (rare) by a second memchr.
    if (!searched || newline < begin) {
      const void* found = std::memchr(data + begin, '\n', size - begin);
      newline =
          found == nullptr ? size : static_cast<size_t>(static_cast<const char*>(found) - data);
      searched = true;
    }
    const bool has_newline = newline < size;
    size_t end = newline;
    const void* cr = std::memchr(data + begin, '\r', end - begin);
    size_t next = end + 1;
    if (cr != nullptr) {
      const auto at = static_cast<size_t>(static_cast<const char*>(cr) - data);
      next = at + 1 == end && has_newline ? end + 1 : at + 1;  // "\r\n" is one line end
      end = at;
    }
    lines.push_back(bytes.substr(begin, end - begin));
    begin = next;
  }
  return lines;
}

}  // namespace sluice::connectors::files
