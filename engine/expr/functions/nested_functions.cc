// The functions that build and read nested values: struct, named_struct, array, map, size,
// element_at, get_item, get_field, array_contains, map_keys, map_values
// (engine/expr/function.h).
#include <algorithm>
#include <optional>

#include "engine/expr/cast.h"
#include "engine/expr/function.h"
#include "engine/types/row_codec.h"
#include "engine/types/type_coercion.h"

namespace sluice::engine {
namespace {

Result<DataType> CommonType(const std::string& name, const std::vector<FunctionArg>& args,
                            size_t first, size_t step) {
  // Spark's findWiderCommonType: a string with a number gives a string (array(1, 'a')).
  std::vector<DataType> types;
  for (size_t i = first; i < args.size(); i += step) types.push_back(args[i].type);
  if (std::optional<DataType> t = WiderCommonType(types)) return *t;
  DataType common = DataType::kNull;
  for (size_t i = first; i < args.size(); i += step) {
    std::optional<DataType> t = WiderTypeWithStrings(common, args[i].type);
    if (!t) {
      return FunctionArgError(name, i, args[i], "has no type in common with " + TypeName(common));
    }
    common = *t;
  }
  return common;
}

Result<BoundFunction> BindStruct(const std::string& name, const std::vector<FunctionArg>& args) {
  std::vector<StructField> fields;
  const bool named = name == "named_struct";
  if (named && args.size() % 2 != 0) {
    return Status::InvalidArgument("function named_struct takes name, value pairs, got " +
                                   std::to_string(args.size()) + " arguments");
  }
  for (size_t i = 0; i < args.size(); i += named ? 2 : 1) {
    std::string field;
    if (named) {
      SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, i));
      if (args[i].type != DataType::kString) {
        return FunctionArgError(name, i, args[i], "must be a string literal (a field name)");
      }
      field = std::get<std::string>(*args[i].literal);
    } else {
      field = args[i].column ? *args[i].column : "col" + std::to_string(i + 1);
    }
    for (const StructField& f : fields) {
      if (f.name == field) return FunctionArgError(name, i, args[i], "repeats field " + field);
    }
    fields.push_back({field, args[i + (named ? 1 : 0)].type});
  }
  const DataType type = DataType::Struct(fields);
  return BoundFunction{type, [type, named](const ArgColumns& in, size_t rows) {
                         Column out(type);
                         for (size_t r = 0; r < rows; ++r) {
                           for (size_t f = 0; f < out.num_children(); ++f) {
                             out.child(f).AppendFrom(in[named ? 2 * f + 1 : f], r);
                           }
                           out.CloseStruct();
                         }
                         return Result<Column>(std::move(out));
                       }};
}

Result<BoundFunction> BindArray(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_ASSIGN_OR_RETURN(DataType element, CommonType(name, args, 0, 1));
  if (element == DataType::kNull) element = DataType::kString;  // array() is array<string>
  const DataType type = DataType::Array(element);
  return BoundFunction{type, [type, element](const ArgColumns& in, size_t rows) {
                         std::vector<Column> cast;
                         for (const Column& c : in) cast.push_back(CastColumn(c, element));
                         Column out(type);
                         for (size_t r = 0; r < rows; ++r) {
                           for (const Column& c : cast) out.child(0).AppendFrom(c, r);
                           out.CloseList();
                         }
                         return Result<Column>(std::move(out));
                       }};
}

Result<BoundFunction> BindMap(const std::string& name, const std::vector<FunctionArg>& args) {
  if (args.size() % 2 != 0) {
    return Status::InvalidArgument("function map takes key, value pairs, got " +
                                   std::to_string(args.size()) + " arguments");
  }
  SLUICE_ASSIGN_OR_RETURN(DataType key, CommonType(name, args, 0, 2));
  SLUICE_ASSIGN_OR_RETURN(DataType value, CommonType(name, args, 1, 2));
  if (key == DataType::kNull) key = DataType::kString;
  if (value == DataType::kNull) value = DataType::kString;
  const DataType type = DataType::Map(key, value);
  return BoundFunction{
      type, [type, key, value](const ArgColumns& in, size_t rows) -> Result<Column> {
        std::vector<Column> cast;
        for (size_t i = 0; i < in.size(); ++i) {
          cast.push_back(CastColumn(in[i], i % 2 == 0 ? key : value));
        }
        Column out(type);
        std::vector<std::string> row_keys;  // the row's keys so far, as keys encode (normalised)
        for (size_t r = 0; r < rows; ++r) {
          row_keys.clear();
          for (size_t i = 0; i < cast.size(); i += 2) {
            if (cast[i].IsNull(r)) {
              return Status::InvalidArgument("function map: key " + std::to_string(i / 2 + 1) +
                                             " of row " + std::to_string(r) + " is null");
            }
            // Spark's map builder: -0.0 is stored as 0.0 and every NaN as one, and a key given
            // twice fails (its default mapKeyDedupPolicy, EXCEPTION).
            std::string bytes;
            EncodeCell(cast[i], r, &bytes);
            if (std::find(row_keys.begin(), row_keys.end(), bytes) != row_keys.end()) {
              return Status::InvalidArgument(
                  "function map: [DUPLICATED_MAP_KEY] key " + std::to_string(i / 2 + 1) + " (" +
                  ValueToString(cast[i].Get(r), key) + ") of row " + std::to_string(r) +
                  " repeats an earlier key of the row");
            }
            row_keys.push_back(std::move(bytes));
            if (key == DataType::kDouble) {
              out.child(0).AppendDouble(NormalizedKeyDouble(cast[i].Double(r)));
            } else if (key == DataType::kFloat) {
              out.child(0).AppendFloat(static_cast<float>(NormalizedKeyDouble(cast[i].Float(r))));
            } else {
              out.child(0).AppendFrom(cast[i], r);
            }
            out.child(1).AppendFrom(cast[i + 1], r);
          }
          out.CloseList();
        }
        return out;
      }};
}

Result<BoundFunction> BindSize(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  const TypeId id = args[0].type.id();
  if (id != TypeId::kArray && id != TypeId::kMap && id != TypeId::kNull) {
    return FunctionArgError(name, 0, args[0], "must be an array or a map");
  }
  return BoundFunction{
      DataType::kInt32, [](const ArgColumns& in, size_t rows) {
        Column out(DataType::kInt32);
        out.Reserve(rows);
        for (size_t r = 0; r < rows; ++r) {
          // Spark's legacy sizeOfNull: the size of null is -1.
          out.AppendInt32(in[0].IsNull(r) || in[0].type() == DataType::kNull
                              ? -1
                              : static_cast<int32_t>(in[0].ListEnd(r) - in[0].ListBegin(r)));
        }
        return Result<Column>(std::move(out));
      }};
}

// The child row of map row `r` whose key equals `key` row `r` (the first one), if any.
std::optional<size_t> FindKey(const Column& map, size_t r, const Column& key) {
  std::string want, have;
  EncodeCell(key, r, &want);
  for (auto k = static_cast<size_t>(map.ListBegin(r)); k < static_cast<size_t>(map.ListEnd(r));
       ++k) {
    have.clear();
    EncodeCell(map.child(0), k, &have);
    if (have == want) return k;
  }
  return std::nullopt;
}

// element_at (1-based, negative from the end, 0 an error) and get_item (0-based); on a map both
// look a key up.
Result<BoundFunction> BindElementAt(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  const DataType& container = args[0].type;
  const bool one_based = name == "element_at";
  if (container.id() == TypeId::kMap) {
    const DataType key = container.key();
    if (!WiderType(key, args[1].type)) {
      return FunctionArgError(name, 1, args[1], "must be of the map's key type " + TypeName(key));
    }
    return BoundFunction{container.value(),
                         [key, value = container.value()](const ArgColumns& in, size_t rows) {
                           const Column k = CastColumn(in[1], key);
                           Column out(value);
                           for (size_t r = 0; r < rows; ++r) {
                             std::optional<size_t> at;
                             if (!in[0].IsNull(r) && !k.IsNull(r)) at = FindKey(in[0], r, k);
                             at ? out.AppendFrom(in[0].child(1), *at) : out.AppendNull();
                           }
                           return Result<Column>(std::move(out));
                         }};
  }
  if (container.id() != TypeId::kArray) {
    return FunctionArgError(name, 0, args[0], "must be an array or a map");
  }
  if (!args[1].type.is_integral()) return FunctionArgError(name, 1, args[1], "must be an int");
  return BoundFunction{
      container.element(),
      [one_based, name, element = container.element()](const ArgColumns& in,
                                                       size_t rows) -> Result<Column> {
        Column out(element);
        for (size_t r = 0; r < rows; ++r) {
          if (AnyNull(in, r)) {
            out.AppendNull();
            continue;
          }
          const int64_t n = in[0].ListEnd(r) - in[0].ListBegin(r);
          int64_t i = in[1].AsInt64(r);
          if (one_based) {
            if (i == 0) {
              return Status::InvalidArgument("function " + name +
                                             ": SQL array indices start at 1, got 0");
            }
            i = i > 0 ? i - 1 : n + i;
          }
          if (i < 0 || i >= n) {
            out.AppendNull();
          } else {
            out.AppendFrom(in[0].child(0), static_cast<size_t>(in[0].ListBegin(r) + i));
          }
        }
        return out;
      }};
}

Result<BoundFunction> BindGetField(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  if (args[0].type.id() != TypeId::kStruct) {
    return FunctionArgError(name, 0, args[0], "must be a struct");
  }
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
  const std::string* field = std::get_if<std::string>(&*args[1].literal);
  std::optional<size_t> index = field ? args[0].type.FieldIndex(*field) : std::nullopt;
  if (!index) {
    return FunctionArgError(name, 1, args[1], "must name a field of " + TypeName(args[0].type));
  }
  return BoundFunction{
      args[0].type.fields()[*index].type,
      [i = *index](const ArgColumns& in, size_t rows) { return Result<Column>(in[0].child(i)); }};
}

Result<BoundFunction> BindArrayContains(const std::string& name,
                                        const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 2));
  if (args[0].type.id() != TypeId::kArray)
    return FunctionArgError(name, 0, args[0], "must be an array");
  std::optional<DataType> common = WiderType(args[0].type.element(), args[1].type);
  if (!common) {
    return FunctionArgError(name, 1, args[1],
                            "must be comparable with " + TypeName(args[0].type.element()));
  }
  return BoundFunction{DataType::kBool, [t = *common](const ArgColumns& in, size_t rows) {
                         const Column elements = CastColumn(in[0].child(0), t);
                         const Column value = CastColumn(in[1], t);
                         Column out(DataType::kBool);
                         std::string want, have;
                         for (size_t r = 0; r < rows; ++r) {
                           if (AnyNull(in, r)) {
                             out.AppendNull();
                             continue;
                           }
                           want.clear();
                           EncodeCell(value, r, &want);
                           bool found = false, saw_null = false;
                           for (auto e = static_cast<size_t>(in[0].ListBegin(r));
                                e < static_cast<size_t>(in[0].ListEnd(r)) && !found; ++e) {
                             if (elements.IsNull(e)) {
                               saw_null = true;
                               continue;
                             }
                             have.clear();
                             EncodeCell(elements, e, &have);
                             found = have == want;
                           }
                           // Not found among elements some of which are null: unknown.
                           found ? out.AppendBool(true)
                                 : (saw_null ? out.AppendNull() : out.AppendBool(false));
                         }
                         return Result<Column>(std::move(out));
                       }};
}

Result<BoundFunction> BindMapPart(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 1));
  if (args[0].type.id() != TypeId::kMap) return FunctionArgError(name, 0, args[0], "must be a map");
  const size_t part = name == "map_keys" ? 0 : 1;
  const DataType type = DataType::Array(part == 0 ? args[0].type.key() : args[0].type.value());
  return BoundFunction{type, [type, part](const ArgColumns& in, size_t rows) {
                         Column out(type);
                         for (size_t r = 0; r < rows; ++r) {
                           if (in[0].IsNull(r)) {
                             out.AppendNull();
                             continue;
                           }
                           for (auto e = static_cast<size_t>(in[0].ListBegin(r));
                                e < static_cast<size_t>(in[0].ListEnd(r)); ++e) {
                             out.child(0).AppendFrom(in[0].child(part), e);
                           }
                           out.CloseList();
                         }
                         return Result<Column>(std::move(out));
                       }};
}

// A generator met where a value is expected: generators run only as a select item
// (engine/ops/generate.h).
Result<BoundFunction> RefuseGenerator(const std::string& name, const std::vector<FunctionArg>&) {
  return Status::InvalidArgument("generator " + name +
                                 " is allowed only as the top expression of a select item");
}

}  // namespace

void AddNestedFunctions(FunctionTable* table) {
  for (const char* generator : {"explode", "explode_outer", "posexplode", "posexplode_outer",
                                "inline", "inline_outer", "json_tuple"}) {
    table->push_back({generator, RefuseGenerator});
  }
  table->push_back({"struct", BindStruct});
  table->push_back({"named_struct", BindStruct});
  table->push_back({"array", BindArray});
  table->push_back({"map", BindMap});
  table->push_back({"size", BindSize});
  table->push_back({"element_at", BindElementAt});
  table->push_back({"get_item", BindElementAt});
  table->push_back({"get_field", BindGetField});
  table->push_back({"array_contains", BindArrayContains});
  table->push_back({"map_keys", BindMapPart});
  table->push_back({"map_values", BindMapPart});
}

}  // namespace sluice::engine
