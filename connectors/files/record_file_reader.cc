#include "connectors/files/record_file_reader.h"

#include "connectors/files/text_lines.h"
#include "engine/expr/csv_records.h"
#include "engine/expr/json_records.h"
#include "engine/types/type_parser.h"

namespace sluice::connectors::files {
namespace {

enum class ParseMode { kPermissive, kDropMalformed, kFailFast };

constexpr char kDefaultCorruptRecordName[] =
    "_corrupt_record";  // spark.sql.columnNameOfCorruptRecord

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Spark's FAILFAST error, naming the file and the line (`index` counts from 0).
Status FailFast(const std::string& file, size_t index, std::string_view line) {
  return Status::InvalidArgument(
      file + " line " + std::to_string(index + 1) +
      ": malformed records are detected in record parsing: '" + std::string(line.substr(0, 200)) +
      "'. Parse Mode: FAILFAST. To process malformed records as null result, try setting the "
      "option 'mode' as 'PERMISSIVE'.");
}

class TextReader : public RecordFileReader {
 public:
  TextReader() : RecordFileReader({{{"value", engine::DataType::kString}}}) {}
  Status AppendRows(std::string_view bytes, const std::string&, engine::Column* rows,
                    size_t bytes_to_come) const override {
    const std::vector<std::string_view> lines = SplitLines(bytes);
    rows->Reserve(rows->size() + lines.size());
    if (rows->size() == 0) rows->child(0).ReserveBytes(bytes_to_come);
    for (std::string_view line : lines) {
      rows->child(0).AppendString(line);
      rows->CloseStruct();
    }
    return Status::Ok();
  }
};

// Once this many records of the first file are read, the string fields get room for the rest.
constexpr size_t kSampleRecords = 64;

// The rows of the input up to `read_to` (in `bytes`) are in `rows`: gives each string field room
// for `bytes_to_come` input bytes at the rate seen so far.
void SizeForBytesToCome(std::string_view bytes, const char* read_to, size_t bytes_to_come,
                        engine::Column* rows) {
  const auto read = static_cast<size_t>(read_to - bytes.data());
  if (read == 0 || rows->size() == 0) return;
  // Rows to come at the rate seen, then the string bytes at the rate seen per row.
  // At most 64 times the rows read so far: a file that starts with short records does not make
  // a large batch ask for more than it can need.
  const size_t rows_to_come =
      std::min(rows->size() * bytes_to_come / read, rows->size() * 64 * kSampleRecords);
  engine::ReserveStringFieldsAtRate(rows, rows->size(), rows_to_come);
  rows->Reserve(rows_to_come);
}

class JsonLinesReader : public RecordFileReader {
 public:
  JsonLinesReader(engine::Schema schema, std::shared_ptr<const engine::JsonRecordSchema> records,
                  ParseMode mode)
      : RecordFileReader(std::move(schema)), records_(std::move(records)), mode_(mode) {}

  Status AppendRows(std::string_view bytes, const std::string& file, engine::Column* out,
                    size_t bytes_to_come) const override {
    engine::JsonRecordReader reader(records_);
    engine::Column& rows = *out;
    const std::vector<std::string_view> lines = SplitLines(bytes);
    const bool sizes_columns = rows.size() == 0;
    rows.Reserve(rows.size() + lines.size());
    for (size_t i = 0; i < lines.size(); ++i) {
      if (sizes_columns && i == kSampleRecords && lines.size() >= 4 * kSampleRecords) {
        SizeForBytesToCome(bytes, lines[i].data(), bytes_to_come, &rows);
      }
      const std::string_view line = lines[i];
      if (IsBlank(line)) continue;
      const size_t after = static_cast<size_t>(bytes.data() + bytes.size() - line.end());
      const size_t before = rows.size();
      engine::JsonRecordResult read = reader.Read(line, after, &rows);
      // A record that is JSON null is no row of the schema: malformed, as in Spark's file source.
      // (A root array appends one row per element, none of them null, and `[]` appends none.)
      if (read != engine::JsonRecordResult::kMalformed && rows.size() > before &&
          rows.IsNull(before)) {
        rows.Truncate(before);
        read = engine::JsonRecordResult::kMalformed;
      }
      if (read == engine::JsonRecordResult::kGood) continue;
      switch (mode_) {
        case ParseMode::kPermissive:
          if (read == engine::JsonRecordResult::kMalformed) {
            reader.AppendMalformed(line, &rows);
          } else {
            reader.KeepPartial(line, before, &rows);
          }
          break;
        case ParseMode::kDropMalformed:
          rows.Truncate(before);
          break;
        case ParseMode::kFailFast:
          return FailFast(file, i, line);
      }
    }
    return Status::Ok();
  }

 private:
  std::shared_ptr<const engine::JsonRecordSchema> records_;
  ParseMode mode_;
};

class CsvLinesReader : public RecordFileReader {
 public:
  CsvLinesReader(engine::Schema schema, engine::CsvRecordPlan plan, ParseMode mode, bool header)
      : RecordFileReader(std::move(schema)), plan_(std::move(plan)), mode_(mode), header_(header) {}

  Status AppendRows(std::string_view bytes, const std::string& file, engine::Column* out,
                    size_t bytes_to_come) const override {
    engine::Column& rows = *out;
    const std::vector<std::string_view> lines = SplitLines(bytes);
    const bool sizes_columns = rows.size() == 0;
    rows.Reserve(rows.size() + lines.size());
    bool header_pending = header_;
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string_view line = lines[i];
      if (IsBlank(line)) continue;  // Spark's CSVUtils.filterCommentAndEmpty
      if (header_pending) {         // the file's first record is its header
        header_pending = false;
        continue;
      }
      if (sizes_columns && i == kSampleRecords && lines.size() >= 4 * kSampleRecords) {
        SizeForBytesToCome(bytes, line.data(), bytes_to_come, &rows);
      }
      const size_t before = rows.size();
      if (!engine::AppendCsvRecord(line, plan_, &rows)) continue;
      if (mode_ == ParseMode::kDropMalformed) rows.Truncate(before);
      if (mode_ == ParseMode::kFailFast) return FailFast(file, i, line);
    }
    return Status::Ok();
  }

 private:
  engine::CsvRecordPlan plan_;
  ParseMode mode_;
  bool header_;
};

// The csv options a reader takes, by Spark's names (matched ignoring case).
constexpr const char* kCsvReadOptions[] = {
    "sep",         "delimiter",       "quote",      "escape",
    "nullValue",   "emptyValue",      "nanValue",   "positiveInf",
    "negativeInf", "timestampFormat", "dateFormat", "columnNameOfCorruptRecord"};

Result<ParseMode> TakeMode(SourceOptions& options) {
  const std::optional<std::string> given = options.TakeString("mode");
  if (!given) return ParseMode::kPermissive;
  const std::string mode = SourceOptions::Lower(*given);
  if (mode == "permissive") return ParseMode::kPermissive;
  if (mode == "dropmalformed") return ParseMode::kDropMalformed;
  if (mode == "failfast") return ParseMode::kFailFast;
  return Status::InvalidArgument(options.what() + ": invalid value '" + *given +
                                 "' for option 'mode', must be PERMISSIVE, DROPMALFORMED or "
                                 "FAILFAST");
}

Result<std::optional<engine::DateTimePattern>> TakePattern(SourceOptions& options,
                                                           const std::string& name) {
  const std::optional<std::string> given = options.TakeString(name);
  if (!given) return std::optional<engine::DateTimePattern>();
  Result<engine::DateTimePattern> p =
      engine::DateTimePattern::Compile(*given, engine::PatternUse::kParse);
  if (!p.ok()) return p.status().WithContext(options.what() + ": option '" + name + "'");
  return std::optional<engine::DateTimePattern>(std::move(p).value());
}

Result<engine::DataType> StructSchema(const std::string& ddl, const SourceOptions& options,
                                      const std::string& format) {
  if (IsBlank(ddl)) {
    return Status::InvalidArgument(options.what() + ": the " + format +
                                   " format needs a schema, as a DDL string ('a INT, b STRING')");
  }
  Result<engine::DataType> type = engine::ParseDdlSchema(ddl);
  if (!type.ok()) return type.status().WithContext(options.what() + ": schema");
  if (type.value().id() != engine::TypeId::kStruct) {
    return Status::InvalidArgument(options.what() + ": the schema '" + ddl +
                                   "' is not a field list");
  }
  return type;
}

}  // namespace

RecordFileReader::RecordFileReader(engine::Schema schema) : schema_(std::move(schema)) {
  std::vector<engine::StructField> fields;
  for (const engine::Field& f : schema_.fields) fields.push_back({f.name, f.type});
  row_type_ = engine::DataType::Struct(std::move(fields));
}

Result<engine::RecordBatch> RecordFileReader::Read(std::string_view bytes,
                                                   const std::string& file) const {
  engine::Column rows(row_type_);
  SLUICE_RETURN_IF_ERROR(AppendRows(bytes, file, &rows, bytes.size()));
  return ToBatch(std::move(rows));
}

engine::RecordBatch RecordFileReader::ToBatch(engine::Column rows) const {
  std::vector<engine::Column> columns;
  for (size_t f = 0; f < rows.num_children(); ++f) columns.push_back(std::move(rows.child(f)));
  return engine::RecordBatch(schema_, std::move(columns));
}

std::vector<std::string> RecordFileReaderOptions(const std::string& format) {
  const std::string name = SourceOptions::Lower(format);
  if (name == "json") return {"mode", "columnNameOfCorruptRecord", "timestampFormat", "dateFormat"};
  if (name == "csv") {
    std::vector<std::string> names(std::begin(kCsvReadOptions), std::end(kCsvReadOptions));
    names.push_back("mode");
    names.push_back("header");
    return names;
  }
  return {};
}

Result<std::unique_ptr<RecordFileReader>> MakeRecordFileReader(const std::string& format,
                                                               const std::string& schema_ddl,
                                                               SourceOptions& options) {
  const std::string name = SourceOptions::Lower(format);
  if (name == "text") {
    auto reader = std::make_unique<TextReader>();
    if (!IsBlank(schema_ddl)) {
      SLUICE_ASSIGN_OR_RETURN(engine::DataType type, StructSchema(schema_ddl, options, "text"));
      engine::Schema given;
      for (const auto& f : type.fields()) given.fields.push_back({f.name, f.type});
      if (!(given == reader->schema())) {
        return Status::InvalidArgument(options.what() +
                                       ": the text format has one column, value STRING; the "
                                       "schema given is " +
                                       given.Describe());
      }
    }
    return std::unique_ptr<RecordFileReader>(std::move(reader));
  }
  if (name == "json") {
    SLUICE_ASSIGN_OR_RETURN(engine::DataType type, StructSchema(schema_ddl, options, "json"));
    SLUICE_ASSIGN_OR_RETURN(ParseMode mode, TakeMode(options));
    engine::JsonRecordOptions json;
    json.root_array_as_rows = true;  // Spark's JSON source: a line `[{..},{..}]` is two rows
    SLUICE_ASSIGN_OR_RETURN(json.timestamp_format, TakePattern(options, "timestampFormat"));
    SLUICE_ASSIGN_OR_RETURN(json.date_format, TakePattern(options, "dateFormat"));
    const std::string corrupt =
        options.TakeString("columnNameOfCorruptRecord").value_or(kDefaultCorruptRecordName);
    json.corrupt_field = type.FieldIndex(corrupt);
    if (json.corrupt_field &&
        type.fields()[*json.corrupt_field].type != engine::DataType::kString) {
      return Status::InvalidArgument(options.what() + ": the field for corrupt records, " +
                                     corrupt + ", must be string type and nullable");
    }
    engine::Schema schema;
    for (const auto& f : type.fields()) schema.fields.push_back({f.name, f.type});
    return std::unique_ptr<RecordFileReader>(std::make_unique<JsonLinesReader>(
        std::move(schema), engine::JsonRecordSchema::Compile(type, std::move(json)), mode));
  }
  if (name == "csv") {
    SLUICE_ASSIGN_OR_RETURN(engine::DataType type, StructSchema(schema_ddl, options, "csv"));
    SLUICE_ASSIGN_OR_RETURN(ParseMode mode, TakeMode(options));
    SLUICE_ASSIGN_OR_RETURN(bool header, options.TakeBool("header", false));
    engine::CsvOptionMap csv;
    for (const char* key : kCsvReadOptions) {
      if (auto v = options.TakeString(key)) csv[key] = *v;
    }
    const std::string corrupt = csv.contains("columnNameOfCorruptRecord")
                                    ? csv["columnNameOfCorruptRecord"]
                                    : kDefaultCorruptRecordName;
    for (const auto& f : type.fields()) {
      if (f.name == corrupt) {
        if (f.type != engine::DataType::kString) {
          return Status::InvalidArgument(options.what() + ": the field for corrupt records, " +
                                         corrupt + ", must be string type and nullable");
        }
      } else if (f.type.is_nested() || f.type.id() == engine::TypeId::kBinary ||
                 f.type.id() == engine::TypeId::kNull) {
        return Status::InvalidArgument(options.what() + ": CSV data source does not support " +
                                       engine::TypeName(f.type) + " data type (column " + f.name +
                                       ")");
      }
    }
    SLUICE_ASSIGN_OR_RETURN(engine::CsvRecordPlan plan,
                            engine::PlanCsvRecords(type, csv, options.what()));
    engine::Schema schema;
    for (const auto& f : type.fields()) schema.fields.push_back({f.name, f.type});
    return std::unique_ptr<RecordFileReader>(
        std::make_unique<CsvLinesReader>(std::move(schema), std::move(plan), mode, header));
  }
  return Status::InvalidArgument(options.what() + ": the format '" + format +
                                 "' is not supported (text, json and csv)");
}

}  // namespace sluice::connectors::files
