// The CSV functions of Spark SQL over columns: from_csv (Spark's CsvToStructs over univocity's
// parser, PERMISSIVE mode) and to_csv (StructsToCsv over univocity's writer), with the record
// tokenizer and writer of engine/expr/csv_line.h.
//
// from_csv(csv, schema[, options]): the schema is a DDL string literal of a struct of scalar
// fields (no binary, array, map or struct field, as Spark's CSV source). Each record's fields are
// converted as Spark's UnivocityParser does: a field that is null, or whose text is the option
// nullValue (default empty), is null; int and long take Java's Integer/Long.parseInt syntax, float
// and double Java's parseFloat/parseDouble (the options nanValue, positiveInf and negativeInf,
// default NaN, Inf and -Inf, name the special values too), bool is true or false in any case, a
// decimal is Java BigDecimal's syntax with ',' removed, rounded HALF_UP to the scale, dates and
// timestamps read with the options dateFormat and timestampFormat, else as Spark casts strings.
// A record is malformed when it has another number of fields than the schema (missing ones are
// null, extra ones ignored), or when a field does not convert (that field is null): the other
// fields are kept, and the field named by columnNameOfCorruptRecord (default _corrupt_record), a
// string field left out of the parsing, holds the record's text; it is null for a good record.
// An empty record is malformed with no fields. Options sep (or delimiter), quote, escape and
// emptyValue set the format; mode must be PERMISSIVE (any case); other options have no effect.
//
// to_csv(struct[, options]): a struct of scalar fields (no binary), one record: null fields are
// nullValue (default empty), empty strings emptyValue (default ""), numbers and booleans as
// Java's toString, a decimal as Java BigDecimal's toString, dates in dateFormat (yyyy-MM-dd),
// timestamps in timestampFormat (yyyy-MM-dd'T'HH:mm:ss.SSSXXX, UTC). Options sep, quote, escape,
// quoteAll, ignoreLeadingWhiteSpace and ignoreTrailingWhiteSpace (both default true) set the
// writer; other options have no effect. A null struct gives null.
#include <charconv>
#include <cmath>
#include <map>

#include "engine/expr/csv_line.h"
#include "engine/expr/csv_records.h"
#include "engine/expr/function.h"
#include "engine/expr/functions/csv_value.h"
#include "engine/types/datetime.h"
#include "engine/types/datetime_cast.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"
#include "engine/types/type_parser.h"

namespace sluice::engine {
namespace {

using OptionMap = CsvOptionMap;

// The options argument `i` as a map; empty when absent.
Result<OptionMap> ReadOptionMap(const std::string& name, const std::vector<FunctionArg>& args,
                                size_t i) {
  OptionMap out;
  if (args.size() <= i) return out;
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, i));
  if (args[i].type != DataType::Map(DataType::kString, DataType::kString)) {
    return FunctionArgError(name, i, args[i], "must be a map<string,string> of options");
  }
  for (const Value& entry : std::get<ValueList>(*args[i].literal)) {
    const ValueList& kv = std::get<ValueList>(entry);
    out[std::get<std::string>(kv[0])] = IsNull(kv[1]) ? "" : std::get<std::string>(kv[1]);
  }
  return out;
}

Status CheckScalarFields(const std::string& name, size_t index, const FunctionArg& arg,
                         const DataType& type) {
  for (const StructField& f : type.fields()) {
    if (f.type.is_nested() || f.type.id() == TypeId::kBinary || f.type.id() == TypeId::kNull) {
      return FunctionArgError(
          name, index, arg,
          "has field " + f.name + " of type " + TypeName(f.type) + ", which CSV does not support");
    }
  }
  return Status::Ok();
}

Result<CsvRecordPlan> PlanFromCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  Result<DataType> schema = ParseDdlSchema(std::get<std::string>(*args[1].literal));
  if (!schema.ok()) return schema.status().WithContext("function " + name + ": argument 2");
  const DataType& type = schema.value();
  if (type.id() != TypeId::kStruct) {
    return FunctionArgError(name, 1, args[1], "must be a struct schema, not " + TypeName(type));
  }
  SLUICE_RETURN_IF_ERROR(CheckScalarFields(name, 1, args[1], type));
  SLUICE_ASSIGN_OR_RETURN(OptionMap options, ReadOptionMap(name, args, 2));
  if (auto mode = options.find("mode"); mode != options.end()) {
    std::string upper = mode->second;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != "PERMISSIVE") {
      return FunctionArgError(name, 2, args[2],
                              "sets mode " + mode->second + "; from_csv supports PERMISSIVE only");
    }
  }
  const auto corrupt_name = options.find("columnNameOfCorruptRecord");
  const std::optional<size_t> corrupt =
      type.FieldIndex(corrupt_name == options.end() ? "_corrupt_record" : corrupt_name->second);
  if (corrupt && type.fields()[*corrupt].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1],
                            "has the corrupt-record field " + type.fields()[*corrupt].name +
                                ", which must be a string");
  }
  return PlanCsvRecords(type, options, "function " + name);
}

Result<BoundFunction> BindFromCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  if (args[0].type != DataType::kString) {
    return FunctionArgError(name, 0, args[0], "must be a string");
  }
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
  if (args[1].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1], "must be a DDL schema string");
  }
  SLUICE_ASSIGN_OR_RETURN(CsvRecordPlan plan, PlanFromCsv(name, args));
  const DataType type = plan.type;
  BoundFunction bound{type, [plan = std::move(plan)](const ArgColumns& in, size_t rows) {
                        Column out(plan.type);
                        out.Reserve(rows);
                        for (size_t r = 0; r < rows; ++r) {
                          in[0].IsNull(r) ? out.AppendNull()
                                          : (void)AppendCsvRecord(in[0].String(r), plan, &out);
                        }
                        return Result<Column>(std::move(out));
                      }};
  bound.literals_taken_at_bind = 0b110;  // the schema and the options, not the text
  return bound;
}

Result<BoundFunction> BindToCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  if (args[0].type.id() != TypeId::kStruct) {
    return FunctionArgError(name, 0, args[0], "must be a struct");
  }
  SLUICE_RETURN_IF_ERROR(CheckScalarFields(name, 0, args[0], args[0].type));
  SLUICE_ASSIGN_OR_RETURN(OptionMap options, ReadOptionMap(name, args, 1));
  SLUICE_ASSIGN_OR_RETURN(CsvWritePlan plan, PlanCsvWriter(options, "function " + name));
  return BoundFunction{
      DataType::kString, [plan = std::move(plan)](const ArgColumns& in, size_t rows) {
        Column out(DataType::kString);
        out.Reserve(rows);
        std::vector<std::optional<std::string>> fields(in[0].num_children());
        for (size_t r = 0; r < rows; ++r) {
          if (in[0].IsNull(r)) {
            out.AppendNull();
            continue;
          }
          for (size_t f = 0; f < fields.size(); ++f) {
            const Column& c = in[0].child(f);
            fields[f] = c.IsNull(r) ? std::nullopt : std::optional(CsvFieldText(c, r, plan));
          }
          out.AppendString(WriteCsvLine(fields, plan.format, plan.write));
        }
        return Result<Column>(std::move(out));
      }};
}

}  // namespace

void AddCsvFunctions(FunctionTable* table) {
  table->push_back({"from_csv", BindFromCsv});
  table->push_back({"to_csv", BindToCsv});
}

}  // namespace sluice::engine
