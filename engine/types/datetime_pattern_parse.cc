// Parsing with a compiled datetime pattern, as java.time's DateTimeFormatter parses in strict
// mode, case-insensitively, followed by Spark's defaults for missing fields.
#include <array>
#include <cctype>
#include <string>

#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/datetime_pattern_internal.h"
#include "spec/check.h"

namespace sluice::engine {

namespace datetime_detail {
namespace {
using Step = DateTimePattern::Step;
using StepKind = DateTimePattern::StepKind;
using SignStyle = DateTimePattern::SignStyle;

constexpr std::string_view kMonthNames[12] = {"January",   "February", "March",    "April",
                                              "May",       "June",     "July",     "August",
                                              "September", "October",  "November", "December"};
constexpr std::string_view kDayNames[7] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
constexpr std::string_view kMonthShort[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::string_view kDayShort[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::string_view kAmPmText[2] = {"AM", "PM"};
constexpr std::string_view kQuarterShort[4] = {"Q1", "Q2", "Q3", "Q4"};
constexpr std::string_view kQuarterFull[4] = {"1st quarter", "2nd quarter", "3rd quarter",
                                              "4th quarter"};
constexpr int64_t kYearMax = 999'999'999;  // java.time's Year range
constexpr int kDigitsMax = 18;             // longer numbers fail rather than overflow
constexpr int kZoneOffsetSecondsMax = 18 * 3600;
}  // namespace

std::string_view FieldText(uint8_t field, int64_t value, bool full) {
  SLUICE_CHECK(value >= (field == kAmPm ? 0 : 1) && value <= FieldTextMax(field),
               "a field value without text");
  switch (field) {
    case kMonth:
      return full ? kMonthNames[value - 1] : kMonthShort[value - 1];
    case kDayOfWeek:
      return full ? kDayNames[value - 1] : kDayShort[value - 1];
    case kAmPm:
      return kAmPmText[value];
    case kQuarter:
      return full ? kQuarterFull[value - 1] : kQuarterShort[value - 1];
    default:
      SLUICE_CHECK(false, "a field without text");
      return "";
  }
}

int64_t FieldTextMax(uint8_t field) {
  switch (field) {
    case kMonth:
      return 12;
    case kDayOfWeek:
      return 7;
    case kAmPm:
      return 1;
    case kQuarter:
      return 4;
    default:
      return 0;
  }
}

namespace {
constexpr size_t kFail = std::string_view::npos;

// The fields parsed so far. A field parsed twice must get the same value both times.
struct Parsed {
  std::array<int64_t, kFieldCount> value{};
  std::array<bool, kFieldCount> has{};

  bool Set(uint8_t field, int64_t v) {
    if (has[field] && value[field] != v) return false;
    has[field] = true;
    value[field] = v;
    return true;
  }
  std::optional<int64_t> Get(uint8_t field) const {
    return has[field] ? std::optional<int64_t>(value[field]) : std::nullopt;
  }
};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool MatchesAt(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) !=
        std::tolower(static_cast<unsigned char>(word[i]))) {
      return false;
    }
  }
  return true;
}

// A number, as java.time's NumberPrinterParser reads one in strict mode.
size_t ParseNumber(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  if (pos >= text.size()) return kFail;
  bool negative = false, positive = false;
  if (text[pos] == '+' || text[pos] == '-') {
    negative = text[pos] == '-';
    positive = !negative;
    // Strict: '+' only where the sign shows a wide year, '-' never in an unsigned field.
    if (positive && step.sign != SignStyle::kExceedsPad) return kFail;
    if (step.sign == SignStyle::kNotNegative) return kFail;
    ++pos;
  }
  size_t n = 0;
  const size_t limit = step.max_width + step.subsequent_width;
  while (pos + n < text.size() && n < limit && IsDigit(text[pos + n])) ++n;
  if (n < step.min_width) return kFail;
  size_t take = n;
  if (step.subsequent_width > 0) {  // leave the adjacent fixed-width fields their digits
    take = std::min(
        n, std::max<size_t>(step.min_width, n - std::min<size_t>(n, step.subsequent_width)));
  }
  if (take > kDigitsMax) return kFail;
  int64_t v = 0;
  for (size_t i = 0; i < take; ++i) v = v * 10 + (text[pos + i] - '0');
  if (negative) {
    if (v == 0) return kFail;  // "-0" is refused in strict mode
    v = -v;
  } else if (step.sign == SignStyle::kExceedsPad) {
    // A year wider than the pattern needs its '+', and only such a year may have one.
    if (positive != (take > step.min_width)) return kFail;
  }
  if (step.kind == StepKind::kReducedYear) v += 2000;  // "yy": 2000..2099
  return out->Set(step.field, v) ? pos + take : kFail;
}

size_t ParseFraction(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  size_t n = 0;
  while (pos + n < text.size() && n < step.max_width && IsDigit(text[pos + n])) ++n;
  if (n < step.min_width) return kFail;
  int64_t nanos = 0;
  for (size_t i = 0; i < 9; ++i) nanos = nanos * 10 + (i < n ? text[pos + i] - '0' : 0);
  return out->Set(kNano, nanos) ? pos + n : kFail;
}

size_t ParseText(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  size_t best_len = 0;
  int64_t best = -1;
  for (int64_t v = step.field == kAmPm ? 0 : 1; v <= FieldTextMax(step.field); ++v) {
    const std::string_view word = FieldText(step.field, v, step.full);
    if (word.size() > best_len && MatchesAt(text, pos, word)) {
      best_len = word.size();
      best = v;
    }
  }
  if (best < 0) return kFail;
  return out->Set(step.field, best) ? pos + best_len : kFail;
}

// "+HH", "+HH:MM" and the others; `type` indexes java.time's list of offset patterns
// ("+HH", "+HHmm", "+HH:mm", "+HHMM", "+HH:MM", "+HHMMss", "+HH:MM:ss", ...).
size_t ParseSignedOffset(int type, std::string_view text, size_t pos, int32_t* seconds) {
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return kFail;
  const int sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  int parts[3] = {0, 0, 0};
  // "+HH": hours; "+HHmm" .. "+HH:MM": and minutes; "+HHMMss" and on: and seconds.
  const int parts_max = type == 0 ? 1 : type <= 4 ? 2 : 3;
  for (int i = 0; i < parts_max; ++i) {
    const bool required = i == 0 || (i == 1 && type >= 3);
    size_t q = p;
    if (i > 0 && type % 2 == 0) {  // the even patterns put ':' between parts
      if (q >= text.size() || text[q] != ':') {
        if (required) return kFail;
        break;
      }
      ++q;
    }
    if (q + 2 > text.size() || !IsDigit(text[q]) || !IsDigit(text[q + 1]) ||
        (text[q] - '0') * 10 + (text[q + 1] - '0') > 59) {
      if (required) return kFail;
      break;
    }
    parts[i] = (text[q] - '0') * 10 + (text[q + 1] - '0');
    p = q + 2;
  }
  *seconds = sign * (parts[0] * 3600 + parts[1] * 60 + parts[2]);
  return p;
}

size_t ParseOffset(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  int32_t seconds = 0;
  size_t end = kFail;
  if (MatchesAt(text, pos, step.literal)) {
    end = pos + step.literal.size();
  } else {
    end = ParseSignedOffset(step.max_width, text, pos, &seconds);
  }
  if (end == kFail) return kFail;
  return out->Set(kOffsetSeconds, seconds) ? end : kFail;
}

// "GMT", or "GMT" and an offset as "+HH:MM[:ss]".
size_t ParseLocalizedOffset(std::string_view text, size_t pos, Parsed* out) {
  if (!MatchesAt(text, pos, "GMT")) return kFail;
  pos += 3;
  int32_t seconds = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    pos = ParseSignedOffset(6, text, pos, &seconds);
    if (pos == kFail) return kFail;
  }
  return out->Set(kOffsetSeconds, seconds) ? pos : kFail;
}

// After a prefix "UT", "UTC" or "GMT" that ends at pos: an offset "+HH:MM[:ss]" if one
// follows, else the prefix alone (java.time's ZoneIdPrinterParser.parseOffsetBased). An offset
// past +-18:00 fails the parse where the fields resolve, as java.time fails it here.
size_t ParseOffsetAfterPrefix(std::string_view text, size_t pos, Parsed* out) {
  int32_t seconds = 0;
  size_t end = ParseSignedOffset(6, text, pos, &seconds);
  if (end == kFail) {
    seconds = 0;
    end = pos;
  }
  return out->Set(kOffsetSeconds, seconds) ? end : kFail;
}

// A zone id ("V") or name ("z"), read as java.time's ZoneIdPrinterParser does in strict mode:
//   - a sign starts an offset "+HH:MM[:ss]" (so "+3" is no zone);
//   - "UT", "GMT" and, for "V", "UTC" are a prefix, then an offset if one follows, else the prefix
//     alone: "UTC-31" reads "UTC" and leaves "-31" ("GMT0" is a name of its own);
//   - anything else (and "UTC" for "z", which looks names up) is the longest run of id characters
//     that names a zone ParseZoneOffset knows.
size_t ParseZone(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  if (step.kind == StepKind::kZoneName && MatchesAt(text, pos, kUtcFullName)) {
    return out->Set(kOffsetSeconds, 0) ? pos + kUtcFullName.size() : kFail;
  }
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int32_t seconds = 0;
    const size_t end = ParseSignedOffset(6, text, pos, &seconds);
    if (end == kFail) return kFail;
    return out->Set(kOffsetSeconds, seconds) ? end : kFail;
  }
  if (MatchesAt(text, pos, "UTC")) {
    if (step.kind == StepKind::kZoneId) return ParseOffsetAfterPrefix(text, pos + 3, out);
    return out->Set(kOffsetSeconds, 0) ? pos + 3 : kFail;
  }
  if (MatchesAt(text, pos, "UT")) return ParseOffsetAfterPrefix(text, pos + 2, out);
  if (MatchesAt(text, pos, "GMT") && !MatchesAt(text, pos, "GMT0")) {
    return ParseOffsetAfterPrefix(text, pos + 3, out);
  }
  size_t run = 0;
  while (pos + run < text.size()) {
    const char c = text[pos + run];
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/' && c != '_' && c != '+' &&
        c != '-' && c != ':') {
      break;
    }
    ++run;
  }
  for (size_t len = run; len > 0; --len) {
    const std::optional<int32_t> offset = ParseZoneOffset(text.substr(pos, len));
    if (offset.has_value()) return out->Set(kOffsetSeconds, *offset) ? pos + len : kFail;
  }
  return kFail;
}

size_t ParseStep(const Step& step, std::string_view text, size_t pos, Parsed* out) {
  switch (step.kind) {
    case StepKind::kLiteral:
      return MatchesAt(text, pos, step.literal) ? pos + step.literal.size() : kFail;
    case StepKind::kNumber:
    case StepKind::kReducedYear:
      return ParseNumber(step, text, pos, out);
    case StepKind::kFraction:
      return ParseFraction(step, text, pos, out);
    case StepKind::kText:
      return ParseText(step, text, pos, out);
    case StepKind::kOffset:
      return ParseOffset(step, text, pos, out);
    case StepKind::kLocalizedOffset:
      return ParseLocalizedOffset(text, pos, out);
    case StepKind::kZoneId:
    case StepKind::kZoneName:
      return ParseZone(step, text, pos, out);
    case StepKind::kOptionalStart:
    case StepKind::kOptionalEnd:
      break;
  }
  SLUICE_CHECK(false, "optional sections are handled by ParseSteps");
  return kFail;
}

// Steps [begin, end) from `pos`; the position after them, or kFail. An optional section that
// does not match is skipped, and what it parsed is forgotten.
size_t ParseSteps(const std::vector<Step>& steps, size_t begin, size_t end, std::string_view text,
                  size_t pos, Parsed* out) {
  for (size_t i = begin; i < end; ++i) {
    const Step& step = steps[i];
    if (step.kind == StepKind::kOptionalStart) {
      SLUICE_CHECK(step.end > i && step.end < end, "an optional section ends inside its parent");
      const Parsed before = *out;
      const size_t after = ParseSteps(steps, i + 1, step.end, text, pos, out);
      if (after == kFail) {
        *out = before;
      } else {
        pos = after;
      }
      i = step.end;
      continue;
    }
    pos = ParseStep(step, text, pos, out);
    if (pos == kFail) return kFail;
  }
  return pos;
}

// The local date-time and offset the parsed fields name, after java.time's strict checks and
// Spark's defaults.
struct Resolved {
  CivilDate date;
  int hour = 0, minute = 0, second = 0, micro = 0;
  int32_t offset_seconds = 0;
};

bool InRange(const std::optional<int64_t>& v, int64_t lo, int64_t hi) {
  return !v.has_value() || (*v >= lo && *v <= hi);
}

bool ResolveDate(const Parsed& p, CivilDate* date) {
  const int64_t year = p.Get(kYear).value_or(1970);
  const std::optional<int64_t> month = p.Get(kMonth), day = p.Get(kDayOfMonth);
  const std::optional<int64_t> day_of_year = p.Get(kDayOfYear);
  if (year < -kYearMax || year > kYearMax || !InRange(month, 1, 12) || !InRange(day, 1, 31) ||
      !InRange(day_of_year, 1, 366)) {
    return false;
  }
  if (day_of_year.has_value()) {
    if (*day_of_year == 366 && !IsLeapYear(year)) return false;
    *date = CivilFromDays(DaysFromCivil(year, 1, 1) + *day_of_year - 1);
    return (!month.has_value() || *month == date->month) && (!day.has_value() || *day == date->day);
  }
  *date = CivilDate{year, static_cast<int>(month.value_or(1)), static_cast<int>(day.value_or(1))};
  return IsValidCivil(date->year, date->month, date->day);
}

bool ResolveHour(const Parsed& p, int* hour) {
  std::optional<int64_t> hod = p.Get(kHourOfDay), hap = p.Get(kHourOfAmPm);
  const std::optional<int64_t> clock_hod = p.Get(kClockHourOfDay),
                               clock_hap = p.Get(kClockHourOfAmPm);
  const std::optional<int64_t> ampm = p.Get(kAmPm);
  if (!InRange(hod, 0, 23) || !InRange(hap, 0, 11) || !InRange(clock_hod, 1, 24) ||
      !InRange(clock_hap, 1, 12)) {
    return false;
  }
  // Each pair of fields that say the same thing must agree, as strict resolution demands.
  auto merge = [](std::optional<int64_t>* into, int64_t v) {
    if (into->has_value() && **into != v) return false;
    *into = v;
    return true;
  };
  if (clock_hod.has_value() && !merge(&hod, *clock_hod % 24)) return false;
  if (clock_hap.has_value() && !merge(&hap, *clock_hap % 12)) return false;
  if (ampm.has_value() && hap.has_value() && !merge(&hod, *ampm * 12 + *hap)) return false;
  if (ampm.has_value() && hod.has_value() && *hod / 12 != *ampm) return false;
  // Without "a", java.time cross-checks an hour of AM/PM left over against the hour of day.
  if (!ampm.has_value() && hod.has_value() && hap.has_value() && *hod % 12 != *hap) return false;
  *hour = static_cast<int>(hod.value_or(hap.value_or(ampm.value_or(0) == 1 ? 12 : 0)));
  return true;
}

std::optional<Resolved> Resolve(const Parsed& p) {
  Resolved r;
  if (!ResolveDate(p, &r.date) || !ResolveHour(p, &r.hour)) return std::nullopt;
  const std::optional<int64_t> minute = p.Get(kMinute), second = p.Get(kSecond);
  const int64_t offset = p.Get(kOffsetSeconds).value_or(0);
  if (!InRange(minute, 0, 59) || !InRange(second, 0, 59) || offset < -kZoneOffsetSecondsMax ||
      offset > kZoneOffsetSecondsMax) {
    return std::nullopt;
  }
  r.minute = static_cast<int>(minute.value_or(0));
  r.second = static_cast<int>(second.value_or(0));
  r.micro = static_cast<int>(p.Get(kNano).value_or(0) / 1000);
  r.offset_seconds = static_cast<int32_t>(offset);
  return r;
}

std::optional<Resolved> ParseAndResolve(const std::vector<Step>& steps, std::string_view text) {
  Parsed parsed;
  if (ParseSteps(steps, 0, steps.size(), text, 0, &parsed) != text.size()) return std::nullopt;
  return Resolve(parsed);
}
}  // namespace
}  // namespace datetime_detail

std::optional<int64_t> DateTimePattern::ParseTimestamp(std::string_view text) const {
  SLUICE_CHECK(use_ == PatternUse::kParse, "parsing with a pattern compiled for formatting");
  const std::optional<datetime_detail::Resolved> r = datetime_detail::ParseAndResolve(steps_, text);
  if (!r.has_value()) return std::nullopt;
  return MicrosFromCivil(r->date.year, r->date.month, r->date.day, r->hour, r->minute, r->second,
                         r->micro, r->offset_seconds);
}

std::optional<int32_t> DateTimePattern::ParseDate(std::string_view text) const {
  SLUICE_CHECK(use_ == PatternUse::kParse, "parsing with a pattern compiled for formatting");
  const std::optional<datetime_detail::Resolved> r = datetime_detail::ParseAndResolve(steps_, text);
  if (!r.has_value()) return std::nullopt;
  const int64_t days = DaysFromCivil(r->date.year, r->date.month, r->date.day);
  if (days < INT32_MIN || days > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(days);
}

}  // namespace sluice::engine
