// Compiling a datetime pattern into steps, and formatting with them. Parsing is in
// datetime_pattern_parse.cc.
#include "engine/types/datetime_pattern.h"

#include <string>

#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern_internal.h"
#include "spec/check.h"

namespace sluice::engine {

namespace datetime_detail {
namespace {
using Step = DateTimePattern::Step;
using StepKind = DateTimePattern::StepKind;
using SignStyle = DateTimePattern::SignStyle;

constexpr int kValueWidthMax = 19;  // java.time's widest number field
constexpr int kFractionWidthMax = 9;

// A step that reads or writes `field` (number widths and sign style where they matter).
Step MakeStep(StepKind kind, uint8_t field = 0, int min_width = 0, int max_width = 0,
              SignStyle sign = SignStyle::kNormal) {
  Step step;
  step.kind = kind;
  step.field = field;
  step.min_width = static_cast<uint8_t>(min_width);
  step.max_width = static_cast<uint8_t>(max_width);
  step.sign = sign;
  return step;
}

Step TextStep(StepKind kind, uint8_t field, bool full) {
  Step step = MakeStep(kind, field);
  step.full = full;
  return step;
}

Step LiteralStep(StepKind kind, std::string literal, int max_width = 0) {
  Step step = MakeStep(kind, 0, 0, max_width);
  step.literal = std::move(literal);
  return step;
}

// Turns a pattern into steps as java.time's DateTimeFormatterBuilder.appendPattern does, after
// Spark's checks of the letters.
class PatternCompiler {
 public:
  PatternCompiler(std::string_view pattern, PatternUse use) : pattern_(pattern), use_(use) {}

  Result<std::vector<Step>> Run() {
    size_t pos = 0;
    while (pos < pattern_.size()) {
      const char c = pattern_[pos];
      if (IsAsciiLetter(c)) {
        size_t run_end = pos;
        while (run_end < pattern_.size() && pattern_[run_end] == c) ++run_end;
        SLUICE_RETURN_IF_ERROR(Letter(c, static_cast<int>(run_end - pos), pos));
        pos = run_end;
      } else if (c == '\'') {
        SLUICE_RETURN_IF_ERROR(Quoted(&pos));
      } else if (c == '[') {
        OptionalStart();
        ++pos;
      } else if (c == ']') {
        if (open_sections_.empty()) return Error(pos, "']' without a '[' before it");
        OptionalEnd();
        ++pos;
      } else if (c == '{' || c == '}' || c == '#') {
        return Error(pos, std::string("reserved character '") + c + "'");
      } else {
        AddLiteral(std::string(1, c));
        ++pos;
      }
    }
    while (!open_sections_.empty()) OptionalEnd();  // java.time closes open sections
    return std::move(steps_);
  }

 private:
  static bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  Status Error(size_t pos, const std::string& why) const {
    return Status::InvalidArgument("datetime pattern '" + std::string(pattern_) + "': " + why +
                                   " at position " + std::to_string(pos));
  }
  Status LetterError(char c, size_t pos, const std::string& why) const {
    return Error(pos, std::string("pattern letter '") + c + "' " + why);
  }

  Status Letter(char c, int count, size_t pos) {
    if (std::string_view("YwWuec").find(c) != std::string_view::npos) {
      return LetterError(c, pos, "is week-based, which Spark does not support since 3.0");
    }
    if (std::string_view("ABnNp").find(c) != std::string_view::npos) {
      return LetterError(c, pos, "is not supported by Spark");
    }
    if (use_ == PatternUse::kParse && std::string_view("EFqQ").find(c) != std::string_view::npos) {
      return LetterError(c, pos, "is not supported for parsing by Spark");
    }
    const bool too_long =
        (std::string_view("GMLEQq").find(c) != std::string_view::npos && count >= 5) ||
        (c == 'y' && count >= 7);
    if (too_long) return LetterError(c, pos, "repeated " + std::to_string(count) + " times");
    if (std::string_view("GOvFg").find(c) != std::string_view::npos) {
      return LetterError(c, pos, "is not supported by Sluice");
    }
    Status st = DateLetter(c, count, pos);
    if (st.code() != StatusCode::kNotFound) return st;
    st = TimeLetter(c, count, pos);
    if (st.code() != StatusCode::kNotFound) return st;
    st = ZoneLetter(c, count, pos);
    if (st.code() != StatusCode::kNotFound) return st;
    return LetterError(c, pos, "is unknown");
  }

  // Returns NotFound for a letter that is not a date field.
  Status DateLetter(char c, int count, size_t pos) {
    switch (c) {
      case 'y':
        if (count == 2) {
          AddValue(MakeStep(StepKind::kReducedYear, kYear, 2, 2, SignStyle::kNotNegative));
        } else {
          AddNumber(kYear, count, kValueWidthMax,
                    count < 4 ? SignStyle::kNormal : SignStyle::kExceedsPad);
        }
        return Status::Ok();
      case 'M':
      case 'L':
        return NumberOrText(kMonth, count);
      case 'Q':
      case 'q':
        return NumberOrText(kQuarter, count);
      case 'd':
        return SmallNumber(c, kDayOfMonth, count, pos);
      case 'D':
        if (count > 3) return LetterError(c, pos, "repeated too many times");
        if (count == 1) AddNumber(kDayOfYear, 1, kValueWidthMax, SignStyle::kNormal);
        if (count > 1) AddNumber(kDayOfYear, count, 3, SignStyle::kNotNegative);
        return Status::Ok();
      case 'E':
        AddOther(TextStep(StepKind::kText, kDayOfWeek, count == 4));
        return Status::Ok();
      default:
        return Status::NotFound("");
    }
  }

  // Returns NotFound for a letter that is not a time-of-day field.
  Status TimeLetter(char c, int count, size_t pos) {
    switch (c) {
      case 'a':
        if (count > 1) return LetterError(c, pos, "repeated too many times");
        AddOther(TextStep(StepKind::kText, kAmPm, false));
        return Status::Ok();
      case 'H':
        return SmallNumber(c, kHourOfDay, count, pos);
      case 'k':
        return SmallNumber(c, kClockHourOfDay, count, pos);
      case 'K':
        return SmallNumber(c, kHourOfAmPm, count, pos);
      case 'h':
        return SmallNumber(c, kClockHourOfAmPm, count, pos);
      case 'm':
        return SmallNumber(c, kMinute, count, pos);
      case 's':
        return SmallNumber(c, kSecond, count, pos);
      case 'S': {
        if (count > kFractionWidthMax) return LetterError(c, pos, "repeated too many times");
        const int min = use_ == PatternUse::kParse ? 1 : count;  // Spark's variable length
        Step step = MakeStep(StepKind::kFraction, kNano, min, count, SignStyle::kNotNegative);
        // As in java.time, only a fixed-width fraction joins a run of adjacent numbers, so
        // Spark cannot parse "yyyyMMddHHmmssSSS" (the year takes the digits) but can "...ssS".
        if (min == count) {
          AddValue(std::move(step));
        } else {
          AddOther(std::move(step));
        }
        return Status::Ok();
      }
      default:
        return Status::NotFound("");
    }
  }

  // Returns NotFound for a letter that is not a zone.
  Status ZoneLetter(char c, int count, size_t pos) {
    static constexpr uint8_t kOffsetTypes[5] = {1, 3, 4, 5, 6};  // "+HHmm" .. "+HH:MM:ss"
    static constexpr const char* kZeroX[5] = {"+00", "+0000", "+00:00", "+0000", "+00:00"};
    switch (c) {
      case 'V':
        if (count != 2) return LetterError(c, pos, "must appear exactly twice");
        AddOther(MakeStep(StepKind::kZoneId));
        return Status::Ok();
      case 'z':
        if (count > 4) return LetterError(c, pos, "repeated too many times");
        AddOther(TextStep(StepKind::kZoneName, 0, count == 4));
        return Status::Ok();
      case 'X':
      case 'x':
        if (count > 5) return LetterError(c, pos, "repeated too many times");
        AddOffset(kOffsetTypes[count - 1], c == 'X' ? "Z" : kZeroX[count - 1]);
        return Status::Ok();
      case 'Z':
        if (count > 5) return LetterError(c, pos, "repeated too many times");
        if (count == 4) {
          AddOther(MakeStep(StepKind::kLocalizedOffset));
        } else {
          AddOffset(count == 5 ? 6 : 3, count == 5 ? "Z" : "+0000");
        }
        return Status::Ok();
      default:
        return Status::NotFound("");
    }
  }

  // One or two digits ("d", "dd"); more letters are an error.
  Status SmallNumber(char c, DateTimeField field, int count, size_t pos) {
    if (count > 2) return LetterError(c, pos, "repeated too many times");
    if (count == 1) AddNumber(field, 1, kValueWidthMax, SignStyle::kNormal);
    if (count == 2) AddNumber(field, 2, 2, SignStyle::kNotNegative);
    return Status::Ok();
  }

  // Month and quarter: 1 or 2 digits, or a short (3 letters) or full (4) name.
  Status NumberOrText(DateTimeField field, int count) {
    if (count >= 3) {
      AddOther(TextStep(StepKind::kText, field, count == 4));
    } else if (count == 2) {
      AddNumber(field, 2, 2, SignStyle::kNotNegative);
    } else {
      AddNumber(field, 1, kValueWidthMax, SignStyle::kNormal);
    }
    return Status::Ok();
  }

  // java.time's quoting: '' inside quoted text is a quote, and a lone '' is a quote too.
  Status Quoted(size_t* pos) {
    const size_t start = *pos;
    size_t p = start + 1;
    for (; p < pattern_.size(); ++p) {
      if (pattern_[p] != '\'') continue;
      if (p + 1 < pattern_.size() && pattern_[p + 1] == '\'') {
        ++p;
      } else {
        break;
      }
    }
    if (p >= pattern_.size()) return Error(start, "unclosed quote");
    std::string text;
    const std::string_view inside = pattern_.substr(start + 1, p - start - 1);
    for (size_t i = 0; i < inside.size(); ++i) {
      text.push_back(inside[i]);
      if (inside[i] == '\'' && i + 1 < inside.size() && inside[i + 1] == '\'') ++i;
    }
    AddLiteral(text.empty() ? "'" : text);
    *pos = p + 1;
    return Status::Ok();
  }

  void AddLiteral(std::string text) {
    if (!steps_.empty() && steps_.back().kind == StepKind::kLiteral) {
      steps_.back().literal += text;
      return;
    }
    AddOther(LiteralStep(StepKind::kLiteral, std::move(text)));
  }

  void AddOffset(uint8_t type, const char* zero_text) {
    AddOther(LiteralStep(StepKind::kOffset, zero_text, type));
  }

  void AddNumber(DateTimeField field, int min, int max, SignStyle sign) {
    AddValue(MakeStep(StepKind::kNumber, field, min, max, sign));
  }

  // java.time's adjacent value parsing: a fixed-width, unsigned number right after another
  // number lends its width to the chain's first number, so that "yyyyMMdd" can parse.
  void AddValue(Step step) {
    int& active = active_.back();
    const bool joins = step.min_width == step.max_width && step.sign == SignStyle::kNotNegative;
    if (active >= 0 && joins) {
      steps_[active].subsequent_width += step.max_width;
    } else {
      active = static_cast<int>(steps_.size());
    }
    steps_.push_back(std::move(step));
  }

  void AddOther(Step step) {
    steps_.push_back(std::move(step));
    active_.back() = -1;
  }

  void OptionalStart() {
    AddOther(MakeStep(StepKind::kOptionalStart));
    open_sections_.push_back(steps_.size() - 1);
    active_.push_back(-1);
  }

  void OptionalEnd() {
    SLUICE_CHECK(!open_sections_.empty() && active_.size() > 1, "no open optional section");
    active_.pop_back();
    steps_[open_sections_.back()].end = steps_.size();
    open_sections_.pop_back();
    AddOther(MakeStep(StepKind::kOptionalEnd));
  }

  std::string_view pattern_;
  PatternUse use_;
  std::vector<Step> steps_;
  std::vector<size_t> open_sections_;  // indices of the open kOptionalStart steps
  std::vector<int> active_ = {-1};     // per open section: the chain's first number, or -1
};

// ---- Formatting ------------------------------------------------------------------------------

int64_t FieldValue(const TimestampFields& f, uint8_t field) {
  switch (field) {
    case kYear:
      return f.year;
    case kQuarter:
      return (f.month - 1) / 3 + 1;
    case kMonth:
      return f.month;
    case kDayOfMonth:
      return f.day;
    case kDayOfYear:
      return f.day_of_year;
    case kDayOfWeek:
      return f.day_of_week;
    case kAmPm:
      return f.hour / 12;
    case kHourOfDay:
      return f.hour;
    case kClockHourOfDay:
      return f.hour == 0 ? 24 : f.hour;
    case kHourOfAmPm:
      return f.hour % 12;
    case kClockHourOfAmPm:
      return f.hour % 12 == 0 ? 12 : f.hour % 12;
    case kMinute:
      return f.minute;
    case kSecond:
      return f.second;
    case kNano:
      return int64_t{f.microsecond} * 1000;
    default:
      SLUICE_CHECK(false, "no such datetime field");
      return 0;
  }
}

void FormatNumber(const Step& step, int64_t value, std::string* out) {
  const uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : value;
  std::string digits = std::to_string(magnitude);
  SLUICE_CHECK(digits.size() <= step.max_width, "a field wider than its pattern allows");
  if (value < 0) {
    SLUICE_CHECK(step.sign != SignStyle::kNotNegative, "a negative value in an unsigned field");
    out->push_back('-');
  } else if (step.sign == SignStyle::kExceedsPad && digits.size() > step.min_width) {
    out->push_back('+');
  }
  if (digits.size() < step.min_width) out->append(step.min_width - digits.size(), '0');
  out->append(digits);
}

void FormatStep(const Step& step, const TimestampFields& f, std::string* out) {
  switch (step.kind) {
    case StepKind::kLiteral:
      out->append(step.literal);
      return;
    case StepKind::kNumber:
      FormatNumber(step, FieldValue(f, step.field), out);
      return;
    case StepKind::kReducedYear: {
      const uint64_t year = f.year < 0 ? 0 - static_cast<uint64_t>(f.year) : f.year;
      out->push_back(static_cast<char>('0' + year / 10 % 10));
      out->push_back(static_cast<char>('0' + year % 10));
      return;
    }
    case StepKind::kFraction: {
      std::string nanos = std::to_string(FieldValue(f, kNano));
      nanos.insert(0, kFractionWidthMax - nanos.size(), '0');
      out->append(nanos, 0, step.max_width);
      return;
    }
    case StepKind::kText:
      out->append(FieldText(step.field, FieldValue(f, step.field), step.full));
      return;
    case StepKind::kOffset:  // the session zone is UTC: its offset is zero
      out->append(step.literal);
      return;
    case StepKind::kZoneId:
      out->append("UTC");
      return;
    case StepKind::kZoneName:
      out->append(step.full ? kUtcFullName : "UTC");
      return;
    case StepKind::kLocalizedOffset:
      out->append("GMT");
      return;
    case StepKind::kOptionalStart:
    case StepKind::kOptionalEnd:
      return;  // formatting has every field, so optional sections are always written
  }
}
}  // namespace
}  // namespace datetime_detail

Result<DateTimePattern> DateTimePattern::Compile(std::string_view pattern, PatternUse use) {
  Result<std::vector<Step>> steps = datetime_detail::PatternCompiler(pattern, use).Run();
  if (!steps.ok()) return steps.status();
  return DateTimePattern(std::string(pattern), use, std::move(steps).value());
}

void DateTimePattern::FormatTo(int64_t micros, std::string* out) const {
  SLUICE_CHECK(use_ == PatternUse::kFormat, "formatting with a pattern compiled for parsing");
  const TimestampFields f = FieldsFromMicros(micros);
  for (const Step& step : steps_) datetime_detail::FormatStep(step, f, out);
}

std::string DateTimePattern::Format(int64_t micros) const {
  std::string out;
  FormatTo(micros, &out);
  return out;
}

}  // namespace sluice::engine
