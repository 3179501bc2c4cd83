#include "engine/expr/cast.h"

#include <charconv>
#include <cmath>

#include "engine/types/datetime.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

bool IsScalar(const DataType& t) { return !t.is_nested(); }
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

}  // namespace

bool CanCast(const DataType& from, const DataType& to) {
  if (from == to || from.id() == TypeId::kNull) return true;
  if (to.id() == TypeId::kString) return true;
  if (!IsScalar(from) || !IsScalar(to)) return false;  // nested to nested: not yet
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
