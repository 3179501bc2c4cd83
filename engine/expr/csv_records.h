// CSV records <-> rows of a struct of scalar fields, with Spark's CSV options: the plans under
// from_csv and to_csv (engine/expr/functions/csv_functions.cc) and the csv format of the file
// source and sink. Tokenizing and writing one line is engine/expr/csv_line.h's; converting one
// field's text is engine/expr/functions/csv_value.h's.
//
// Reading: a record is malformed when it has another number of fields than the schema (missing
// ones are null, extra ones ignored), or when a field does not convert (that field is null): the
// other fields are kept, and the corrupt-record field (columnNameOfCorruptRecord, by default
// _corrupt_record; a string field left out of the parsing) holds the record's text, null for a
// good record. An empty record is malformed with no fields.
//
// Options are Spark's names, case-sensitive as in from_csv's map (the file connectors match
// names ignoring case before they get here): sep (or delimiter; `\t` and `\u0000` escapes),
// quote, escape, nullValue, emptyValue, nanValue, positiveInf, negativeInf, timestampFormat,
// dateFormat, columnNameOfCorruptRecord for reading; sep, quote, escape, nullValue, emptyValue,
// quoteAll, ignoreLeadingWhiteSpace, ignoreTrailingWhiteSpace, timestampFormat, dateFormat for
// writing. Other names are ignored here. Errors start with `what` ("function from_csv").
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/expr/csv_line.h"
#include "engine/expr/functions/csv_value.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

using CsvOptionMap = std::map<std::string, std::string, std::less<>>;

// How records are read into a struct type, fixed once.
struct CsvRecordPlan {
  DataType type;  // a struct of scalar fields
  CsvFormat format;
  CsvReadOptions read;
  std::vector<size_t> parsed;           // the schema's fields read from the record, in order
  std::optional<size_t> corrupt_field;  // the field that takes a malformed record's text
};

// REQUIRES: `type` is a struct whose fields are scalar and not binary; a field named by
// columnNameOfCorruptRecord is a string.
Result<CsvRecordPlan> PlanCsvRecords(const DataType& type, const CsvOptionMap& options,
                                     const std::string& what);
// Appends one record's struct row to `out`; returns whether the record was malformed.
bool AppendCsvRecord(std::string_view text, const CsvRecordPlan& plan, Column* out);

// How rows are written, fixed once.
struct CsvWritePlan {
  CsvFormat format;
  CsvWriteOptions write;
  DateTimePattern timestamp_format;
  DateTimePattern date_format;
};

Result<CsvWritePlan> PlanCsvWriter(const CsvOptionMap& options, const std::string& what);
// Row `r` of the scalar column `c` as Spark's CSV writer writes it. REQUIRES: not null.
std::string CsvFieldText(const Column& c, size_t r, const CsvWritePlan& plan);
// Appends each row of `batch` (scalar columns) as one record and a newline.
void AppendCsvRows(const RecordBatch& batch, const CsvWritePlan& plan, std::string* out);

}  // namespace sluice::engine
