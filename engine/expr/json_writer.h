// Compact JSON output as Spark's Jackson generator writes it: strings, numbers, and a small
// generator that places the separators.
//
// Rules (Jackson's defaults): no spaces; in a string `"` and `\` are escaped, the control
// characters \b \t \n \f \r use their short escapes and the other ones below 0x20 are written
// \u00XX with upper-case hex; `/`, DEL and non-ASCII characters are written as they are (UTF-8).
// A double is written as Java's Double.toString writes it (shortest digits that read back,
// "1.0E7" style outside [1e-3, 1e7)), and an infinity as a quoted "Infinity".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

// Appends `s` (UTF-8) to `out` as a quoted JSON string. REQUIRES: out != nullptr.
void AppendJsonString(std::string_view s, std::string* out);
// `s` as a quoted JSON string.
std::string JsonQuote(std::string_view s);

// Writes JSON values one after another, placing commas and colons as Jackson's generator does
// (root-level values are separated by a space).
class JsonWriter {
 public:
  void StartArray();
  void EndArray();
  void StartObject();
  void EndObject();
  // REQUIRES: inside an object, where a name is expected.
  void FieldName(std::string_view name);
  void String(std::string_view s);
  // A value whose JSON text is given (a number, `true`, a whole array...).
  void RawValue(std::string_view json);
  // Text appended as it is, not counted as a value (Jackson's writeRaw).
  void Raw(std::string_view text) { out_.append(text); }

  const std::string& out() const { return out_; }
  std::string Take() { return std::move(out_); }
  // Starts again with nothing written, keeping the buffer's memory (a writer reused per row).
  void Reset() {
    out_.clear();
    stack_.clear();
    root_values_ = 0;
  }

 private:
  struct Level {
    bool object = false;
    size_t entries = 0;
  };
  void BeforeValue();

  std::string out_;
  std::vector<Level> stack_;
  size_t root_values_ = 0;
};

}  // namespace sluice::engine
