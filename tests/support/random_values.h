// RapidCheck generators of Sluice types and of values of a given type, for the properties that
// every type must hold (codecs, state, casts).
#pragma once

#include <rapidcheck.h>

#include <string>
#include <vector>

#include "engine/types/data_type.h"
#include "engine/types/decimal.h"
#include "engine/types/value.h"

namespace sluice::testing {

// A type nested at most `depth` levels deep.
inline rc::Gen<engine::DataType> GenType(int depth = 2) {
  using engine::DataType;
  std::vector<rc::Gen<DataType>> scalar{
      rc::gen::element(DataType::kBool, DataType::kInt32, DataType::kInt64, DataType::kFloat,
                       DataType::kDouble, DataType::kString, DataType::kBinary, DataType::kDate,
                       DataType::kTimestamp),
      rc::gen::map(rc::gen::inRange(1, 39), [](int p) { return DataType::Decimal(p, p / 3); })};
  if (depth == 0) return rc::gen::oneOf(scalar[0], scalar[1]);
  return rc::gen::oneOf(
      scalar[0], scalar[1],
      rc::gen::map(GenType(depth - 1), [](DataType e) { return DataType::Array(e); }),
      rc::gen::map(rc::gen::pair(GenType(0), GenType(depth - 1)),
                   [](auto kv) { return DataType::Map(kv.first, kv.second); }),
      rc::gen::map(rc::gen::mapcat(rc::gen::inRange<size_t>(1, 4),
                                   [depth](size_t n) {
                                     return rc::gen::container<std::vector<DataType>>(
                                         n, GenType(depth - 1));
                                   }),
                   [](std::vector<DataType> types) {
                     std::vector<engine::StructField> fields;
                     for (size_t i = 0; i < types.size(); ++i) {
                       fields.push_back({"f" + std::to_string(i), types[i]});
                     }
                     return DataType::Struct(std::move(fields));
                   }));
}

// A non-null value of `type` (nested values may hold nulls inside, map keys never).
inline engine::Value GenNonNullValue(const engine::DataType& type);

inline engine::Value GenValue(const engine::DataType& type) {
  if (*rc::gen::inRange(0, 8) == 0) return engine::Value{};
  return GenNonNullValue(type);
}

inline engine::Value GenNonNullValue(const engine::DataType& type) {
  using engine::TypeId;
  using engine::Value;
  switch (type.id()) {
    case TypeId::kBool:
      return Value{*rc::gen::arbitrary<bool>()};
    case TypeId::kInt32:
    case TypeId::kDate:
      return Value{int64_t{*rc::gen::arbitrary<int32_t>()}};
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return Value{*rc::gen::arbitrary<int64_t>()};
    case TypeId::kFloat:
      return Value{static_cast<double>(*rc::gen::arbitrary<float>())};
    case TypeId::kDouble:
      return Value{*rc::gen::arbitrary<double>()};
    case TypeId::kDecimal: {
      const engine::Int128 limit = engine::Pow10(type.precision());
      const auto high = static_cast<engine::Int128>(*rc::gen::arbitrary<int64_t>());
      const auto low = static_cast<engine::Int128>(*rc::gen::arbitrary<uint64_t>());
      return Value{engine::Decimal128{((high << 64) ^ low) % limit}};
    }
    case TypeId::kString:
    case TypeId::kBinary:
      return Value{*rc::gen::arbitrary<std::string>()};
    case TypeId::kArray: {
      engine::ValueList items;
      const size_t n = *rc::gen::inRange<size_t>(0, 4);
      for (size_t i = 0; i < n; ++i) items.push_back(GenValue(type.element()));
      return Value{std::move(items)};
    }
    case TypeId::kMap: {
      engine::ValueList entries;
      const size_t n = *rc::gen::inRange<size_t>(0, 4);
      for (size_t i = 0; i < n; ++i) {
        entries.push_back(
            Value{engine::ValueList{GenNonNullValue(type.key()), GenValue(type.value())}});
      }
      return Value{std::move(entries)};
    }
    case TypeId::kStruct: {
      engine::ValueList fields;
      for (const auto& f : type.fields()) fields.push_back(GenValue(f.type));
      return Value{std::move(fields)};
    }
    case TypeId::kNull:
      break;
  }
  return Value{};
}

}  // namespace sluice::testing
