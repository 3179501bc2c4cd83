#include "engine/expr/cast.h"

#include <charconv>
#include <cmath>

#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

bool IsTime(const DataType& t) { return t.id() == TypeId::kDate || t.id() == TypeId::kTimestamp; }
DecimalSpec SpecOf(const DataType& t) { return {t.precision(), t.scale()}; }

// Spark's UTF8String.toLong with ANSI off: trimmed, an optional sign, digits, and an optional
// fraction that is cut off; anything else, or a value out of range, is null.
std::optional<int64_t> StringToLong(std::string_view s) {
  s = TrimForCast(s);
  const size_t point = s.find('.');
  std::string_view whole = s.substr(0, point);
  if (point != std::string_view::npos) {
    for (char c : s.substr(point + 1)) {
      if (c < '0' || c > '9') return std::nullopt;
    }
    if (whole.empty() || whole == "-" || whole == "+") {
      return point + 1 < s.size() ? std::optional<int64_t>(0) : std::nullopt;
    }
  }
  if (!whole.empty() && whole[0] == '+') whole.remove_prefix(1);
  int64_t v = 0;
  const auto [end, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), v);
  if (ec != std::errc() || end != whole.data() + whole.size() || whole.empty()) {
    return std::nullopt;
  }
  return v;
}

// Java's Double.parseDouble on the trimmed text, with Spark's special literals.
std::optional<double> StringToDouble(std::string_view s) {
  s = TrimForCast(s);
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "nan") return std::nan("");
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
    return HUGE_VAL;
  }
  if (lower == "-inf" || lower == "-infinity") return -HUGE_VAL;
  if (!s.empty() && (s.back() == 'd' || s.back() == 'D' || s.back() == 'f' || s.back() == 'F')) {
    s.remove_suffix(1);
  }
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  double d = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return d;
}

int64_t SaturatingToLong(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9.2233720368547758e18) return INT64_MAX;
  if (d <= -9.2233720368547758e18) return INT64_MIN;
  return static_cast<int64_t>(d);
}

std::optional<int64_t> ToIntegral(const Column& in, size_t i, bool to_int) {
  const DataType& from = in.type();
  switch (from.id()) {
    case TypeId::kBool:
      return in.Bool(i) ? 1 : 0;
    case TypeId::kInt32:
    case TypeId::kInt64:
      return in.AsInt64(i);
    case TypeId::kTimestamp:
      return FloorDiv(in.Int(i), kMicrosPerSecond);
    case TypeId::kFloat:
    case TypeId::kDouble: {
      const double d = in.AsDouble(i);
      if (to_int) {  // Java's (int) of a double saturates at the int range
        if (std::isnan(d)) return 0;
        return static_cast<int64_t>(std::fmax(std::fmin(d, INT32_MAX), INT32_MIN));
      }
      return SaturatingToLong(d);
    }
    case TypeId::kDecimal:
      return DecimalToInt64(in.Decimal(i), from.scale());
    case TypeId::kString: {
      std::optional<int64_t> v = StringToLong(in.String(i));
      if (v && to_int && (*v < INT32_MIN || *v > INT32_MAX)) return std::nullopt;
      return v;
    }
    default:
      return std::nullopt;  // a date casts to no number
  }
}

std::optional<double> ToDouble(const Column& in, size_t i) {
  const DataType& from = in.type();
  switch (from.id()) {
    case TypeId::kBool:
      return in.Bool(i) ? 1.0 : 0.0;
    case TypeId::kTimestamp:
      return static_cast<double>(in.Int(i)) / 1e6;
    case TypeId::kDecimal:
      return DecimalToDouble(in.Decimal(i), from.scale());
    case TypeId::kString:
      return StringToDouble(in.String(i));
    case TypeId::kDate:
      return std::nullopt;
    default:
      return in.AsDouble(i);
  }
}

std::optional<Int128> ToDecimal(const Column& in, size_t i, DecimalSpec to) {
  const DataType& from = in.type();
  switch (from.id()) {
    case TypeId::kBool:
      return DecimalFromInt64(in.Bool(i) ? 1 : 0, to);
    case TypeId::kInt32:
    case TypeId::kInt64:
      return DecimalFromInt64(in.AsInt64(i), to);
    case TypeId::kFloat:
    case TypeId::kDouble:
      return DecimalFromDouble(in.AsDouble(i), to);
    case TypeId::kDecimal:
      return RescaleDecimal(in.Decimal(i), from.scale(), to);
    case TypeId::kTimestamp:
      return RescaleDecimal(in.Int(i), 6, to);
    case TypeId::kString:
      return ParseDecimal(in.String(i), to);
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> ToTimestamp(const Column& in, size_t i) {
  const DataType& from = in.type();
  switch (from.id()) {
    case TypeId::kTimestamp:
      return in.Int(i);
    case TypeId::kDate:
      return MicrosFromDays(in.Int32(i));
    case TypeId::kString:
      return StringToTimestamp(in.String(i));
    case TypeId::kBool:
      return in.Bool(i) ? 1 : 0;
    case TypeId::kInt32:
    case TypeId::kInt64:
      return static_cast<int64_t>(static_cast<uint64_t>(in.AsInt64(i)) * kMicrosPerSecond);
    case TypeId::kDecimal: {
      std::optional<Int128> micros =
          RescaleDecimal(in.Decimal(i), from.scale(), {kMaxDecimalPrecision, 6});
      if (!micros) return std::nullopt;
      return DecimalToInt64(*micros, 0);
    }
    default: {
      const double d = in.AsDouble(i);
      if (std::isnan(d) || std::isinf(d)) return std::nullopt;
      return SaturatingToLong(d * 1e6);
    }
  }
}

std::optional<int32_t> ToDate(const Column& in, size_t i) {
  switch (in.type().id()) {
    case TypeId::kDate:
      return in.Int32(i);
    case TypeId::kTimestamp:
      return DaysFromMicros(in.Int(i));
    case TypeId::kString:
      return StringToDate(in.String(i));
    default:
      return std::nullopt;
  }
}

std::optional<bool> ToBool(const Column& in, size_t i) {
  switch (in.type().id()) {
    case TypeId::kBool:
      return in.Bool(i);
    case TypeId::kString: {
      std::string lower;
      for (char c : TrimForCast(in.String(i))) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (lower == "t" || lower == "true" || lower == "y" || lower == "yes" || lower == "1") {
        return true;
      }
      if (lower == "f" || lower == "false" || lower == "n" || lower == "no" || lower == "0") {
        return false;
      }
      return std::nullopt;
    }
    case TypeId::kDate:
      return std::nullopt;
    case TypeId::kTimestamp:
      return in.Int(i) != 0;
    case TypeId::kDecimal:
      return in.Decimal(i) != 0;
    default:
      return in.AsDouble(i) != 0;
  }
}

std::string BigEndian(uint64_t v, int bytes) {
  std::string out(static_cast<size_t>(bytes), '\0');
  for (int b = bytes - 1; b >= 0; --b, v >>= 8) out[static_cast<size_t>(b)] = static_cast<char>(v);
  return out;
}

// Appends the cast of row `i` of `in` to `out` (whose type is the target type).
void CastRow(const Column& in, size_t i, Column* out) {
  const DataType& to = out->type();
  auto put = [&](const auto& v, auto append) { v ? append(*v) : out->AppendNull(); };
  switch (to.id()) {
    case TypeId::kBool:
      return put(ToBool(in, i), [&](bool b) { out->AppendBool(b); });
    case TypeId::kInt32:
    case TypeId::kInt64:
      return put(ToIntegral(in, i, to.id() == TypeId::kInt32),
                 [&](int64_t v) { out->AppendIntegral(v); });
    case TypeId::kFloat:
      return put(ToDouble(in, i), [&](double d) { out->AppendFloat(static_cast<float>(d)); });
    case TypeId::kDouble:
      return put(ToDouble(in, i), [&](double d) { out->AppendDouble(d); });
    case TypeId::kDecimal:
      return put(ToDecimal(in, i, SpecOf(to)), [&](Int128 v) { out->AppendDecimal(v); });
    case TypeId::kTimestamp:
      return put(ToTimestamp(in, i), [&](int64_t v) { out->AppendInt(v); });
    case TypeId::kDate:
      return put(ToDate(in, i), [&](int32_t v) { out->AppendInt32(v); });
    case TypeId::kString:
      return out->AppendString(ValueToString(in.Get(i), in.type()));
    case TypeId::kBinary:
      if (in.type().id() == TypeId::kInt32) return out->AppendString(BigEndian(in.Int32(i), 4));
      if (in.type().id() == TypeId::kInt64) return out->AppendString(BigEndian(in.Int(i), 8));
      return out->AppendString(in.String(i));
    default:
      SLUICE_CHECK(false, "a cast CanCast allows");
  }
}

// Spark's DecimalType.isWiderThan: `to` holds every value of `from` (an integer as its decimal).
bool DecimalHolds(const DataType& to, const DataType& from) {
  DecimalSpec f;
  if (from.id() == TypeId::kInt32) {
    f = kIntDecimalSpec;
  } else if (from.id() == TypeId::kInt64) {
    f = kLongDecimalSpec;
  } else if (from.id() == TypeId::kDecimal) {
    f = SpecOf(from);
  } else if (from.id() == TypeId::kBool) {
    f = {1, 0};
  } else {
    return false;
  }
  return to.precision() - to.scale() >= f.precision - f.scale && to.scale() >= f.scale;
}

// Spark 3.5's Cast.forceNullable: whether a cast of a non-null `from` value may give null. A
// cast to a map key type must not (a map key is never null).
bool ForceNullable(const DataType& from, const DataType& to) {
  if (from.id() == TypeId::kNull || from == to) return false;
  if (from.id() == TypeId::kString) return to.id() != TypeId::kBinary;
  if (to.id() == TypeId::kString) return false;
  if (from.is_floating() && to.id() == TypeId::kTimestamp) return true;
  if (from.id() == TypeId::kTimestamp && to.id() == TypeId::kDate) return false;
  if (to.id() == TypeId::kDate) return true;
  if (from.id() == TypeId::kDate && to.id() == TypeId::kTimestamp) return false;
  if (from.id() == TypeId::kDate) return true;
  if (to.id() == TypeId::kDecimal) {
    const bool null_safe =
        DecimalHolds(to, from) || (from.id() == TypeId::kDecimal &&
                                   to.precision() - to.scale() > from.precision() - from.scale());
    return !null_safe;
  }
  return from.is_floating() && to.is_integral();
}

// Spark's Cast.canCast for arrays, maps and structs (every Sluice type is nullable): element by
// element, a map's keys only by a cast that never gives null, a struct's fields by position.
bool CanCastNested(const DataType& from, const DataType& to) {
  if (from.id() != to.id()) return false;
  switch (from.id()) {
    case TypeId::kArray:
      return CanCast(from.element(), to.element());
    case TypeId::kMap:
      return CanCast(from.key(), to.key()) && !ForceNullable(from.key(), to.key()) &&
             CanCast(from.value(), to.value());
    case TypeId::kStruct: {
      if (from.fields().size() != to.fields().size()) return false;
      for (size_t f = 0; f < from.fields().size(); ++f) {
        if (!CanCast(from.fields()[f].type, to.fields()[f].type)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

// An array or map column with the structure of `in` over the children `children` (the cast
// children of `in`, row for row); a null row stays null.
Column Relist(const Column& in, const DataType& to, const std::vector<Column>& children) {
  Column out(to);
  out.Reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    for (int64_t k = in.ListBegin(i); k < in.ListEnd(i); ++k) {
      for (size_t c = 0; c < children.size(); ++c) {
        out.child(c).AppendFrom(children[c], static_cast<size_t>(k));
      }
    }
    out.CloseList();
  }
  return out;
}

// A cast between two arrays, two maps or two structs: the children are cast as whole columns,
// then the rows are put back together; a struct takes the target's field names.
Column CastNested(const Column& in, const DataType& to) {
  std::vector<Column> children;
  switch (to.id()) {
    case TypeId::kArray:
      children.push_back(CastColumn(in.child(0), to.element()));
      return Relist(in, to, children);
    case TypeId::kMap:
      children.push_back(CastColumn(in.child(0), to.key()));
      children.push_back(CastColumn(in.child(1), to.value()));
      return Relist(in, to, children);
    default:
      break;
  }
  for (size_t f = 0; f < to.fields().size(); ++f) {
    children.push_back(CastColumn(in.child(f), to.fields()[f].type));
  }
  Column out(to);
  out.Reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    for (size_t f = 0; f < children.size(); ++f) out.child(f).AppendFrom(children[f], i);
    out.CloseStruct();
  }
  return out;
}

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (to.id() == TypeId::kString) return true;
  if (from.is_nested() || to.is_nested()) return CanCastNested(from, to);
  switch (to.id()) {
    case TypeId::kBinary:
      return from.id() == TypeId::kString || from.is_integral();
    case TypeId::kDate:
      return from.id() == TypeId::kString || IsTime(from);
    case TypeId::kTimestamp:
      return from.id() != TypeId::kBinary;
    case TypeId::kBool:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return from.id() != TypeId::kBinary;
    default:
      return false;
  }
}

Column CastColumn(const Column& in, const DataType& to) {
  SLUICE_CHECK(CanCast(in.type(), to), "a cast CanCast allows");
  if (in.type() == to) return in;
  if (in.type().is_nested() && to.is_nested()) return CastNested(in, to);
  Column out(to);
  out.Reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in.IsNull(i)) {
      out.AppendNull();
    } else {
      CastRow(in, i, &out);
    }
  }
  return out;
}

}  // namespace sluice::engine
