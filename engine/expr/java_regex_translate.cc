#include "engine/expr/java_regex_translate.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::engine {
namespace {

// Java's line terminators, which its `.` does not match outside DOTALL mode.
constexpr std::string_view kJavaDot = "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]";
// Java's \s is [ \t\n\x0B\f\r]; RE2's lacks \x0B.
constexpr std::string_view kJavaSpaceSet = "\\t\\n\\x0B\\f\\r ";
constexpr std::string_view kHorizontalSpaceSet =
    " \\t\\x{A0}\\x{1680}\\x{180E}\\x{2000}-\\x{200A}\\x{202F}\\x{205F}\\x{3000}";
constexpr std::string_view kVerticalSpaceSet = "\\n\\x0B\\f\\r\\x{85}\\x{2028}\\x{2029}";

// Java's US-ASCII POSIX property names and RE2's class names for them.
constexpr std::array<std::pair<std::string_view, std::string_view>, 13> kPosixNames = {{
    {"Lower", "lower"},
    {"Upper", "upper"},
    {"ASCII", "ascii"},
    {"Alpha", "alpha"},
    {"Digit", "digit"},
    {"Alnum", "alnum"},
    {"Punct", "punct"},
    {"Graph", "graph"},
    {"Print", "print"},
    {"Blank", "blank"},
    {"Cntrl", "cntrl"},
    {"XDigit", "xdigit"},
    {"Space", "space"},
}};

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

std::string CodePointEscape(uint32_t cp) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string digits;
  do {
    digits.insert(digits.begin(), kHex[cp & 0xF]);
    cp >>= 4;
  } while (cp != 0);
  return "\\x{" + digits + "}";
}

// Walks a Java pattern once, writing its RE2 spelling; the first refusal ends the walk.
class Translator {
 public:
  explicit Translator(std::string_view pattern) : in_(pattern) {
    dotall_somewhere_ = HasDotallFlag(pattern);
  }

  Result<std::string> Run() {
    while (pos_ < in_.size() && error_.empty()) {
      if (!TopLevelStep()) break;
    }
    if (!error_.empty()) {
      return Status::InvalidArgument("regex '" + std::string(in_) +
                                     "' cannot be used with RE2: " + error_);
    }
    return std::move(out_);
  }

 private:
  // A scan for an inline flag group that turns on `s`: `(?s)`, `(?is:`, ...
  static bool HasDotallFlag(std::string_view p) {
    for (size_t i = 0; i + 2 < p.size(); ++i) {
      if (p[i] == '\\') {
        ++i;
        continue;
      }
      if (p[i] != '(' || p[i + 1] != '?') continue;
      for (size_t j = i + 2; j < p.size() && p[j] != ')' && p[j] != ':' && p[j] != '-'; ++j) {
        if (p[j] == 's') return true;
        if (!IsAsciiLetter(p[j])) break;
      }
    }
    return false;
  }

  bool Fail(std::string reason) {
    if (error_.empty()) error_ = std::move(reason);
    return false;
  }

  bool TopLevelStep() {
    char c = in_[pos_++];
    bool quantifier = false;
    switch (c) {
      case '\\':
        if (!Escape(/*in_class=*/false)) return false;
        break;
      case '(':
        if (!Group()) return false;
        break;
      case '[':
        if (!CharClass()) return false;
        break;
      case '.':
        out_ += dotall_somewhere_ ? std::string_view(".") : kJavaDot;
        break;
      case '*':
      case '+':
      case '?':
        out_ += c;
        quantifier = true;
        break;
      case '{':
        quantifier = Repetition();
        if (!quantifier) out_ += "\\{";
        break;
      default:
        out_ += c;
    }
    if (quantifier) return AfterQuantifier();
    return true;
  }

  // After a quantifier: `?` makes it lazy (kept), `+` makes it possessive (refused).
  bool AfterQuantifier() {
    if (pos_ < in_.size() && in_[pos_] == '+') {
      return Fail("possessive quantifiers (e.g. 'a*+') are not supported");
    }
    if (pos_ < in_.size() && in_[pos_] == '?') out_ += in_[pos_++];
    if (pos_ < in_.size() && in_[pos_] == '+') {
      return Fail("possessive quantifiers (e.g. 'a*+') are not supported");
    }
    return true;
  }

  // `{n}`, `{n,}` or `{n,m}` after the `{` at pos_-1; copies it and returns true, or consumes
  // nothing and returns false when the brace does not start a repetition.
  bool Repetition() {
    size_t i = pos_;
    size_t digits_start = i;
    while (i < in_.size() && IsAsciiDigit(in_[i])) ++i;
    if (i == digits_start) return false;
    if (i < in_.size() && in_[i] == ',') {
      ++i;
      while (i < in_.size() && IsAsciiDigit(in_[i])) ++i;
    }
    if (i >= in_.size() || in_[i] != '}') return false;
    out_ += '{';
    out_.append(in_.substr(pos_, i + 1 - pos_));
    pos_ = i + 1;
    return true;
  }

  bool Group() {
    if (pos_ >= in_.size() || in_[pos_] != '?') {
      out_ += '(';
      return true;
    }
    std::string_view rest = in_.substr(pos_ + 1);
    if (rest.starts_with("=") || rest.starts_with("!") || rest.starts_with("<=") ||
        rest.starts_with("<!")) {
      return Fail("look-ahead and look-behind groups are not supported");
    }
    if (rest.starts_with(">")) return Fail("atomic groups '(?>...)' are not supported");
    if (rest.starts_with(":")) {
      out_ += "(?:";
      pos_ += 2;
      return true;
    }
    if (rest.starts_with("<")) {
      size_t close = rest.find('>');
      if (close == std::string_view::npos) return Fail("unterminated group name");
      out_ += "(?P<";
      out_.append(rest.substr(1, close));
      pos_ += 1 + close + 1;
      return true;
    }
    return FlagGroup();
  }

  // `(?flags)` or `(?flags:` with flags from "ims" (and `u`, dropped: RE2 folds Unicode case).
  bool FlagGroup() {
    size_t i = pos_ + 1;
    std::string flags;
    while (i < in_.size() && in_[i] != ')' && in_[i] != ':') {
      char f = in_[i++];
      if (f == 'i' || f == 'm' || f == 's' || f == '-') {
        flags += f;
      } else if (f == 'u') {
        continue;
      } else if (f == 'x') {
        return Fail("the comments flag '(?x)' is not supported");
      } else if (f == 'd' || f == 'U') {
        return Fail(std::string("the inline flag '") + f + "' is not supported");
      } else {
        return Fail(std::string("unknown inline flag '") + f + "'");
      }
    }
    if (i >= in_.size()) return Fail("unterminated inline flag group");
    bool scoped = in_[i] == ':';
    pos_ = i + 1;
    bool only_minus = flags.empty() || flags == "-";
    if (only_minus) {
      // Nothing RE2 needs to know; keep the group structure when it is scoped.
      if (scoped) out_ += "(?:";
      return true;
    }
    if (flags.back() == '-') flags.pop_back();
    out_ += "(?" + flags + (scoped ? ":" : ")");
    return true;
  }

  bool CharClass() {
    out_ += '[';
    if (pos_ < in_.size() && in_[pos_] == '^') out_ += in_[pos_++];
    bool first = true;
    while (pos_ < in_.size()) {
      char c = in_[pos_++];
      if (c == ']' && !first) {
        out_ += ']';
        return true;
      }
      first = false;
      if (c == '[') return Fail("nested character classes (class union) are not supported");
      if (c == '&' && pos_ < in_.size() && in_[pos_] == '&') {
        return Fail("character class intersection '&&' is not supported");
      }
      if (c == '\\') {
        if (!Escape(/*in_class=*/true)) return false;
        continue;
      }
      if (c == ']') {
        out_ += "\\]";
        continue;
      }
      out_ += c;
    }
    return Fail("unclosed character class");
  }

  bool Escape(bool in_class) {
    if (pos_ >= in_.size()) return Fail("the pattern ends with a backslash");
    char c = in_[pos_++];
    if (c >= '1' && c <= '9') return Fail("back-references (e.g. '\\1') are not supported");
    switch (c) {
      case 'k':
        return Fail("named back-references '\\k<name>' are not supported");
      case 'G':
      case 'X':
      case 'N':
        return Fail(std::string("'\\") + c + "' is not supported");
      case 'Z':
        out_ += "\\z";
        return true;
      case 'Q':
        return Quoted();
      case 'E':
        return true;  // A stray \E ends nothing: Java ignores it.
      case 'u':
        return UnicodeEscape();
      case '0':
        return OctalEscape();
      case 'e':
        out_ += "\\x1B";
        return true;
      case 'c':
        if (pos_ >= in_.size()) return Fail("'\\c' without a control letter");
        out_ += CodePointEscape(static_cast<unsigned char>(in_[pos_++]) ^ 64);
        return true;
      case 'p':
      case 'P':
        return Property(c == 'P', in_class);
      default:
        return ClassEscape(c, in_class);
    }
  }

  // The escapes that name a set of characters, and escaped literals.
  bool ClassEscape(char c, bool in_class) {
    switch (c) {
      case 's':
        out_ += in_class ? std::string(kJavaSpaceSet) : "[" + std::string(kJavaSpaceSet) + "]";
        return true;
      case 'S':
        out_ += in_class ? std::string("\\S") : "[^" + std::string(kJavaSpaceSet) + "]";
        return true;
      case 'h':
        out_ += in_class ? std::string(kHorizontalSpaceSet)
                         : "[" + std::string(kHorizontalSpaceSet) + "]";
        return true;
      case 'v':
        out_ +=
            in_class ? std::string(kVerticalSpaceSet) : "[" + std::string(kVerticalSpaceSet) + "]";
        return true;
      case 'H':
      case 'V':
        if (in_class) return Fail(std::string("'\\") + c + "' inside a character class");
        out_ += "[^" + std::string(c == 'H' ? kHorizontalSpaceSet : kVerticalSpaceSet) + "]";
        return true;
      case 'R':
        if (in_class) return Fail("'\\R' inside a character class");
        out_ += "(?:\\r\\n|[" + std::string(kVerticalSpaceSet) + "])";
        return true;
      default:
        break;
    }
    static constexpr std::string_view kKept = "dDwWbBAztnrfax";
    if (IsAsciiLetter(c)) {
      if (kKept.find(c) == std::string_view::npos) {
        return Fail(std::string("unknown escape '\\") + c + "'");
      }
      if (in_class && (c == 'b' || c == 'B' || c == 'A' || c == 'z')) {
        return Fail(std::string("'\\") + c + "' inside a character class");
      }
      out_ += '\\';
      out_ += c;
      return true;
    }
    if (static_cast<unsigned char>(c) >= 0x80) {
      out_ += c;  // An escaped non-ASCII character is itself.
      return true;
    }
    out_ += '\\';
    out_ += c;
    return true;
  }

  bool Quoted() {
    size_t end = in_.find("\\E", pos_);
    std::string_view literal = in_.substr(pos_, end == std::string_view::npos ? end : end - pos_);
    for (char c : literal) {
      unsigned char u = static_cast<unsigned char>(c);
      if (u < 0x80 && !IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_') out_ += '\\';
      out_ += c;
    }
    pos_ = end == std::string_view::npos ? in_.size() : end + 2;
    return true;
  }

  std::optional<uint32_t> Hex4(size_t at) const {
    if (at + 4 > in_.size()) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      if (!IsHex(in_[i])) return std::nullopt;
      char h = in_[i];
      v = v * 16 + (IsAsciiDigit(h) ? h - '0' : (h | 0x20) - 'a' + 10);
    }
    return v;
  }

  bool UnicodeEscape() {
    std::optional<uint32_t> unit = Hex4(pos_);
    if (!unit) return Fail("'\\u' needs four hex digits");
    pos_ += 4;
    uint32_t cp = *unit;
    if (cp >= 0xD800 && cp <= 0xDBFF && in_.substr(pos_).starts_with("\\u")) {
      std::optional<uint32_t> low = Hex4(pos_ + 2);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        pos_ += 6;
      }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return Fail("a lone surrogate '\\u' escape");
    out_ += CodePointEscape(cp);
    return true;
  }

  // Java's octal escape: \0n, \0nn or \0mnn with m <= 3.
  bool OctalEscape() {
    uint32_t v = 0;
    int digits = 0;
    while (pos_ < in_.size() && digits < 3 && in_[pos_] >= '0' && in_[pos_] <= '7') {
      uint32_t next = v * 8 + (in_[pos_] - '0');
      if (next > 0377) break;
      v = next;
      ++pos_;
      ++digits;
    }
    if (digits == 0) return Fail("'\\0' needs an octal digit");
    out_ += CodePointEscape(v);
    return true;
  }

  bool Property(bool negated, bool in_class) {
    if (pos_ >= in_.size()) return Fail("'\\p' without a property name");
    std::string name;
    if (in_[pos_] == '{') {
      size_t close = in_.find('}', pos_);
      if (close == std::string_view::npos) return Fail("unclosed '\\p{'");
      name = std::string(in_.substr(pos_ + 1, close - pos_ - 1));
      pos_ = close + 1;
    } else {
      name = std::string(1, in_[pos_++]);
    }
    for (const auto& [java, posix] : kPosixNames) {
      if (name != java) continue;
      std::string set = std::string("[:") + (negated ? "^" : "") + std::string(posix) + ":]";
      out_ += in_class ? set : "[" + set + "]";
      return true;
    }
    for (std::string_view prefix : {"general_category=", "gc=", "script=", "sc=", "Is"}) {
      if (name.starts_with(prefix)) {
        name = name.substr(prefix.size());
        break;
      }
    }
    if (name.empty() || name.starts_with("In") || name.starts_with("java") ||
        name.find('=') != std::string::npos) {
      return Fail("the property '\\p{" + name + "}' is not supported");
    }
    // Unicode categories and scripts have the same names in RE2; RE2 rejects unknown ones.
    out_ += negated ? "\\P{" : "\\p{";
    out_ += name;
    out_ += '}';
    return true;
  }

  std::string_view in_;
  size_t pos_ = 0;
  std::string out_;
  std::string error_;
  bool dotall_somewhere_ = false;
};

}  // namespace

Result<std::string> TranslateJavaRegex(std::string_view java_pattern) {
  return Translator(java_pattern).Run();
}

}  // namespace sluice::engine
