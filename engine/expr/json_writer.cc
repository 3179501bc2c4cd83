#include "engine/expr/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "spec/check.h"

namespace sluice::engine {

namespace {

// Whether Jackson writes `c` as it is inside a string.
bool PlainInJsonString(unsigned char c) { return c >= 0x20 && c != '"' && c != '\\'; }

// The end of the run of plain characters of `s` from `i`. Eight bytes at a time while none of them
// needs an escape (a byte below 0x20, '"' or '\\', found with the usual has-zero-byte bit trick,
// which can flag a byte after a real match but never misses one), then byte by byte.
size_t PlainRunEnd(std::string_view s, size_t i) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t control = (w - kOnes * 0x20) & ~w & kHigh;
    const uint64_t q = w ^ (kOnes * '"');
    const uint64_t b = w ^ (kOnes * '\\');
    if ((control | ((q - kOnes) & ~q & kHigh) | ((b - kOnes) & ~b & kHigh)) != 0) break;
    i += 8;
  }
  while (i < s.size() && PlainInJsonString(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

}  // namespace

void AppendJsonString(std::string_view s, std::string* out) {
  SLUICE_CHECK(out != nullptr, "AppendJsonString needs an output");
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->reserve(out->size() + s.size() + 2);
  *out += '"';
  size_t i = 0;
  while (i < s.size()) {
    // The run of characters written as they are, appended at once.
    const size_t end = PlainRunEnd(s, i);
    out->append(s.data() + i, end - i);
    if (end == s.size()) break;
    const char c = s[end];
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\f':
        *out += "\\f";
        break;
      case '\r':
        *out += "\\r";
        break;
      default: {
        const unsigned char u = static_cast<unsigned char>(c);
        *out += "\\u00";
        *out += kHex[u >> 4];
        *out += kHex[u & 0xF];
      }
    }
    i = end + 1;
  }
  *out += '"';
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

void JsonWriter::BeforeValue() {
  if (stack_.empty()) {
    if (root_values_++ > 0) out_ += ' ';
    return;
  }
  Level& level = stack_.back();
  if (level.object) {
    out_ += ':';  // a value in an object always follows its name
    return;
  }
  if (level.entries++ > 0) out_ += ',';
}

void JsonWriter::StartArray() {
  BeforeValue();
  out_ += '[';
  stack_.push_back(Level{false, 0});
}

void JsonWriter::EndArray() {
  SLUICE_CHECK(!stack_.empty() && !stack_.back().object, "EndArray closes an array");
  stack_.pop_back();
  out_ += ']';
}

void JsonWriter::StartObject() {
  BeforeValue();
  out_ += '{';
  stack_.push_back(Level{true, 0});
}

void JsonWriter::EndObject() {
  SLUICE_CHECK(!stack_.empty() && stack_.back().object, "EndObject closes an object");
  stack_.pop_back();
  out_ += '}';
}

void JsonWriter::FieldName(std::string_view name) {
  SLUICE_CHECK(!stack_.empty() && stack_.back().object, "a field name belongs in an object");
  if (stack_.back().entries++ > 0) out_ += ',';
  AppendJsonString(name, &out_);
}

void JsonWriter::String(std::string_view s) {
  BeforeValue();
  AppendJsonString(s, &out_);
}

void JsonWriter::RawValue(std::string_view json) {
  BeforeValue();
  out_.append(json);
}

}  // namespace sluice::engine
