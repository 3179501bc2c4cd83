#include "engine/expr/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "spec/check.h"

namespace sluice::engine {

void AppendJsonString(std::string_view s, std::string* out) {
  SLUICE_CHECK(out != nullptr, "AppendJsonString needs an output");
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->reserve(out->size() + s.size() + 2);
  *out += '"';
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    switch (c) {
      case '"':
        *out += "\\\"";
        continue;
      case '\\':
        *out += "\\\\";
        continue;
      case '\b':
        *out += "\\b";
        continue;
      case '\t':
        *out += "\\t";
        continue;
      case '\n':
        *out += "\\n";
        continue;
      case '\f':
        *out += "\\f";
        continue;
      case '\r':
        *out += "\\r";
        continue;
      default:
        break;
    }
    if (u < 0x20) {
      *out += "\\u00";
      *out += kHex[u >> 4];
      *out += kHex[u & 0xF];
    } else {
      *out += c;
    }
  }
  *out += '"';
}

std::string JsonQuote(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

std::string JavaDoubleToString(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  // The shortest digits that read back, as d.ddde±x.
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), value, std::chars_format::scientific);
  SLUICE_CHECK(ec == std::errc(), "a double fits in 64 characters");
  std::string_view sci(buf, end - buf);
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
      return out;
    }
    size_t int_digits = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_digits) {
      out += digits;
      out.append(int_digits - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, int_digits);
      out += '.';
      out += digits.substr(int_digits);
    }
    return out;
  }
  out += digits[0];
  out += '.';
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out += 'E';
  out += std::to_string(exponent);
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
