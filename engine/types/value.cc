#include "engine/types/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <system_error>

#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

std::string ListToString(const ValueList& items, const DataType& element) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += ValueToString(items[i], element);
  }
  return out + "]";
}

std::string StructToString(const ValueList& fields, const DataType& type) {
  std::string out = "{";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    out += ValueToString(fields[i], type.fields()[i].type);
  }
  return out + "}";
}

std::string MapToString(const ValueList& entries, const DataType& type) {
  std::string out = "{";
  for (size_t i = 0; i < entries.size(); ++i) {
    const ValueList& kv = std::get<ValueList>(entries[i]);
    if (i > 0) out += ", ";
    out += ValueToString(kv[0], type.key()) + " -> " + ValueToString(kv[1], type.value());
  }
  return out + "}";
}

Status Mismatch(const Value& v, const DataType& type) {
  static constexpr const char* kAlternatives[] = {"null",    "integer", "number", "string",
                                                  "boolean", "decimal", "list"};
  return Status::InvalidArgument(std::string("a ") + kAlternatives[v.index()] + " value is not a " +
                                 TypeName(type));
}

Status CheckNestedValueType(const Value& v, const DataType& type) {
  if (!std::holds_alternative<ValueList>(v)) return Mismatch(v, type);
  const ValueList& items = std::get<ValueList>(v);
  if (type.id() == TypeId::kArray) {
    for (size_t i = 0; i < items.size(); ++i) {
      Status s = CheckValueType(items[i], type.element());
      if (!s.ok()) return s.WithContext("element " + std::to_string(i));
    }
    return Status::Ok();
  }
  if (type.id() == TypeId::kStruct) {
    if (items.size() != type.fields().size()) {
      return Status::InvalidArgument("a struct value with " + std::to_string(items.size()) +
                                     " fields is not a " + TypeName(type));
    }
    for (size_t i = 0; i < items.size(); ++i) {
      Status s = CheckValueType(items[i], type.fields()[i].type);
      if (!s.ok()) return s.WithContext("field '" + type.fields()[i].name + "'");
    }
    return Status::Ok();
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const auto* kv = std::get_if<ValueList>(&items[i]);
    if (kv == nullptr || kv->size() != 2 || IsNull((*kv)[0])) {
      return Status::InvalidArgument("map entry " + std::to_string(i) +
                                     " is not a [key, value] pair with a non-null key");
    }
    Status s = CheckValueType((*kv)[0], type.key());
    if (s.ok()) s = CheckValueType((*kv)[1], type.value());
    if (!s.ok()) return s.WithContext("map entry " + std::to_string(i));
  }
  return Status::Ok();
}

}  // namespace

int CompareValues(const Value& a, const Value& b) {
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;
  auto order = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (const auto* x = std::get_if<int64_t>(&a)) return order(*x, std::get<int64_t>(b));
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    if (std::isnan(*x) || std::isnan(y)) return order(std::isnan(*x), std::isnan(y));
    return order(*x, y);
  }
  if (const auto* x = std::get_if<std::string>(&a)) {
    const int c = x->compare(std::get<std::string>(b));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (const auto* x = std::get_if<bool>(&a)) return order(*x, std::get<bool>(b));
  if (const auto* x = std::get_if<Decimal128>(&a)) {
    return order(x->unscaled, std::get<Decimal128>(b).unscaled);
  }
  if (const auto* x = std::get_if<ValueList>(&a)) {
    const ValueList& y = std::get<ValueList>(b);
    for (size_t i = 0; i < x->size() && i < y.size(); ++i) {
      if (const int c = CompareValues((*x)[i], y[i]); c != 0) return c;
    }
    return order(x->size(), y.size());
  }
  return 0;  // both null
}

std::string ValueToString(const Value& v, const DataType& type) {
  if (IsNull(v)) return "null";
  switch (type.id()) {
    case TypeId::kNull:
      return "null";
    case TypeId::kBool:
      return std::get<bool>(v) ? "true" : "false";
    case TypeId::kInt32:
    case TypeId::kInt64:
      return std::to_string(std::get<int64_t>(v));
    case TypeId::kFloat:
      return FloatToJavaString(static_cast<float>(std::get<double>(v)));
    case TypeId::kDouble:
      return DoubleToJavaString(std::get<double>(v));
    case TypeId::kDecimal:
      return FormatDecimal(std::get<Decimal128>(v).unscaled, type.scale());
    case TypeId::kString:
    case TypeId::kBinary:
      return std::get<std::string>(v);
    case TypeId::kDate:
      return FormatDate(static_cast<int32_t>(std::get<int64_t>(v)));
    case TypeId::kTimestamp:
      return FormatTimestamp(std::get<int64_t>(v));
    case TypeId::kArray:
      return ListToString(std::get<ValueList>(v), type.element());
    case TypeId::kMap:
      return MapToString(std::get<ValueList>(v), type);
    case TypeId::kStruct:
      return StructToString(std::get<ValueList>(v), type);
  }
  return "?";
}

Status CheckValueType(const Value& v, const DataType& type) {
  if (IsNull(v)) return Status::Ok();
  bool fits = false;
  switch (type.id()) {
    case TypeId::kNull:
      break;
    case TypeId::kBool:
      fits = std::holds_alternative<bool>(v);
      break;
    case TypeId::kInt32:
      fits = std::holds_alternative<int64_t>(v) && std::get<int64_t>(v) >= INT32_MIN &&
             std::get<int64_t>(v) <= INT32_MAX;
      break;
    case TypeId::kDate:
      fits = std::holds_alternative<int64_t>(v) && std::get<int64_t>(v) >= INT32_MIN &&
             std::get<int64_t>(v) <= INT32_MAX;
      break;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      fits = std::holds_alternative<int64_t>(v);
      break;
    case TypeId::kFloat:
    case TypeId::kDouble:
      fits = std::holds_alternative<double>(v);
      break;
    case TypeId::kDecimal:
      fits = std::holds_alternative<Decimal128>(v) &&
             DecimalFits(std::get<Decimal128>(v).unscaled, type.precision());
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      fits = std::holds_alternative<std::string>(v);
      break;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      return CheckNestedValueType(v, type);
  }
  return fits ? Status::Ok() : Mismatch(v, type);
}

}  // namespace sluice::engine
