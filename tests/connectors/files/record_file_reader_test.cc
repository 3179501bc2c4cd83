// RecordFileReader (connectors/files/record_file_reader.cc): a file's bytes as rows, for the text
// and json formats, with malformed records under each of Spark's modes.
#include "connectors/files/record_file_reader.h"

#include <gtest/gtest.h>

#include "engine/types/value.h"

namespace sluice::connectors::files {
namespace {

using Options = std::map<std::string, std::string>;
using Rows = std::vector<std::vector<engine::Value>>;

Result<std::unique_ptr<RecordFileReader>> Reader(const std::string& format,
                                                 const std::string& schema,
                                                 const Options& options) {
  SourceOptions o("file source 'f'", options);
  auto reader = MakeRecordFileReader(format, schema, o);
  if (reader.ok()) {
    Status rest = o.Finish(RecordFileReaderOptions(format));
    if (!rest.ok()) return rest;
  }
  return reader;
}

Rows RowsOf(const engine::RecordBatch& batch) {
  Rows rows;
  for (size_t r = 0; r < batch.num_rows(); ++r) rows.push_back(batch.Row(r));
  return rows;
}

const engine::Value kNull{};

// Three records: good, malformed (not JSON), partial (b is not an int), and blank lines between.
constexpr std::string_view kFile =
    "{\"a\":\"x\",\"b\":1}\n\n{\"a\":\"y\",\"b\":\n  \n{\"a\":\"z\",\"b\":\"two\"}\r\n";

TEST(RecordFileReader, PermissiveKeepsBadRecordsAsNullsWithTheirText) {
  auto reader = Reader("json", "a STRING, b INT, _corrupt_record STRING", {}).value();
  auto rows = RowsOf(reader->Read(kFile, "file:///in/f.json").value());
  EXPECT_EQ(rows, (Rows{{std::string("x"), int32_t{1}, kNull},
                        {kNull, kNull, std::string("{\"a\":\"y\",\"b\":")},
                        {std::string("z"), kNull, std::string("{\"a\":\"z\",\"b\":\"two\"}")}}));
  // Without the corrupt-record column: the same rows, less the text.
  auto plain = Reader("json", "a STRING, b INT", {{"mode", "permissive"}}).value();
  EXPECT_EQ(RowsOf(plain->Read(kFile, "f").value()),
            (Rows{{std::string("x"), int32_t{1}}, {kNull, kNull}, {std::string("z"), kNull}}));
  // Another name for it.
  auto named =
      Reader("json", "a STRING, b INT, bad STRING", {{"columnNameOfCorruptRecord", "bad"}}).value();
  EXPECT_EQ(RowsOf(named->Read("nope\n", "f").value()),
            (Rows{{kNull, kNull, std::string("nope")}}));
}

TEST(RecordFileReader, DropMalformedDropsMalformedAndPartialRecords) {
  auto reader = Reader("json", "a STRING, b INT", {{"mode", "DROPMALFORMED"}}).value();
  EXPECT_EQ(RowsOf(reader->Read(kFile, "f").value()), (Rows{{std::string("x"), int32_t{1}}}));
  // A record that is JSON null is not a row of the schema.
  EXPECT_EQ(RowsOf(reader->Read("null\n{\"b\":3}", "f").value()), (Rows{{kNull, int32_t{3}}}));
}

TEST(RecordFileReader, FailFastNamesTheFileAndTheLine) {
  auto reader = Reader("json", "a STRING, b INT", {{"mode", "FailFast"}}).value();
  auto read = reader->Read(kFile, "file:///in/f.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().message(),
            "file:///in/f.json line 3: malformed records are detected in record parsing: "
            "'{\"a\":\"y\",\"b\":'. Parse Mode: FAILFAST. To process malformed records as null "
            "result, try setting the option 'mode' as 'PERMISSIVE'.");
  EXPECT_TRUE(reader->Read("{\"a\":\"ok\"}\n", "f").ok());
}

// Spark's JSON source reads a line that is an array as one row per element (SPARK-3308,
// allowArrayAsStructs): `[]` is no row; a null or unconvertible element makes the whole line
// malformed; a partial element keeps its row, with the line's text in each row of the line.
constexpr std::string_view kArrays =
    "[{\"a\":\"x\",\"b\":1},{\"b\":2}]\n"            // two rows
    "[]\n"                                           // none
    "[{\"a\":\"y\"},null]\n"                         // malformed: a null element
    "[{\"a\":\"z\"},7]\n"                            // malformed: an element that is not an object
    "[{\"a\":\"p\",\"b\":\"two\"},{\"a\":\"q\"}]\n"  // partial: b of the first is not an int
    "{\"a\":\"w\",\"b\":4}\n";

TEST(RecordFileReader, JsonRootArraysAreRowsUnderEveryMode) {
  const std::string null_line = "[{\"a\":\"y\"},null]";
  const std::string scalar_line = "[{\"a\":\"z\"},7]";
  const std::string partial_line = "[{\"a\":\"p\",\"b\":\"two\"},{\"a\":\"q\"}]";
  auto permissive = Reader("json", "a STRING, b INT, _corrupt_record STRING", {}).value();
  EXPECT_EQ(RowsOf(permissive->Read(kArrays, "f").value()),
            (Rows{{std::string("x"), int32_t{1}, kNull},
                  {kNull, int32_t{2}, kNull},
                  {kNull, kNull, null_line},
                  {kNull, kNull, scalar_line},
                  {std::string("p"), kNull, partial_line},
                  {std::string("q"), kNull, partial_line},
                  {std::string("w"), int32_t{4}, kNull}}));
  auto drop = Reader("json", "a STRING, b INT", {{"mode", "DROPMALFORMED"}}).value();
  EXPECT_EQ(
      RowsOf(drop->Read(kArrays, "f").value()),
      (Rows{{std::string("x"), int32_t{1}}, {kNull, int32_t{2}}, {std::string("w"), int32_t{4}}}));
  auto fail = Reader("json", "a STRING, b INT", {{"mode", "FAILFAST"}}).value();
  auto failed = fail->Read(kArrays, "file:///in/f.json");
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().message().rfind("file:///in/f.json line 3: malformed records", 0), 0u)
      << failed.status().message();
  // An array inside an array is no row of a struct schema.
  EXPECT_EQ(RowsOf(drop->Read("[[{\"b\":1}]]\n[{\"b\":5}]", "f").value()),
            (Rows{{kNull, int32_t{5}}}));
}

TEST(RecordFileReader, JsonTakesTimestampAndDatePatterns) {
  auto reader = Reader("json", "t TIMESTAMP, d DATE",
                       {{"timestampFormat", "dd/MM/yyyy HH:mm"}, {"dateFormat", "dd.MM.yyyy"}})
                    .value();
  auto rows = RowsOf(reader->Read(R"({"t":"02/01/1970 00:01","d":"03.01.1970"})", "f").value());
  EXPECT_EQ(rows, (Rows{{int64_t{(86400 + 60) * 1000000LL}, int32_t{2}}}));
}

TEST(RecordFileReader, BadSchemasAndOptionsAreRefused) {
  auto error = [](const std::string& format, const std::string& schema, const Options& o) {
    return Reader(format, schema, o).status().message();
  };
  EXPECT_EQ(error("json", "", {}),
            "file source 'f': the json format needs a schema, as a DDL string ('a INT, b "
            "STRING')");
  EXPECT_NE(error("json", "a INT,", {}).find("file source 'f': schema"), std::string::npos);
  EXPECT_EQ(error("json", "a INT", {{"mode", "lenient"}}),
            "file source 'f': invalid value 'lenient' for option 'mode', must be PERMISSIVE, "
            "DROPMALFORMED or FAILFAST");
  EXPECT_EQ(error("json", "a INT, _corrupt_record INT", {}),
            "file source 'f': the field for corrupt records, _corrupt_record, must be string type "
            "and nullable");
  EXPECT_NE(error("json", "a INT", {{"multiLine", "true"}}).find("unknown option 'multiLine'"),
            std::string::npos);
  EXPECT_NE(error("text", "", {{"mode", "FAILFAST"}}).find("unknown option 'mode'"),
            std::string::npos);
}

TEST(RecordFileReader, CsvReadsRecordsWithSparksOptions) {
  auto reader = Reader("csv", "name STRING, n INT, price DECIMAL(5,2)",
                       {{"header", "true"}, {"sep", ";"}, {"nullValue", "NA"}})
                    .value();
  constexpr std::string_view kFile =
      "name;n;price\n\"Smith; J\";3;1.50\n\nann;NA;2\r\n\"a \\\"q\\\"\";7;\n";
  EXPECT_EQ(RowsOf(reader->Read(kFile, "f").value()),
            (Rows{{std::string("Smith; J"), int32_t{3}, engine::Decimal128{150}},
                  {std::string("ann"), kNull, engine::Decimal128{200}},
                  {std::string("a \"q\""), int32_t{7}, kNull}}));
}

TEST(RecordFileReader, CsvMalformedRecordsUnderEachMode) {
  // Good; a value that does not convert; too few fields.
  constexpr std::string_view kFile = "a,1\nb,x\nc\n";
  auto permissive = Reader("csv", "s STRING, n INT, _corrupt_record STRING", {}).value();
  EXPECT_EQ(RowsOf(permissive->Read(kFile, "f").value()),
            (Rows{{std::string("a"), int32_t{1}, kNull},
                  {std::string("b"), kNull, std::string("b,x")},
                  {std::string("c"), kNull, std::string("c")}}));
  auto drop = Reader("csv", "s STRING, n INT", {{"mode", "DROPMALFORMED"}}).value();
  EXPECT_EQ(RowsOf(drop->Read(kFile, "f").value()), (Rows{{std::string("a"), int32_t{1}}}));
  auto fail = Reader("csv", "s STRING, n INT", {{"mode", "FAILFAST"}}).value();
  EXPECT_NE(
      fail->Read(kFile, "file:///in/x.csv")
          .status()
          .message()
          .find("file:///in/x.csv line 2: malformed records are detected in record parsing: 'b,x'"),
      std::string::npos);
  EXPECT_EQ(Reader("csv", "a ARRAY<INT>", {}).status().message(),
            "file source 'f': CSV data source does not support array<int> data type (column a)");
  EXPECT_NE(Reader("csv", "a INT", {{"quote", "ab"}})
                .status()
                .message()
                .find("option quote cannot be more than one character"),
            std::string::npos);
}

TEST(RecordFileReader, TextGivesOneRowPerLine) {
  auto reader = Reader("text", "", {}).value();
  EXPECT_EQ(RowsOf(reader->Read("a\r\n\nb", "f").value()),
            (Rows{{std::string("a")}, {std::string("")}, {std::string("b")}}));
}

}  // namespace
}  // namespace sluice::connectors::files
