// JSON records read into rows: a schema compiled once (JsonRecordSchema) and a reader per thread
// (JsonRecordReader) that reads one record's text as one row of a column of that schema, with
// Spark 3.5's JacksonParser conversions (engine/expr/functions/from_json_reader.h), and says how
// the record went, so that each caller decides what a bad record becomes: from_json keeps it
// (PERMISSIVE), the JSON file source follows its `mode`.
//
// Rules: a malformed record appends nothing; AppendMalformed then appends Spark's PERMISSIVE row
// (nulls, the text in the corrupt-record field). A partial record appends its rows; KeepPartial
// puts the text in their corrupt-record field (Column::Truncate takes rows back).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "engine/types/column.h"
#include "engine/types/datetime_pattern.h"

namespace sluice::engine {

struct JsonRecordOptions {
  std::optional<DateTimePattern> timestamp_format;
  std::optional<DateTimePattern> date_format;
  // A string field of a struct schema that holds a bad record's text; never read from the JSON.
  std::optional<size_t> corrupt_field;
  // A root JSON array gives one row per element (the JSON file source; from_json reads it as
  // malformed), as Spark's allowArrayAsStructs: see from_json::JsonOptions.
  bool root_array_as_rows = false;
};

enum class JsonRecordResult : uint8_t {
  kGood,       // the record's row was appended (a root array read as rows: one per element)
  kPartial,    // appended, with values that did not convert left null
  kMalformed,  // not JSON of the schema's shape: nothing appended
};

class JsonRecordSchema {
 public:
  // REQUIRES: `type` is a struct, an array or a map; corrupt_field names a string field.
  static std::shared_ptr<const JsonRecordSchema> Compile(const DataType& type,
                                                         JsonRecordOptions options);
  ~JsonRecordSchema();
  const DataType& type() const { return type_; }
  const JsonRecordOptions& options() const { return options_; }

 private:
  friend class JsonRecordReader;
  struct Compiled;
  JsonRecordSchema(DataType type, JsonRecordOptions options);

  DataType type_;
  JsonRecordOptions options_;
  std::unique_ptr<const Compiled> compiled_;
};

class JsonRecordReader {
 public:
  explicit JsonRecordReader(std::shared_ptr<const JsonRecordSchema> schema);
  ~JsonRecordReader();

  // Reads `text` as one row of `out` (of the schema's type). `bytes_after`: how many readable
  // bytes follow the text where it lies (the record is read in place when they are enough for
  // simdjson's padding and the record ends with '}' or ']', else from a padded copy).
  JsonRecordResult Read(std::string_view text, size_t bytes_after, Column* out);
  void AppendMalformed(std::string_view text, Column* out) const;
  // Puts `text` in the corrupt-record field of the rows from `first_row` on (those the partial
  // record appended).
  void KeepPartial(std::string_view text, size_t first_row, Column* out) const;

 private:
  struct State;
  std::shared_ptr<const JsonRecordSchema> schema_;
  std::unique_ptr<State> state_;
};

}  // namespace sluice::engine
