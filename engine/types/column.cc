#include "engine/types/column.h"

#include <bit>

#include "spec/check.h"

namespace sluice::engine {
namespace {

// Capacity for `n` elements, growing at least geometrically, so that a column reserved again
// and again (a file at a time) does not copy its values each time.
template <typename Vector>
void GrowTo(Vector& v, size_t n) {
  if (n > v.capacity()) v.reserve(std::max(n, 2 * v.capacity()));
}

}  // namespace

using column_detail::Physical;

namespace {

Physical PhysicalOf(TypeId id) {
  switch (id) {
    case TypeId::kNull:
      return Physical::kNone;
    case TypeId::kBool:
      return Physical::kBool;
    case TypeId::kInt32:
    case TypeId::kDate:
      return Physical::kI32;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Physical::kI64;
    case TypeId::kFloat:
      return Physical::kF32;
    case TypeId::kDouble:
      return Physical::kF64;
    case TypeId::kDecimal:
      return Physical::kI128;
    case TypeId::kString:
    case TypeId::kBinary:
      return Physical::kBytes;
    case TypeId::kArray:
    case TypeId::kMap:
      return Physical::kList;
    case TypeId::kStruct:
      return Physical::kStruct;
  }
  return Physical::kNone;
}

}  // namespace

Column::Column(DataType type) : type_(std::move(type)), physical_(PhysicalOf(type_.id())) {
  switch (type_.id()) {
    case TypeId::kArray:
      children_.push_back(std::make_shared<Column>(type_.element()));
      break;
    case TypeId::kMap:
      children_.push_back(std::make_shared<Column>(type_.key()));
      children_.push_back(std::make_shared<Column>(type_.value()));
      break;
    case TypeId::kStruct:
      for (const StructField& f : type_.fields())
        children_.push_back(std::make_shared<Column>(f.type));
      break;
    default:
      break;
  }
  const Physical p = physical_;
  if (p == Physical::kBytes || p == Physical::kList) offsets_.push_back(0);
}

void Column::Reserve(size_t rows) {
  GrowTo(validity_, (rows + 63) / 64);
  switch (physical_) {
    case Physical::kBool:
      GrowTo(bool_, rows);
      break;
    case Physical::kI32:
      GrowTo(i32_, rows);
      break;
    case Physical::kI64:
      GrowTo(i64_, rows);
      break;
    case Physical::kF32:
      GrowTo(f32_, rows);
      break;
    case Physical::kF64:
      GrowTo(f64_, rows);
      break;
    case Physical::kI128:
      GrowTo(i128_, rows);
      break;
    case Physical::kBytes:
    case Physical::kList:
      GrowTo(offsets_, rows + 1);
      break;
    case Physical::kStruct:
      for (size_t i = 0; i < children_.size(); ++i) child(i).Reserve(rows);
      break;
    case Physical::kNone:
      break;
  }
}

void Column::AppendNullSlot() {
  switch (physical_) {
    case Physical::kBool:
      bool_.push_back(0);
      break;
    case Physical::kI32:
      i32_.push_back(0);
      break;
    case Physical::kI64:
      i64_.push_back(0);
      break;
    case Physical::kF32:
      f32_.push_back(0);
      break;
    case Physical::kF64:
      f64_.push_back(0);
      break;
    case Physical::kI128:
      i128_.push_back(0);
      break;
    case Physical::kBytes:
    case Physical::kList:
      offsets_.push_back(offsets_.back());
      break;
    case Physical::kStruct:
      for (size_t i = 0; i < children_.size(); ++i) child(i).AppendNull();
      break;
    case Physical::kNone:
      break;
  }
}

void Column::AppendNull() {
  AppendNullSlot();
  PushValidity(false);
}

void Column::AppendBool(bool v) {
  SLUICE_CHECK(type_.id() == TypeId::kBool, "AppendBool on a bool column");
  bool_.push_back(v ? 1 : 0);
  PushValidity(true);
}

void Column::PushValidRun(size_t n) {
  const size_t first = size_;
  validity_.resize((first + n + 63) >> 6, 0);
  size_t i = 0;
  for (; i < n && ((first + i) & 63) != 0; ++i) {
    validity_[(first + i) >> 6] |= uint64_t{1} << ((first + i) & 63);
  }
  for (; i + 64 <= n; i += 64) validity_[(first + i) >> 6] = ~uint64_t{0};
  for (; i < n; ++i) validity_[(first + i) >> 6] |= uint64_t{1} << ((first + i) & 63);
  size_ += n;
}

void Column::AppendInts(std::span<const int64_t> values) {
  SLUICE_CHECK(physical_ == Physical::kI64, "AppendInts on a long or timestamp column");
  i64_.insert(i64_.end(), values.begin(), values.end());
  PushValidRun(values.size());
}

void Column::AppendDoubles(std::span<const double> values) {
  SLUICE_CHECK(physical_ == Physical::kF64, "AppendDoubles on a double column");
  f64_.insert(f64_.end(), values.begin(), values.end());
  PushValidRun(values.size());
}

void Column::AppendBools(std::span<const uint8_t> values) {
  SLUICE_CHECK(type_.id() == TypeId::kBool, "AppendBools on a bool column");
  bool_.insert(bool_.end(), values.begin(), values.end());
  PushValidRun(values.size());
}

template <class T>
void Column::AdoptOrAppend(Buffer<T>& buffer, bool holds_type, Buffer<T>&& values,
                           void (Column::*append)(std::span<const T>)) {
  if (size_ != 0 || !holds_type) return (this->*append)(values);  // copies; checks the type
  const size_t n = values.size();
  buffer = std::move(values);
  PushValidRun(n);
}

void Column::AppendInts(Buffer<int64_t>&& values) {
  AdoptOrAppend(i64_, physical_ == Physical::kI64, std::move(values), &Column::AppendInts);
}

void Column::AppendDoubles(Buffer<double>&& values) {
  AdoptOrAppend(f64_, physical_ == Physical::kF64, std::move(values), &Column::AppendDoubles);
}

void Column::AppendBools(Buffer<uint8_t>&& values) {
  AdoptOrAppend(bool_, type_.id() == TypeId::kBool, std::move(values), &Column::AppendBools);
}

void Column::AppendFloat(float v) {
  SLUICE_CHECK(type_.id() == TypeId::kFloat, "AppendFloat on a float column");
  f32_.push_back(v);
  PushValidity(true);
}

void Column::AppendDecimal(Int128 unscaled) {
  SLUICE_CHECK(type_.id() == TypeId::kDecimal, "AppendDecimal on a decimal column");
  i128_.push_back(unscaled);
  PushValidity(true);
}

void Column::CloseList() {
  SLUICE_CHECK(physical_ == Physical::kList, "CloseList on an array or map column");
  const size_t end = children_[0]->size();
  SLUICE_CHECK(type_.id() != TypeId::kMap || children_[1]->size() == end,
               "a map gains as many values as keys");
  SLUICE_CHECK(static_cast<int64_t>(end) >= offsets_.back(), "children only grow");
  offsets_.push_back(static_cast<int64_t>(end));
  PushValidity(true);
}

void Column::CloseStruct() {
  SLUICE_CHECK(type_.id() == TypeId::kStruct, "CloseStruct on a struct column");
  for (const auto& c : children_) {
    SLUICE_CHECK(c->size() == size_ + 1, "each struct child gained exactly one row");
  }
  PushValidity(true);
}

void Column::CloseStructs(size_t n) {
  SLUICE_CHECK(type_.id() == TypeId::kStruct, "CloseStructs on a struct column");
  for (const auto& c : children_) {
    SLUICE_CHECK(c->size() == size_ + n, "each struct child gained exactly n rows");
  }
  PushValidRun(n);
}

void Column::Append(const Value& v) {
  if (engine::IsNull(v)) return AppendNull();
  switch (type_.id()) {
    case TypeId::kNull:
      SLUICE_CHECK(false, "only nulls in a column of the null type");
      return;
    case TypeId::kBool:
      return AppendBool(std::get<bool>(v));
    case TypeId::kInt32:
    case TypeId::kDate:
      return AppendInt32(static_cast<int32_t>(std::get<int64_t>(v)));
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return AppendInt(std::get<int64_t>(v));
    case TypeId::kFloat:
      return AppendFloat(static_cast<float>(std::get<double>(v)));
    case TypeId::kDouble:
      return AppendDouble(std::get<double>(v));
    case TypeId::kDecimal:
      return AppendDecimal(std::get<Decimal128>(v).unscaled);
    case TypeId::kString:
    case TypeId::kBinary:
      return AppendString(std::get<std::string>(v));
    case TypeId::kArray:
      for (const Value& e : std::get<ValueList>(v)) child(0).Append(e);
      return CloseList();
    case TypeId::kMap:
      for (const Value& entry : std::get<ValueList>(v)) {
        const ValueList& kv = std::get<ValueList>(entry);
        SLUICE_CHECK(kv.size() == 2 && !engine::IsNull(kv[0]), "a map entry is {key, value}");
        child(0).Append(kv[0]);
        child(1).Append(kv[1]);
      }
      return CloseList();
    case TypeId::kStruct: {
      const ValueList& fields = std::get<ValueList>(v);
      SLUICE_CHECK(fields.size() == children_.size(), "a struct value has one value per field");
      for (size_t i = 0; i < fields.size(); ++i) child(i).Append(fields[i]);
      return CloseStruct();
    }
  }
}

void Column::AppendFromNested(const Column& other, size_t row) {
  if (type_.id() == TypeId::kStruct) {
    for (size_t i = 0; i < children_.size(); ++i) child(i).AppendFrom(other.child(i), row);
    return CloseStruct();
  }
  const auto begin = static_cast<size_t>(other.offsets_[row]);
  const auto end = static_cast<size_t>(other.offsets_[row + 1]);
  for (size_t c = 0; c < children_.size(); ++c) {
    for (size_t r = begin; r < end; ++r) child(c).AppendFrom(other.child(c), r);
  }
  CloseList();
}

void Column::AppendFrom(const Column& other, size_t row) {
  SLUICE_CHECK(other.type_ == type_, "AppendFrom between columns of one type");
  SLUICE_CHECK(row < other.size_, "AppendFrom a row within the column");
  if (other.IsNull(row)) return AppendNull();
  switch (physical_) {
    case Physical::kNone:
      return AppendNull();
    case Physical::kBool:
      return AppendBool(other.Bool(row));
    case Physical::kI32:
      return AppendInt32(other.Int32(row));
    case Physical::kI64:
      return AppendInt(other.Int(row));
    case Physical::kF32:
      return AppendFloat(other.Float(row));
    case Physical::kF64:
      return AppendDouble(other.Double(row));
    case Physical::kI128:
      return AppendDecimal(other.Decimal(row));
    case Physical::kBytes:
      return AppendString(other.String(row));
    case Physical::kList:
    case Physical::kStruct:
      return AppendFromNested(other, row);
  }
}

template <typename RowAt>
void Column::AppendRows(const Column& other, size_t n, RowAt row_at) {
  SLUICE_CHECK(other.type_ == type_, "appending rows between columns of one type");
  // A struct without nulls copies its children in bulk; a struct with nulls goes row by row, so
  // that each null row's children are null whatever the source holds under it.
  if (physical_ == Physical::kList || (physical_ == Physical::kStruct && other.null_count_ > 0)) {
    Reserve(size_ + n);
    for (size_t i = 0; i < n; ++i) AppendFrom(other, row_at(i));
    return;
  }
  // The validity bits, one word at a time where the source has no nulls.
  if (other.null_count_ == 0) {
    PushValidRun(n);
  } else {
    const size_t first = size_;
    validity_.resize((first + n + 63) >> 6, 0);
    size_t valid = 0;
    for (size_t i = 0; i < n; ++i) {
      const size_t r = row_at(i);
      const uint64_t bit = (other.validity_[r >> 6] >> (r & 63)) & 1;
      validity_[(first + i) >> 6] |= bit << ((first + i) & 63);
      valid += bit;
    }
    null_count_ += n - valid;
    size_ += n;
  }
  // The values: a null row's slot holds the zero value or the empty string in `other` already.
  const auto gather = [&](auto& to, const auto& from) {
    const size_t at = to.size();
    to.resize(at + n);
    for (size_t i = 0; i < n; ++i) to[at + i] = from[row_at(i)];
  };
  switch (physical_) {
    case Physical::kNone:
    case Physical::kList:
      break;
    case Physical::kStruct:
      for (size_t c = 0; c < children_.size(); ++c) {
        child(c).AppendRows(other.child(c), n, row_at);
      }
      break;
    case Physical::kBool:
      gather(bool_, other.bool_);
      break;
    case Physical::kI32:
      gather(i32_, other.i32_);
      break;
    case Physical::kI64:
      gather(i64_, other.i64_);
      break;
    case Physical::kF32:
      gather(f32_, other.f32_);
      break;
    case Physical::kF64:
      gather(f64_, other.f64_);
      break;
    case Physical::kI128:
      gather(i128_, other.i128_);
      break;
    case Physical::kBytes: {
      size_t total = 0;
      for (size_t i = 0; i < n; ++i) {
        const size_t r = row_at(i);
        total += static_cast<size_t>(other.offsets_[r + 1] - other.offsets_[r]);
      }
      bytes_.reserve(bytes_.size() + total);
      offsets_.reserve(offsets_.size() + n);
      for (size_t i = 0; i < n; ++i) {
        const size_t r = row_at(i);
        bytes_.append(other.bytes_, static_cast<size_t>(other.offsets_[r]),
                      static_cast<size_t>(other.offsets_[r + 1] - other.offsets_[r]));
        offsets_.push_back(static_cast<int64_t>(bytes_.size()));
      }
      break;
    }
  }
}

void Column::AppendAll(const Column& other) {
  AppendRows(other, other.size_, [](size_t i) { return i; });
}

Value Column::Get(size_t row) const {
  SLUICE_CHECK(row < size_, "Get a row within the column");
  if (IsNull(row)) return Value{};
  switch (type_.id()) {
    case TypeId::kNull:
      return Value{};
    case TypeId::kBool:
      return Value{Bool(row)};
    case TypeId::kInt32:
    case TypeId::kDate:
      return Value{int64_t{Int32(row)}};
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Value{Int(row)};
    case TypeId::kFloat:
      return Value{static_cast<double>(Float(row))};
    case TypeId::kDouble:
      return Value{Double(row)};
    case TypeId::kDecimal:
      return Value{Decimal128{Decimal(row)}};
    case TypeId::kString:
    case TypeId::kBinary:
      return Value{std::string(String(row))};
    case TypeId::kArray:
    case TypeId::kMap: {
      ValueList items;
      for (auto r = static_cast<size_t>(ListBegin(row)); r < static_cast<size_t>(ListEnd(row));
           ++r) {
        if (type_.id() == TypeId::kArray) {
          items.push_back(children_[0]->Get(r));
        } else {
          items.push_back(Value{ValueList{children_[0]->Get(r), children_[1]->Get(r)}});
        }
      }
      return Value{std::move(items)};
    }
    case TypeId::kStruct: {
      ValueList fields;
      for (const auto& c : children_) fields.push_back(c->Get(row));
      return Value{std::move(fields)};
    }
  }
  return Value{};
}

double Column::AsDouble(size_t row) const {
  switch (physical_) {
    case Physical::kI32:
      return Int32(row);
    case Physical::kI64:
      return static_cast<double>(Int(row));
    case Physical::kF32:
      return Float(row);
    case Physical::kF64:
      return Double(row);
    case Physical::kI128: {
      double scale = 1;
      for (int i = 0; i < type_.scale(); ++i) scale *= 10;
      return static_cast<double>(Decimal(row)) / scale;
    }
    default:
      SLUICE_CHECK(false, "AsDouble on a numeric column");
      return 0;
  }
}

int64_t Column::AsInt64(size_t row) const {
  const Physical p = physical_;
  SLUICE_CHECK(p == Physical::kI32 || p == Physical::kI64, "AsInt64 on an integral column");
  return p == Physical::kI32 ? Int32(row) : Int(row);
}

void Column::AppendIntegral(int64_t v) {
  if (physical_ == Physical::kI32) {
    return AppendInt32(static_cast<int32_t>(static_cast<uint32_t>(v)));
  }
  AppendInt(v);
}

Column Column::Take(std::span<const uint32_t> rows) const {
  Column out(type_);
  out.AppendTaken(*this, rows);
  return out;
}

void Column::AppendTaken(const Column& other, std::span<const uint32_t> rows) {
  for (uint32_t r : rows) SLUICE_CHECK(r < other.size_, "Take rows within the column");
  AppendRows(other, rows.size(), [&](size_t i) { return static_cast<size_t>(rows[i]); });
}

Column Column::Slice(size_t begin, size_t end) const {
  SLUICE_CHECK(begin <= end && end <= size(), "slice within the column");
  Column out(type_);
  out.AppendRows(*this, end - begin, [begin](size_t i) { return begin + i; });
  return out;
}

void Column::Truncate(size_t rows) {
  SLUICE_CHECK(rows <= size_, "truncate to at most the column's size");
  // Even when no row is cut, the children may hold the start of a row not yet closed.
  // The nulls among the rows cut: those cut less the valid ones.
  size_t valid_cut = 0;
  for (size_t w = rows >> 6; w < validity_.size(); ++w) {
    uint64_t bits = validity_[w];
    if (w == (rows >> 6)) bits &= ~uint64_t{0} << (rows & 63);
    valid_cut += static_cast<size_t>(std::popcount(bits));
  }
  null_count_ -= (size_ - rows) - valid_cut;
  validity_.resize((rows + 63) / 64);
  if ((rows & 63) != 0) validity_.back() &= (uint64_t{1} << (rows & 63)) - 1;
  size_ = rows;
  switch (physical_) {
    case Physical::kBool:
      return bool_.resize(rows);
    case Physical::kI32:
      return i32_.resize(rows);
    case Physical::kI64:
      return i64_.resize(rows);
    case Physical::kF32:
      return f32_.resize(rows);
    case Physical::kF64:
      return f64_.resize(rows);
    case Physical::kI128:
      return i128_.resize(rows);
    case Physical::kBytes:
      offsets_.resize(rows + 1);
      return bytes_.resize(static_cast<size_t>(offsets_.back()));
    case Physical::kList:
      offsets_.resize(rows + 1);
      for (size_t i = 0; i < children_.size(); ++i)
        child(i).Truncate(static_cast<size_t>(offsets_.back()));
      return;
    case Physical::kStruct:
      for (size_t i = 0; i < children_.size(); ++i) child(i).Truncate(rows);
      return;
    case Physical::kNone:
      return;
  }
}

void ReserveStringFieldsAtRate(Column* out, size_t done, size_t total) {
  SLUICE_CHECK(done > 0, "a rate from at least one row");
  if (out->type().id() != TypeId::kStruct || total <= done) return;
  for (size_t f = 0; f < out->num_children(); ++f) {
    Column& child = out->child(f);
    if (child.type() != DataType::kString) continue;
    child.ReserveBytes(child.bytes().size() * (total - done) / done * 9 / 8);
  }
}

}  // namespace sluice::engine
