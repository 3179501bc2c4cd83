// The JSON functions of Spark SQL over columns: get_json_object and to_json
// (engine/expr/function.h; the parsing and writing rules are json_path.h's and json_writer.h's).
#include <cmath>

#include "engine/expr/function.h"
#include "engine/expr/functions/from_json.h"
#include "engine/expr/json_path.h"
#include "engine/expr/json_writer.h"
#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"

namespace sluice::engine {
namespace {

Result<BoundFunction> BindGetJsonObject(const std::string& name,
                                        const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  for (size_t i = 0; i < 2; ++i) {
    if (args[i].type != DataType::kString)
      return FunctionArgError(name, i, args[i], "must be a string");
  }
  // A literal path is parsed once; another is parsed per row.
  std::optional<JsonPath> literal_path;
  const bool literal = args[1].is_literal && args[1].literal && !IsNull(*args[1].literal);
  if (literal) literal_path = JsonPath::Parse(std::get<std::string>(*args[1].literal));
  return BoundFunction{DataType::kString,
                       [literal, literal_path](const ArgColumns& in, size_t rows) {
                         Column out(DataType::kString);
                         out.Reserve(rows);
                         for (size_t r = 0; r < rows; ++r) {
                           std::optional<std::string> v;
                           if (!AnyNull(in, r)) {
                             if (literal) {
                               if (literal_path) v = GetJsonObject(in[0].String(r), *literal_path);
                             } else {
                               v = GetJsonObject(in[0].String(r), in[1].String(r));
                             }
                           }
                           v ? out.AppendString(*v) : out.AppendNull();
                         }
                         return Result<Column>(std::move(out));
                       }};
}

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t bits = static_cast<uint8_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) bits |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) bits |= static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[bits >> 18];
    out += kAlphabet[(bits >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(bits >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[bits & 63] : '=';
  }
  return out;
}

// Writes row `r` of `c` as Spark's JSON generator does with its default options: a struct's null
// fields are left out, a map's keys become strings, a timestamp is written in the pattern
// yyyy-MM-dd'T'HH:mm:ss.SSSXXX (UTC) and a date as yyyy-MM-dd, binary as base64.
void WriteJson(const Column& c, size_t r, JsonWriter* w) {
  if (c.IsNull(r)) return w->RawValue("null");
  switch (c.type().id()) {
    case TypeId::kNull:
      return w->RawValue("null");
    case TypeId::kBool:
      return w->RawValue(c.Bool(r) ? "true" : "false");
    case TypeId::kInt32:
    case TypeId::kInt64:
      return w->RawValue(std::to_string(c.AsInt64(r)));
    case TypeId::kFloat:
    case TypeId::kDouble: {
      const double d = c.AsDouble(r);
      const std::string text = c.type().id() == TypeId::kFloat
                                   ? FloatToJavaString(static_cast<float>(d))
                                   : DoubleToJavaString(d);
      return std::isfinite(d) ? w->RawValue(text) : w->String(text);
    }
    case TypeId::kDecimal:
      return w->RawValue(FormatDecimal(c.Decimal(r), c.type().scale()));
    case TypeId::kString:
      return w->String(c.String(r));
    case TypeId::kBinary:
      return w->String(Base64(c.String(r)));
    case TypeId::kDate:
      return w->String(FormatDate(c.Int32(r)));
    case TypeId::kTimestamp: {
      static const DateTimePattern kIso =
          DateTimePattern::Compile("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", PatternUse::kFormat).value();
      return w->String(kIso.Format(c.Int(r)));
    }
    case TypeId::kArray:
      w->StartArray();
      for (auto e = static_cast<size_t>(c.ListBegin(r)); e < static_cast<size_t>(c.ListEnd(r));
           ++e) {
        WriteJson(c.child(0), e, w);
      }
      return w->EndArray();
    case TypeId::kMap:
      w->StartObject();
      for (auto e = static_cast<size_t>(c.ListBegin(r)); e < static_cast<size_t>(c.ListEnd(r));
           ++e) {
        w->FieldName(ValueToString(c.child(0).Get(e), c.type().key()));
        WriteJson(c.child(1), e, w);
      }
      return w->EndObject();
    case TypeId::kStruct:
      w->StartObject();
      for (size_t f = 0; f < c.num_children(); ++f) {
        if (c.child(f).IsNull(r)) continue;
        w->FieldName(c.type().fields()[f].name);
        WriteJson(c.child(f), r, w);
      }
      return w->EndObject();
  }
}

Result<BoundFunction> BindToJson(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  if (!args[0].type.is_nested()) {
    return FunctionArgError(name, 0, args[0], "must be a struct, an array or a map");
  }
  if (args.size() == 2) {
    SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
    if (args[1].type.id() != TypeId::kMap || !(args[1].type.key() == DataType::kString)) {
      return FunctionArgError(name, 1, args[1], "must be a map<string,string> of options");
    }
    if (!std::get<ValueList>(*args[1].literal).empty()) {
      return FunctionArgError(name, 1, args[1],
                              "holds options; to_json accepts none yet (only the defaults)");
    }
  }
  return BoundFunction{DataType::kString, [](const ArgColumns& in, size_t rows) {
                         Column out(DataType::kString);
                         out.Reserve(rows);
                         for (size_t r = 0; r < rows; ++r) {
                           if (in[0].IsNull(r)) {
                             out.AppendNull();
                             continue;
                           }
                           JsonWriter w;
                           WriteJson(in[0], r, &w);
                           out.AppendString(w.out());
                         }
                         return Result<Column>(std::move(out));
                       }};
}

}  // namespace

void AddJsonFunctions(FunctionTable* table) {
  table->push_back({"get_json_object", BindGetJsonObject});
  table->push_back({"to_json", BindToJson});
  table->push_back({"from_json", BindFromJson});
  AddCsvFunctions(table);
  AddSchemaOfJsonFunctions(table);
}

}  // namespace sluice::engine
