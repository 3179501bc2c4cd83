#include "engine/types/datetime_cast.h"

#include <limits>

#include "engine/types/datetime.h"
#include "spec/check.h"

namespace sluice::engine {

namespace {
constexpr int kZoneOffsetSecondsMax = 18 * 3600;  // java.time.ZoneOffset's bound

// Spark trims bytes that Java calls white space or ISO control characters (all of 0x00-0x20 and
// 0x7F); bytes of multi-byte UTF-8 characters are never trimmed.
bool IsTrimmed(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u <= 0x20 || u == 0x7F;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A run of digits: its count and value. Digits past `keep` still count but do not add to the
// value (Spark drops the fraction's digits past the sixth); keep <= 18.
struct DigitRun {
  int count = 0;
  int64_t value = 0;
};

DigitRun ReadDigits(std::string_view s, size_t* pos, int keep) {
  DigitRun run;
  while (*pos < s.size() && IsDigit(s[*pos])) {
    if (run.count < keep) run.value = run.value * 10 + (s[*pos] - '0');
    ++run.count;
    ++*pos;
  }
  return run;
}

// A leading sign: +1 or -1, consumed; +1 when there is none.
int ReadSign(std::string_view s, size_t* pos) {
  if (*pos < s.size() && (s[*pos] == '+' || s[*pos] == '-')) return s[(*pos)++] == '-' ? -1 : 1;
  return 1;
}

bool IsShortField(const DigitRun& run) { return run.count >= 1 && run.count <= 2; }
}  // namespace

std::string_view TrimForCast(std::string_view s) {
  while (!s.empty() && IsTrimmed(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsTrimmed(s.back())) s.remove_suffix(1);
  return s;
}

// ---- Casts from strings ----------------------------------------------------------------------

std::optional<int32_t> StringToDate(std::string_view text) {
  const std::string_view s = TrimForCast(text);
  size_t pos = 0;
  const int sign = ReadSign(s, &pos);
  const DigitRun year = ReadDigits(s, &pos, 8);
  if (year.count < 4 || year.count > 7) return std::nullopt;
  DigitRun month{1, 1};
  DigitRun day{1, 1};
  if (pos < s.size()) {
    if (s[pos] != '-') return std::nullopt;  // "yyyy" must be the whole text
    ++pos;
    month = ReadDigits(s, &pos, 2);
    if (!IsShortField(month)) return std::nullopt;
    if (pos < s.size()) {
      if (s[pos] != '-') return std::nullopt;  // so must "yyyy-[m]m"
      ++pos;
      day = ReadDigits(s, &pos, 2);
      if (!IsShortField(day)) return std::nullopt;
      // After the day, ' ' or 'T' may start anything at all.
      if (pos < s.size() && s[pos] != ' ' && s[pos] != 'T') return std::nullopt;
    }
  }
  const int64_t y = sign * year.value;
  const int m = static_cast<int>(month.value);
  const int d = static_cast<int>(day.value);
  if (!IsValidCivil(y, m, d)) return std::nullopt;
  const int64_t days = DaysFromCivil(y, m, d);
  if (days < std::numeric_limits<int32_t>::min() || days > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int32_t>(days);
}

namespace {
// The text of a timestamp cast, split into its fields; the zone is whatever follows the seconds.
struct TimestampText {
  int64_t year = 1970;
  int64_t field[5] = {1, 1, 0, 0, 0};  // month, day, hour, minute, second
  int64_t micro = 0;
  std::optional<std::string_view> zone;
};

// The separator that may follow field i (0 = month .. 4 = second); what follows the seconds is
// a '.' or a zone, so it has none.
constexpr char kSeparatorAfter[5] = {'-', ' ', ':', ':', '\0'};

// Reads the fraction of a second and the zone after the seconds; false if malformed.
bool ReadFractionAndZone(std::string_view s, size_t pos, TimestampText* out) {
  if (s[pos] == '.') {
    ++pos;
    const DigitRun frac = ReadDigits(s, &pos, 6);  // any count, even none, as Spark allows
    out->micro = frac.value;
    for (int i = frac.count; i < 6; ++i) out->micro *= 10;
  }
  if (pos < s.size()) out->zone = s.substr(pos);
  return true;
}

bool SplitTimestampText(std::string_view s, TimestampText* out) {
  size_t pos = 0;
  const int sign = ReadSign(s, &pos);
  const DigitRun year = ReadDigits(s, &pos, 7);
  // A ':' here would make the text a time without a date: see the header.
  if (year.count < 4 || year.count > 6) return false;
  out->year = sign * year.value;
  if (pos == s.size()) return true;
  if (s[pos] != '-') return false;
  ++pos;
  for (int i = 0; i < 5; ++i) {
    const DigitRun run = ReadDigits(s, &pos, 2);
    if (!IsShortField(run)) return false;
    out->field[i] = run.value;
    if (pos == s.size()) return true;
    if (i == 4) return ReadFractionAndZone(s, pos, out);
    const bool date_time_separator = i == 1 && s[pos] == 'T';
    if (s[pos] != kSeparatorAfter[i] && !date_time_separator) return false;
    ++pos;  // an empty field after it fails the next round ("2015-01-01T")
  }
  SLUICE_CHECK(false, "the loop returns at the seconds");
  return false;
}
}  // namespace

std::optional<int64_t> StringToTimestamp(std::string_view text) {
  const std::string_view s = TrimForCast(text);
  if (s.empty()) return std::nullopt;
  TimestampText t;
  if (!SplitTimestampText(s, &t)) return std::nullopt;
  int32_t offset = 0;
  if (t.zone.has_value()) {
    std::string_view zone = *t.zone;
    while (!zone.empty() && static_cast<unsigned char>(zone.front()) <= ' ') zone.remove_prefix(1);
    const std::optional<int32_t> parsed = ParseZoneOffset(zone);
    if (!parsed.has_value()) return std::nullopt;
    offset = *parsed;
  }
  const int month = static_cast<int>(t.field[0]);
  const int day = static_cast<int>(t.field[1]);
  if (!IsValidCivil(t.year, month, day)) return std::nullopt;
  if (t.field[2] > 23 || t.field[3] > 59 || t.field[4] > 59) return std::nullopt;
  return MicrosFromCivil(t.year, month, day, static_cast<int>(t.field[2]),
                         static_cast<int>(t.field[3]), static_cast<int>(t.field[4]),
                         static_cast<int>(t.micro), offset);
}

// ---- Zones -----------------------------------------------------------------------------------

namespace {
// Two ASCII digits at s[pos], or -1.
int TwoDigits(std::string_view s, size_t pos) {
  if (pos + 2 > s.size() || !IsDigit(s[pos]) || !IsDigit(s[pos + 1])) return -1;
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

// java.time's ZoneOffset.of: "Z", or a sign and "h", "hh", "hh:mm", "hhmm", "hh:mm:ss", "hhmmss".
std::optional<int32_t> OffsetOf(std::string_view id) {
  if (id == "Z") return 0;
  if (id.size() < 2 || (id[0] != '+' && id[0] != '-')) return std::nullopt;
  const std::string_view body = id.substr(1);
  int hours = -1, minutes = 0, seconds = 0;
  switch (body.size()) {
    case 1:
      hours = IsDigit(body[0]) ? body[0] - '0' : -1;
      break;
    case 2:
      hours = TwoDigits(body, 0);
      break;
    case 4:
    case 6:  // hhmm, hhmmss
      hours = TwoDigits(body, 0);
      minutes = TwoDigits(body, 2);
      seconds = body.size() == 6 ? TwoDigits(body, 4) : 0;
      break;
    case 5:
    case 8:  // hh:mm, hh:mm:ss
      hours = TwoDigits(body, 0);
      minutes = body[2] == ':' ? TwoDigits(body, 3) : -1;
      seconds = body.size() == 8 ? (body[5] == ':' ? TwoDigits(body, 6) : -1) : 0;
      break;
    default:
      return std::nullopt;
  }
  if (hours < 0 || minutes < 0 || seconds < 0 || minutes > 59 || seconds > 59) return std::nullopt;
  const int total = hours * 3600 + minutes * 60 + seconds;
  if (total > kZoneOffsetSecondsMax) return std::nullopt;
  return id[0] == '-' ? -total : total;
}

// The tz database's zones whose offset never changes; everything else needs the database.
std::optional<int32_t> FixedRegionOffset(std::string_view id) {
  static constexpr std::string_view kUtcAliases[] = {
      "Etc/UTC",   "Etc/UCT", "UCT",       "Etc/Universal", "Universal",
      "Etc/Zulu",  "Zulu",    "Etc/GMT",   "Etc/GMT0",      "Etc/GMT+0",
      "Etc/GMT-0", "GMT0",    "Greenwich", "Etc/Greenwich"};
  for (std::string_view alias : kUtcAliases) {
    if (id == alias) return 0;
  }
  // "Etc/GMT+5" is five hours behind UTC: POSIX's sign convention, which the tz database keeps.
  constexpr std::string_view kEtcGmt = "Etc/GMT";
  if (id.size() > kEtcGmt.size() + 1 && id.substr(0, kEtcGmt.size()) == kEtcGmt) {
    const std::string_view rest = id.substr(kEtcGmt.size());
    const std::optional<int32_t> hours = OffsetOf(rest);
    if (hours.has_value() && *hours % 3600 == 0 && (rest.size() == 2 || rest[1] != '0')) {
      const int32_t h = *hours / 3600;
      if (h >= -14 && h <= 12) return -*hours;
    }
  }
  return std::nullopt;
}

// Spark's getZoneId first widens "+h:mm" to "+0h:mm" (anywhere in the id) and a final "+hh:m"
// to "+hh:0m", spellings that Spark 2 accepted.
std::string WidenSparkOffsetSpellings(std::string_view id) {
  std::string s(id);
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    if ((s[i] == '+' || s[i] == '-') && IsDigit(s[i + 1]) && s[i + 2] == ':') {
      s.insert(i + 1, 1, '0');
      break;
    }
  }
  const size_t n = s.size();
  if (n >= 5 && (s[n - 5] == '+' || s[n - 5] == '-') && IsDigit(s[n - 4]) && IsDigit(s[n - 3]) &&
      s[n - 2] == ':' && IsDigit(s[n - 1])) {
    s.insert(n - 1, 1, '0');
  }
  return s;
}
}  // namespace

std::optional<int32_t> ParseZoneOffset(std::string_view zone_id) {
  const std::string id = WidenSparkOffsetSpellings(zone_id);
  // Java's short ids with a fixed offset; the others name regions with daylight saving.
  if (id == "EST") return -5 * 3600;
  if (id == "MST") return -7 * 3600;
  if (id == "HST") return -10 * 3600;
  if (id.size() <= 1 || id[0] == '+' || id[0] == '-') return OffsetOf(id);
  size_t prefix = 0;
  if (id.starts_with("UTC") || id.starts_with("GMT")) {
    prefix = 3;
  } else if (id.starts_with("UT")) {
    prefix = 2;
  }
  if (prefix == 0) return FixedRegionOffset(id);
  if (id.size() == prefix) return 0;
  if (id[prefix] != '+' && id[prefix] != '-') return FixedRegionOffset(id);  // "GMT0"
  return OffsetOf(std::string_view(id).substr(prefix));
}

}  // namespace sluice::engine
