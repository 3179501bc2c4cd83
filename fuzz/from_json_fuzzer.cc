// from_json (engine/expr/functions/from_json.h) on any bytes, with a few fixed schemas.
//
// The input is the JSON text of one row. It is read with each schema below (a struct of every
// scalar type, nested arrays, maps and structs, and a struct with a corrupt-record field).
//
// Property: no crash and no sanitizer report; the result is one row of the schema's type; the
// corrupt-record field is never read from the JSON: it is null or holds the whole input (a
// malformed record or a partial result).
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

}  // namespace
}  // namespace sluice::engine

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::engine::Fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
