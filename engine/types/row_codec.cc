#include "engine/types/row_codec.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace sluice::engine {
namespace {

enum Tag : char {
  kNull = 'n',
  kInt = 'i',
  kDouble = 'd',
  kString = 's',
  kFalse = 'f',
  kTrue = 't'
};

void PutU64(uint64_t v, std::string* out) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t GetU64(std::string_view bytes, size_t pos) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(bytes[pos + i])} << (8 * i);
  return v;
}
void PutInt(int64_t v, std::string* out) {
  out->push_back(kInt);
  PutU64(static_cast<uint64_t>(v), out);
}
void PutDouble(double v, std::string* out) {
  if (v == 0.0) v = 0.0;  // -0.0 groups with 0.0
  if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  out->push_back(kDouble);
  PutU64(bits, out);
}
void PutString(std::string_view v, std::string* out) {
  out->push_back(kString);
  PutU64(v.size(), out);
  out->append(v);
}

}  // namespace

void EncodeCell(const Column& column, size_t row, std::string* out) {
  if (column.IsNull(row)) {
    out->push_back(kNull);
    return;
  }
  switch (column.type()) {
    case DataType::kInt64:
    case DataType::kTimestamp:
      PutInt(column.Int(row), out);
      return;
    case DataType::kDouble:
      PutDouble(column.Double(row), out);
      return;
    case DataType::kString:
      PutString(column.String(row), out);
      return;
    case DataType::kBool:
      out->push_back(column.Bool(row) ? kTrue : kFalse);
      return;
  }
}

void EncodeValue(const Value& value, std::string* out) {
  if (IsNull(value)) {
    out->push_back(kNull);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    PutInt(*i, out);
  } else if (const auto* d = std::get_if<double>(&value)) {
    PutDouble(*d, out);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    PutString(*s, out);
  } else {
    out->push_back(std::get<bool>(value) ? kTrue : kFalse);
  }
}

std::string EncodeValues(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) EncodeValue(v, &out);
  return out;
}

std::string EncodeKey(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns) {
  std::string out;
  for (size_t c : columns) EncodeCell(batch.column(c), row, &out);
  return out;
}

std::vector<Value> DecodeValues(std::string_view bytes) {
  std::vector<Value> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    const char tag = bytes[pos++];
    switch (tag) {
      case kNull:
        out.emplace_back();
        break;
      case kInt:
        out.emplace_back(static_cast<int64_t>(GetU64(bytes, pos)));
        pos += 8;
        break;
      case kDouble: {
        const uint64_t bits = GetU64(bytes, pos);
        double d;
        std::memcpy(&d, &bits, sizeof(d));
        out.emplace_back(d);
        pos += 8;
        break;
      }
      case kString: {
        const size_t n = GetU64(bytes, pos);
        out.emplace_back(std::string(bytes.substr(pos + 8, n)));
        pos += 8 + n;
        break;
      }
      case kFalse:
        out.emplace_back(false);
        break;
      case kTrue:
        out.emplace_back(true);
        break;
      default:
        SLUICE_CHECK(false, "a row codec tag");
    }
  }
  return out;
}

uint64_t StableHash(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace sluice::engine
