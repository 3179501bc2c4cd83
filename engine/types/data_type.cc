#include "engine/types/data_type.h"

#include <cinttypes>
#include <cstdio>

#include "engine/types/duration.h"

namespace sluice::engine {

std::string_view TypeName(DataType type) {
  switch (type) {
    case DataType::kInt64:
      return "long";
    case DataType::kDouble:
      return "double";
    case DataType::kString:
      return "string";
    case DataType::kBool:
      return "bool";
    case DataType::kTimestamp:
      return "timestamp";
  }
  return "?";
}

Result<DataType> ParseTypeName(std::string_view name) {
  if (name == "int" || name == "long" || name == "int64" || name == "bigint") {
    return DataType::kInt64;
  }
  if (name == "double") return DataType::kDouble;
  if (name == "string") return DataType::kString;
  if (name == "bool" || name == "boolean") return DataType::kBool;
  if (name == "timestamp") return DataType::kTimestamp;
  return Status::InvalidArgument("unknown column type '" + std::string(name) +
                                 "' (known: int, long, double, string, bool, timestamp)");
}

bool IsNumeric(DataType type) { return type == DataType::kInt64 || type == DataType::kDouble; }

std::string ValueToString(const Value& v) {
  if (IsNull(v)) return "null";
  if (auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%.17g", *d);
    return buf;
  }
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  return std::get<bool>(v) ? "true" : "false";
}

namespace {
// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}
}  // namespace

std::string FormatTimestamp(int64_t micros) {
  int64_t secs = micros / kMicrosPerSecond;
  int64_t frac = micros % kMicrosPerSecond;
  if (frac < 0) {
    frac += kMicrosPerSecond;
    secs -= 1;
  }
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    days -= 1;
  }
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%04" PRId64 "-%02u-%02u %02d:%02d:%02d", y, m, d,
                static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof(buf), ".%06" PRId64, frac);
    out += buf;
    while (out.back() == '0') out.pop_back();
  }
  return out;
}

}  // namespace sluice::engine
