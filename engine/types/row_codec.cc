#include "engine/types/row_codec.h"

#include <bit>
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

// Eight bytes, little-endian, in one append (a byte at a time checked capacity eight times).
void PutU64(uint64_t v, std::string* out) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  char bytes[8];
  std::memcpy(bytes, &v, 8);
  out->append(bytes, 8);
}
uint64_t GetU64(std::string_view bytes, size_t pos) {
  uint64_t v;
  std::memcpy(&v, bytes.data() + pos, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}
void PutInt(int64_t v, std::string* out) {
  out->push_back(kInt);
  PutU64(static_cast<uint64_t>(v), out);
}
// Keys normalise -0.0 to 0.0 and every NaN to one, as Spark normalises grouping keys; state values
// keep the exact bits.
enum class Floats : uint8_t { kNormalized, kExact };

// The bits a key double is encoded by: -0.0 as 0.0, every NaN as one.
uint64_t NormalizedBits(double v) {
  v = NormalizedKeyDouble(v);
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}

void PutDouble(double v, std::string* out, Floats floats = Floats::kNormalized) {
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  out->push_back(kDouble);
  PutU64(floats == Floats::kNormalized ? NormalizedBits(v) : bits, out);
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

double NormalizedKeyDouble(double v) {
  if (std::isnan(v)) return std::numeric_limits<double>::quiet_NaN();
  return v == 0.0 ? 0.0 : v;  // -0.0 groups with 0.0
}

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

std::string EncodeStateValues(std::span<const Value> values) {
  std::string out;
  EncodeStateValuesInto(values, &out);
  return out;
}

void EncodeStateValuesInto(std::span<const Value> values, std::string* out) {
  out->clear();
  for (const Value& v : values) EncodeValueAs(v, Floats::kExact, out);
}

std::string EncodeKey(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns) {
  std::string out;
  EncodeKeyInto(batch, row, columns, &out);
  return out;
}

void EncodeKeyInto(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns,
                   std::string* out) {
  out->clear();
  for (size_t c : columns) EncodeCell(batch.column(c), row, out);
}

namespace {

// The width of every cell of `column` as EncodeCell writes it, when the column has no nulls and
// its type's cells all have one width; nullopt otherwise.
std::optional<size_t> FixedCellWidth(const Column& column) {
  if (column.null_count() > 0) return std::nullopt;
  switch (column.type().id()) {
    case TypeId::kInt32:
    case TypeId::kDate:
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kFloat:
    case TypeId::kDouble:
      return 9;  // a tag and eight bytes
    case TypeId::kBool:
      return 1;
    case TypeId::kStruct: {
      size_t width = 9;  // the list header
      for (size_t f = 0; f < column.num_children(); ++f) {
        const std::optional<size_t> field = FixedCellWidth(column.child(f));
        if (!field) return std::nullopt;
        width += *field;
      }
      return width;
    }
    default:
      return std::nullopt;
  }
}

// Writes a tag and eight bytes at `at`, as PutInt, PutDouble and PutListHeader append them.
void WriteTagged(char tag, uint64_t v, char* at) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  at[0] = tag;
  std::memcpy(at + 1, &v, 8);
}

// Writes cell r of `column` (FixedCellWidth has a value) at `base + (r - begin) * stride`, for r
// in [begin, end).
void WriteFixedCells(const Column& column, size_t begin, size_t end, char* base, size_t stride) {
  const auto at = [&](size_t r) { return base + (r - begin) * stride; };
  switch (column.type().id()) {
    case TypeId::kInt32:
    case TypeId::kDate: {
      const std::span<const int32_t> cells = column.int32s();
      for (size_t r = begin; r < end; ++r) {
        WriteTagged(kInt, static_cast<uint64_t>(int64_t{cells[r]}), at(r));
      }
      return;
    }
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      const std::span<const int64_t> cells = column.int64s();
      for (size_t r = begin; r < end; ++r) {
        WriteTagged(kInt, static_cast<uint64_t>(cells[r]), at(r));
      }
      return;
    }
    case TypeId::kFloat:
      for (size_t r = begin; r < end; ++r) {
        WriteTagged(kDouble, NormalizedBits(column.Float(r)), at(r));
      }
      return;
    case TypeId::kDouble: {
      const std::span<const double> cells = column.doubles();
      for (size_t r = begin; r < end; ++r) {
        WriteTagged(kDouble, NormalizedBits(cells[r]), at(r));
      }
      return;
    }
    case TypeId::kBool: {
      const std::span<const uint8_t> cells = column.bools();
      for (size_t r = begin; r < end; ++r) *at(r) = cells[r] != 0 ? kTrue : kFalse;
      return;
    }
    case TypeId::kStruct: {
      for (size_t r = begin; r < end; ++r) WriteTagged(kList, column.num_children(), at(r));
      size_t field_at = 9;
      for (size_t f = 0; f < column.num_children(); ++f) {
        WriteFixedCells(column.child(f), begin, end, base + field_at, stride);
        field_at += *FixedCellWidth(column.child(f));
      }
      return;
    }
    default:
      SLUICE_CHECK(false, "a column whose cells have one width");
  }
}

}  // namespace

BatchKeys::BatchKeys(const RecordBatch& batch, const std::vector<size_t>& columns)
    : batch_(batch), columns_(columns) {
  for (size_t c : columns) {
    const std::optional<size_t> width = FixedCellWidth(batch.column(c));
    if (!width) break;
    widths_.push_back(*width);
    width_ += *width;
  }
  fixed_ = widths_.size() == columns.size() && !columns.empty();
}

void BatchKeys::Encode(size_t begin, size_t end) {
  SLUICE_CHECK(begin <= end && end <= batch_.num_rows(), "a range of the batch's rows");
  begin_ = begin;
  end_ = end;
  bytes_.clear();
  if (begin == end) return;
  if (fixed_) {
    bytes_.resize((end - begin) * width_);
    size_t at = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      WriteFixedCells(batch_.column(columns_[i]), begin, end, bytes_.data() + at, width_);
      at += widths_[i];
    }
    return;
  }
  ends_.clear();
  for (size_t r = begin; r < end; ++r) {
    for (size_t c : columns_) EncodeCell(batch_.column(c), r, &bytes_);
    ends_.push_back(bytes_.size());
  }
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

namespace {

// The position just past the cell that starts at `pos`.
size_t SkipCell(std::string_view bytes, size_t pos, int depth) {
  SLUICE_CHECK(depth < 64 && pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[pos++];
  size_t width = 0;
  switch (tag) {
    case kNull:
    case kFalse:
    case kTrue:
      return pos;
    case kInt:
    case kDouble:
      width = 8;
      break;
    case kDecimal:
      width = 16;
      break;
    case kString:
      SLUICE_CHECK(pos + 8 <= bytes.size(), "a row codec cell's bytes");
      width = 8 + GetU64(bytes, pos);
      break;
    case kList: {
      SLUICE_CHECK(pos + 8 <= bytes.size(), "a row codec cell's bytes");
      const size_t n = GetU64(bytes, pos);
      pos += 8;
      for (size_t i = 0; i < n; ++i) pos = SkipCell(bytes, pos, depth + 1);
      return pos;
    }
    default:
      SLUICE_CHECK(false, "a row codec tag");
  }
  SLUICE_CHECK(width <= bytes.size() - pos, "a row codec cell's bytes");
  return pos + width;
}

}  // namespace

std::string_view CellAt(std::string_view bytes, size_t index) {
  size_t begin = 0;
  for (size_t i = 0; i < index; ++i) begin = SkipCell(bytes, begin, 0);
  return bytes.substr(begin, SkipCell(bytes, begin, 0) - begin);
}

std::string_view ListItemAt(std::string_view list_cell, size_t index) {
  SLUICE_CHECK(list_cell.size() >= 9 && list_cell[0] == kList, "a list cell");
  SLUICE_CHECK(index < GetU64(list_cell, 1), "a list item within the list");
  return CellAt(list_cell.substr(9), index);
}

std::optional<int64_t> IntOfCell(std::string_view cell) {
  SLUICE_CHECK(!cell.empty() && (cell[0] == kNull || (cell[0] == kInt && cell.size() == 9)),
               "an integer or null cell");
  if (cell[0] == kNull) return std::nullopt;
  return static_cast<int64_t>(GetU64(cell, 1));
}

bool IsNullCell(std::string_view cell) { return !cell.empty() && cell[0] == kNull; }

Value DecodeCell(std::string_view bytes, size_t* pos) { return DecodeOne(bytes, pos, 0); }

namespace {

void AppendEncodedCellAt(std::string_view bytes, size_t* pos, Column& column, int depth) {
  SLUICE_CHECK(depth < 64 && *pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[*pos];
  const auto fixed = [&](size_t n) {
    SLUICE_CHECK(*pos + 1 + n <= bytes.size(), "a row codec cell's bytes");
    const size_t at = *pos + 1;
    *pos += 1 + n;
    return at;
  };
  switch (tag) {
    case kNull:
      ++*pos;
      return column.AppendNull();
    case kFalse:
    case kTrue:
      ++*pos;
      return column.AppendBool(tag == kTrue);
    case kInt:
      return column.AppendIntegral(static_cast<int64_t>(GetU64(bytes, fixed(8))));
    case kDouble: {
      const uint64_t bits = GetU64(bytes, fixed(8));
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      if (column.type().id() == TypeId::kFloat) return column.AppendFloat(static_cast<float>(d));
      return column.AppendDouble(d);
    }
    case kDecimal: {
      const size_t at = fixed(16);
      const auto low = static_cast<unsigned __int128>(GetU64(bytes, at));
      const auto high = static_cast<unsigned __int128>(GetU64(bytes, at + 8));
      return column.AppendDecimal(static_cast<Int128>((high << 64) | low));
    }
    case kString: {
      const size_t n = GetU64(bytes, fixed(8));
      SLUICE_CHECK(n <= bytes.size() - *pos, "a row codec cell's bytes");
      column.AppendString(bytes.substr(*pos, n));
      *pos += n;
      return;
    }
    case kList: {
      const size_t n = GetU64(bytes, fixed(8));
      SLUICE_CHECK(n <= bytes.size() - *pos, "a list no longer than its bytes");
      switch (column.type().id()) {
        case TypeId::kStruct:
          SLUICE_CHECK(n == column.num_children(), "a struct cell has one cell per field");
          for (size_t f = 0; f < n; ++f)
            AppendEncodedCellAt(bytes, pos, column.child(f), depth + 1);
          return column.CloseStruct();
        case TypeId::kArray:
          for (size_t i = 0; i < n; ++i)
            AppendEncodedCellAt(bytes, pos, column.child(0), depth + 1);
          return column.CloseList();
        case TypeId::kMap:
          for (size_t i = 0; i < n; ++i) {
            const size_t entry = fixed(8) - 1;
            SLUICE_CHECK(bytes[entry] == kList && GetU64(bytes, entry + 1) == 2,
                         "a map entry is {key, value}");
            AppendEncodedCellAt(bytes, pos, column.child(0), depth + 1);
            AppendEncodedCellAt(bytes, pos, column.child(1), depth + 1);
          }
          return column.CloseList();
        default:
          SLUICE_CHECK(false, "a list cell goes into an array, map or struct column");
          return;
      }
    }
    default:
      SLUICE_CHECK(false, "a row codec tag");
  }
}

}  // namespace

void AppendEncodedCell(std::string_view bytes, size_t* pos, Column& column) {
  AppendEncodedCellAt(bytes, pos, column, 0);
}

std::vector<Value> DecodeValues(std::string_view bytes) {
  std::vector<Value> out;
  DecodeValuesInto(bytes, &out);
  return out;
}

void DecodeValuesInto(std::string_view bytes, std::vector<Value>* out) {
  size_t pos = 0;
  while (pos < bytes.size()) out->push_back(DecodeOne(bytes, &pos, 0));
}

namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t FnvByte(uint64_t h, uint8_t byte) { return (h ^ byte) * kFnvPrime; }
uint64_t FnvU64(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; ++i) h = FnvByte(h, static_cast<uint8_t>(v >> (8 * i)));
  return h;
}
uint64_t FnvBytes(uint64_t h, std::string_view bytes) {
  for (char c : bytes) h = FnvByte(h, static_cast<uint8_t>(c));
  return h;
}

// Feeds the bytes EncodeCell gives each row of `column` into that row's running FNV-1a hash,
// one loop per physical type. A struct without nulls feeds its list header, then its children
// column by column: FNV-1a is a byte-serial fold, so the order within a row is all that counts.
void FeedColumn(const Column& column, uint64_t* h) {
  const size_t n = column.size();
  const bool nulls = column.null_count() > 0;
  // Calls `feed(h, row)` for each non-null row; a null row gets the null tag.
  auto each = [&](auto&& feed) {
    for (size_t r = 0; r < n; ++r) {
      h[r] = nulls && column.IsNull(r) ? FnvByte(h[r], kNull) : feed(h[r], r);
    }
  };
  switch (column.type().id()) {
    case TypeId::kNull:
      return each([](uint64_t x, size_t) { return FnvByte(x, kNull); });
    case TypeId::kInt32:
    case TypeId::kDate:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kInt), static_cast<uint64_t>(int64_t{column.Int32(r)}));
      });
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kInt), static_cast<uint64_t>(column.Int(r)));
      });
    case TypeId::kFloat:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kDouble), NormalizedBits(column.Float(r)));
      });
    case TypeId::kDouble:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kDouble), NormalizedBits(column.Double(r)));
      });
    case TypeId::kDecimal:
      return each([&](uint64_t x, size_t r) {
        const auto bits = static_cast<unsigned __int128>(column.Decimal(r));
        return FnvU64(FnvU64(FnvByte(x, kDecimal), static_cast<uint64_t>(bits)),
                      static_cast<uint64_t>(bits >> 64));
      });
    case TypeId::kString:
    case TypeId::kBinary:
      return each([&](uint64_t x, size_t r) {
        const std::string_view s = column.String(r);
        return FnvBytes(FnvU64(FnvByte(x, kString), s.size()), s);
      });
    case TypeId::kBool:
      return each(
          [&](uint64_t x, size_t r) { return FnvByte(x, column.Bool(r) ? kTrue : kFalse); });
    case TypeId::kStruct:
      if (!nulls) {
        each([&](uint64_t x, size_t) { return FnvU64(FnvByte(x, kList), column.num_children()); });
        for (size_t f = 0; f < column.num_children(); ++f) {
          SLUICE_CHECK(column.child(f).size() == n, "a struct's children hold its rows");
          FeedColumn(column.child(f), h);
        }
        return;
      }
      [[fallthrough]];
    case TypeId::kArray:
    case TypeId::kMap: {
      std::string cell;
      for (size_t r = 0; r < n; ++r) {
        cell.clear();
        EncodeCell(column, r, &cell);
        h[r] = FnvBytes(h[r], cell);
      }
      return;
    }
  }
}

}  // namespace

uint64_t StableHash(std::string_view bytes) { return FnvBytes(kFnvOffset, bytes); }

std::vector<uint64_t> StableKeyHashes(const RecordBatch& batch,
                                      const std::vector<size_t>& columns) {
  std::vector<uint64_t> hashes(batch.num_rows(), kFnvOffset);
  for (size_t c : columns) FeedColumn(batch.column(c), hashes.data());
  return hashes;
}

}  // namespace sluice::engine
