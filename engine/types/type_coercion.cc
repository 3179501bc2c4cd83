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

using Widen = std::optional<DataType> (*)(const DataType&, const DataType&);

std::optional<DataType> WiderNested(const DataType& a, const DataType& b, Widen widen) {
  switch (a.id()) {
    case TypeId::kArray: {
      std::optional<DataType> e = widen(a.element(), b.element());
      if (!e) return std::nullopt;
      return DataType::Array(*e);
    }
    case TypeId::kMap: {
      std::optional<DataType> k = widen(a.key(), b.key());
      std::optional<DataType> v = widen(a.value(), b.value());
      if (!k || !v) return std::nullopt;
      return DataType::Map(*k, *v);
    }
    case TypeId::kStruct: {
      if (a.fields().size() != b.fields().size()) return std::nullopt;
      std::vector<StructField> fields;
      for (size_t i = 0; i < a.fields().size(); ++i) {
        if (a.fields()[i].name != b.fields()[i].name) return std::nullopt;
        std::optional<DataType> t = widen(a.fields()[i].type, b.fields()[i].type);
        if (!t) return std::nullopt;
        fields.push_back({a.fields()[i].name, *t});
      }
      return DataType::Struct(std::move(fields));
    }
    default:
      return std::nullopt;
  }
}

bool IsScalarNotBinaryOrBool(const DataType& t) {
  return !t.is_nested() && t.id() != TypeId::kNull && t.id() != TypeId::kBinary &&
         t.id() != TypeId::kBool;
}

// Whether the type is a string or an array of (arrays of) strings: Spark's hasStringType.
bool HasString(const DataType& t) {
  if (t.id() == TypeId::kString) return true;
  return t.id() == TypeId::kArray && HasString(t.element());
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
  if (a.id() == b.id() && a.is_nested()) return WiderNested(a, b, &WiderType);
  return std::nullopt;
}

std::optional<DataType> WiderTypeWithStrings(const DataType& a, const DataType& b) {
  if (a.is_nested() && a.id() == b.id()) return WiderNested(a, b, &WiderTypeWithStrings);
  if (std::optional<DataType> t = WiderType(a, b)) return t;
  if (a.id() == TypeId::kString && IsScalarNotBinaryOrBool(b)) return DataType::kString;
  if (b.id() == TypeId::kString && IsScalarNotBinaryOrBool(a)) return DataType::kString;
  return std::nullopt;
}

std::optional<DataType> WiderCommonType(const std::vector<DataType>& types) {
  std::vector<DataType> ordered;
  for (const DataType& t : types) {
    if (!HasString(t)) continue;
    bool seen = false;
    for (const DataType& o : ordered) seen = seen || o == t;
    if (!seen) ordered.push_back(t);
  }
  for (const DataType& t : types) {
    if (!HasString(t)) ordered.push_back(t);
  }
  std::optional<DataType> common = DataType::kNull;
  for (const DataType& t : ordered) {
    common = WiderTypeWithStrings(*common, t);
    if (!common) return std::nullopt;
  }
  return common;
}

std::optional<DataType> ComparisonType(const DataType& a, const DataType& b, bool equality) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  const bool a_string = a.id() == TypeId::kString, b_string = b.id() == TypeId::kString;
  if (a_string || b_string) {
    const DataType& other = a_string ? b : a;
    if (other.is_nested()) return std::nullopt;
    if (other.id() == TypeId::kDecimal) return DataType::kDouble;
    return other;
  }
  if (equality && a.id() == TypeId::kBool && b.is_numeric()) return b;
  if (equality && b.id() == TypeId::kBool && a.is_numeric()) return a;
  if (a.is_nested() || b.is_nested()) return std::nullopt;
  return WiderType(a, b);
}

}  // namespace sluice::engine
