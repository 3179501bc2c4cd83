#include "connectors/pipeline/json_cell.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"

namespace sluice::connectors::pipeline {
namespace {

using engine::DataType;
using engine::TypeId;
using engine::Value;
using engine::ValueList;
using nlohmann::json;

Status Expected(const json& cell, const std::string& what, const DataType& type) {
  std::string text = cell.dump();
  if (text.size() > 60) text = text.substr(0, 60) + "...";
  return Status::InvalidArgument("value " + text + " is not a " + engine::TypeName(type) +
                                 " (expected " + what + ")");
}

std::optional<int64_t> Digits(std::string_view s) {
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || s[0] == '-') {
    return std::nullopt;
  }
  return v;
}

// "YYYY-MM-DD" as days since the epoch.
std::optional<int64_t> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const auto y = Digits(s.substr(0, 4)), m = Digits(s.substr(5, 2)), d = Digits(s.substr(8, 2));
  if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
  if (*d > engine::DaysInMonth(*y, static_cast<int>(*m))) return std::nullopt;
  return engine::DaysFromCivil(*y, static_cast<int>(*m), static_cast<int>(*d));
}

// "YYYY-MM-DD HH:MM:SS" with an optional fraction of 1 to 6 digits, UTC, as microseconds.
std::optional<int64_t> ParseTimestamp(std::string_view s) {
  if (s.size() < 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto days = ParseDate(s.substr(0, 10));
  const auto h = Digits(s.substr(11, 2)), mi = Digits(s.substr(14, 2)),
             sec = Digits(s.substr(17, 2));
  if (!days || !h || !mi || !sec || *h > 23 || *mi > 59 || *sec > 59) return std::nullopt;
  int64_t micros = 0;
  if (s.size() > 19) {
    const std::string_view frac = s.substr(20);
    if (s[19] != '.' || frac.empty() || frac.size() > 6 || !Digits(frac)) return std::nullopt;
    micros = *Digits(frac);
    for (size_t i = frac.size(); i < 6; ++i) micros *= 10;
  }
  return ((*days * 24 + *h) * 60 + *mi) * 60 * engine::kMicrosPerSecond +
         *sec * engine::kMicrosPerSecond + micros;
}

// Standard base64 with padding (RFC 4648).
std::optional<std::string> DecodeBase64(std::string_view s) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (s.size() % 4 != 0) return std::nullopt;
  std::string out;
  for (size_t i = 0; i < s.size(); i += 4) {
    uint32_t bits = 0;
    int pad = 0;
    for (size_t j = 0; j < 4; ++j) {
      const char c = s[i + j];
      if (c == '=' && i + 4 == s.size() && j >= 2) {
        ++pad;
        bits <<= 6;
        continue;
      }
      const size_t k = kAlphabet.find(c);
      if (k == std::string_view::npos || pad > 0) return std::nullopt;
      bits = (bits << 6) | static_cast<uint32_t>(k);
    }
    out += static_cast<char>(bits >> 16);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(bits & 0xff);
  }
  return out;
}

Result<Value> FloatingCell(const json& cell, const DataType& type) {
  if (cell.is_number()) return Value{cell.get<double>()};
  if (cell.is_string()) {
    const std::string s = cell.get<std::string>();
    if (s == "NaN") return Value{std::numeric_limits<double>::quiet_NaN()};
    if (s == "Infinity") return Value{std::numeric_limits<double>::infinity()};
    if (s == "-Infinity") return Value{-std::numeric_limits<double>::infinity()};
  }
  return Expected(cell, "a number, \"NaN\", \"Infinity\" or \"-Infinity\"", type);
}

Result<Value> NestedCell(const json& cell, const DataType& type) {
  ValueList items;
  if (type.id() == TypeId::kStruct) {
    if (!cell.is_object() || cell.size() != type.fields().size()) {
      return Expected(cell, "an object with exactly the struct's fields", type);
    }
    for (const engine::StructField& f : type.fields()) {
      if (!cell.contains(f.name)) return Expected(cell, "a field '" + f.name + "'", type);
      Result<Value> v = JsonToValue(cell.at(f.name), f.type, false);
      if (!v.ok()) return v.status().WithContext("field '" + f.name + "'");
      items.push_back(std::move(v).value());
    }
    return Value{std::move(items)};
  }
  if (!cell.is_array()) return Expected(cell, "a list", type);
  for (size_t i = 0; i < cell.size(); ++i) {
    if (type.id() == TypeId::kArray) {
      Result<Value> v = JsonToValue(cell[i], type.element(), false);
      if (!v.ok()) return v.status().WithContext("element " + std::to_string(i));
      items.push_back(std::move(v).value());
      continue;
    }
    const json& kv = cell[i];
    if (!kv.is_array() || kv.size() != 2 || kv[0].is_null()) {
      return Expected(cell, "[key, value] pairs with non-null keys", type);
    }
    Result<Value> k = JsonToValue(kv[0], type.key(), false);
    Result<Value> v = k.ok() ? JsonToValue(kv[1], type.value(), false) : k;
    if (!v.ok()) return v.status().WithContext("map entry " + std::to_string(i));
    items.push_back(Value{ValueList{std::move(k).value(), std::move(v).value()}});
  }
  return Value{std::move(items)};
}

std::string Num(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%.*g", digits, v == 0 ? 0.0 : v);
  return buf;
}

}  // namespace

Result<Value> JsonToValue(const json& cell, const DataType& type, bool timestamp_ms) {
  if (cell.is_null()) return Value{};
  switch (type.id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBool:
      if (cell.is_boolean()) return Value{cell.get<bool>()};
      return Expected(cell, "true or false", type);
    case TypeId::kInt32:
      if (cell.is_number_integer() && cell.get<int64_t>() >= INT32_MIN &&
          cell.get<int64_t>() <= INT32_MAX) {
        return Value{cell.get<int64_t>()};
      }
      return Expected(cell, "an integer in 32 bits", type);
    case TypeId::kInt64:
      if (cell.is_number_integer()) return Value{cell.get<int64_t>()};
      return Expected(cell, "an integer", type);
    case TypeId::kFloat:
    case TypeId::kDouble:
      return FloatingCell(cell, type);
    case TypeId::kDecimal:
      if (cell.is_string()) {
        if (auto v = engine::ParseDecimalLiteral(cell.get<std::string>(),
                                                 {type.precision(), type.scale()})) {
          return Value{engine::Decimal128{*v}};
        }
      }
      return Expected(cell,
                      "a string with exactly " + std::to_string(type.scale()) +
                          " digits after the point, within the precision",
                      type);
    case TypeId::kString:
      if (cell.is_string()) return Value{cell.get<std::string>()};
      return Expected(cell, "a string", type);
    case TypeId::kBinary:
      if (cell.is_string() && cell.get<std::string>().rfind("base64:", 0) == 0) {
        if (auto bytes = DecodeBase64(cell.get<std::string>().substr(7))) return Value{*bytes};
      }
      return Expected(cell, "\"base64:\" and standard base64", type);
    case TypeId::kDate:
      if (cell.is_string()) {
        if (auto days = ParseDate(cell.get<std::string>())) return Value{*days};
      }
      return Expected(cell, "\"YYYY-MM-DD\"", type);
    case TypeId::kTimestamp:
      if (cell.is_number_integer()) {
        const int64_t n = cell.get<int64_t>();
        return Value{timestamp_ms ? engine::MicrosFromMillis(n) : n * engine::kMicrosPerSecond};
      }
      if (cell.is_string()) {
        if (auto micros = ParseTimestamp(cell.get<std::string>())) return Value{*micros};
      }
      return Expected(cell, "epoch seconds or \"YYYY-MM-DD HH:MM:SS[.ffffff]\"", type);
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      return NestedCell(cell, type);
  }
  return Expected(cell, "null", type);
}

std::string CanonicalCell(const Value& v, const DataType& type) {
  if (engine::IsNull(v)) return "null";
  switch (type.id()) {
    case TypeId::kFloat:
      return Num(std::get<double>(v), 6);
    case TypeId::kDouble:
      return Num(std::get<double>(v), 9);
    case TypeId::kString:
      return "\"" + std::get<std::string>(v) + "\"";
    case TypeId::kBinary: {
      std::string hex = "x'";
      for (unsigned char c : std::get<std::string>(v)) {
        hex += "0123456789abcdef"[c >> 4];
        hex += "0123456789abcdef"[c & 15];
      }
      return hex + "'";
    }
    case TypeId::kArray:
    case TypeId::kStruct: {
      const ValueList& items = std::get<ValueList>(v);
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        const DataType& t = type.id() == TypeId::kArray ? type.element() : type.fields()[i].type;
        out += (i ? "," : "") + CanonicalCell(items[i], t);
      }
      return out + "]";
    }
    case TypeId::kMap: {
      std::vector<std::string> entries;
      for (const Value& e : std::get<ValueList>(v)) {
        const ValueList& kv = std::get<ValueList>(e);
        entries.push_back(CanonicalCell(kv[0], type.key()) + ":" +
                          CanonicalCell(kv[1], type.value()));
      }
      std::sort(entries.begin(), entries.end());
      std::string out = "{";
      for (size_t i = 0; i < entries.size(); ++i) out += (i ? "," : "") + entries[i];
      return out + "}";
    }
    case TypeId::kTimestamp:
      return std::to_string(std::get<int64_t>(v)) + "us";
    default:
      return engine::ValueToString(v, type);
  }
}

}  // namespace sluice::connectors::pipeline
