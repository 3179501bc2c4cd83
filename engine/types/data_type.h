// DataType: the type of a column, Spark's data model with ANSI mode off.
//
// A DataType is a small immutable value: an id, and for a decimal its precision and scale, for an
// array its element type, for a map its key and value types, for a struct its named fields. It is
// cheap to copy (nested children are shared). The physical layout of each type is Column's
// (engine/types/column.h): int and date are int32, long and timestamp int64 (a timestamp is
// microseconds since the epoch, UTC; a date days since the epoch), a decimal a 128-bit unscaled
// integer.
//
// Rules: a decimal has 1 <= precision <= 38 and 0 <= scale <= precision; a struct's field names
// are distinct; a map's keys are never null. Every type has the name its error messages use,
// Spark's lower-case name as the scenario format writes it (`int`, `long`, `decimal(10,2)`,
// `array<string>`, `struct<a:int,b:string>`), so that an int is never reported as a long.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace sluice::engine {

enum class TypeId : uint8_t {
  kNull,  // the type of an untyped NULL literal: it takes the type its use needs
  kBool,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinary,
  kDate,
  kTimestamp,
  kArray,
  kMap,
  kStruct,
};

struct StructField;

class DataType {
 public:
  static const DataType kNull;
  static const DataType kBool;
  static const DataType kInt32;
  static const DataType kInt64;
  static const DataType kFloat;
  static const DataType kDouble;
  static const DataType kString;
  static const DataType kBinary;
  static const DataType kDate;
  static const DataType kTimestamp;

  static constexpr int kMaxDecimalPrecision = 38;

  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision (see ValidDecimal).
  static DataType Decimal(int precision, int scale);
  static DataType Array(DataType element);
  static DataType Map(DataType key, DataType value);
  // REQUIRES: distinct field names.
  static DataType Struct(std::vector<StructField> fields);
  static bool ValidDecimal(int precision, int scale);

  constexpr DataType() : id_(TypeId::kNull) {}
  constexpr explicit DataType(TypeId id) : id_(id) {}

  TypeId id() const { return id_; }
  int precision() const { return precision_; }                    // decimal only
  int scale() const { return scale_; }                            // decimal only
  const DataType& element() const;                                // REQUIRES: array
  const DataType& key() const;                                    // REQUIRES: map
  const DataType& value() const;                                  // REQUIRES: map
  const std::vector<StructField>& fields() const;                 // REQUIRES: struct
  std::optional<size_t> FieldIndex(std::string_view name) const;  // REQUIRES: struct

  bool is_nested() const {
    return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kStruct;
  }
  bool is_integral() const { return id_ == TypeId::kInt32 || id_ == TypeId::kInt64; }
  bool is_floating() const { return id_ == TypeId::kFloat || id_ == TypeId::kDouble; }
  // int, long, float, double or decimal.
  bool is_numeric() const { return is_integral() || is_floating() || id_ == TypeId::kDecimal; }

  bool operator==(const DataType& other) const;

 private:
  TypeId id_;
  uint8_t precision_ = 0;
  uint8_t scale_ = 0;
  // array: {element}; map: {key, value}; struct: the fields.
  std::shared_ptr<const std::vector<StructField>> children_;
};

// One field of a struct type.
struct StructField {
  std::string name;
  DataType type;
  bool operator==(const StructField&) const = default;
};

constinit inline const DataType DataType::kNull{TypeId::kNull};
constinit inline const DataType DataType::kBool{TypeId::kBool};
constinit inline const DataType DataType::kInt32{TypeId::kInt32};
constinit inline const DataType DataType::kInt64{TypeId::kInt64};
constinit inline const DataType DataType::kFloat{TypeId::kFloat};
constinit inline const DataType DataType::kDouble{TypeId::kDouble};
constinit inline const DataType DataType::kString{TypeId::kString};
constinit inline const DataType DataType::kBinary{TypeId::kBinary};
constinit inline const DataType DataType::kDate{TypeId::kDate};
constinit inline const DataType DataType::kTimestamp{TypeId::kTimestamp};

// The name error messages, schemas and checkpoints use: `int`, `long`, `decimal(10,2)`,
// `array<string>`, `map<string,int>`, `struct<a:int,b:string>`.
std::string TypeName(const DataType& type);
// Spark's SQL text of the type, as schema_of_json and DDL print it: `BIGINT`,
// `STRUCT<a: BIGINT, b: ARRAY<STRING>>`.
std::string SqlTypeName(const DataType& type);
bool IsNumeric(const DataType& type);

}  // namespace sluice::engine
