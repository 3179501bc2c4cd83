// Cast: Spark's CAST with ANSI mode off, as a kernel over a whole column.
//
// Rules: a value that is not a value of the target type casts to null (a malformed string, a
// number out of an int's range from a string, a decimal that does not fit); strings are trimmed
// first; a fraction is cut toward zero for integers; long to int wraps; double to an integer
// saturates (NaN is 0); timestamp <-> number is epoch seconds; a date or timestamp casts to a
// string as `YYYY-MM-DD` and `YYYY-MM-DD HH:MM:SS[.ffffff]`; an integer casts to binary as its
// big-endian bytes. CanCast says which pairs Spark allows; a query with another is refused when
// it is bound, naming the expression.
#pragma once

#include "engine/types/column.h"

namespace sluice::engine {

bool CanCast(const DataType& from, const DataType& to);

// REQUIRES: CanCast(in.type(), to).
Column CastColumn(const Column& in, const DataType& to);

}  // namespace sluice::engine
