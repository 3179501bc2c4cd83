#include "engine/types/column.h"

namespace sluice::engine {
namespace {
bool HoldsInts(DataType t) { return t == DataType::kInt64 || t == DataType::kTimestamp; }
}  // namespace

void Column::Reserve(size_t rows) {
  valid_.reserve(rows);
  switch (type_) {
    case DataType::kInt64:
    case DataType::kTimestamp:
      ints_.reserve(rows);
      break;
    case DataType::kDouble:
      doubles_.reserve(rows);
      break;
    case DataType::kString:
      strings_.reserve(rows);
      break;
    case DataType::kBool:
      bools_.reserve(rows);
      break;
  }
}

void Column::AppendNull() {
  switch (type_) {
    case DataType::kInt64:
    case DataType::kTimestamp:
      ints_.push_back(0);
      break;
    case DataType::kDouble:
      doubles_.push_back(0);
      break;
    case DataType::kString:
      strings_.emplace_back();
      break;
    case DataType::kBool:
      bools_.push_back(0);
      break;
  }
  valid_.push_back(0);
}

void Column::AppendInt(int64_t v) {
  SLUICE_CHECK(HoldsInts(type_), "AppendInt on a column that holds no integers");
  ints_.push_back(v);
  valid_.push_back(1);
}

void Column::AppendDouble(double v) {
  SLUICE_CHECK(type_ == DataType::kDouble, "AppendDouble on a non-double column");
  doubles_.push_back(v);
  valid_.push_back(1);
}

void Column::AppendString(std::string v) {
  SLUICE_CHECK(type_ == DataType::kString, "AppendString on a non-string column");
  strings_.push_back(std::move(v));
  valid_.push_back(1);
}

void Column::AppendBool(bool v) {
  SLUICE_CHECK(type_ == DataType::kBool, "AppendBool on a non-bool column");
  bools_.push_back(v ? 1 : 0);
  valid_.push_back(1);
}

void Column::Append(const Value& v) {
  if (engine::IsNull(v)) return AppendNull();
  if (auto* i = std::get_if<int64_t>(&v)) return AppendInt(*i);
  if (auto* d = std::get_if<double>(&v)) return AppendDouble(*d);
  if (auto* s = std::get_if<std::string>(&v)) return AppendString(*s);
  AppendBool(std::get<bool>(v));
}

void Column::AppendFrom(const Column& other, size_t row) {
  SLUICE_CHECK(other.type_ == type_, "AppendFrom between columns of different types");
  if (other.IsNull(row)) return AppendNull();
  switch (type_) {
    case DataType::kInt64:
    case DataType::kTimestamp:
      ints_.push_back(other.ints_[row]);
      break;
    case DataType::kDouble:
      doubles_.push_back(other.doubles_[row]);
      break;
    case DataType::kString:
      strings_.push_back(other.strings_[row]);
      break;
    case DataType::kBool:
      bools_.push_back(other.bools_[row]);
      break;
  }
  valid_.push_back(1);
}

void Column::AppendAll(const Column& other) {
  SLUICE_CHECK(other.type_ == type_, "AppendAll between columns of different types");
  ints_.insert(ints_.end(), other.ints_.begin(), other.ints_.end());
  doubles_.insert(doubles_.end(), other.doubles_.begin(), other.doubles_.end());
  strings_.insert(strings_.end(), other.strings_.begin(), other.strings_.end());
  bools_.insert(bools_.end(), other.bools_.begin(), other.bools_.end());
  valid_.insert(valid_.end(), other.valid_.begin(), other.valid_.end());
}

Value Column::Get(size_t row) const {
  if (IsNull(row)) return std::monostate{};
  switch (type_) {
    case DataType::kInt64:
    case DataType::kTimestamp:
      return ints_[row];
    case DataType::kDouble:
      return doubles_[row];
    case DataType::kString:
      return strings_[row];
    case DataType::kBool:
      return bools_[row] != 0;
  }
  return std::monostate{};
}

double Column::AsDouble(size_t row) const {
  if (type_ == DataType::kDouble) return doubles_[row];
  SLUICE_CHECK(HoldsInts(type_), "AsDouble on a non-numeric column");
  return static_cast<double>(ints_[row]);
}

Column Column::Take(const std::vector<uint32_t>& rows) const {
  Column out(type_);
  out.Reserve(rows.size());
  for (uint32_t r : rows) out.AppendFrom(*this, r);
  return out;
}

Column Column::Slice(size_t begin, size_t end) const {
  SLUICE_CHECK(begin <= end && end <= size(), "slice within the column");
  Column out(type_);
  out.Reserve(end - begin);
  for (size_t r = begin; r < end; ++r) out.AppendFrom(*this, r);
  return out;
}

}  // namespace sluice::engine
