// Spark's regular-expression string functions over single values: rlike, split, regexp_extract,
// regexp_replace and SQL LIKE.
//
// Patterns are Java regular expressions (Spark uses java.util.regex); they are translated to RE2
// once (see engine/expr/java_regex_translate.h for what is supported) and the compiled form is
// applied to many values. A pattern that comes from a column is compiled per distinct value; the
// caller may cache compiled patterns, which are cheap to copy and safe to share between threads.
//
// Strings are UTF-8. Positions and "characters" are Unicode code points where Java counts UTF-16
// units; the two differ only for characters outside the Basic Multilingual Plane. Searching
// follows Java's Matcher.find(): the leftmost match, alternatives tried in order, and after an
// empty match the next search starts one character later.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace re2 {
class RE2;
}

namespace sluice::engine {

// A compiled Java regular expression.
class JavaRegex {
 public:
  // Compiles `java_pattern`; InvalidArgument names the pattern and the reason when RE2 cannot
  // express it or it is malformed.
  static Result<JavaRegex> Compile(std::string_view java_pattern);

  const std::string& pattern() const { return pattern_; }
  const std::string& re2_pattern() const;
  // The number of capturing groups (Java's groupCount()).
  int group_count() const;
  const re2::RE2& re2() const { return *re_; }

  // Java's find() starting at byte offset `from` of `text`: fills `groups` (1 + group_count()
  // views into text; a group that did not take part has a null data()) and returns true, or
  // returns false. REQUIRES: from <= text.size(); groups != nullptr.
  bool Find(std::string_view text, size_t from, std::vector<std::string_view>* groups) const;

 private:
  JavaRegex(std::string pattern, std::shared_ptr<const re2::RE2> re)
      : pattern_(std::move(pattern)), re_(std::move(re)) {}
  std::string pattern_;
  std::shared_ptr<const re2::RE2> re_;
};

// `str rlike regex`: true when the pattern matches anywhere in `str` (Java's find()).
bool RLike(std::string_view str, const JavaRegex& regex);

// split(str, regex, limit), as Spark's UTF8String.split: limit > 0 gives at most `limit` parts,
// the last holding the rest of the string; limit <= 0 splits as often as possible and keeps
// trailing empty parts. A zero-width match at the start does not make a leading empty part. An
// empty pattern splits a non-empty string into its characters, at most `limit` of them when
// limit > 0 (the rest is dropped, as Spark does). The parts are views into `str`.
// A pattern of one literal character (see SplitLiteralChar) is split with a find, as Java's
// String.split does, not through RE2; the parts are the same.
std::vector<std::string_view> Split(std::string_view str, const JavaRegex& regex, int limit);
// Split into `parts` (cleared first), for a caller that reuses one vector over many rows.
void Split(std::string_view str, const JavaRegex& regex, int limit,
           std::vector<std::string_view>* parts);
// Split through RE2 whatever the pattern (what Split does when there is no fast path); for tests
// that compare the two.
void SplitWithRe2(std::string_view str, const JavaRegex& regex, int limit,
                  std::vector<std::string_view>* parts);
// The character a Java pattern stands for when Java's String.split takes its fast path: one ASCII
// character that is not one of the metacharacters .$|()[{^?*+\, or a backslash and an ASCII
// character that is neither a letter nor a digit ("\\|", "\\."); nullopt otherwise.
std::optional<char> SplitLiteralChar(std::string_view java_pattern);

// regexp_extract(str, regex, idx): group `idx` of the first match; "" when nothing matches or the
// group did not take part. InvalidArgument when there is a match and idx < 0 or idx exceeds the
// group count (Spark raises the error only when a match is found).
Result<std::string> RegexpExtract(std::string_view str, const JavaRegex& regex, int idx);

// regexp_extract_all(str, regex, idx): group `idx` of every match, with the same rules.
Result<std::vector<std::string>> RegexpExtractAll(std::string_view str, const JavaRegex& regex,
                                                  int idx);

// A regex with a Java replacement string (Matcher.appendReplacement syntax): `$n` is group n
// (further digits are taken while the number stays a valid group), `${name}` a named group, and
// a backslash makes the next character literal. A reference to a missing group, or a `$` or `\`
// with nothing valid after it, is an error, reported (as in Java) only when a match is found.
class RegexReplacer {
 public:
  // InvalidArgument when the pattern does not compile.
  static Result<RegexReplacer> Compile(std::string_view java_pattern, std::string_view replacement);

  // regexp_replace(str, regex, replacement, position): every match at or after the 1-based
  // character `position` is replaced; the text before it is kept. A position past the end leaves
  // `str` unchanged. REQUIRES: position >= 1 (else InvalidArgument).
  Result<std::string> Replace(std::string_view str, int position = 1) const;

 private:
  // One piece of the parsed replacement: a literal, or a group reference (group >= 0).
  struct Piece {
    std::string literal;
    int group = -1;
  };
  RegexReplacer(JavaRegex regex, std::vector<Piece> pieces, Status error)
      : regex_(std::move(regex)), pieces_(std::move(pieces)), error_(std::move(error)) {}
  static Status ParseReplacement(std::string_view text, const JavaRegex& regex,
                                 std::vector<Piece>* pieces);

  JavaRegex regex_;
  std::vector<Piece> pieces_;
  Status error_;  // The replacement's error, raised at the first match.
};

// One-shot forms for a pattern that changes per row; each compiles its pattern.
Result<std::string> RegexpReplace(std::string_view str, std::string_view java_pattern,
                                  std::string_view replacement, int position = 1);

// A compiled SQL LIKE pattern: `_` matches one character, `%` any run (newlines included), and
// the escape character makes the next `_`, `%` or escape character literal. The whole string
// must match.
class LikePattern {
 public:
  // InvalidArgument, as Spark's: "the pattern '<p>' is invalid, the escape character is not
  // allowed to precede '<c>'" or "... it is not allowed to end with the escape character".
  static Result<LikePattern> Compile(std::string_view pattern, char32_t escape = U'\\');

  bool Matches(std::string_view str) const;
  const std::string& re2_pattern() const;

 private:
  explicit LikePattern(std::shared_ptr<const re2::RE2> re) : re_(std::move(re)) {}
  std::shared_ptr<const re2::RE2> re_;
};

// `str like pattern escape`, compiling the pattern.
Result<bool> Like(std::string_view str, std::string_view pattern, char32_t escape = U'\\');

}  // namespace sluice::engine
