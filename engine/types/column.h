// Column: one typed column of a batch, with a validity flag per row.
//
// Rules: only the vector of the column's type holds data; a null row holds a default value in it
// so that row i is at index i everywhere. Appending a value of the wrong type is a programmer
// error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/types/data_type.h"

namespace sluice::engine {

class Column {
 public:
  explicit Column(DataType type) : type_(type) {}

  DataType type() const { return type_; }
  size_t size() const { return valid_.size(); }
  bool IsNull(size_t row) const { return valid_[row] == 0; }

  void Reserve(size_t rows);
  void AppendNull();
  void AppendInt(int64_t v);  // kInt64 or kTimestamp
  void AppendDouble(double v);
  void AppendString(std::string v);
  void AppendBool(bool v);
  // REQUIRES: `v` is null or of this column's type (int64 for timestamps).
  void Append(const Value& v);
  // Appends row `row` of `other`. REQUIRES: same type.
  void AppendFrom(const Column& other, size_t row);
  void AppendAll(const Column& other);

  int64_t Int(size_t row) const { return ints_[row]; }
  double Double(size_t row) const { return doubles_[row]; }
  const std::string& String(size_t row) const { return strings_[row]; }
  bool Bool(size_t row) const { return bools_[row] != 0; }
  Value Get(size_t row) const;
  // A numeric cell as double. REQUIRES: numeric or timestamp type.
  double AsDouble(size_t row) const;

  Column Take(const std::vector<uint32_t>& rows) const;
  Column Slice(size_t begin, size_t end) const;

 private:
  DataType type_;
  std::vector<int64_t> ints_;
  std::vector<double> doubles_;
  std::vector<std::string> strings_;
  std::vector<uint8_t> bools_;
  std::vector<uint8_t> valid_;
};

}  // namespace sluice::engine
