// Translation of a Java (java.util.regex) pattern into RE2 syntax.
//
// Spark's regular expressions are Java's. RE2 matches in linear time and has no backtracking, so
// some Java constructs cannot be expressed; the translation refuses them with a Status naming the
// pattern and the construct instead of silently changing what the pattern means.
//
// Supported as in Java: literals, `.`, classes `[...]` with ranges and negation, `\d \D \w \W \b
// \B \A \z \t \n \r \f \a \xhh \x{h..h}`, quantifiers `* + ? {n} {n,} {n,m}` and their lazy
// forms, groups `(...)`, `(?:...)`, named groups `(?<name>...)`, inline flags `i m s` (also
// scoped: `(?i:...)`), `\Q...\E` quoting, alternation, `^`, `$`.
// Rewritten to RE2 spelling: `\uhhhh` (and surrogate pairs), octal `\0nnn`, `\e`, `\cX`, `\s`/`\S`
// (Java's include \x0B), `\h \H \v \V \R`, `\p{Alpha}`-style POSIX classes (`Lower Upper ASCII
// Alpha Digit Alnum Punct Graph Print Blank Cntrl XDigit Space`, also `\P{...}`), Unicode
// categories and scripts (`\pL`, `\p{Lu}`, `\p{IsL}`, `\p{IsLatin}`, `\p{sc=Latin}`,
// `\p{gc=Lu}`), and `.`, which in Java excludes every line terminator (\n \r \x85 \u2028
// \u2029), not only \n.
// Refused: back-references (`\1`, `\k<name>`), look-ahead and look-behind, atomic groups
// `(?>...)`, possessive quantifiers (`*+ ++ ?+ {n}+`), `\G`, `\X`, `\N{...}`, class union and
// intersection (`[a[b]]`, `[a&&b]`), flags `x d U`, `\p{InBlock}`, `\p{javaXxx}` and binary
// properties.
// Known differences that remain: `$` and `\Z` match only at the very end (Java also matches before
// a final line terminator); `(?m)` and `(?s)` use RE2's notion of a line (only \n); `(?i)` folds
// Unicode case (Java folds ASCII only unless `u` is set); `\b` is ASCII; once an `s` flag appears
// anywhere in a pattern, `.` is left to RE2 throughout.
#pragma once

#include <string>
#include <string_view>

#include "storage/status.h"

namespace sluice::engine {

// The RE2 spelling of the Java pattern `java_pattern`, or InvalidArgument naming the pattern and
// the construct RE2 cannot express. It does not check what RE2 itself rejects (the caller
// compiles the result and reports RE2's error).
Result<std::string> TranslateJavaRegex(std::string_view java_pattern);

}  // namespace sluice::engine
