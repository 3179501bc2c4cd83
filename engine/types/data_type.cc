#include "engine/types/data_type.h"

#include <set>

#include "spec/check.h"

namespace sluice::engine {

bool DataType::ValidDecimal(int precision, int scale) {
  return precision >= 1 && precision <= kMaxDecimalPrecision && scale >= 0 && scale <= precision;
}

DataType DataType::Decimal(int precision, int scale) {
  SLUICE_CHECK(ValidDecimal(precision, scale), "decimal precision and scale in range");
  DataType t(TypeId::kDecimal);
  t.precision_ = static_cast<uint8_t>(precision);
  t.scale_ = static_cast<uint8_t>(scale);
  return t;
}

DataType DataType::Array(DataType element) {
  DataType t(TypeId::kArray);
  t.children_ = std::make_shared<const std::vector<StructField>>(
      std::vector<StructField>{{"element", std::move(element)}});
  return t;
}

DataType DataType::Map(DataType key, DataType value) {
  DataType t(TypeId::kMap);
  t.children_ = std::make_shared<const std::vector<StructField>>(
      std::vector<StructField>{{"key", std::move(key)}, {"value", std::move(value)}});
  return t;
}

DataType DataType::Struct(std::vector<StructField> fields) {
  std::set<std::string> names;
  for (const StructField& f : fields) {
    SLUICE_CHECK(names.insert(f.name).second, "struct field names are distinct");
  }
  DataType t(TypeId::kStruct);
  t.children_ = std::make_shared<const std::vector<StructField>>(std::move(fields));
  return t;
}

const DataType& DataType::element() const {
  SLUICE_CHECK(id_ == TypeId::kArray, "element() of an array type");
  return (*children_)[0].type;
}

const DataType& DataType::key() const {
  SLUICE_CHECK(id_ == TypeId::kMap, "key() of a map type");
  return (*children_)[0].type;
}

const DataType& DataType::value() const {
  SLUICE_CHECK(id_ == TypeId::kMap, "value() of a map type");
  return (*children_)[1].type;
}

const std::vector<StructField>& DataType::fields() const {
  SLUICE_CHECK(id_ == TypeId::kStruct, "fields() of a struct type");
  return *children_;
}

std::optional<size_t> DataType::FieldIndex(std::string_view name) const {
  const std::vector<StructField>& f = fields();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i].name == name) return i;
  }
  return std::nullopt;
}

bool DataType::operator==(const DataType& other) const {
  if (id_ != other.id_ || precision_ != other.precision_ || scale_ != other.scale_) return false;
  if (children_ == other.children_) return true;
  if (!children_ || !other.children_) return false;
  return *children_ == *other.children_;
}

namespace {

std::string ScalarName(TypeId id, bool sql) {
  switch (id) {
    case TypeId::kNull:
      return sql ? "VOID" : "void";
    case TypeId::kBool:
      return sql ? "BOOLEAN" : "bool";
    case TypeId::kInt32:
      return sql ? "INT" : "int";
    case TypeId::kInt64:
      return sql ? "BIGINT" : "long";
    case TypeId::kFloat:
      return sql ? "FLOAT" : "float";
    case TypeId::kDouble:
      return sql ? "DOUBLE" : "double";
    case TypeId::kString:
      return sql ? "STRING" : "string";
    case TypeId::kBinary:
      return sql ? "BINARY" : "binary";
    case TypeId::kDate:
      return sql ? "DATE" : "date";
    case TypeId::kTimestamp:
      return sql ? "TIMESTAMP" : "timestamp";
    case TypeId::kDecimal:
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct:
      break;
  }
  SLUICE_CHECK(false, "a scalar type id");
  return "";
}

// Spark's QuotingUtils.quoteIfNeeded: a name of letters, digits and underscores (not all digits)
// as it is, any other in backquotes with its backquotes doubled.
std::string QuoteIfNeeded(const std::string& name) {
  bool plain = !name.empty();
  bool all_digits = true;
  for (char c : name) {
    const bool digit = c >= '0' && c <= '9';
    all_digits = all_digits && digit;
    plain = plain && (digit || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  if (plain && !all_digits) return name;
  std::string out = "`";
  for (char c : name) out += c == '`' ? "``" : std::string(1, c);
  return out + "`";
}

std::string Name(const DataType& t, bool sql) {
  // The scenario format writes `struct<a:int,b:long>`; Spark's SQL text `STRUCT<a: INT, b:
  // BIGINT>`.
  const std::string comma = sql ? ", " : ",";
  switch (t.id()) {
    case TypeId::kDecimal:
      return std::string(sql ? "DECIMAL(" : "decimal(") + std::to_string(t.precision()) + "," +
             std::to_string(t.scale()) + ")";
    case TypeId::kArray:
      return std::string(sql ? "ARRAY<" : "array<") + Name(t.element(), sql) + ">";
    case TypeId::kMap:
      return std::string(sql ? "MAP<" : "map<") + Name(t.key(), sql) + comma +
             Name(t.value(), sql) + ">";
    case TypeId::kStruct: {
      std::string out = sql ? "STRUCT<" : "struct<";
      for (size_t i = 0; i < t.fields().size(); ++i) {
        if (i > 0) out += comma;
        const std::string& name = t.fields()[i].name;
        out += (sql ? QuoteIfNeeded(name) + ": " : name + ":") + Name(t.fields()[i].type, sql);
      }
      return out + ">";
    }
    default:
      return ScalarName(t.id(), sql);
  }
}

}  // namespace

std::string TypeName(const DataType& type) { return Name(type, false); }
std::string SqlTypeName(const DataType& type) { return Name(type, true); }
bool IsNumeric(const DataType& type) { return type.is_numeric(); }

}  // namespace sluice::engine
