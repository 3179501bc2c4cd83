// RecordFileReader: how a file's bytes become rows, one reader per format of the file source:
// `text` (a `value` row per line), `json` (JSON lines, through simdjson, with Spark's
// JacksonParser conversions) and `csv` (one record per line, Spark's CSV options and univocity's
// rules: engine/expr/csv_records.h; `header` skips each file's first record). Lines end as
// connectors/files/text_lines.h says.
//
// Malformed records follow Spark's `mode` (json and csv): PERMISSIVE (the default) keeps the row,
// with nulls where values did not convert (all of them for a record that is not JSON) and the line
// in the column named by `columnNameOfCorruptRecord` (`_corrupt_record` by default) when the
// schema has it; DROPMALFORMED drops malformed and partial records; FAILFAST fails, naming the
// file and the line. Blank lines are not records.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "connectors/files/source_options.h"
#include "engine/types/record_batch.h"

namespace sluice::connectors::files {

class RecordFileReader {
 public:
  virtual ~RecordFileReader() = default;
  const engine::Schema& schema() const { return schema_; }
  // The struct type AppendRows builds: one field per column of the schema.
  const engine::DataType& row_type() const { return row_type_; }
  // Appends the rows of a file to `rows`, a struct column of row_type(); `file` names it in
  // errors (after which `rows` may hold part of the file). `bytes_to_come`: this file's size and
  // the later files' that the same `rows` will take, so that the first file's first records can
  // size the columns for all of them. Safe to call from several threads.
  virtual Status AppendRows(std::string_view bytes, const std::string& file, engine::Column* rows,
                            size_t bytes_to_come) const = 0;
  // The rows of a file.
  Result<engine::RecordBatch> Read(std::string_view bytes, const std::string& file) const;
  // The columns of a struct column of row_type() as a batch of the schema.
  engine::RecordBatch ToBatch(engine::Column rows) const;

 protected:
  explicit RecordFileReader(engine::Schema schema);

 private:
  engine::Schema schema_;
  engine::DataType row_type_;
};

// The reader of `format` for the DDL schema `schema_ddl` (required but for text), taking the
// format's options from `options`. InvalidArgument names what is wrong.
Result<std::unique_ptr<RecordFileReader>> MakeRecordFileReader(const std::string& format,
                                                               const std::string& schema_ddl,
                                                               SourceOptions& options);

// The option names MakeRecordFileReader takes for `format`.
std::vector<std::string> RecordFileReaderOptions(const std::string& format);

}  // namespace sluice::connectors::files
