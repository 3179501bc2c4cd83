#include "engine/types/row_codec.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

#include "engine/types/row_codec_internal.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {

using enum storage::cell_tags::CellTag;
using row_codec_detail::NormalizedBits;
using storage::cell_tags::kTaggedWordBytes;

namespace {

// Eight bytes, little-endian, in one append (a byte at a time checked capacity eight times).
void PutU64(uint64_t v, std::string* out) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  char bytes[8];
  std::memcpy(bytes, &v, 8);
  out->append(bytes, 8);
}
void PutInt(int64_t v, std::string* out) {
  out->push_back(kInt);
  PutU64(static_cast<uint64_t>(v), out);
}
// Keys normalise -0.0 to 0.0 and every NaN to one, as Spark normalises grouping keys; state values
// keep the exact bits.
enum class Floats : uint8_t { kNormalized, kExact };

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

void AppendStateValue(const Value& value, std::string* out) {
  EncodeValueAs(value, Floats::kExact, out);
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

// Whether no cell of `column`, nor of a struct's fields, is null.
bool NoNullCells(const Column& column) {
  if (column.null_count() > 0) return false;
  if (column.type().id() != TypeId::kStruct) return true;
  for (size_t f = 0; f < column.num_children(); ++f) {
    if (!NoNullCells(column.child(f))) return false;
  }
  return true;
}

}  // namespace

std::optional<size_t> FixedEncodedWidth(const DataType& type) {
  switch (type.id()) {
    case TypeId::kInt32:
    case TypeId::kDate:
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kFloat:
    case TypeId::kDouble:
      return kTaggedWordBytes;
    case TypeId::kBool:
      return 1;
    case TypeId::kStruct: {
      size_t width = kTaggedWordBytes;
      for (const StructField& f : type.fields()) {
        const std::optional<size_t> field = FixedEncodedWidth(f.type);
        if (!field) return std::nullopt;
        width += *field;
      }
      return width;
    }
    default:
      return std::nullopt;
  }
}

std::optional<size_t> FixedFieldOffset(const DataType& struct_type, size_t field) {
  SLUICE_CHECK(struct_type.id() == TypeId::kStruct && field < struct_type.fields().size(),
               "a field of a struct");
  size_t offset = kTaggedWordBytes;
  for (size_t i = 0; i < field; ++i) {
    const std::optional<size_t> width = FixedEncodedWidth(struct_type.fields()[i].type);
    if (!width) return std::nullopt;
    offset += *width;
  }
  return offset;
}

namespace {

// The width of every cell of `column` as EncodeCell writes it, when the column has no nulls and
// its type's cells all have one width; nullopt otherwise.
std::optional<size_t> FixedCellWidth(const Column& column) {
  return NoNullCells(column) ? FixedEncodedWidth(column.type()) : std::nullopt;
}

// Writes a tag and eight bytes (kTaggedWordBytes) at `at`, as PutInt, PutDouble and PutListHeader
// append them.
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
      size_t field_at = kTaggedWordBytes;  // after the list header
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

// The number of words KeyForm::kWordsWherePossible gives a cell of `column` (FixedCellWidth has a
// value): one per leaf cell.
size_t LeafWords(const Column& column) {
  if (column.type().id() != TypeId::kStruct) return 1;
  size_t words = 0;
  for (size_t f = 0; f < column.num_children(); ++f) words += LeafWords(column.child(f));
  return words;
}

void PutWord(uint64_t v, char* at) { std::memcpy(at, &v, 8); }

// Writes the words of cell r of `column` (FixedCellWidth has a value) at `base + (r - begin) *
// stride`, for r in [begin, end).
void WriteKeyWords(const Column& column, size_t begin, size_t end, char* base, size_t stride) {
  const auto at = [&](size_t r) { return base + (r - begin) * stride; };
  switch (column.type().id()) {
    case TypeId::kInt32:
    case TypeId::kDate: {
      const std::span<const int32_t> cells = column.int32s();
      for (size_t r = begin; r < end; ++r) PutWord(static_cast<uint64_t>(int64_t{cells[r]}), at(r));
      return;
    }
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      const std::span<const int64_t> cells = column.int64s();
      for (size_t r = begin; r < end; ++r) PutWord(static_cast<uint64_t>(cells[r]), at(r));
      return;
    }
    case TypeId::kFloat:
      for (size_t r = begin; r < end; ++r) PutWord(NormalizedBits(column.Float(r)), at(r));
      return;
    case TypeId::kDouble: {
      const std::span<const double> cells = column.doubles();
      for (size_t r = begin; r < end; ++r) PutWord(NormalizedBits(cells[r]), at(r));
      return;
    }
    case TypeId::kBool: {
      const std::span<const uint8_t> cells = column.bools();
      for (size_t r = begin; r < end; ++r) PutWord(cells[r] != 0 ? 1 : 0, at(r));
      return;
    }
    case TypeId::kStruct: {
      size_t field_at = 0;
      for (size_t f = 0; f < column.num_children(); ++f) {
        WriteKeyWords(column.child(f), begin, end, base + field_at, stride);
        field_at += 8 * LeafWords(column.child(f));
      }
      return;
    }
    default:
      SLUICE_CHECK(false, "a column whose cells have one width");
  }
}

// The most words a key may have as words: the group tables compare keys of up to eight words.
constexpr size_t kMaxKeyWords = 8;

}  // namespace

BatchKeys::BatchKeys(const RecordBatch& batch, const std::vector<size_t>& columns, KeyForm form,
                     std::vector<bool> window_by_start)
    : batch_(batch), columns_(columns) {
  size_t leaves = 0;
  by_start_.assign(columns.size(), false);
  for (size_t i = 0; i < columns.size(); ++i) {
    const Column& column = batch.column(columns[i]);
    const std::optional<size_t> width = FixedCellWidth(column);
    if (!width) break;
    widths_.push_back(*width);
    width_ += *width;
    by_start_[i] = i < window_by_start.size() && window_by_start[i];
    if (by_start_[i]) {
      SLUICE_CHECK(column.type() == WindowType(), "a window key given by its start is a window");
    }
    leaves += by_start_[i] ? 1 : LeafWords(column);
  }
  fixed_ = widths_.size() == columns.size() && !columns.empty();
  words_ = fixed_ && form == KeyForm::kWordsWherePossible && leaves > 0 && leaves <= kMaxKeyWords;
  if (words_) {
    width_ = 8 * leaves;
    for (size_t i = 0; i < columns.size(); ++i)
      widths_[i] = by_start_[i] ? 8 : 8 * LeafWords(batch.column(columns[i]));
  }
}

void BatchKeys::Encode(size_t begin, size_t end) {
  SLUICE_CHECK(begin <= end && end <= batch_.num_rows(), "a range of the batch's rows");
  begin_ = begin;
  end_ = end;
  if (begin == end) return;
  if (fixed_) {
    // Every byte of the range is written below: the buffer only grows, so it is not cleared.
    if (bytes_.size() < (end - begin) * width_) bytes_.resize((end - begin) * width_);
    const auto write = words_ ? WriteKeyWords : WriteFixedCells;
    size_t at = 0;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Column& column = batch_.column(columns_[i]);
      // A window given by its start (words_ only): its start's words.
      write(words_ && by_start_[i] ? column.child(0) : column, begin, end, bytes_.data() + at,
            width_);
      at += widths_[i];
    }
    return;
  }
  bytes_.clear();
  ends_.clear();
  for (size_t r = begin; r < end; ++r) {
    for (size_t c : columns_) EncodeCell(batch_.column(c), r, &bytes_);
    ends_.push_back(bytes_.size());
  }
}

void BatchKeys::AppendEncoded(size_t row, std::string* out) const {
  for (size_t c : columns_) EncodeCell(batch_.column(c), row, out);
}

}  // namespace sluice::engine
