#include "engine/expr/functions/from_json.h"

#include <simdjson.h>

#include <cstring>
#include <memory>

#include "engine/expr/functions/from_json_reader.h"
#include "engine/expr/json_records.h"
#include "engine/types/type_parser.h"

namespace sluice::engine {
namespace {

using from_json::JsonOptions;

// spark.sql.columnNameOfCorruptRecord's default: from_json's corrupt-record field without the
// option columnNameOfCorruptRecord.
constexpr char kDefaultCorruptRecordName[] = "_corrupt_record";

// Spark's ExprUtils.verifyColumnNameOfCorruptRecord: the corrupt-record field of a struct schema,
// if it has one, must be a string.
Result<std::optional<size_t>> CorruptField(const std::string& name,
                                           const std::vector<FunctionArg>& args,
                                           const DataType& schema, const std::string& field) {
  if (schema.id() != TypeId::kStruct) return std::optional<size_t>();
  const std::optional<size_t> f = schema.FieldIndex(field);
  if (f && schema.fields()[*f].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1],
                            "has the corrupt-record field " + field + ", which must be a string");
  }
  return f;
}

Result<JsonOptions> ReadOptions(const std::string& name, const std::vector<FunctionArg>& args,
                                const DataType& schema) {
  JsonOptions options;
  std::string corrupt_name = kDefaultCorruptRecordName;
  if (args.size() >= 3) {
    SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 2));
    if (args[2].type != DataType::Map(DataType::kString, DataType::kString)) {
      return FunctionArgError(name, 2, args[2], "must be a map<string,string> of options");
    }
  }
  const ValueList no_entries;
  const ValueList& entries = args.size() >= 3 ? std::get<ValueList>(*args[2].literal) : no_entries;
  for (const Value& entry : entries) {
    const ValueList& kv = std::get<ValueList>(entry);
    const std::string& key = std::get<std::string>(kv[0]);
    const std::string value = IsNull(kv[1]) ? "" : std::get<std::string>(kv[1]);
    auto pattern = [&](std::optional<DateTimePattern>* out) -> Status {
      Result<DateTimePattern> p = DateTimePattern::Compile(value, PatternUse::kParse);
      if (!p.ok()) return p.status().WithContext("function " + name + ": option " + key);
      *out = std::move(p).value();
      return Status::Ok();
    };
    if (key == "timestampFormat") SLUICE_RETURN_IF_ERROR(pattern(&options.timestamp_format));
    if (key == "dateFormat") SLUICE_RETURN_IF_ERROR(pattern(&options.date_format));
    if (key == "mode" && value != "PERMISSIVE") {
      return FunctionArgError(name, 2, args[2],
                              "sets mode " + value + "; from_json supports PERMISSIVE only");
    }
    if (key == "columnNameOfCorruptRecord") corrupt_name = value;
  }
  SLUICE_ASSIGN_OR_RETURN(options.corrupt_field, CorruptField(name, args, schema, corrupt_name));
  return options;
}

// from_json over a column of JSON texts: one row of the schema's type per text.
Column ReadColumn(const Column& json, size_t rows,
                  const std::shared_ptr<const JsonRecordSchema>& schema) {
  constexpr size_t kSampleRows = 64;
  const std::string_view bytes = json.bytes();
  JsonRecordReader reader(schema);
  Column out(schema->type());
  out.Reserve(rows);
  for (size_t r = 0; r < rows; ++r) {
    if (r == kSampleRows && rows >= 4 * kSampleRows) ReserveStringFieldsAtRate(&out, r, rows);
    if (json.IsNull(r)) {
      out.AppendNull();
      continue;
    }
    const auto begin = static_cast<size_t>(json.offsets()[r]);
    const auto len = static_cast<size_t>(json.offsets()[r + 1]) - begin;
    const std::string_view text = bytes.substr(begin, len);
    const JsonRecordResult read = reader.Read(text, bytes.size() - begin - len, &out);
    if (read == JsonRecordResult::kMalformed) {
      reader.AppendMalformed(text, &out);
    } else if (read == JsonRecordResult::kPartial) {
      reader.KeepPartial(text, out.size() - 1, &out);
    }
  }
  return out;
}

}  // namespace

Result<BoundFunction> BindFromJson(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  if (args[0].type != DataType::kString) {
    return FunctionArgError(name, 0, args[0], "must be a string");
  }
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
  if (args[1].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1], "must be a DDL schema string");
  }
  Result<DataType> schema = ParseDdlSchema(std::get<std::string>(*args[1].literal));
  if (!schema.ok()) return schema.status().WithContext("function " + name + ": argument 2");
  const DataType type = schema.value();
  if (!type.is_nested()) {
    return FunctionArgError(name, 1, args[1],
                            "must be a struct, an array or a map schema, not " + TypeName(type));
  }
  SLUICE_ASSIGN_OR_RETURN(JsonOptions options, ReadOptions(name, args, type));
  auto compiled = JsonRecordSchema::Compile(
      type, {options.timestamp_format, options.date_format, options.corrupt_field});
  BoundFunction bound{type, [compiled](const ArgColumns& in, size_t rows) {
                        return Result<Column>(ReadColumn(in[0], rows, compiled));
                      }};
  bound.literals_taken_at_bind = 0b110;  // the schema and the options, not the text
  return bound;
}

}  // namespace sluice::engine