// schema_of_json(json[, options]): Spark's SchemaOfJson, the SQL text of the type Spark's JSON
// schema inference (JsonInferSchema) gives a JSON string literal, read with simdjson's DOM parser.
//
// Rules: an integer is BIGINT (DECIMAL(20,0) above the long range), a number with a fraction or
// exponent DOUBLE, true/false BOOLEAN, a string STRING; null and the empty string are NullType,
// which becomes STRING at the end (SPARK-31065); an object is a STRUCT of its fields sorted by
// name (a repeated key merges into one field); an array is an ARRAY of its elements' merged type.
// Two types merge to their common number type (BIGINT and DOUBLE give DOUBLE, a DECIMAL and a
// DOUBLE give DOUBLE, two DECIMALs the one holding both or DOUBLE past 38 digits), structs by
// field name, arrays by element, and anything else to STRING. Struct fields with an empty name,
// and structs left without fields, are dropped; the option dropFieldIfAllNull drops a field whose
// type stayed NullType. The result is printed as Spark's DataType.sql: `STRUCT<a: BIGINT, b:
// ARRAY<STRING>>`, `DECIMAL(20,0)`, a field name in backticks unless it is a plain word. The call
// is folded at bind time, so from_json's schema argument may be a schema_of_json(...) call.
// Text that is not JSON (or that simdjson refuses: single quotes, NaN, integers past 64 bits)
// fails the query at start. The option prefersDecimal is refused; the others have no effect.
#include <simdjson.h>

#include <map>
#include <regex>

#include "engine/expr/function.h"

namespace sluice::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

DataType Merge(const DataType& a, const DataType& b);

DataType MergeDecimals(const DataType& a, const DataType& b) {
  const int scale = std::max(a.scale(), b.scale());
  const int range = std::max(a.precision() - a.scale(), b.precision() - b.scale());
  if (range + scale > DataType::kMaxDecimalPrecision) return DataType::kDouble;
  return DataType::Decimal(range + scale, scale);
}

DataType MergeStructs(const DataType& a, const DataType& b) {
  std::map<std::string, DataType> fields;
  for (const StructField& f : a.fields()) fields[f.name] = f.type;
  for (const StructField& f : b.fields()) {
    auto [it, added] = fields.emplace(f.name, f.type);
    if (!added) it->second = Merge(it->second, f.type);
  }
  std::vector<StructField> out;
  for (auto& [name, type] : fields) out.push_back(StructField{name, type});
  return DataType::Struct(std::move(out));
}

// JsonInferSchema.compatibleType over the types inference gives.
DataType Merge(const DataType& a, const DataType& b) {
  if (a == b) return a;
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  const TypeId x = a.id();
  const TypeId y = b.id();
  const DataType long_decimal = DataType::Decimal(20, 0);
  if ((x == TypeId::kInt64 && y == TypeId::kDouble) ||
      (x == TypeId::kDouble && y == TypeId::kInt64))
    return DataType::kDouble;
  if ((x == TypeId::kDouble && y == TypeId::kDecimal) ||
      (x == TypeId::kDecimal && y == TypeId::kDouble))
    return DataType::kDouble;
  if (x == TypeId::kDecimal && y == TypeId::kDecimal) return MergeDecimals(a, b);
  if (x == TypeId::kInt64 && y == TypeId::kDecimal) return MergeDecimals(long_decimal, b);
  if (x == TypeId::kDecimal && y == TypeId::kInt64) return MergeDecimals(a, long_decimal);
  if (x == TypeId::kStruct && y == TypeId::kStruct) return MergeStructs(a, b);
  if (x == TypeId::kArray && y == TypeId::kArray)
    return DataType::Array(Merge(a.element(), b.element()));
  return DataType::kString;
}

// JsonInferSchema.inferField.
DataType Infer(const element& e) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return DataType::kNull;
    case element_type::STRING:
      return e.get_string().value().empty() ? DataType::kNull : DataType::kString;
    case element_type::INT64:
      return DataType::kInt64;
    case element_type::UINT64:  // a BigInteger to Jackson: as many digits as it has
      return DataType::Decimal(static_cast<int>(std::to_string(e.get_uint64().value()).size()), 0);
    case element_type::DOUBLE:
      return DataType::kDouble;
    case element_type::BOOL:
      return DataType::kBool;
    case element_type::OBJECT: {
      DataType out = DataType::Struct({});
      const simdjson::dom::object object = e.get_object().value();
      for (auto [key, value] : object) {
        out = MergeStructs(out, DataType::Struct({StructField{std::string(key), Infer(value)}}));
      }
      return out;
    }
    case element_type::ARRAY: {
      DataType item = DataType::kNull;
      const simdjson::dom::array array = e.get_array().value();
      for (element v : array) item = Merge(item, Infer(v));
      return DataType::Array(item);
    }
  }
  return DataType::kString;
}

// JsonInferSchema.canonicalizeType: NullType becomes STRING (or is dropped), nameless fields and
// empty structs are dropped.
std::optional<DataType> Canonical(const DataType& t, bool drop_null) {
  switch (t.id()) {
    case TypeId::kNull:
      return drop_null ? std::nullopt : std::optional(DataType::kString);
    case TypeId::kArray: {
      std::optional<DataType> e = Canonical(t.element(), drop_null);
      return e ? std::optional(DataType::Array(*e)) : std::nullopt;
    }
    case TypeId::kStruct: {
      std::vector<StructField> fields;
      for (const StructField& f : t.fields()) {
        if (f.name.empty()) continue;
        if (std::optional<DataType> c = Canonical(f.type, drop_null)) {
          fields.push_back(StructField{f.name, *c});
        }
      }
      return fields.empty() ? std::nullopt : std::optional(DataType::Struct(std::move(fields)));
    }
    default:
      return t;
  }
}

// Spark's DataType.sql for the types inference gives.
std::string Sql(const DataType& t) {
  switch (t.id()) {
    case TypeId::kDecimal:
      return "DECIMAL(" + std::to_string(t.precision()) + "," + std::to_string(t.scale()) + ")";
    case TypeId::kArray:
      return "ARRAY<" + Sql(t.element()) + ">";
    case TypeId::kStruct: {
      static const std::regex kPlain("[a-zA-Z0-9_]+");
      static const std::regex kNumber("[0-9]+");
      std::string out = "STRUCT<";
      for (size_t i = 0; i < t.fields().size(); ++i) {
        const std::string& name = t.fields()[i].name;
        if (i > 0) out += ", ";
        if (std::regex_match(name, kPlain) && !std::regex_match(name, kNumber)) {
          out += name;
        } else {
          out += '`';
          for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
          out += '`';
        }
        out += ": " + Sql(t.fields()[i].type);
      }
      return out + ">";
    }
    default:
      return SqlTypeName(t);
  }
}

// SchemaOfJson.eval's top level.
std::string SchemaText(const DataType& inferred, bool drop_null) {
  if (inferred.id() == TypeId::kStruct) {
    return Sql(Canonical(inferred, drop_null).value_or(DataType::Struct({})));
  }
  if (inferred.id() == TypeId::kArray && inferred.element().id() == TypeId::kStruct) {
    std::optional<DataType> e = Canonical(inferred.element(), drop_null);
    return Sql(DataType::Array(e.value_or(DataType::Struct({}))));
  }
  return Sql(Canonical(inferred, drop_null).value_or(DataType::kString));
}

Result<bool> ReadDropNull(const std::string& name, const std::vector<FunctionArg>& args) {
  if (args.size() < 2) return false;
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
  if (args[1].type != DataType::Map(DataType::kString, DataType::kString)) {
    return FunctionArgError(name, 1, args[1], "must be a map<string,string> of options");
  }
  bool drop_null = false;
  for (const Value& entry : std::get<ValueList>(*args[1].literal)) {
    const ValueList& kv = std::get<ValueList>(entry);
    const std::string& key = std::get<std::string>(kv[0]);
    const std::string value = IsNull(kv[1]) ? "" : std::get<std::string>(kv[1]);
    if (key == "dropFieldIfAllNull") drop_null = value == "true";
    if (key == "prefersDecimal" && value == "true") {
      return FunctionArgError(name, 1, args[1], "sets prefersDecimal, which is not supported");
    }
  }
  return drop_null;
}

Result<BoundFunction> BindSchemaOfJson(const std::string& name,
                                       const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 0));
  if (args[0].type != DataType::kString) {
    return FunctionArgError(name, 0, args[0], "must be a string literal");
  }
  SLUICE_ASSIGN_OR_RETURN(const bool drop_null, ReadDropNull(name, args));
  const std::string& json = std::get<std::string>(*args[0].literal);
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(json.data(), json.size(), true).get(doc)) {
    return FunctionArgError(name, 0, args[0], "is not JSON that can be read: " + json);
  }
  const std::string text = SchemaText(Infer(doc), drop_null);
  BoundFunction bound{DataType::kString, [text](const ArgColumns&, size_t rows) {
                        Column out(DataType::kString);
                        out.Reserve(rows);
                        for (size_t r = 0; r < rows; ++r) out.AppendString(text);
                        return Result<Column>(std::move(out));
                      }};
  bound.foldable = true;
  return bound;
}

}  // namespace

void AddSchemaOfJsonFunctions(FunctionTable* table) {
  table->push_back({"schema_of_json", BindSchemaOfJson});
}

}  // namespace sluice::engine
