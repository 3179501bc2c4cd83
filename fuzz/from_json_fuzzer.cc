// from_json (engine/expr/functions/from_json.h) on any bytes, with a few fixed schemas.
//
// The input is the JSON text of one row. It is read with each schema below (a struct of every
// scalar type, nested arrays, maps and structs, and a struct with a corrupt-record field).
//
// Property: no crash and no sanitizer report; the result is one row of the schema's type; the
// corrupt-record field is never read from the JSON: it is null or holds the whole input (a
// malformed record or a partial result).
//
// The input is also cut at each newline into the records of one batch, followed by a long one:
// each row of the batch (whose records are read where they lie, the next ones' bytes after them)
// equals that record read alone.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/functions/from_json.h"
#include "engine/types/type_parser.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

struct Case {
  DataType type;
  BoundFunction bound;
};

std::vector<Case> MakeCases() {
  const std::vector<std::string> schemas = {
      "a INT, b BIGINT, c DOUBLE, d FLOAT, e BOOLEAN, f STRING, g DECIMAL(10,2), h DATE, "
      "i TIMESTAMP",
      "a ARRAY<STRUCT<x: INT, y: ARRAY<STRING>>>, m MAP<STRING, ARRAY<DOUBLE>>",
      "array<map<string, struct<a: decimal(38,18)>>>",
      "map<string, int>",
      "a INT, _corrupt STRING",
  };
  std::vector<Case> cases;
  for (const std::string& schema : schemas) {
    std::vector<FunctionArg> args(3);
    args[0].type = DataType::kString;
    args[1] = FunctionArg{DataType::kString, Value(schema), true};
    ValueList options{Value(ValueList{Value(std::string("columnNameOfCorruptRecord")),
                                      Value(std::string("_corrupt"))})};
    args[2] = FunctionArg{DataType::Map(DataType::kString, DataType::kString),
                          Value(std::move(options)), true};
    Result<BoundFunction> bound = BindFromJson("from_json", args);
    SLUICE_CHECK(bound.ok(), "the fuzzer's schemas bind");
    cases.push_back(Case{ParseDdlSchema(schema).value(), std::move(bound).value()});
  }
  return cases;
}

void Fuzz(std::string_view input) {
  static const std::vector<Case> cases = MakeCases();
  Column json(DataType::kString);
  json.AppendString(input);
  const std::vector<Column> args{json, Column(DataType::kString), Column(DataType::kString)};
  for (const Case& c : cases) {
    Result<Column> out = c.bound.kernel(args, 1);
    SLUICE_CHECK(out.ok(), "from_json's kernel does not fail");
    const Column& col = out.value();
    SLUICE_CHECK(col.size() == 1 && col.type() == c.type, "one row of the schema's type");
    if (c.type.id() != TypeId::kStruct || col.IsNull(0) ||
        c.type.fields().back().name != "_corrupt") {
      continue;
    }
    const Column& corrupt = col.child(1);
    SLUICE_CHECK(corrupt.IsNull(0) || corrupt.String(0) == input,
                 "the corrupt-record field is null or the record's text");
  }
}

// The records of `input`, one per line, then a record long enough that every one before it has
// simdjson's padding of the batch's own bytes after it.
void FuzzBatch(std::string_view input) {
  static const std::vector<Case> cases = MakeCases();
  std::vector<std::string_view> records;
  for (size_t start = 0;;) {
    const size_t end = input.find('\n', start);
    records.push_back(input.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const std::string filler = "[" + std::string(100, ' ') + "]";
  records.push_back(filler);
  Column json(DataType::kString);
  for (std::string_view r : records) json.AppendString(r);
  const std::vector<Column> args{json, Column(DataType::kString), Column(DataType::kString)};
  for (const Case& c : cases) {
    Result<Column> out = c.bound.kernel(args, records.size());
    SLUICE_CHECK(out.ok() && out.value().size() == records.size(), "one row per record");
    for (size_t r = 0; r < records.size(); ++r) {
      Column one(DataType::kString);
      one.AppendString(records[r]);
      const std::vector<Column> one_args{one, Column(DataType::kString), Column(DataType::kString)};
      Result<Column> alone = c.bound.kernel(one_args, 1);
      SLUICE_CHECK(alone.ok(), "from_json's kernel does not fail");
      SLUICE_CHECK(
          ValueToString(out.value().Get(r), c.type) == ValueToString(alone.value().Get(0), c.type),
          "a record reads the same in a batch as alone");
    }
  }
}

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  sluice::engine::Fuzz(input);
  sluice::engine::FuzzBatch(input);
  return 0;
}
