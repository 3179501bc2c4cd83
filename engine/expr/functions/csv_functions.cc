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

using OptionMap = std::map<std::string, std::string, std::less<>>;

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

std::optional<std::string> Option(const OptionMap& options, std::string_view key) {
  auto it = options.find(key);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

// Spark's CSVOptions for the format: sep (or delimiter) with \t and \u0000 escapes, quote and
// escape as one character or empty for none.
Result<CsvFormat> ReadFormat(const std::string& name, const OptionMap& options) {
  CsvFormat format;
  std::optional<std::string> sep = Option(options, "sep");
  if (!sep) sep = Option(options, "delimiter");
  if (sep) {
    if (*sep == "\\t") *sep = "\t";
    if (*sep == "\\u0000") *sep = std::string(1, '\0');
    if (sep->empty()) return Status::InvalidArgument("function " + name + ": sep is empty");
    format.separator = *sep;
  }
  for (auto [key, out] : {std::pair{"quote", &format.quote}, std::pair{"escape", &format.escape}}) {
    const std::optional<std::string> v = Option(options, key);
    if (!v) continue;
    if (v->size() > 1) {
      return Status::InvalidArgument("function " + name + ": option " + key +
                                     " cannot be more than one character");
    }
    *out = v->empty() ? '\0' : (*v)[0];
  }
  return format;
}

Result<std::optional<DateTimePattern>> ReadPattern(const std::string& name,
                                                   const OptionMap& options, std::string_view key,
                                                   PatternUse use) {
  const std::optional<std::string> text = Option(options, key);
  if (!text) return std::optional<DateTimePattern>();
  Result<DateTimePattern> p = DateTimePattern::Compile(*text, use);
  if (!p.ok()) return p.status().WithContext("function " + name + ": option " + std::string(key));
  return std::optional<DateTimePattern>(std::move(p).value());
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

// from_csv's settings, fixed at bind time.
struct FromCsvPlan {
  DataType type;
  CsvFormat format;
  CsvReadOptions read;
  std::vector<size_t> parsed;           // the schema's fields read from the record, in order
  std::optional<size_t> corrupt_field;  // the field that takes a malformed record's text
};

Result<FromCsvPlan> PlanFromCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  FromCsvPlan plan;
  Result<DataType> schema = ParseDdlSchema(std::get<std::string>(*args[1].literal));
  if (!schema.ok()) return schema.status().WithContext("function " + name + ": argument 2");
  plan.type = schema.value();
  if (plan.type.id() != TypeId::kStruct) {
    return FunctionArgError(name, 1, args[1],
                            "must be a struct schema, not " + TypeName(plan.type));
  }
  SLUICE_RETURN_IF_ERROR(CheckScalarFields(name, 1, args[1], plan.type));
  SLUICE_ASSIGN_OR_RETURN(OptionMap options, ReadOptionMap(name, args, 2));
  SLUICE_ASSIGN_OR_RETURN(plan.format, ReadFormat(name, options));
  if (auto mode = Option(options, "mode")) {
    std::string upper = *mode;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != "PERMISSIVE") {
      return FunctionArgError(name, 2, args[2],
                              "sets mode " + *mode + "; from_csv supports PERMISSIVE only");
    }
  }
  CsvReadOptions& read = plan.read;
  read.null_value = Option(options, "nullValue").value_or("");
  read.empty_value = Option(options, "emptyValue").value_or("");
  read.nan_value = Option(options, "nanValue").value_or("NaN");
  read.positive_inf = Option(options, "positiveInf").value_or("Inf");
  read.negative_inf = Option(options, "negativeInf").value_or("-Inf");
  SLUICE_ASSIGN_OR_RETURN(read.timestamp_format,
                          ReadPattern(name, options, "timestampFormat", PatternUse::kParse));
  SLUICE_ASSIGN_OR_RETURN(read.date_format,
                          ReadPattern(name, options, "dateFormat", PatternUse::kParse));
  const std::string corrupt =
      Option(options, "columnNameOfCorruptRecord").value_or("_corrupt_record");
  plan.corrupt_field = plan.type.FieldIndex(corrupt);
  if (plan.corrupt_field && plan.type.fields()[*plan.corrupt_field].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1],
                            "has the corrupt-record field " + corrupt + ", which must be a string");
  }
  for (size_t f = 0; f < plan.type.fields().size(); ++f) {
    if (f != plan.corrupt_field) plan.parsed.push_back(f);
  }
  return plan;
}

// Appends one record's struct to `out`.
void AppendRecord(std::string_view text, const FromCsvPlan& plan, Column* out) {
  const std::vector<std::optional<std::string>> tokens = ParseCsvLine(text, plan.format);
  bool malformed = tokens.empty() || tokens.size() != plan.parsed.size();
  for (size_t i = 0; i < plan.parsed.size(); ++i) {
    Column& child = out->child(plan.parsed[i]);
    if (tokens.empty() || i >= tokens.size()) {
      child.AppendNull();
    } else if (!AppendCsvValue(tokens[i], plan.read, &child)) {
      child.AppendNull();
      malformed = true;
    }
  }
  if (plan.corrupt_field) {
    Column& child = out->child(*plan.corrupt_field);
    malformed ? child.AppendString(text) : child.AppendNull();
  }
  out->CloseStruct();
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
  SLUICE_ASSIGN_OR_RETURN(FromCsvPlan plan, PlanFromCsv(name, args));
  const DataType type = plan.type;
  BoundFunction bound{type, [plan = std::move(plan)](const ArgColumns& in, size_t rows) {
                        Column out(plan.type);
                        out.Reserve(rows);
                        for (size_t r = 0; r < rows; ++r) {
                          in[0].IsNull(r) ? out.AppendNull()
                                          : AppendRecord(in[0].String(r), plan, &out);
                        }
                        return Result<Column>(std::move(out));
                      }};
  bound.literals_taken_at_bind = 0b110;  // the schema and the options, not the text
  return bound;
}

// to_csv's settings, fixed at bind time.
struct ToCsvPlan {
  CsvFormat format;
  CsvWriteOptions write;
  DateTimePattern timestamp_format;
  DateTimePattern date_format;
};

Result<bool> ReadBool(const std::string& name, const OptionMap& options, std::string_view key,
                      bool fallback) {
  const std::optional<std::string> v = Option(options, key);
  if (!v) return fallback;
  if (v == "true" || v == "false") return *v == "true";
  return Status::InvalidArgument("function " + name + ": option " + std::string(key) +
                                 " must be true or false");
}

Result<ToCsvPlan> PlanToCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_ASSIGN_OR_RETURN(OptionMap options, ReadOptionMap(name, args, 1));
  SLUICE_ASSIGN_OR_RETURN(CsvFormat format, ReadFormat(name, options));
  CsvWriteOptions write;
  write.null_value = Option(options, "nullValue").value_or("");
  write.empty_value = Option(options, "emptyValue").value_or("\"\"");
  SLUICE_ASSIGN_OR_RETURN(write.trim_leading,
                          ReadBool(name, options, "ignoreLeadingWhiteSpace", true));
  SLUICE_ASSIGN_OR_RETURN(write.trim_trailing,
                          ReadBool(name, options, "ignoreTrailingWhiteSpace", true));
  SLUICE_ASSIGN_OR_RETURN(write.quote_all, ReadBool(name, options, "quoteAll", false));
  if (!options.contains("timestampFormat")) {
    options["timestampFormat"] = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  }
  if (!options.contains("dateFormat")) options["dateFormat"] = "yyyy-MM-dd";
  SLUICE_ASSIGN_OR_RETURN(std::optional<DateTimePattern> ts,
                          ReadPattern(name, options, "timestampFormat", PatternUse::kFormat));
  SLUICE_ASSIGN_OR_RETURN(std::optional<DateTimePattern> date,
                          ReadPattern(name, options, "dateFormat", PatternUse::kFormat));
  return ToCsvPlan{std::move(format), std::move(write), std::move(*ts), std::move(*date)};
}

// Row `r` of the scalar column `c` as to_csv writes it. REQUIRES: not null.
std::string CsvText(const Column& c, size_t r, const ToCsvPlan& plan) {
  switch (c.type().id()) {
    case TypeId::kBool:
      return c.Bool(r) ? "true" : "false";
    case TypeId::kInt32:
    case TypeId::kInt64:
      return std::to_string(c.AsInt64(r));
    case TypeId::kFloat:
      return FloatToJavaString(c.Float(r));
    case TypeId::kDouble:
      return DoubleToJavaString(c.Double(r));
    case TypeId::kDecimal:
      return JavaBigDecimalString(c.Decimal(r), c.type().scale());
    case TypeId::kDate: {
      const std::optional<int64_t> micros = MicrosFromDays(c.Int32(r));
      return micros ? plan.date_format.Format(*micros) : FormatDate(c.Int32(r));
    }
    case TypeId::kTimestamp:
      return plan.timestamp_format.Format(c.Int(r));
    default:
      return std::string(c.String(r));
  }
}

Result<BoundFunction> BindToCsv(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 1, 2));
  if (args[0].type.id() != TypeId::kStruct) {
    return FunctionArgError(name, 0, args[0], "must be a struct");
  }
  SLUICE_RETURN_IF_ERROR(CheckScalarFields(name, 0, args[0], args[0].type));
  SLUICE_ASSIGN_OR_RETURN(ToCsvPlan plan, PlanToCsv(name, args));
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
            fields[f] = c.IsNull(r) ? std::nullopt : std::optional(CsvText(c, r, plan));
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
