// Column: one typed column of a batch, in the Arrow layout.
//
// - Validity is a bitmap, one bit per row (1 = valid), 64 rows a word.
// - Fixed-width values sit in one contiguous buffer of their physical type: uint8 for bool,
//   int32 for int and date, int64 for long and timestamp, float, double, Int128 for decimal.
// - string and binary are offsets (rows + 1 of them, int64) into one byte buffer: no heap
//   allocation per value.
// - array and map are offsets into child columns (an array's elements; a map's keys and values,
//   entry by entry). A struct has one child per field, each with one row per struct row.
//
// Rules: a null row still occupies its slot (a zero value, an empty string or list, a null in
// every struct child) so that row i is at index i in every buffer. Appending a value of the wrong
// type, or reading a buffer of another physical type, is a programmer error (SLUICE_CHECK).
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/buffer.h"
#include "engine/types/data_type.h"
#include "engine/types/value.h"
#include "spec/check.h"

namespace sluice::engine {

namespace column_detail {
// How a column stores its values: which buffer, chosen by its type once.
enum class Physical : uint8_t {
  kNone,
  kBool,
  kI32,
  kI64,
  kF32,
  kF64,
  kI128,
  kBytes,
  kList,
  kStruct
};
}  // namespace column_detail

class Column {
 public:
  explicit Column(DataType type);

  const DataType& type() const { return type_; }
  size_t size() const { return size_; }
  bool IsNull(size_t row) const { return ((validity_[row >> 6] >> (row & 63)) & 1) == 0; }
  size_t null_count() const { return null_count_; }
  // One bit per row, 1 = valid; (size() + 63) / 64 words.
  std::span<const uint64_t> validity() const { return validity_; }

  void Reserve(size_t rows);
  // string or binary: room for `bytes` more value bytes.
  // Room for `bytes` more string bytes, growing at least geometrically.
  void ReserveBytes(size_t bytes) {
    if (bytes_.size() + bytes > bytes_.capacity()) {
      bytes_.reserve(std::max(bytes_.size() + bytes, 2 * bytes_.capacity()));
    }
  }
  void AppendNull();
  void AppendBool(bool v);
  // The appends of the hot loops are inline here (a kernel appends once per row).
  void AppendInt32(int32_t v) {  // int or date
    SLUICE_CHECK(physical_ == Physical::kI32, "AppendInt32 on an int or date column");
    i32_.push_back(v);
    PushValidity(true);
  }
  void AppendInt(int64_t v) {  // long or timestamp
    SLUICE_CHECK(physical_ == Physical::kI64, "AppendInt on a long or timestamp column");
    i64_.push_back(v);
    PushValidity(true);
  }
  // Appends valid cells in bulk: longs or timestamps, doubles, bools (each 0 or 1).
  // REQUIRES: the column holds that physical type.
  void AppendInts(std::span<const int64_t> values);
  void AppendDoubles(std::span<const double> values);
  void AppendBools(std::span<const uint8_t> values);
  // The same, taking over the buffer when the column is empty (no copy): a kernel fills a buffer
  // (Buffer<T>, not zeroed when it grows), then gives it to its result column.
  void AppendInts(Buffer<int64_t>&& values);
  void AppendDoubles(Buffer<double>&& values);
  void AppendBools(Buffer<uint8_t>&& values);
  void AppendFloat(float v);
  void AppendDouble(double v) {
    SLUICE_CHECK(physical_ == Physical::kF64, "AppendDouble on a double column");
    f64_.push_back(v);
    PushValidity(true);
  }
  void AppendDecimal(Int128 unscaled);
  [[gnu::always_inline]] void AppendString(std::string_view v) {  // string or binary
    SLUICE_CHECK(physical_ == Physical::kBytes, "AppendString on a string or binary column");
    bytes_.append(v);
    offsets_.push_back(static_cast<int64_t>(bytes_.size()));
    PushValidity(true);
  }
  // Nested values are built child first: append the elements (array), the keys and values
  // (map) or one value per field (struct) to the children, then close the row.
  // Children are shared between copies of a column until one of them is changed: the mutable
  // child(i) copies a child that another column shares first (copy on write), so a copy of a
  // column or a struct's field (SharedChild) costs no copy of the data.
  Column& child(size_t i) {
    SLUICE_CHECK(i < children_.size(), "a child of a nested column");
    if (children_[i].use_count() > 1) children_[i] = std::make_shared<Column>(*children_[i]);
    // Every child was made as a non-const Column (make_shared<Column>), and no one else holds it.
    return const_cast<Column&>(*children_[i]);
  }
  const Column& child(size_t i) const {
    SLUICE_CHECK(i < children_.size(), "a child of a nested column");
    return *children_[i];
  }
  std::shared_ptr<const Column> SharedChild(size_t i) const {
    SLUICE_CHECK(i < children_.size(), "a child of a nested column");
    return children_[i];
  }
  size_t num_children() const { return children_.size(); }
  void CloseList();    // array or map: a valid row holding what the children gained since the last
  void CloseStruct();  // struct: a valid row; REQUIRES: each child holds size() + 1 rows
  // struct: `n` valid rows at once; REQUIRES: each child holds size() + n rows.
  void CloseStructs(size_t n);

  // REQUIRES: CheckValueType(v, type()) is ok.
  void Append(const Value& v);
  // Appends row `row` of `other`. REQUIRES: same type.
  void AppendFrom(const Column& other, size_t row);
  void AppendAll(const Column& other);

  // Typed reads of row `row`. REQUIRES: the column's physical type.
  bool Bool(size_t row) const { return bool_[row] != 0; }
  int32_t Int32(size_t row) const { return i32_[row]; }
  int64_t Int(size_t row) const { return i64_[row]; }
  float Float(size_t row) const { return f32_[row]; }
  double Double(size_t row) const { return f64_[row]; }
  Int128 Decimal(size_t row) const { return i128_[row]; }
  std::string_view String(size_t row) const {
    return std::string_view(bytes_).substr(static_cast<size_t>(offsets_[row]),
                                           static_cast<size_t>(offsets_[row + 1] - offsets_[row]));
  }
  // array and map: the child rows [ListBegin, ListEnd) of row `row`.
  int64_t ListBegin(size_t row) const { return offsets_[row]; }
  int64_t ListEnd(size_t row) const { return offsets_[row + 1]; }

  // The buffers, for kernels.
  std::span<const uint8_t> bools() const { return bool_; }
  std::span<const int32_t> int32s() const { return i32_; }
  std::span<const int64_t> int64s() const { return i64_; }
  std::span<const float> floats() const { return f32_; }
  std::span<const double> doubles() const { return f64_; }
  std::span<const Int128> decimals() const { return i128_; }
  std::span<const int64_t> offsets() const { return offsets_; }
  std::string_view bytes() const { return bytes_; }

  Value Get(size_t row) const;
  // A numeric cell (int, long, float, double, decimal, date, timestamp) as a double.
  double AsDouble(size_t row) const;
  // An int, long, date or timestamp cell as an int64.
  int64_t AsInt64(size_t row) const;
  // Appends an integral value to an int, long, date or timestamp column; an int or date column
  // keeps the low 32 bits (integer overflow wraps, as in Spark).
  void AppendIntegral(int64_t v);

  Column Take(std::span<const uint32_t> rows) const;
  Column Slice(size_t begin, size_t end) const;
  // Appends rows `rows` of `other` in order, as Take would take them. REQUIRES: same type.
  void AppendTaken(const Column& other, std::span<const uint32_t> rows);
  // Cuts the column back to its first `rows` rows, as if the later ones had never been appended:
  // the validity bitmap and null count, the values, string bytes and offsets, and the children
  // (an array's or map's elements past its last kept row; a struct's rows past `rows`), also
  // what the children hold of a row not yet closed (a record abandoned half built).
  // REQUIRES: rows <= size().
  void Truncate(size_t rows);

 private:
  using Physical = column_detail::Physical;

  [[gnu::always_inline]] void PushValidity(bool valid) {
    if ((size_ & 63) == 0) validity_.push_back(0);
    if (valid) {
      validity_.back() |= uint64_t{1} << (size_ & 63);
    } else {
      ++null_count_;
    }
    ++size_;
  }
  // Marks the next `n` rows valid, a word at a time.
  void PushValidRun(size_t n);
  // Takes `values` as `buffer` (valid cells) when the column is empty and `holds_type`; otherwise
  // appends a copy through `append`, which checks the type.
  template <class T>
  void AdoptOrAppend(Buffer<T>& buffer, bool holds_type, Buffer<T>&& values,
                     void (Column::*append)(std::span<const T>));
  void AppendNullSlot();
  void AppendFromNested(const Column& other, size_t row);
  // Appends rows row_at(0) .. row_at(n - 1) of `other` (same type): buffer by buffer for flat
  // types, child by child for a struct without nulls, row by row for other nested columns.
  // REQUIRES: each row_at(i) < other.size().
  template <typename RowAt>
  void AppendRows(const Column& other, size_t n, RowAt row_at);

  DataType type_;
  Physical physical_;
  size_t size_ = 0;
  size_t null_count_ = 0;
  Buffer<uint64_t> validity_;
  Buffer<uint8_t> bool_;
  Buffer<int32_t> i32_;
  Buffer<int64_t> i64_;
  Buffer<float> f32_;
  Buffer<double> f64_;
  Buffer<Int128> i128_;
  std::vector<int64_t> offsets_;  // string, binary, array, map: size() + 1 entries
  std::string bytes_;
  std::vector<std::shared_ptr<const Column>> children_;  // each made by make_shared<Column>
};

// Once `done` of `total` rows are in the struct column `out`, gives each string field room for
// the rest at the rate seen so far (and an eighth more), so that its bytes are not copied again
// and again as they grow. Nothing for a column that is not a struct. REQUIRES: done > 0.
void ReserveStringFieldsAtRate(Column* out, size_t done, size_t total);

}  // namespace sluice::engine
