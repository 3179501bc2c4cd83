#include "engine/expr/csv_records.h"

#include "engine/types/datetime.h"
#include "engine/types/datetime_cast.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/number_text.h"

namespace sluice::engine {
namespace {

std::optional<std::string> Option(const CsvOptionMap& options, std::string_view key) {
  auto it = options.find(key);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

// Spark's CSVOptions for the format: sep (or delimiter) with \t and \u0000 escapes, quote and
// escape as one character or empty for none.
Result<CsvFormat> ReadFormat(const std::string& what, const CsvOptionMap& options) {
  CsvFormat format;
  std::optional<std::string> sep = Option(options, "sep");
  if (!sep) sep = Option(options, "delimiter");
  if (sep) {
    if (*sep == "\\t") *sep = "\t";
    if (*sep == "\\u0000") *sep = std::string(1, '\0');
    if (sep->empty()) return Status::InvalidArgument(what + ": sep is empty");
    format.separator = *sep;
  }
  for (auto [key, out] : {std::pair{"quote", &format.quote}, std::pair{"escape", &format.escape}}) {
    const std::optional<std::string> v = Option(options, key);
    if (!v) continue;
    if (v->size() > 1) {
      return Status::InvalidArgument(what + ": option " + key +
                                     " cannot be more than one character");
    }
    *out = v->empty() ? '\0' : (*v)[0];
  }
  return format;
}

Result<std::optional<DateTimePattern>> ReadPattern(const std::string& what,
                                                   const CsvOptionMap& options,
                                                   std::string_view key, PatternUse use) {
  const std::optional<std::string> text = Option(options, key);
  if (!text) return std::optional<DateTimePattern>();
  Result<DateTimePattern> p = DateTimePattern::Compile(*text, use);
  if (!p.ok()) return p.status().WithContext(what + ": option " + std::string(key));
  return std::optional<DateTimePattern>(std::move(p).value());
}

Result<bool> ReadBool(const std::string& what, const CsvOptionMap& options, std::string_view key,
                      bool fallback) {
  const std::optional<std::string> v = Option(options, key);
  if (!v) return fallback;
  if (v == "true" || v == "false") return *v == "true";
  return Status::InvalidArgument(what + ": option " + std::string(key) + " must be true or false");
}

}  // namespace

Result<CsvRecordPlan> PlanCsvRecords(const DataType& type, const CsvOptionMap& options,
                                     const std::string& what) {
  SLUICE_CHECK(type.id() == TypeId::kStruct, "a struct schema");
  CsvRecordPlan plan;
  plan.type = type;
  SLUICE_ASSIGN_OR_RETURN(plan.format, ReadFormat(what, options));
  CsvReadOptions& read = plan.read;
  read.null_value = Option(options, "nullValue").value_or("");
  read.empty_value = Option(options, "emptyValue").value_or("");
  read.nan_value = Option(options, "nanValue").value_or("NaN");
  read.positive_inf = Option(options, "positiveInf").value_or("Inf");
  read.negative_inf = Option(options, "negativeInf").value_or("-Inf");
  SLUICE_ASSIGN_OR_RETURN(read.timestamp_format,
                          ReadPattern(what, options, "timestampFormat", PatternUse::kParse));
  SLUICE_ASSIGN_OR_RETURN(read.date_format,
                          ReadPattern(what, options, "dateFormat", PatternUse::kParse));
  const std::string corrupt =
      Option(options, "columnNameOfCorruptRecord").value_or("_corrupt_record");
  plan.corrupt_field = plan.type.FieldIndex(corrupt);
  SLUICE_CHECK(
      !plan.corrupt_field || plan.type.fields()[*plan.corrupt_field].type == DataType::kString,
      "the corrupt-record field is a string");
  for (size_t f = 0; f < plan.type.fields().size(); ++f) {
    if (f != plan.corrupt_field) plan.parsed.push_back(f);
  }
  return plan;
}

bool AppendCsvRecord(std::string_view text, const CsvRecordPlan& plan, Column* out) {
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
  return malformed;
}

Result<CsvWritePlan> PlanCsvWriter(const CsvOptionMap& options, const std::string& what) {
  SLUICE_ASSIGN_OR_RETURN(CsvFormat format, ReadFormat(what, options));
  CsvWriteOptions write;
  write.null_value = Option(options, "nullValue").value_or("");
  write.empty_value = Option(options, "emptyValue").value_or("\"\"");
  SLUICE_ASSIGN_OR_RETURN(write.trim_leading,
                          ReadBool(what, options, "ignoreLeadingWhiteSpace", true));
  SLUICE_ASSIGN_OR_RETURN(write.trim_trailing,
                          ReadBool(what, options, "ignoreTrailingWhiteSpace", true));
  SLUICE_ASSIGN_OR_RETURN(write.quote_all, ReadBool(what, options, "quoteAll", false));
  // Spark's defaults: ISO 8601 with milliseconds and the offset, and ISO dates.
  auto pattern = [&](std::string_view key, std::string_view fallback) -> Result<DateTimePattern> {
    const std::string text = Option(options, key).value_or(std::string(fallback));
    Result<DateTimePattern> p = DateTimePattern::Compile(text, PatternUse::kFormat);
    if (!p.ok()) return p.status().WithContext(what + ": option " + std::string(key));
    return p;
  };
  SLUICE_ASSIGN_OR_RETURN(DateTimePattern ts,
                          pattern("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"));
  SLUICE_ASSIGN_OR_RETURN(DateTimePattern date, pattern("dateFormat", "yyyy-MM-dd"));
  return CsvWritePlan{std::move(format), std::move(write), std::move(ts), std::move(date)};
}

std::string CsvFieldText(const Column& c, size_t r, const CsvWritePlan& plan) {
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

void AppendCsvRows(const RecordBatch& batch, const CsvWritePlan& plan, std::string* out) {
  std::vector<std::optional<std::string>> fields(batch.num_columns());
  for (size_t r = 0; r < batch.num_rows(); ++r) {
    for (size_t f = 0; f < fields.size(); ++f) {
      const Column& c = batch.column(f);
      fields[f] = c.IsNull(r) ? std::nullopt : std::optional(CsvFieldText(c, r, plan));
    }
    out->append(WriteCsvLine(fields, plan.format, plan.write));
    out->push_back('\n');
  }
}

}  // namespace sluice::engine
