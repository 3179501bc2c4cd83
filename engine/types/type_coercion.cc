#include "engine/types/type_coercion.h"

#include "engine/types/decimal.h"

namespace sluice::engine {
namespace {

// Rank of a non-decimal number in the widening order.
int NumberRank(TypeId id) {
  switch (id) {
    case TypeId::kInt32:
      return 1;
    case TypeId::kInt64:
      return 2;
    case TypeId::kFloat:
      return 3;
    case TypeId::kDouble:
      return 4;
    default:
      return 0;
  }
}

DecimalSpec SpecOf(const DataType& t) {
  if (t.id() == TypeId::kInt32) return kIntDecimalSpec;
  if (t.id() == TypeId::kInt64) return kLongDecimalSpec;
  return DecimalSpec{t.precision(), t.scale()};
}

std::optional<DataType> WiderNumber(const DataType& a, const DataType& b) {
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    if (a.is_floating() || b.is_floating()) return DataType::kDouble;
    const DecimalSpec wider = WiderDecimalSpec(SpecOf(a), SpecOf(b));
    return DataType::Decimal(wider.precision, wider.scale);
  }
  return NumberRank(a.id()) >= NumberRank(b.id()) ? a : b;
}

std::optional<DataType> WiderNested(const DataType& a, const DataType& b) {
  switch (a.id()) {
    case TypeId::kArray: {
      std::optional<DataType> e = WiderType(a.element(), b.element());
      if (!e) return std::nullopt;
      return DataType::Array(*e);
    }
    case TypeId::kMap: {
      std::optional<DataType> k = WiderType(a.key(), b.key());
      std::optional<DataType> v = WiderType(a.value(), b.value());
      if (!k || !v) return std::nullopt;
      return DataType::Map(*k, *v);
    }
    case TypeId::kStruct: {
      if (a.fields().size() != b.fields().size()) return std::nullopt;
      std::vector<StructField> fields;
      for (size_t i = 0; i < a.fields().size(); ++i) {
        if (a.fields()[i].name != b.fields()[i].name) return std::nullopt;
        std::optional<DataType> t = WiderType(a.fields()[i].type, b.fields()[i].type);
        if (!t) return std::nullopt;
        fields.push_back({a.fields()[i].name, *t});
      }
      return DataType::Struct(std::move(fields));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<DataType> WiderType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.is_numeric() && b.is_numeric()) return WiderNumber(a, b);
  const bool a_time = a.id() == TypeId::kDate || a.id() == TypeId::kTimestamp;
  const bool b_time = b.id() == TypeId::kDate || b.id() == TypeId::kTimestamp;
  if (a_time && b_time) return DataType::kTimestamp;
  if (a.id() == b.id() && a.is_nested()) return WiderNested(a, b);
  return std::nullopt;
}

}  // namespace sluice::engine
