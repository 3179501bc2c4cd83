// The json and csv formats of the file source (connectors/files/record_file_reader.h) on any
// file bytes, under each of Spark's modes, over a schema of every kind of field the format takes
// and a corrupt-record column.
//
// The first byte picks the format and the mode. Properties: no crash and no sanitizer report;
// PERMISSIVE gives one row per non-blank line (less a csv header), and for json at least one per
// line that is not a root array (which gives a row per element), and as many rows as its lines
// give read one by one; DROPMALFORMED gives at most as many as PERMISSIVE; FAILFAST either fails
// or gives what PERMISSIVE gives; every row has the schema's columns.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "connectors/files/record_file_reader.h"
#include "connectors/files/text_lines.h"
#include "spec/check.h"

namespace sluice {
namespace {

using connectors::files::RecordFileReader;

constexpr char kJsonSchema[] =
    "s STRING, i INT, l BIGINT, d DOUBLE, m DECIMAL(10,2), b BOOLEAN, t TIMESTAMP, dt DATE, "
    "a ARRAY<INT>, kv MAP<STRING, STRING>, st STRUCT<x: INT, y: ARRAY<STRING>>, "
    "_corrupt_record STRING";
constexpr char kCsvSchema[] =
    "s STRING, i INT, l BIGINT, d DOUBLE, m DECIMAL(10,2), b BOOLEAN, t TIMESTAMP, dt DATE, "
    "_corrupt_record STRING";

std::unique_ptr<RecordFileReader> Make(const std::string& format, const std::string& mode) {
  std::map<std::string, std::string> given = {{"mode", mode}};
  if (format == "csv") given["header"] = "true";
  connectors::files::SourceOptions options("fuzz", given);
  auto reader = connectors::files::MakeRecordFileReader(
      format, format == "csv" ? kCsvSchema : kJsonSchema, options);
  SLUICE_CHECK(reader.ok(), "the fuzzer's schema is valid");
  return std::move(reader).value();
}

void Fuzz(const uint8_t* data, size_t size) {
  if (size == 0) return;
  struct Readers {
    std::unique_ptr<RecordFileReader> permissive, drop, fail;
  };
  static const Readers kJson{Make("json", "PERMISSIVE"), Make("json", "DROPMALFORMED"),
                             Make("json", "FAILFAST")};
  static const Readers kCsv{Make("csv", "PERMISSIVE"), Make("csv", "DROPMALFORMED"),
                            Make("csv", "FAILFAST")};
  const bool csv = (data[0] & 2) != 0;
  const Readers& r = csv ? kCsv : kJson;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  size_t records = 0;
  size_t arrays = 0;  // json lines that may be root arrays: any number of rows each
  for (std::string_view line : connectors::files::SplitLines(bytes)) {
    const size_t first = line.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) continue;
    ++(!csv && line[first] == '[' ? arrays : records);
  }
  if (csv && records > 0) --records;  // the header
  const auto all = r.permissive->Read(bytes, "f");
  SLUICE_CHECK(all.ok(), "PERMISSIVE never fails");
  SLUICE_CHECK(arrays > 0 ? all->num_rows() >= records : all->num_rows() == records,
               "PERMISSIVE: a row per record, a row per element of a root array");
  SLUICE_CHECK(all->num_columns() == r.permissive->schema().fields.size(), "the schema's columns");
  if (!csv && arrays > 0) {
    size_t rows = 0;
    for (std::string_view line : connectors::files::SplitLines(bytes)) {
      rows += r.permissive->Read(line, "f").value().num_rows();
    }
    SLUICE_CHECK(rows == all->num_rows(), "PERMISSIVE: a file's rows are its lines' rows");
  }
  if ((data[0] & 1) == 0) {
    const auto kept = r.drop->Read(bytes, "f");
    SLUICE_CHECK(kept.ok() && kept->num_rows() <= all->num_rows(),
                 "DROPMALFORMED drops, never adds");
    return;
  }
  const auto strict = r.fail->Read(bytes, "f");
  SLUICE_CHECK(!strict.ok() || strict->Encode() == all->Encode(),
               "FAILFAST fails or reads as PERMISSIVE");
}

}  // namespace
}  // namespace sluice

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::Fuzz(data, size);
  return 0;
}
