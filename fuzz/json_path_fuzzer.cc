// get_json_object and json_tuple (engine/expr/json_path.h) on any bytes.
//
// The input is split at its first newline: the path text before it, the JSON text after it (no
// newline: the whole input is the JSON text and the path is "$"). json_tuple takes the path
// text's comma-separated parts as field names, plus one null name.
//
// Property: no crash and no sanitizer report; json_tuple gives one value per name; and writing is
// idempotent: when the JSON text starts with an object or an array, get_json_object(text, "$"),
// when not null, is compact JSON that get_json_object reads back as itself.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/json_path.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

void Fuzz(std::string_view input) {
  std::string_view path = "$";
  std::string_view json = input;
  if (const size_t nl = input.find('\n'); nl != std::string_view::npos) {
    path = input.substr(0, nl);
    json = input.substr(nl + 1);
  }
  (void)GetJsonObject(json, path);

  std::vector<std::optional<std::string_view>> names;
  for (size_t start = 0;;) {
    const size_t comma = path.find(',', start);
    names.emplace_back(path.substr(start, comma == std::string_view::npos ? comma : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  names.emplace_back(std::nullopt);
  const std::vector<std::optional<std::string>> row = JsonTuple(json, names);
  SLUICE_CHECK(row.size() == names.size(), "json_tuple gives one value per name");

  // The root's first character (a string root is returned unquoted, so its text proves nothing).
  const size_t root = json.find_first_not_of(" \t\r\n");
  if (root == std::string_view::npos || (json[root] != '{' && json[root] != '[')) return;
  const std::optional<std::string> whole = GetJsonObject(json, "$");
  if (whole) {
    const std::optional<std::string> again = GetJsonObject(*whole, "$");
    if (again != whole) {
      std::fprintf(stderr, "json: '%.*s'\nfirst: '%s'\nagain: '%s'\n",
                   static_cast<int>(json.size()), json.data(), whole->c_str(),
                   again ? again->c_str() : "(null)");
      SLUICE_CHECK(false, "get_json_object(x, '$') reads its own output back unchanged");
    }
  }
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::engine::Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
