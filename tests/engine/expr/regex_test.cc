#include "engine/expr/regex.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "engine/expr/java_regex_translate.h"

namespace sluice::engine {
namespace {

JavaRegex Re(std::string_view pattern) {
  Result<JavaRegex> re = JavaRegex::Compile(pattern);
  EXPECT_TRUE(re.ok()) << re.status().ToString();
  return std::move(re).value();
}

std::vector<std::string> SplitOf(std::string_view str, std::string_view pattern, int limit = -1) {
  std::vector<std::string> out;
  for (std::string_view part : Split(str, Re(pattern), limit)) out.emplace_back(part);
  return out;
}

std::string Replace(std::string_view str, std::string_view pattern, std::string_view rep,
                    int position = 1) {
  Result<std::string> r = RegexpReplace(str, pattern, rep, position);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : "<error>";
}

std::string Extract(std::string_view str, std::string_view pattern, int idx) {
  Result<std::string> r = RegexpExtract(str, Re(pattern), idx);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r.value() : "<error>";
}

using Parts = std::vector<std::string>;

// functions-046: split with no limit, a positive and a negative limit.
TEST(SplitTest, ScenarioLimits) {
  EXPECT_EQ(SplitOf("aa2bb3cc4", "[1-9]+"), (Parts{"aa", "bb", "cc", ""}));
  EXPECT_EQ(SplitOf("aa2bb3cc4", "[1-9]+", 2), (Parts{"aa", "bb3cc4"}));
  EXPECT_EQ(SplitOf("aa2bb3cc4", "[1-9]+", -2), (Parts{"aa", "bb", "cc", ""}));
}

// functions-126: the word count's split on a space.
TEST(SplitTest, ScenarioWordCount) {
  EXPECT_EQ(SplitOf("apache spark", " "), (Parts{"apache", "spark"}));
}

TEST(SplitTest, JavaRules) {
  EXPECT_EQ(SplitOf("a,b,,", ","), (Parts{"a", "b", "", ""}));  // limit 0 acts as -1 in Spark
  EXPECT_EQ(SplitOf("a,b,,", ",", 0), (Parts{"a", "b", "", ""}));
  EXPECT_EQ(SplitOf(",a", ","), (Parts{"", "a"}));  // a non-empty match at 0 keeps ""
  EXPECT_EQ(SplitOf("abc", "x"), (Parts{"abc"}));
  EXPECT_EQ(SplitOf("", ","), (Parts{""}));
  EXPECT_EQ(SplitOf("a,b,c", ",", 1), (Parts{"a,b,c"}));
  EXPECT_EQ(SplitOf("a.b", "."), (Parts{"", "", "", ""}));  // `.` is a regex
  EXPECT_EQ(SplitOf("a.b", "\\."), (Parts{"a", "b"}));
  // A zero-width match at the start makes no leading "", and after an empty match the search
  // moves one character on.
  EXPECT_EQ(SplitOf("abc", "x*"), (Parts{"a", "b", "c", ""}));
  EXPECT_EQ(SplitOf("a,b", ",*"), (Parts{"a", "", "b", ""}));
  EXPECT_EQ(SplitOf("héllo wörld", "\\s"), (Parts{"héllo", "wörld"}));
}

// UTF8String.split: an empty pattern gives the characters, a positive limit keeps that many.
TEST(SplitTest, EmptyPattern) {
  EXPECT_EQ(SplitOf("abc", ""), (Parts{"a", "b", "c"}));
  EXPECT_EQ(SplitOf("ab", "", 0), (Parts{"a", "b"}));
  EXPECT_EQ(SplitOf("ab", "", 2), (Parts{"a", "b"}));
  EXPECT_EQ(SplitOf("ab", "", 100), (Parts{"a", "b"}));
  EXPECT_EQ(SplitOf("ab", "", 1), (Parts{"a"}));
  EXPECT_EQ(SplitOf("", "", 0), (Parts{""}));
  EXPECT_EQ(SplitOf("añ€😀", ""), (Parts{"a", "ñ", "€", "😀"}));
}

// Joining the parts of split(s, ",", -1) with "," gives s back.
RC_GTEST_PROP(SplitProperty, JoinInvertsSplit, (const std::string& s)) {
  std::string joined;
  std::vector<std::string_view> parts = Split(s, Re(","), -1);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += ',';
    joined.append(parts[i]);
  }
  RC_ASSERT(joined == s);
  RC_ASSERT(parts.size() == 1 + static_cast<size_t>(std::count(s.begin(), s.end(), ',')));
}

// A positive limit caps the parts, and the last part holds the rest.
RC_GTEST_PROP(SplitProperty, LimitKeepsTheRest, (const std::string& s)) {
  int limit = *rc::gen::inRange(1, 6);
  std::vector<std::string_view> parts = Split(s, Re(";"), limit);
  RC_ASSERT(parts.size() <= static_cast<size_t>(limit));
  std::string joined;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) joined += ';';
    joined.append(parts[i]);
  }
  RC_ASSERT(joined == s);
}

// Java's String.split fast path: which patterns are one literal character.
TEST(SplitTest, LiteralCharPatterns) {
  EXPECT_EQ(SplitLiteralChar(" "), ' ');
  EXPECT_EQ(SplitLiteralChar(","), ',');
  EXPECT_EQ(SplitLiteralChar("]"), ']');
  EXPECT_EQ(SplitLiteralChar("\\|"), '|');
  EXPECT_EQ(SplitLiteralChar("\\."), '.');
  EXPECT_EQ(SplitLiteralChar("\\\\"), '\\');
  EXPECT_EQ(SplitLiteralChar("."), std::nullopt);
  EXPECT_EQ(SplitLiteralChar("|"), std::nullopt);
  EXPECT_EQ(SplitLiteralChar("\\"), std::nullopt);
  EXPECT_EQ(SplitLiteralChar("\\d"), std::nullopt);  // a class, not a literal
  EXPECT_EQ(SplitLiteralChar("\\1"), std::nullopt);  // a back reference
  EXPECT_EQ(SplitLiteralChar("ab"), std::nullopt);
  EXPECT_EQ(SplitLiteralChar("é"), std::nullopt);  // two bytes: left to RE2
  EXPECT_EQ(SplitLiteralChar(""), std::nullopt);
  EXPECT_EQ(SplitOf("a|b||", "\\|"), (Parts{"a", "b", "", ""}));
  EXPECT_EQ(SplitOf("a|b||", "\\|", 2), (Parts{"a", "b||"}));
}

// The fast path for a one-character literal gives what RE2 gives, for every such pattern (one
// printable ASCII character, or a backslash and one), any limit, and strings dense in it.
RC_GTEST_PROP(SplitProperty, LiteralCharFastPathEqualsRe2, ()) {
  const char c = *rc::gen::inRange<char>(0x20, 0x7f);
  const bool escaped = *rc::gen::arbitrary<bool>();
  const std::string pattern = escaped ? std::string("\\") + c : std::string(1, c);
  RC_PRE(SplitLiteralChar(pattern).has_value());
  Result<JavaRegex> re = JavaRegex::Compile(pattern);
  RC_PRE(re.ok());
  const std::string s = *rc::gen::container<std::string>(
      rc::gen::oneOf(rc::gen::just(c), rc::gen::element('a', 'b', ' ', ',', '|', '.')));
  const int limit = *rc::gen::inRange(-2, 6);
  std::vector<std::string_view> fast, slow;
  Split(s, re.value(), limit, &fast);
  SplitWithRe2(s, re.value(), limit, &slow);
  RC_ASSERT(fast == slow);
}

// functions-048: replace with a literal, with group references from columns, and extract.
TEST(RegexpReplaceTest, Scenario) {
  EXPECT_EQ(Replace("100-200", "(\\d+)", "num"), "num-num");
  EXPECT_EQ(Replace("100-200", "(\\d+)-(\\d+)", "300"), "300");
  EXPECT_EQ(Replace("100-200", "(\\d+)-(\\d+)", "400"), "400");
  EXPECT_EQ(Replace("100-200", "(\\d+)", "400"), "400-400");
  EXPECT_EQ(Extract("100-200", "(\\d+)-(\\d+)", 1), "100");
}

TEST(RegexpReplaceTest, JavaReplacementSyntax) {
  EXPECT_EQ(Replace("100-200", "(\\d+)-(\\d+)", "$2-$1"), "200-100");
  EXPECT_EQ(Replace("100-200", "(?<a>\\d+)-(?<b>\\d+)", "${b}/${a}"), "200/100");
  EXPECT_EQ(Replace("abc", "b", "\\$1"), "a$1c");
  EXPECT_EQ(Replace("abc", "b", "\\\\"), "a\\c");
  EXPECT_EQ(Replace("abc", "(b)", "$10"), "ab0c");  // $1 then a literal 0: there is no group 10
  EXPECT_EQ(Replace("abc", "(b)|(x)", "[$2]"), "a[]c");  // a group that did not take part
  EXPECT_EQ(Replace("abc", "x*", "-"), "-a-b-c-");
  EXPECT_EQ(Replace("", "x*", "-"), "-");
  EXPECT_EQ(Replace("aaa", "^a", "b"), "baa");
}

TEST(RegexpReplaceTest, ReplacementErrorsOnlyWhenMatched) {
  EXPECT_FALSE(RegexpReplace("abc", "b", "$2", 1).ok());
  EXPECT_FALSE(RegexpReplace("abc", "b", "$", 1).ok());
  EXPECT_FALSE(RegexpReplace("abc", "b", "x\\", 1).ok());
  EXPECT_FALSE(RegexpReplace("abc", "b", "${nope}", 1).ok());
  EXPECT_FALSE(RegexpReplace("abc", "b", "$x", 1).ok());
  // No match: Java never reads the replacement.
  EXPECT_EQ(Replace("abc", "z", "$2"), "abc");
}

TEST(RegexpReplaceTest, Position) {
  EXPECT_EQ(Replace("aaa", "a", "b", 2), "abb");
  EXPECT_EQ(Replace("aaa", "^a", "b", 2), "aba");  // ^ anchors at the position
  EXPECT_EQ(Replace("ñaa", "a", "b", 2), "ñbb");   // positions count characters
  EXPECT_EQ(Replace("aaa", "a", "b", 4), "aaa");   // past the end: unchanged
  EXPECT_EQ(Replace("", "x*", "-", 1), "-");
  EXPECT_FALSE(RegexpReplace("aaa", "a", "b", 0).ok());
}

TEST(RegexpExtractTest, Groups) {
  EXPECT_EQ(Extract("100-200", "(\\d+)-(\\d+)", 2), "200");
  EXPECT_EQ(Extract("100-200", "(\\d+)-(\\d+)", 0), "100-200");
  EXPECT_EQ(Extract("abc", "(\\d+)", 1), "");   // no match
  EXPECT_EQ(Extract("abc", "(a)|(x)", 2), "");  // the group did not take part
  EXPECT_EQ(Extract("", "(a*)", 1), "");
  Result<std::string> too_big = RegexpExtract("100-200", Re("(\\d+)"), 2);
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.status().message().find("between 0 and 1, but got 2"), std::string::npos);
  EXPECT_FALSE(RegexpExtract("100-200", Re("(\\d+)"), -1).ok());
  // Spark only checks the index when something matched.
  EXPECT_TRUE(RegexpExtract("abc", Re("(\\d+)"), 5).ok());
}

TEST(RegexpExtractTest, All) {
  Result<std::vector<std::string>> all =
      RegexpExtractAll("100-200, 300-400", Re("(\\d+)-(\\d+)"), 1);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.value(), (std::vector<std::string>{"100", "300"}));
  EXPECT_FALSE(RegexpExtractAll("100-200", Re("(\\d+)"), 3).ok());
}

TEST(RLikeTest, Anchors) {
  EXPECT_TRUE(RLike("abc", Re("^a")));
  EXPECT_FALSE(RLike("abc", Re("^b")));
  EXPECT_TRUE(RLike("abc", Re("c$")));
  EXPECT_TRUE(RLike("", Re("")));
}

// functions-050: the two rows give {true, false}: "\d+b" finds "2b"; "[a-z]+b" needs
// a letter before "b", and the only "b" follows "2".
TEST(RLikeTest, ScenarioExpected) {
  EXPECT_TRUE(RLike("1a 2b 14m", Re("\\d+b")));
  EXPECT_FALSE(RLike("1a 2b 14m", Re("[a-z]+b")));
}

// The Java spellings RE2 writes differently.
TEST(JavaRegexTest, Translations) {
  EXPECT_TRUE(RLike("x\x0By", Re("x\\sy")));  // Java's \s includes \x0B
  EXPECT_FALSE(RLike("x\x0By", Re("x\\Sy")));
  EXPECT_FALSE(RLike("a\rb", Re("a.b")));  // Java's . excludes \r
  EXPECT_TRUE(RLike("a\rb", Re("(?s)a.b")));
  EXPECT_TRUE(RLike("Ab1", Re("^\\p{Alpha}+\\p{Digit}$")));
  EXPECT_TRUE(RLike("ab", Re("^[\\p{Lower}]+$")));
  EXPECT_FALSE(RLike("aB", Re("^\\p{Lower}+$")));
  EXPECT_TRUE(RLike("1", Re("^\\P{Alpha}$")));
  EXPECT_TRUE(RLike("é", Re("^\\p{L}$")));
  EXPECT_TRUE(RLike("é", Re("^\\p{IsLatin}$")));
  EXPECT_TRUE(RLike("é", Re("^\\u00e9$")));
  EXPECT_TRUE(RLike("😀", Re("^\\uD83D\\uDE00$")));
  EXPECT_TRUE(RLike("A", Re("^\\0101$")));
  EXPECT_TRUE(RLike("a+b", Re("^\\Qa+b\\E$")));
  EXPECT_TRUE(RLike("\x1b", Re("\\e")));
  EXPECT_TRUE(RLike("ab", Re("(?i)AB")));
  EXPECT_TRUE(RLike("a\r\nb", Re("a\\Rb")));
  EXPECT_TRUE(RLike("aaa", Re("^a{2,3}?$")));
  EXPECT_EQ(Extract("key=value", "(?<k>\\w+)=(?<v>\\w+)", 2), "value");
}

TEST(JavaRegexTest, RefusalsNameThePatternAndTheReason) {
  struct Case {
    const char* pattern;
    const char* reason;
  };
  for (const Case& c :
       {Case{"(a)\\1", "back-references"}, Case{"(?<n>a)\\k<n>", "back-ref"},
        Case{"a(?=b)", "look-ahead"}, Case{"(?<!a)b", "look-behind"}, Case{"(?>a)", "atomic"},
        Case{"a*+", "possessive"}, Case{"a{2}+", "possessive"}, Case{"[a-z&&[^b]]", "intersection"},
        Case{"[a[b]]", "nested"}, Case{"(?x)a b", "comments"}, Case{"\\p{InGreek}", "property"},
        Case{"\\G", "\\G"}}) {
    Result<JavaRegex> re = JavaRegex::Compile(c.pattern);
    ASSERT_FALSE(re.ok()) << c.pattern;
    EXPECT_EQ(re.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(re.status().message().find(c.pattern), std::string::npos) << re.status().message();
    EXPECT_NE(re.status().message().find(c.reason), std::string::npos) << re.status().message();
  }
  // Escaped quantifier characters are literals, not possessive quantifiers.
  EXPECT_TRUE(RLike("a++", Re("a\\++")));
  // Malformed for RE2 as for Java: reported with the pattern.
  Result<JavaRegex> bad = JavaRegex::Compile("(ab");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("(ab"), std::string::npos);
}

// functions-051: `_`, `%`, and the backslash escape.
TEST(LikeTest, Scenario) {
  EXPECT_TRUE(Like("Spark", "_park").value());
  EXPECT_TRUE(Like("abc\\", "%\\\\").value());
  EXPECT_TRUE(Like("\\abc", "\\\\abc").value());
}

TEST(LikeTest, Rules) {
  EXPECT_TRUE(Like("", "").value());
  EXPECT_TRUE(Like("", "%").value());
  EXPECT_FALSE(Like("", "_").value());
  EXPECT_TRUE(Like("a\nb", "a_b").value());  // `_` matches a newline
  EXPECT_TRUE(Like("line1\nline2", "%line2").value());
  EXPECT_TRUE(Like("ñ", "_").value());      // one character, not one byte
  EXPECT_FALSE(Like("abc", "ab").value());  // the whole string must match
  EXPECT_TRUE(Like("a.c", "a.c").value());  // regex characters are literal
  EXPECT_FALSE(Like("abc", "a.c").value());
  EXPECT_TRUE(Like("a%", "a\\%").value());
  EXPECT_FALSE(Like("ab", "a\\%").value());
  EXPECT_TRUE(Like("a_", "a\\_").value());
  EXPECT_FALSE(Like("ab", "a\\_").value());
  EXPECT_TRUE(Like("%SystemDrive%/Users/John", "/%SystemDrive/%//Users%", U'/').value());
  EXPECT_TRUE(Like("a\\b", "a\\b", U'/').value());  // backslash is plain with another escape
}

TEST(LikeTest, BadEscapes) {
  Result<bool> precede = Like("a", "\\a");
  ASSERT_FALSE(precede.ok());
  EXPECT_EQ(precede.status().message(),
            "the pattern '\\a' is invalid, the escape character is not allowed to precede 'a'");
  Result<bool> end = Like("a", "a\\");
  ASSERT_FALSE(end.ok());
  EXPECT_EQ(end.status().message(),
            "the pattern 'a\\' is invalid, it is not allowed to end with the escape character");
}

// Valid UTF-8 text: ASCII with some two-, three- and four-byte characters.
rc::Gen<std::string> Utf8Text() {
  return rc::gen::map(rc::gen::container<std::vector<int>>(rc::gen::oneOf(
                          rc::gen::inRange(0, 0x80), rc::gen::element(0xE9, 0x20AC, 0x1F600))),
                      [](const std::vector<int>& cps) {
                        std::string s;
                        for (int cp : cps) {
                          if (cp < 0x80) {
                            s += static_cast<char>(cp);
                          } else if (cp < 0x800) {
                            s += static_cast<char>(0xC0 | (cp >> 6));
                            s += static_cast<char>(0x80 | (cp & 0x3F));
                          } else if (cp < 0x10000) {
                            s += static_cast<char>(0xE0 | (cp >> 12));
                            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                            s += static_cast<char>(0x80 | (cp & 0x3F));
                          } else {
                            s += static_cast<char>(0xF0 | (cp >> 18));
                            s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
                            s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
                            s += static_cast<char>(0x80 | (cp & 0x3F));
                          }
                        }
                        return s;
                      });
}

// A LIKE pattern made of literal characters matches exactly its own text.
RC_GTEST_PROP(LikeProperty, LiteralPatternMatchesItself, ()) {
  std::string s = *Utf8Text();
  std::string pattern;
  for (char c : s) {
    if (c == '\\' || c == '_' || c == '%') pattern += '\\';
    pattern += c;
  }
  Result<LikePattern> like = LikePattern::Compile(pattern);
  RC_ASSERT(like.ok());
  RC_ASSERT(like.value().Matches(s));
  RC_ASSERT(!like.value().Matches(s + "x"));
}

}  // namespace
}  // namespace sluice::engine
