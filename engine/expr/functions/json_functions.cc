// The JSON functions of Spark SQL over columns: get_json_object and to_json
// (engine/expr/function.h; the parsing and writing rules are json_path.h's and json_writer.h's).
#include <cmath>

#include "engine/expr/function.h"
#include "engine/expr/functions/from_json.h"
#include "engine/expr/json_path.h"
#include "engine/expr/json_value_writer.h"
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
                           WriteJsonValue(in[0], r, &w);
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
