#include "engine/expr/functions/from_json.h"

#include <simdjson.h>

#include <cmath>
#include <map>

#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/type_parser.h"

namespace sluice::engine {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

struct JsonOptions {
  std::optional<DateTimePattern> timestamp_format;
  std::optional<DateTimePattern> date_format;
  std::optional<size_t> corrupt_field;  // index in a struct schema
};

// Appends `e` read as `type` to `out`; a value of the wrong type is appended as null. Returns
// false when the value's shape cannot hold the type (the record is then malformed, when this is
// the top level).
bool Append(const element& e, const JsonOptions& options, Column* out);

bool AppendScalar(const element& e, const JsonOptions& options, Column* out) {
  const element_type t = e.type();
  const DataType& type = out->type();
  const bool is_int = t == element_type::INT64 || t == element_type::UINT64;
  const bool is_number = is_int || t == element_type::DOUBLE;
  switch (type.id()) {
    case TypeId::kBool:
      if (t == element_type::BOOL) return out->AppendBool(e.get_bool().value()), true;
      break;
    case TypeId::kInt32:
    case TypeId::kInt64:
      if (t == element_type::INT64) {
        const int64_t v = e.get_int64().value();
        if (type.id() == TypeId::kInt64 || (v >= INT32_MIN && v <= INT32_MAX)) {
          return out->AppendIntegral(v), true;
        }
      }
      break;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      std::optional<double> d;
      if (is_number) d = e.get_double().value();
      if (t == element_type::STRING) {
        const std::string_view s = e.get_string().value();
        if (s == "NaN") d = std::nan("");
        if (s == "Infinity") d = HUGE_VAL;
        if (s == "-Infinity") d = -HUGE_VAL;
      }
      if (!d) break;
      type.id() == TypeId::kFloat ? out->AppendFloat(static_cast<float>(*d))
                                  : out->AppendDouble(*d);
      return true;
    }
    case TypeId::kDecimal: {
      std::optional<Int128> v;
      const DecimalSpec spec{type.precision(), type.scale()};
      if (t == element_type::INT64) v = DecimalFromInt64(e.get_int64().value(), spec);
      if (t == element_type::DOUBLE) v = DecimalFromDouble(e.get_double().value(), spec);
      if (!v) break;
      return out->AppendDecimal(*v), true;
    }
    case TypeId::kString:
      if (t == element_type::STRING) return out->AppendString(e.get_string().value()), true;
      return out->AppendString(simdjson::minify(e)), true;
    case TypeId::kTimestamp: {
      std::optional<int64_t> micros;
      if (t == element_type::STRING) {
        const std::string_view s = e.get_string().value();
        micros = options.timestamp_format ? options.timestamp_format->ParseTimestamp(s)
                                          : StringToTimestamp(s);
      } else if (t == element_type::INT64) {
        micros = e.get_int64().value() * kMicrosPerSecond;
      }
      if (!micros) break;
      return out->AppendInt(*micros), true;
    }
    case TypeId::kDate: {
      std::optional<int32_t> days;
      if (t == element_type::STRING) {
        const std::string_view s = e.get_string().value();
        days = options.date_format ? options.date_format->ParseDate(s) : StringToDate(s);
      }
      if (!days) break;
      return out->AppendInt32(*days), true;
    }
    default:
      break;
  }
  out->AppendNull();
  return true;
}

bool AppendStruct(const element& e, const JsonOptions& options, Column* out) {
  if (e.type() != element_type::OBJECT) return false;
  const std::vector<StructField>& fields = out->type().fields();
  std::vector<bool> seen(fields.size(), false);
  const simdjson::dom::object object = e.get_object().value();
  for (auto [key, value] : object) {
    std::optional<size_t> f = out->type().FieldIndex(key);
    if (!f || seen[*f]) continue;  // an unknown or repeated field is ignored
    seen[*f] = true;
    if (!Append(value, options, &out->child(*f))) out->child(*f).AppendNull();
  }
  for (size_t f = 0; f < fields.size(); ++f) {
    if (!seen[f]) out->child(f).AppendNull();
  }
  out->CloseStruct();
  return true;
}

bool Append(const element& e, const JsonOptions& options, Column* out) {
  if (e.type() == element_type::NULL_VALUE) return out->AppendNull(), true;
  switch (out->type().id()) {
    case TypeId::kStruct:
      return AppendStruct(e, options, out);
    case TypeId::kArray: {
      if (e.type() != element_type::ARRAY) return false;
      const simdjson::dom::array array = e.get_array().value();
      for (element item : array) {
        if (!Append(item, options, &out->child(0))) out->child(0).AppendNull();
      }
      out->CloseList();
      return true;
    }
    case TypeId::kMap: {
      if (e.type() != element_type::OBJECT || out->type().key() != DataType::kString) return false;
      const simdjson::dom::object object = e.get_object().value();
      for (auto [key, value] : object) {
        out->child(0).AppendString(key);
        if (!Append(value, options, &out->child(1))) out->child(1).AppendNull();
      }
      out->CloseList();
      return true;
    }
    default:
      return AppendScalar(e, options, out);
  }
}

// A malformed record: nulls, and its text in the corrupt-record field if the schema has one.
void AppendMalformed(std::string_view text, const JsonOptions& options, Column* out) {
  if (out->type().id() != TypeId::kStruct) return out->AppendNull();
  for (size_t f = 0; f < out->num_children(); ++f) {
    f == options.corrupt_field ? out->child(f).AppendString(text) : out->child(f).AppendNull();
  }
  out->CloseStruct();
}

Result<JsonOptions> ReadOptions(const std::string& name, const std::vector<FunctionArg>& args,
                                const DataType& schema) {
  JsonOptions options;
  if (args.size() < 3) return options;
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 2));
  if (args[2].type != DataType::Map(DataType::kString, DataType::kString)) {
    return FunctionArgError(name, 2, args[2], "must be a map<string,string> of options");
  }
  for (const Value& entry : std::get<ValueList>(*args[2].literal)) {
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
    if (key == "columnNameOfCorruptRecord") {
      std::optional<size_t> f;
      if (schema.id() == TypeId::kStruct) f = schema.FieldIndex(value);
      if (f && schema.fields()[*f].type == DataType::kString) options.corrupt_field = f;
    }
  }
  return options;
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
  return BoundFunction{type, [type, options](const std::vector<Column>& in, size_t rows) {
                         simdjson::dom::parser parser;
                         Column out(type);
                         out.Reserve(rows);
                         for (size_t r = 0; r < rows; ++r) {
                           if (in[0].IsNull(r)) {
                             out.AppendNull();
                             continue;
                           }
                           const std::string_view text = in[0].String(r);
                           element doc;
                           const bool parsed =
                               !parser.parse(text.data(), text.size(), true).get(doc);
                           // Build into a one-row column first: a malformed value deep inside
                           // must not leave half a record behind.
                           Column row(type);
                           if (parsed && Append(doc, options, &row) && !row.IsNull(0)) {
                             out.AppendFrom(row, 0);
                           } else if (parsed && row.size() == 1) {
                             out.AppendNull();  // the JSON literal null
                           } else {
                             AppendMalformed(text, options, &out);
                           }
                         }
                         return Result<Column>(std::move(out));
                       }};
}

}  // namespace sluice::engine
