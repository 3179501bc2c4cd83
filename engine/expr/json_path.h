// Spark's get_json_object and json_tuple over single JSON texts.
//
// The JSON text is read as Spark's Jackson parser reads it (see engine/expr/json_reader.h:
// single quotes and raw control characters are accepted, and reading stops once the answer is
// known, so text after the first complete value is ignored) and values are written back as
// Spark's Jackson generator writes them (see engine/expr/json_writer.h): compact, a string
// re-escaped, an integer as written (only "-0" becomes "0"), a number with a fraction or an
// exponent through a double as Java prints it ("1e2" gives "100.0"). Any syntax error met while
// reading gives SQL null.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

// A parsed get_json_object path.
//
// Grammar (Spark's JsonPathParser): `$` followed by any number of `.name` (a name runs up to the
// next `.` or `[`, spaces included), `['name']` (no `'` or `?` in the name), `[n]` (n decimal
// digits), `[*]`, or the wildcards `.*` and `['*']` (accepted but never matching an object's
// fields, as in Spark). Whitespace between the parts is skipped. `$..a` and other recursive forms
// are not paths.
class JsonPath {
 public:
  // The parsed path, or nullopt when `text` is not a path (get_json_object then gives null).
  static std::optional<JsonPath> Parse(std::string_view text);

  enum class Kind : uint8_t { kKey, kSubscript, kWildcard, kIndex, kNamed };
  struct Step {
    Kind kind;
    std::string name;  // kNamed
    int64_t index;     // kIndex
  };
  std::span<const Step> steps() const { return steps_; }

 private:
  std::vector<Step> steps_;
};

// get_json_object(json, path): the value at `path` as a string, or nullopt (SQL null) for a
// missing field, a JSON null, a syntax error, or an unusable path. A string value is returned
// unquoted and unescaped; other values as compact JSON. With `[*]`, several matches make a JSON
// array (strings quoted), a single match is returned alone (a string keeps its quotes), and
// `[*][*]` flattens nested arrays, as Hive and Spark do.
std::optional<std::string> GetJsonObject(std::string_view json, const JsonPath& path);
std::optional<std::string> GetJsonObject(std::string_view json, std::string_view path);

// json_tuple(json, names...): for each name, the top-level field of that name as get_json_object
// would give `$.name` (a string unquoted, another value as compact JSON text); nullopt when the
// field is absent or JSON null, or the name is null. All nullopt when `json` is not an object or
// has a syntax error. When a field repeats, the last non-null occurrence wins (as in Spark).
std::vector<std::optional<std::string>> JsonTuple(
    std::string_view json, std::span<const std::optional<std::string_view>> names);

}  // namespace sluice::engine
