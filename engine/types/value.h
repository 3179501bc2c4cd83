// Value: one cell outside a column, at the edges of the engine (rows that tests and the scenario
// runner add, rows a memory sink returns, literals, decoded state keys). The hot path never uses
// it: kernels work on Column's buffers.
//
// Rules: a Value means nothing without its column's DataType, which says how to read it:
//   null            -> std::monostate, for every type
//   bool            -> bool
//   int, long, date, timestamp -> int64_t (date: days since the epoch; timestamp: microseconds)
//   float, double   -> double (a float's value converts exactly)
//   decimal(p,s)    -> Decimal128, the unscaled integer (value = unscaled / 10^s)
//   string, binary  -> std::string (UTF-8 text, or bytes)
//   array           -> ValueList of the elements
//   struct          -> ValueList of the fields, in the type's order
//   map             -> ValueList of entries, each a ValueList {key, value}, in entry order
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/types/data_type.h"

namespace sluice::engine {

using Int128 = __int128;

// A decimal's unscaled value; the column's type gives its precision and scale.
struct Decimal128 {
  Int128 unscaled = 0;
  auto operator<=>(const Decimal128&) const = default;
};

class Value;
using ValueList = std::vector<Value>;

class Value : public std::variant<std::monostate, int64_t, double, std::string, bool, Decimal128,
                                  ValueList> {
 public:
  using variant::variant;
  using variant::operator=;
  Value() = default;
  const variant& base() const { return *this; }
  friend bool operator==(const Value& a, const Value& b) { return a.base() == b.base(); }
};

// A total order over values of one type (for min, max and sets): null first; doubles by value,
// with NaN above every other number and -0.0 equal to 0.0, as Spark orders them; strings and
// binaries by their bytes; lists element by element. Values of different alternatives order by
// alternative. (Values have no operator<: a recursive variant cannot derive one.)
int CompareValues(const Value& a, const Value& b);

inline bool IsNull(const Value& v) { return std::holds_alternative<std::monostate>(v); }

// The text of a value as Spark casts it to a string: `1.5`, `2015-07-24 10:00:00`, `12.30`,
// `[1, null]`, `{a -> 1}`, `{1, x}`; null is "null".
std::string ValueToString(const Value& v, const DataType& type);

// Whether `v` can be a value of `type` (the alternative above, recursively); the error names
// what does not fit.
Status CheckValueType(const Value& v, const DataType& type);

}  // namespace sluice::engine
