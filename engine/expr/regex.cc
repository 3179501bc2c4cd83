#include "engine/expr/regex.h"

#include <re2/re2.h>

#include <cctype>
#include <optional>
#include <string>
#include <utility>

#include "engine/expr/java_regex_translate.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

// The byte length of the UTF-8 sequence that starts with `lead` (1 for a stray byte, so that a
// walk over invalid UTF-8 still moves forward).
size_t Utf8Length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF7) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// The byte offset one character after `at`, clamped to the text.
size_t NextChar(std::string_view text, size_t at) {
  SLUICE_CHECK(at < text.size(), "NextChar needs a character to step over");
  return std::min(text.size(), at + Utf8Length(static_cast<unsigned char>(text[at])));
}

// A text RE2 can tell apart from "no match": RE2 reports a group that did not take part with a
// null data(), so the searched text must never have one.
std::string_view NonNull(std::string_view text) {
  return text.data() ? text : std::string_view("");
}

std::shared_ptr<const re2::RE2> CompileRe2(const std::string& re2_pattern,
                                           std::string_view source_pattern, Status* error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_encoding(re2::RE2::Options::EncodingUTF8);
  auto re = std::make_shared<const re2::RE2>(re2_pattern, options);
  if (!re->ok()) {
    *error = Status::InvalidArgument("invalid regex '" + std::string(source_pattern) +
                                     "': " + re->error());
    return nullptr;
  }
  return re;
}

Status GroupIndexError(std::string_view function, int group_count, int idx) {
  return Status::InvalidArgument(std::string(function) + ": expects group index between 0 and " +
                                 std::to_string(group_count) + ", but got " + std::to_string(idx));
}

}  // namespace

Result<JavaRegex> JavaRegex::Compile(std::string_view java_pattern) {
  SLUICE_ASSIGN_OR_RETURN(std::string translated, TranslateJavaRegex(java_pattern));
  Status error;
  std::shared_ptr<const re2::RE2> re = CompileRe2(translated, java_pattern, &error);
  if (re == nullptr) return error;
  return JavaRegex(std::string(java_pattern), std::move(re));
}

const std::string& JavaRegex::re2_pattern() const { return re_->pattern(); }

int JavaRegex::group_count() const { return re_->NumberOfCapturingGroups(); }

bool JavaRegex::Find(std::string_view text, size_t from,
                     std::vector<std::string_view>* groups) const {
  SLUICE_CHECK(groups != nullptr, "Find needs somewhere to put the groups");
  SLUICE_CHECK(from <= text.size(), "Find starts inside the text");
  text = NonNull(text);
  groups->assign(1 + group_count(), std::string_view());
  re2::StringPiece pieces[64];
  std::vector<re2::StringPiece> many;
  re2::StringPiece* out = pieces;
  if (groups->size() > std::size(pieces)) {
    many.resize(groups->size());
    out = many.data();
  }
  if (!re_->Match(text, from, text.size(), re2::RE2::UNANCHORED, out,
                  static_cast<int>(groups->size()))) {
    return false;
  }
  for (size_t i = 0; i < groups->size(); ++i) {
    (*groups)[i] =
        out[i].data() ? std::string_view(out[i].data(), out[i].size()) : std::string_view();
  }
  return true;
}

namespace {

// Java's repeated find(): calls `on_match(start, end, groups)` for each match in order, with
// byte offsets into `text`, until it returns false or no match is left.
template <typename OnMatch>
void ForEachMatch(std::string_view text, const JavaRegex& regex, OnMatch on_match) {
  text = NonNull(text);
  std::vector<std::string_view> groups;
  size_t from = 0;
  // Each round either moves `from` forward or ends, so at most size + 1 rounds happen.
  for (size_t round = 0; round <= text.size() + 1; ++round) {
    if (!regex.Find(text, from, &groups)) return;
    size_t start = static_cast<size_t>(groups[0].data() - text.data());
    size_t end = start + groups[0].size();
    if (!on_match(start, end, groups)) return;
    if (end == start) {
      if (end >= text.size()) return;
      from = NextChar(text, end);
    } else {
      from = end;
    }
  }
  SLUICE_CHECK(false, "ForEachMatch made no progress");
}

}  // namespace

bool RLike(std::string_view str, const JavaRegex& regex) {
  return regex.re2().Match(NonNull(str), 0, str.size(), re2::RE2::UNANCHORED, nullptr, 0);
}

std::optional<char> SplitLiteralChar(std::string_view p) {
  auto ascii = [](char c) { return static_cast<unsigned char>(c) < 0x80; };
  if (p.size() == 1 && ascii(p[0]) && std::string_view(".$|()[{^?*+\\").find(p[0]) == p.npos) {
    return p[0];
  }
  if (p.size() == 2 && p[0] == '\\' && ascii(p[1]) &&
      !std::isalnum(static_cast<unsigned char>(p[1]))) {
    return p[1];
  }
  return std::nullopt;
}

namespace {

// Split on every occurrence of `c`, with the rules of SplitWithRe2 (a one-character match is
// never empty, so only the limit and the trailing part matter).
void SplitOnChar(std::string_view str, char c, int limit, std::vector<std::string_view>* parts) {
  const bool limited = limit > 0;
  size_t index = 0;
  for (size_t at = str.find(c); at != std::string_view::npos; at = str.find(c, index)) {
    if (limited && parts->size() + 1 >= static_cast<size_t>(limit)) {
      parts->push_back(str.substr(index));  // the last part holds the rest
      return;
    }
    parts->push_back(str.substr(index, at - index));
    index = at + 1;
  }
  parts->push_back(str.substr(index));  // the whole string when there was no match
}

}  // namespace

void SplitWithRe2(std::string_view str, const JavaRegex& regex, int limit,
                  std::vector<std::string_view>* parts) {
  parts->clear();
  if (!str.empty() && regex.pattern().empty()) {
    // Spark splits into characters and drops the rest beyond a positive limit.
    for (size_t at = 0; at < str.size();) {
      if (limit > 0 && parts->size() == static_cast<size_t>(limit)) break;
      size_t next = NextChar(str, at);
      parts->push_back(str.substr(at, next - at));
      at = next;
    }
    return;
  }
  const bool limited = limit > 0;
  size_t index = 0;
  ForEachMatch(str, regex, [&](size_t start, size_t end, const auto&) {
    if (!limited || parts->size() + 1 < static_cast<size_t>(limit)) {
      // A zero-width match at the very start makes no leading empty part.
      if (index == 0 && start == 0 && end == 0) return true;
      parts->push_back(str.substr(index, start - index));
      index = end;
      return true;
    }
    parts->push_back(str.substr(index));
    index = end;
    return false;
  });
  if (index == 0) {
    parts->assign(1, str);
    return;
  }
  if (!limited || parts->size() < static_cast<size_t>(limit)) parts->push_back(str.substr(index));
  SLUICE_CHECK(!limited || parts->size() <= static_cast<size_t>(limit), "split kept its limit");
}

void Split(std::string_view str, const JavaRegex& regex, int limit,
           std::vector<std::string_view>* parts) {
  if (std::optional<char> c = SplitLiteralChar(regex.pattern())) {
    parts->clear();
    return SplitOnChar(str, *c, limit, parts);
  }
  SplitWithRe2(str, regex, limit, parts);
}

std::vector<std::string_view> Split(std::string_view str, const JavaRegex& regex, int limit) {
  std::vector<std::string_view> parts;
  Split(str, regex, limit, &parts);
  return parts;
}

Result<std::string> RegexpExtract(std::string_view str, const JavaRegex& regex, int idx) {
  std::vector<std::string_view> groups;
  if (!regex.Find(str, 0, &groups)) return std::string();
  if (idx < 0 || idx > regex.group_count()) {
    return GroupIndexError("regexp_extract", regex.group_count(), idx);
  }
  return std::string(groups[idx]);
}

Result<std::vector<std::string>> RegexpExtractAll(std::string_view str, const JavaRegex& regex,
                                                  int idx) {
  std::vector<std::string> found;
  bool bad_index = false;
  ForEachMatch(str, regex, [&](size_t, size_t, const std::vector<std::string_view>& groups) {
    if (idx < 0 || idx > regex.group_count()) {
      bad_index = true;
      return false;
    }
    found.emplace_back(groups[idx]);
    return true;
  });
  if (bad_index) return GroupIndexError("regexp_extract_all", regex.group_count(), idx);
  return found;
}

Result<RegexReplacer> RegexReplacer::Compile(std::string_view java_pattern,
                                             std::string_view replacement) {
  SLUICE_ASSIGN_OR_RETURN(JavaRegex regex, JavaRegex::Compile(java_pattern));
  std::vector<Piece> pieces;
  Status error = ParseReplacement(replacement, regex, &pieces);
  return RegexReplacer(std::move(regex), std::move(pieces), std::move(error));
}

Status RegexReplacer::ParseReplacement(std::string_view text, const JavaRegex& regex,
                                       std::vector<Piece>* pieces) {
  auto literal = [&]() -> std::string& {
    if (pieces->empty() || pieces->back().group >= 0) pieces->push_back(Piece{});
    return pieces->back().literal;
  };
  auto fail = [&](const std::string& why) {
    return Status::InvalidArgument("regexp_replace: replacement '" + std::string(text) +
                                   "': " + why);
  };
  for (size_t i = 0; i < text.size();) {
    char c = text[i++];
    if (c == '\\') {
      if (i >= text.size()) return fail("character to be escaped is missing");
      literal() += text[i++];
      continue;
    }
    if (c != '$') {
      literal() += c;
      continue;
    }
    if (i >= text.size()) return fail("illegal group reference: group index is missing");
    int group = 0;
    if (text[i] == '{') {
      size_t close = text.find('}', i);
      if (close == std::string_view::npos) return fail("named group is missing trailing '}'");
      std::string name(text.substr(i + 1, close - i - 1));
      if (name.empty()) return fail("named group has a 0 length name");
      auto it = regex.re2().NamedCapturingGroups().find(name);
      if (it == regex.re2().NamedCapturingGroups().end()) {
        return fail("no group with name {" + name + "}");
      }
      group = it->second;
      i = close + 1;
    } else {
      if (text[i] < '0' || text[i] > '9') return fail("illegal group reference");
      group = text[i++] - '0';
      if (group > regex.group_count()) return fail("no group " + std::to_string(group));
      // Further digits belong to the number while it still names a group.
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        int longer = group * 10 + (text[i] - '0');
        if (longer > regex.group_count()) break;
        group = longer;
        ++i;
      }
    }
    pieces->push_back(Piece{std::string(), group});
  }
  return Status::Ok();
}

Result<std::string> RegexReplacer::Replace(std::string_view str, int position) const {
  if (position < 1) {
    return Status::InvalidArgument("regexp_replace: position must be positive, got " +
                                   std::to_string(position));
  }
  // The byte offset of character position-1; past the end leaves the string as it is.
  size_t offset = 0;
  for (int skipped = 0; skipped < position - 1; ++skipped) {
    if (offset >= str.size()) return std::string(str);
    offset = NextChar(str, offset);
  }
  if (position > 1 && offset >= str.size()) return std::string(str);
  // Java searches a region from the position with anchoring, opaque bounds: the region is the
  // whole text as far as ^, \A and \b are concerned.
  std::string_view region = str.substr(offset);
  std::string out(str.substr(0, offset));
  size_t copied = 0;
  bool failed = false;
  ForEachMatch(region, regex_, [&](size_t start, size_t end, const auto& groups) {
    if (!error_.ok()) {
      failed = true;
      return false;
    }
    out.append(region.substr(copied, start - copied));
    for (const Piece& piece : pieces_) {
      if (piece.group < 0) {
        out += piece.literal;
      } else {
        out.append(groups[piece.group]);
      }
    }
    copied = end;
    return true;
  });
  if (failed) return error_;
  out.append(region.substr(copied));
  return out;
}

Result<std::string> RegexpReplace(std::string_view str, std::string_view java_pattern,
                                  std::string_view replacement, int position) {
  SLUICE_ASSIGN_OR_RETURN(RegexReplacer replacer,
                          RegexReplacer::Compile(java_pattern, replacement));
  return replacer.Replace(str, position);
}

namespace {

// The code point starting at byte `at` (a stray byte stands for itself).
char32_t DecodeAt(std::string_view s, size_t at, size_t* length) {
  unsigned char lead = static_cast<unsigned char>(s[at]);
  *length = std::min(Utf8Length(lead), s.size() - at);
  if (*length == 1) return lead;
  char32_t cp = lead & (0x7F >> *length);
  for (size_t i = 1; i < *length; ++i)
    cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3F);
  return cp;
}

}  // namespace

Result<LikePattern> LikePattern::Compile(std::string_view pattern, char32_t escape) {
  auto fail = [&](const std::string& why) {
    return Status::InvalidArgument("the pattern '" + std::string(pattern) + "' is invalid, " + why);
  };
  std::string re2_pattern = "(?s)";
  for (size_t at = 0; at < pattern.size();) {
    size_t length = 0;
    char32_t c = DecodeAt(pattern, at, &length);
    std::string_view bytes = pattern.substr(at, length);
    at += length;
    if (c == escape) {
      if (at >= pattern.size()) return fail("it is not allowed to end with the escape character");
      char32_t next = DecodeAt(pattern, at, &length);
      std::string_view next_bytes = pattern.substr(at, length);
      at += length;
      if (next != U'_' && next != U'%' && next != escape) {
        return fail("the escape character is not allowed to precede '" + std::string(next_bytes) +
                    "'");
      }
      re2_pattern += re2::RE2::QuoteMeta(next_bytes);
    } else if (c == U'_') {
      re2_pattern += '.';
    } else if (c == U'%') {
      re2_pattern += ".*";
    } else if (length == 1 && c >= 0x80) {
      re2_pattern += "\\x{FFFD}";  // Invalid UTF-8 reads as U+FFFD, as in a Java string.
    } else {
      re2_pattern += re2::RE2::QuoteMeta(bytes);
    }
  }
  Status error;
  std::shared_ptr<const re2::RE2> re = CompileRe2(re2_pattern, pattern, &error);
  if (re == nullptr) return error;
  return LikePattern(std::move(re));
}

bool LikePattern::Matches(std::string_view str) const {
  return re2::RE2::FullMatch(NonNull(str), *re_);
}

const std::string& LikePattern::re2_pattern() const { return re_->pattern(); }

Result<bool> Like(std::string_view str, std::string_view pattern, char32_t escape) {
  SLUICE_ASSIGN_OR_RETURN(LikePattern like, LikePattern::Compile(pattern, escape));
  return like.Matches(str);
}

}  // namespace sluice::engine
