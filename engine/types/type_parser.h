// Type and schema text: parses Spark's type names and DDL schema strings into DataTypes.
//
// One grammar serves both: keywords in any case; INT/INTEGER, BIGINT/LONG, FLOAT/REAL, DOUBLE,
// BOOLEAN/BOOL, STRING (also VARCHAR(n)/CHAR(n)), BINARY, DATE, TIMESTAMP, DECIMAL/DEC/NUMERIC
// [(p[, s])] (DECIMAL alone is decimal(10,0)), ARRAY<T>, MAP<K, V>, STRUCT<name[:] T, ...>; a
// field name may be quoted with backticks; `NOT NULL` and `COMMENT '...'` after a field are
// accepted and ignored (every Sluice column is nullable). A bad text is an InvalidArgument error
// naming the 0-based position and what was expected there.
#pragma once

#include <string_view>

#include "engine/types/data_type.h"
#include "storage/status.h"

namespace sluice::engine {

// One type: `int`, `decimal(10,2)`, `array<struct<a:int>>`, `MAP<STRING, INT>`.
Result<DataType> ParseTypeName(std::string_view text);

// A DDL schema, as from_json, from_csv and the file sources take it: a field list
// `a INT, b STRUCT<c: DOUBLE>` (a struct type), or else one type (`array<int>`,
// `map<string, int>`, `struct<a:int>`), as Spark's DataType.fromDDL reads it.
Result<DataType> ParseDdlSchema(std::string_view text);

}  // namespace sluice::engine
