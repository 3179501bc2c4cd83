// Values and rows written as JSON the way Spark's JSON generator writes them with its default
// options (to_json, and the json format of the file sink): a struct's or row's null fields are
// left out, a map's keys become strings, a timestamp is written in the pattern
// yyyy-MM-dd'T'HH:mm:ss.SSSXXX (UTC), a date as yyyy-MM-dd, binary as base64, an infinite double
// as a quoted "Infinity"; separators and escapes are json_writer.h's.
#pragma once

#include <string>

#include "engine/expr/json_writer.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

// Writes row `r` of `c`.
void WriteJsonValue(const Column& c, size_t r, JsonWriter* w);
// Appends each row of `batch` as a JSON object and a newline (JSON lines).
void AppendJsonLines(const RecordBatch& batch, std::string* out);

}  // namespace sluice::engine
