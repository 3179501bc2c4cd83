#include "sim/payload.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace sluice::sim {
namespace {

using engine::DataType;
using engine::Decimal128;
using engine::Int128;
using engine::Value;
using engine::ValueList;

// A field of `id` that is null when id % modulus == residue, else `value`.
Value NullAt(int64_t id, int64_t modulus, int64_t residue, Value value) {
  return id % modulus == residue ? Value{} : std::move(value);
}

// A float's value, as a Value holds it (a double that converts to the float exactly).
Value FloatValue(int64_t id) {
  if (id % 6 == 4) return static_cast<double>(-0.0f);
  if (id % 11 == 5) return static_cast<double>(std::numeric_limits<float>::infinity());
  return static_cast<double>(static_cast<float>(id) * 0.5f - 1.25f);
}

// decimal(38,6): 2^64 + id, and a fraction, negative for odd ids.
Value DecimalValue(int64_t id) {
  const Int128 whole = (Int128{1} << 64) + id;
  const Int128 unscaled = whole * 1000000 + 123456;
  return Decimal128{id % 2 ? -unscaled : unscaled};
}

Value TextValue(int64_t id) {
  return "r\xC3\xA9sum\xC3\xA9 \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8C\x8A #" + std::to_string(id);
}

Value BinaryValue(int64_t id) {
  std::string bytes{'\0', static_cast<char>(id & 0xff), '\0', '\xff'};
  return bytes + std::to_string(id);
}

// Days since the epoch: even ids after 1970, odd ids before (within 100 years of it).
Value DateValue(int64_t id) { return (id % 2 ? -1 : 1) * (id % 100 * 367 + 11); }

// Microseconds since the epoch: before 1970 for ids of residue 1 or 2 mod 4.
Value TimestampValue(int64_t id) {
  const int64_t magnitude = id % 1000 * 86'400'000'123 + 456'789;
  return (id % 4 == 1 || id % 4 == 2) ? -magnitude : magnitude;
}

Value TagsValue(int64_t id) {
  if (id % 5 == 2) return ValueList{};
  return ValueList{Value{"t" + std::to_string(id)}, Value{}, Value{"\xC3\xB6l"}};
}

Value AttrsValue(int64_t id) {
  if (id % 5 == 3) return ValueList{};
  return ValueList{ValueList{Value{"n"}, Value{id % 1000}},
                   ValueList{Value{"\xC3\x9F"}, NullAt(id, 2, 0, Value{-(id % 100000)})}};
}

Value InnerValue(int64_t id) {
  return ValueList{NullAt(id, 4, 0, Value{id % 100000 * 3}),
                   NullAt(id, 5, 1, Value{"y" + std::to_string(id)})};
}

bool SameValue(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  if (const auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    return std::memcmp(x, &y, sizeof y) == 0;
  }
  if (const auto* x = std::get_if<ValueList>(&a)) {
    const ValueList& y = std::get<ValueList>(b);
    if (x->size() != y.size()) return false;
    for (size_t i = 0; i < x->size(); ++i) {
      if (!SameValue((*x)[i], y[i])) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

const DataType& PayloadType() {
  static const DataType type = DataType::Struct({
      {"id", DataType::kInt64},
      {"i", DataType::kInt32},
      {"f", DataType::kFloat},
      {"d", DataType::kDouble},
      {"dec", DataType::Decimal(38, 6)},
      {"flag", DataType::kBool},
      {"s", DataType::kString},
      {"bin", DataType::kBinary},
      {"day", DataType::kDate},
      {"at", DataType::kTimestamp},
      {"tags", DataType::Array(DataType::kString)},
      {"attrs", DataType::Map(DataType::kString, DataType::kInt32)},
      {"inner", DataType::Struct({{"x", DataType::kInt32}, {"y", DataType::kString}})},
  });
  return type;
}

Value Payload(int64_t id) {
  if (id % 7 == 6) return Value{};
  return ValueList{
      Value{id},
      NullAt(id, 3, 2, Value{id % 100000 * 7 - 100}),
      NullAt(id, 10, 3, FloatValue(id)),
      NullAt(id, 8, 5, Value{static_cast<double>(id) / 3.0}),
      NullAt(id, 9, 4, DecimalValue(id)),
      NullAt(id, 4, 3, Value{id % 3 == 0}),
      NullAt(id, 5, 4, TextValue(id)),
      NullAt(id, 6, 1, BinaryValue(id)),
      NullAt(id, 10, 7, DateValue(id)),
      NullAt(id, 11, 8, TimestampValue(id)),
      NullAt(id, 12, 9, TagsValue(id)),
      NullAt(id, 13, 10, AttrsValue(id)),
      NullAt(id, 3, 1, InnerValue(id)),
  };
}

bool IsPayloadOf(const Value& v, int64_t id) { return SameValue(v, Payload(id)); }

std::string PayloadText(const Value& v) { return engine::ValueToString(v, PayloadType()); }

}  // namespace sluice::sim
