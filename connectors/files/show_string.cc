#include "connectors/files/show_string.h"

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/types/value.h"

namespace sluice::connectors::files {
namespace {

using engine::DataType;
using engine::TypeId;
using engine::Value;
using engine::ValueList;

// The code point of the UTF-8 sequence at s[*at], advancing *at past it; a byte that does not
// start a valid sequence stands for itself.
uint32_t NextCodePoint(std::string_view s, size_t* at) {
  const auto b = static_cast<unsigned char>(s[*at]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
  if (*at + n > s.size()) n = 1;
  uint32_t cp = n == 1 ? b : b & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*at + k]) & 0x3F);
  *at += n;
  return cp;
}

// UTF-16 units of a code point: Java's String.length counts a supplementary character as 2.
size_t Utf16Units(uint32_t cp) { return cp >= 0x10000 ? 2 : 1; }

size_t Utf16Length(std::string_view s) {
  size_t units = 0;
  for (size_t at = 0; at < s.size();) units += Utf16Units(NextCodePoint(s, &at));
  return units;
}

// The longest prefix of `s` of at most `units` UTF-16 units (a supplementary character that
// would be cut in half is left out: UTF-8 cannot hold half of it).
std::string_view Utf16Prefix(std::string_view s, size_t units) {
  size_t at = 0;
  size_t taken = 0;
  while (at < s.size()) {
    size_t next = at;
    const size_t u = Utf16Units(NextCodePoint(s, &next));
    if (taken + u > units) break;
    taken += u;
    at = next;
  }
  return s.substr(0, at);
}

// Spark's Utils.stringHalfWidth: UTF-16 units, a full-width character counting 2.
bool IsFullWidth(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE10 && cp <= 0xFE19) || (cp >= 0xFE30 && cp <= 0xFE6F) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6);
}

size_t HalfWidth(std::string_view s) {
  size_t width = 0;
  for (size_t at = 0; at < s.size();) {
    const uint32_t cp = NextCodePoint(s, &at);
    width += Utf16Units(cp) + (IsFullWidth(cp) ? 1 : 0);
  }
  return width;
}

// Spark's SchemaUtils.escapeMetaCharacters.
std::string EscapeMetaCharacters(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\a':
        out += "\\a";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Truncated(std::string s, int truncate) {
  if (truncate <= 0 || Utf16Length(s) <= static_cast<size_t>(truncate)) return s;
  if (truncate < 4) return std::string(Utf16Prefix(s, static_cast<size_t>(truncate)));
  return std::string(Utf16Prefix(s, static_cast<size_t>(truncate - 3))) + "...";
}

std::string Padded(const std::string& cell, size_t width, bool right_align) {
  const std::string pad(width - std::min(width, HalfWidth(cell)), ' ');
  return right_align ? pad + cell : cell + pad;
}

std::string HexBytes(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "[";
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i > 0) out += ' ';
    const auto b = static_cast<unsigned char>(bytes[i]);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "]";
}

}  // namespace

std::string PrettyString(const Value& v, const DataType& type) {
  if (engine::IsNull(v)) return "NULL";
  switch (type.id()) {
    case TypeId::kBinary:
      return HexBytes(std::get<std::string>(v));
    case TypeId::kArray: {
      const ValueList& items = std::get<ValueList>(v);
      std::string out = "[";
      for (size_t i = 0; i < items.size(); ++i) {
        out += (i > 0 ? ", " : "") + PrettyString(items[i], type.element());
      }
      return out + "]";
    }
    case TypeId::kMap: {
      const ValueList& entries = std::get<ValueList>(v);
      std::string out = "{";
      for (size_t i = 0; i < entries.size(); ++i) {
        const ValueList& kv = std::get<ValueList>(entries[i]);
        out += (i > 0 ? ", " : "") + PrettyString(kv[0], type.key()) + " -> " +
               PrettyString(kv[1], type.value());
      }
      return out + "}";
    }
    case TypeId::kStruct: {
      const ValueList& fields = std::get<ValueList>(v);
      std::string out = "{";
      for (size_t i = 0; i < fields.size(); ++i) {
        out += (i > 0 ? ", " : "") + PrettyString(fields[i], type.fields()[i].type);
      }
      return out + "}";
    }
    default:
      return engine::ValueToString(v, type);
  }
}

std::string ShowString(const engine::RecordBatch& batch, int num_rows, int truncate) {
  const size_t limit = static_cast<size_t>(std::max(num_rows, 0));
  const size_t shown = std::min(limit, batch.num_rows());
  const std::vector<engine::Field>& fields = batch.schema().fields;
  std::vector<std::vector<std::string>> rows;  // the names, then the cells
  rows.emplace_back();
  for (const engine::Field& f : fields) rows.back().push_back(EscapeMetaCharacters(f.name));
  for (size_t r = 0; r < shown; ++r) {
    rows.emplace_back();
    for (size_t c = 0; c < fields.size(); ++c) {
      const std::string cell = PrettyString(batch.column(c).Get(r), fields[c].type);
      rows.back().push_back(Truncated(EscapeMetaCharacters(cell), truncate));
    }
  }
  constexpr size_t kMinimumWidth = 3;
  std::vector<size_t> widths(fields.size(), kMinimumWidth);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], HalfWidth(row[c]));
  }
  std::string separator = "+";
  for (size_t w : widths) separator += std::string(w, '-') + "+";
  separator += "\n";
  std::string out;
  auto line = [&](const std::vector<std::string>& row) {
    out += "|";
    for (size_t c = 0; c < row.size(); ++c) out += Padded(row[c], widths[c], truncate > 0) + "|";
    out += "\n";
  };
  out += separator;
  line(rows[0]);
  out += separator;
  for (size_t r = 1; r < rows.size(); ++r) line(rows[r]);
  out += separator;
  if (batch.num_rows() > limit) {
    out += "only showing top " + std::to_string(limit) + (limit == 1 ? " row\n" : " rows\n");
  }
  return out;
}

}  // namespace sluice::connectors::files
