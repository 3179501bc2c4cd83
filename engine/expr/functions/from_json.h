// from_json(json, schema[, options]) over a string column, read with simdjson's On-Demand parser
// straight into the output column: Spark's JsonToStructs in PERMISSIVE mode (ANSI off, UTC).
//
// Rules: the schema is a DDL string literal (a struct, an array or a map). A record that is not
// JSON of the schema's shape is malformed: a struct of nulls for a struct schema (its
// corrupt-record field, named by the option columnNameOfCorruptRecord, by default
// _corrupt_record, holds the record's text; it must be a string), null for an array or a map. A
// value that does not convert to its type is a partial result: a struct field is null and the
// others are kept, an array or map with an element that does not convert is null as a whole, and
// the corrupt-record field holds the text (from_json_reader.h). For an array<struct> schema a
// JSON object is an array of one struct. A string field takes a non-string value's JSON text.
// Timestamps and dates are read with the options timestampFormat and dateFormat when given, else as
// Spark casts strings; a number read as a timestamp is epoch seconds. Other options are accepted
// and have no effect; mode FAILFAST and DROPMALFORMED are refused (from_json supports PERMISSIVE
// only, as Spark's does). Of repeated keys the last that converts gives a struct field its value (a
// map keeps them all). The whole record must be valid JSON, the values not read included, nested in
// at most 1023 containers (simdjson's DOM limit, kept from the DOM implementation before). Unlike
// Spark's Jackson parser, simdjson refuses single-quoted strings (they are malformed).
#pragma once

#include "engine/expr/function.h"

namespace sluice::engine {

Result<BoundFunction> BindFromJson(const std::string& name, const std::vector<FunctionArg>& args);

}  // namespace sluice::engine
