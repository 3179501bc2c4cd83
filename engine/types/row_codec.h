// Row codec: the bytes of grouping keys and state values, and the hash that places a key in a
// shuffle partition.
//
// Rules: encoding is canonical (equal values give equal bytes, whatever the batch they came from)
// and stable across builds and machines, because state on disk is keyed and partitioned by it.
// Doubles are encoded by their bits; keys (and EncodeValue/EncodeValues) normalise -0.0 and every
// NaN as Spark normalises grouping keys, while EncodeStateValues keeps the exact bits, as Spark
// keeps an aggregate's buffer.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/types/record_batch.h"

namespace sluice::engine {

// Appends one cell of `column` at `row` to `out`.
void EncodeCell(const Column& column, size_t row, std::string* out);
void EncodeValue(const Value& value, std::string* out);
std::string EncodeValues(const std::vector<Value>& values);
// The bytes of a state value (an aggregate's buffer): floating-point bits kept exactly.
std::string EncodeStateValues(std::span<const Value> values);
// EncodeStateValues into `*out`, replacing what it held (its capacity is reused).
void EncodeStateValuesInto(std::span<const Value> values, std::string* out);
// Appends one value's cell as a state value holds it (EncodeStateValues).
void AppendStateValue(const Value& value, std::string* out);
// A double as keys hold it, as Spark normalises grouping and map keys: 0.0 for -0.0, one NaN for
// every NaN.
double NormalizedKeyDouble(double v);
// The key of `row` over `columns` of `batch`.
std::string EncodeKey(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns);
// EncodeKey into `*out`, replacing what it held (its capacity is reused).
void EncodeKeyInto(const RecordBatch& batch, size_t row, const std::vector<size_t>& columns,
                   std::string* out);
// How BatchKeys gives a range's keys. kEncoded: as EncodeKey's bytes. kWordsWherePossible: where
// every key cell has one width and the key has one to eight leaf cells, as words instead, one
// 8-byte word per leaf cell (an int, long, date or timestamp as a long; a double or float by its
// key bits, NormalizedBits; a bool as 0 or 1; a struct as its fields' words, in order). Within
// one batch's columns two keys' words are equal exactly where their encoded bytes are, so a table
// inside the process may group by words, which are shorter and cost less to make, and encode a
// key only for each group it adds (AppendEncoded). Words never leave the process.
enum class KeyForm { kEncoded, kWordsWherePossible };

// The keys of a batch's rows over some of its columns, each the bytes EncodeKey gives (or words,
// above), encoded a range of rows at a time into one reused buffer (a range of a few thousand
// rows stays in cache). Key columns whose cells all have one width (long, int, timestamp, date,
// double, float, bool, and structs of these, without nulls) are encoded a column at a time into
// rows of one width; any other key is encoded a row at a time. Rules: operator[] reads rows of the
// last Encode's range only; a key's view lasts until the next Encode.
class BatchKeys {
 public:
  // `window_by_start`, where given, says per key column whether it is a window (WindowType) whose
  // end is its start plus one duration for every row of the query (an aggregation's window key):
  // as words such a window is its start alone, one word where it would be two.
  BatchKeys(const RecordBatch& batch, const std::vector<size_t>& columns,
            KeyForm form = KeyForm::kEncoded, std::vector<bool> window_by_start = {});
  // The rows of the ranges callers encode: their keys stay in cache.
  static constexpr size_t kRowsAtOnce = 4096;

  // Encodes the keys of rows [begin, end). REQUIRES: begin <= end <= the batch's rows.
  void Encode(size_t begin, size_t end);
  // The last Encode's range, [begin(), end()).
  size_t begin() const { return begin_; }
  size_t end() const { return end_; }
  // Whether every key has one width, width(); then data() holds the range's keys back to back.
  bool fixed() const { return fixed_; }
  // Whether the keys are words (KeyForm); then fixed() holds and width() is 8 per leaf cell.
  bool words() const { return words_; }
  size_t width() const { return width_; }
  const char* data() const { return bytes_.data(); }
  // Appends EncodeKey's bytes for `row`, any row of the batch, to *out.
  void AppendEncoded(size_t row, std::string* out) const;

  // REQUIRES: row in the last Encode's range.
  std::string_view operator[](size_t row) const {
    const size_t i = row - begin_;
    if (fixed_) return std::string_view(bytes_.data() + i * width_, width_);
    const size_t from = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_).substr(from, ends_[i] - from);
  }

 private:
  const RecordBatch& batch_;
  const std::vector<size_t>& columns_;
  bool fixed_ = false;          // every key has one width
  bool words_ = false;          // the keys are words
  std::vector<bool> by_start_;  // per key column, when words_: a window given as its start
  std::vector<size_t> widths_;  // of each key column's cells (or words), when fixed_
  size_t width_ = 0;            // of every key, when fixed_
  size_t begin_ = 0;            // the encoded range: [begin_, end_)
  size_t end_ = 0;
  std::string bytes_;         // the range's keys, one after another (when fixed_, at least that)
  std::vector<size_t> ends_;  // where each key ends, when not fixed_
};

// REQUIRES: `bytes` came from EncodeValues, EncodeKey or a sequence of EncodeCell/EncodeValue.
std::vector<Value> DecodeValues(std::string_view bytes);
// DecodeValues appended to `*out` (a row reused from one key to the next).
void DecodeValuesInto(std::string_view bytes, std::vector<Value>* out);

// Decodes the cell at `*pos` and moves `*pos` past it.
// REQUIRES: a cell of the encoders above starts at `*pos`.
Value DecodeCell(std::string_view bytes, size_t* pos);
// Appends the cell at `*pos` to `column`, as Column::Append(DecodeCell(bytes, pos)) would but
// without building a Value, and moves `*pos` past it. A double cell goes into a float column
// narrowed, as Append narrows. REQUIRES: the cell is null or holds a value of the column's type.
void AppendEncodedCell(std::string_view bytes, size_t* pos, Column& column);

// Reading one cell of encoded bytes without decoding the rest. REQUIRES, of each: the bytes came
// from the encoders above and hold what is asked for.
// The bytes of the `index`-th cell of `bytes` (a key or a value list).
std::string_view CellAt(std::string_view bytes, size_t index);
// The bytes of the `index`-th item of a list cell (a struct's field, an array's element).
std::string_view ListItemAt(std::string_view list_cell, size_t index);
// The integer an integer cell holds (int, long, date, timestamp); nullopt for a null cell.
std::optional<int64_t> IntOfCell(std::string_view cell);
bool IsNullCell(std::string_view cell);

// The width of every cell of `type` as EncodeCell writes it, where cells of the type have one
// width when nothing in them is null (long, int, timestamp, date, double, float, bool, and
// structs of these); nullopt otherwise. A null cell or field is narrower, but for a bool, whose
// cells are one byte, null or not.
std::optional<size_t> FixedEncodedWidth(const DataType& type);
// Where the `field`-th field of a struct cell of `struct_type` starts within the cell, where the
// fields before it have fixed widths (FixedEncodedWidth) and none of them is null; nullopt
// otherwise.
std::optional<size_t> FixedFieldOffset(const DataType& struct_type, size_t field);

// FNV-1a, 64 bits: the shuffle partition of a key is StableHash(key) % partitions.
uint64_t StableHash(std::string_view bytes);
// StableHash(EncodeKey(batch, r, columns)) for every row r, computed a column at a time without
// building the keys.
std::vector<uint64_t> StableKeyHashes(const RecordBatch& batch, const std::vector<size_t>& columns);

}  // namespace sluice::engine
