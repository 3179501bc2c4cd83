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
  kTrue = 't',
  kDecimal = 'D',  // 16 bytes, the unscaled value's two's complement, little-endian
  kList = 'l',     // a count, then that many cells: array elements, struct fields, map entries
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
// Keys normalise -0.0 to 0.0 and every NaN to one, as Spark normalises grouping keys; state values
// keep the exact bits.
enum class Floats : uint8_t { kNormalized, kExact };

void PutDouble(double v, std::string* out, Floats floats = Floats::kNormalized) {
  if (floats == Floats::kNormalized) {
    if (v == 0.0) v = 0.0;  // -0.0 groups with 0.0
    if (std::isnan(v)) v = std::numeric_limits<double>::quiet_NaN();
  }
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

void PutDecimal(Int128 v, std::string* out) {
  out->push_back(kDecimal);
  const auto bits = static_cast<unsigned __int128>(v);
  PutU64(static_cast<uint64_t>(bits), out);
  PutU64(static_cast<uint64_t>(bits >> 64), out);
}

void PutListHeader(size_t count, std::string* out) {
  out->push_back(kList);
  PutU64(count, out);
}

void EncodeNestedCell(const Column& column, size_t row, std::string* out) {
  if (column.type().id() == TypeId::kStruct) {
    PutListHeader(column.num_children(), out);
    for (size_t f = 0; f < column.num_children(); ++f) EncodeCell(column.child(f), row, out);
    return;
  }
  const auto begin = static_cast<size_t>(column.ListBegin(row));
  const auto end = static_cast<size_t>(column.ListEnd(row));
  PutListHeader(end - begin, out);
  for (size_t r = begin; r < end; ++r) {
    if (column.type().id() == TypeId::kMap) {
      PutListHeader(2, out);
      EncodeCell(column.child(0), r, out);
      EncodeCell(column.child(1), r, out);
    } else {
      EncodeCell(column.child(0), r, out);
    }
  }
}

}  // namespace

void EncodeCell(const Column& column, size_t row, std::string* out) {
  if (column.IsNull(row)) {
    out->push_back(kNull);
    return;
  }
  switch (column.type().id()) {
    case TypeId::kNull:
      out->push_back(kNull);
      return;
    case TypeId::kInt32:
    case TypeId::kDate:
      PutInt(column.Int32(row), out);
      return;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      PutInt(column.Int(row), out);
      return;
    case TypeId::kFloat:
      PutDouble(column.Float(row), out);
      return;
    case TypeId::kDouble:
      PutDouble(column.Double(row), out);
      return;
    case TypeId::kDecimal:
      PutDecimal(column.Decimal(row), out);
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      PutString(column.String(row), out);
      return;
    case TypeId::kBool:
      out->push_back(column.Bool(row) ? kTrue : kFalse);
      return;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      EncodeNestedCell(column, row, out);
      return;
  }
}

namespace {

void EncodeValueAs(const Value& value, Floats floats, std::string* out) {
  if (IsNull(value)) {
    out->push_back(kNull);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    PutInt(*i, out);
  } else if (const auto* d = std::get_if<double>(&value)) {
    PutDouble(*d, out, floats);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    PutString(*s, out);
  } else if (const auto* dec = std::get_if<Decimal128>(&value)) {
    PutDecimal(dec->unscaled, out);
  } else if (const auto* list = std::get_if<ValueList>(&value)) {
    PutListHeader(list->size(), out);
    for (const Value& v : *list) EncodeValueAs(v, floats, out);
  } else {
    out->push_back(std::get<bool>(value) ? kTrue : kFalse);
  }
}

}  // namespace

void EncodeValue(const Value& value, std::string* out) {
  EncodeValueAs(value, Floats::kNormalized, out);
}

std::string EncodeValues(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) EncodeValueAs(v, Floats::kNormalized, &out);
  return out;
}

std::string EncodeStateValues(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) EncodeValueAs(v, Floats::kExact, &out);
  return out;
}

std::string EncodeKey(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns) {
  std::string out;
  for (size_t c : columns) EncodeCell(batch.column(c), row, &out);
  return out;
}

namespace {

// Decodes one cell at `*pos`. `depth` bounds nesting so that corrupt bytes cannot recurse without
// end (state bytes are checksummed, so this is an invariant, not an input check).
Value DecodeOne(std::string_view bytes, size_t* pos, int depth) {
  SLUICE_CHECK(depth < 64 && *pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[(*pos)++];
  auto need = [&](size_t n) { SLUICE_CHECK(*pos + n <= bytes.size(), "a row codec cell's bytes"); };
  switch (tag) {
    case kNull:
      return Value{};
    case kInt:
      need(8);
      *pos += 8;
      return Value{static_cast<int64_t>(GetU64(bytes, *pos - 8))};
    case kDouble: {
      need(8);
      const uint64_t bits = GetU64(bytes, *pos);
      *pos += 8;
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      return Value{d};
    }
    case kString: {
      need(8);
      const size_t n = GetU64(bytes, *pos);
      need(8 + n);
      Value v{std::string(bytes.substr(*pos + 8, n))};
      *pos += 8 + n;
      return v;
    }
    case kDecimal: {
      need(16);
      const auto low = static_cast<unsigned __int128>(GetU64(bytes, *pos));
      const auto high = static_cast<unsigned __int128>(GetU64(bytes, *pos + 8));
      *pos += 16;
      return Value{Decimal128{static_cast<Int128>((high << 64) | low)}};
    }
    case kList: {
      need(8);
      const size_t n = GetU64(bytes, *pos);
      *pos += 8;
      SLUICE_CHECK(n <= bytes.size() - *pos, "a list no longer than its bytes");
      ValueList items;
      items.reserve(n);
      for (size_t i = 0; i < n; ++i) items.push_back(DecodeOne(bytes, pos, depth + 1));
      return Value{std::move(items)};
    }
    case kFalse:
      return Value{false};
    case kTrue:
      return Value{true};
    default:
      SLUICE_CHECK(false, "a row codec tag");
      return Value{};
  }
}

}  // namespace

std::vector<Value> DecodeValues(std::string_view bytes) {
  std::vector<Value> out;
  size_t pos = 0;
  while (pos < bytes.size()) out.push_back(DecodeOne(bytes, &pos, 0));
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
