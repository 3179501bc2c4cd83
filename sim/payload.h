// Payload: the column of every type that both simulator workloads carry beside the row id, so
// that row and key encodings, shuffles, the state store and the sink see each type under crashes.
//
// The payload of row `id` is a pure function of the id (no random draw: drawing would change
// every seed's schedule), so the oracles can recompute it. It is a struct whose first field is
// the id itself, so that structs of two rows order as their ids do and max(payload) over a set
// of rows is the payload of the largest id among those whose payload is not null.
//
// Fields: id long, i int, f float, d double, dec decimal(38,6) (magnitudes above 2^64), flag
// bool, s string (non-ASCII text), bin binary (zero bytes), day date (before and after 1970), at
// timestamp (before and after 1970), tags array<string> (a null element), attrs map<string,int>
// (a null value), inner struct<x:int,y:string>. Every seventh row's payload is null; every other
// field except id is null in some rows.
#pragma once

#include <cstdint>
#include <string>

#include "engine/types/data_type.h"
#include "engine/types/value.h"

namespace sluice::sim {

// The payload column's type: the struct described above.
const engine::DataType& PayloadType();

// The payload of the row with this id; null for every seventh id.
engine::Value Payload(int64_t id);

// Whether `v` is exactly Payload(id): every field, with floating-point values compared bit for
// bit (so that -0.0 and 0.0 differ), and null where Payload has null.
bool IsPayloadOf(const engine::Value& v, int64_t id);

// The payload as the oracles print it in a row's text: Spark's cast to string.
std::string PayloadText(const engine::Value& v);

}  // namespace sluice::sim
