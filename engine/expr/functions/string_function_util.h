// Private helpers of the string function group (string_functions.cc, regex_functions.cc,
// string_case.cc): UTF-8 character counting as Spark's UTF8String does it, Java's case mapping,
// and the implicit casts Spark applies to the arguments of string functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/function.h"

namespace sluice::engine::string_fn {

// The bytes of the UTF-8 character whose first byte is `lead`, as Spark's
// UTF8String.numBytesForFirstByte: a stray continuation or invalid byte counts as one.
inline size_t CharBytes(uint8_t lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

// The number of characters (code points) of `s`.
inline size_t NumChars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size(); i += CharBytes(static_cast<uint8_t>(s[i]))) ++n;
  return n;
}

// The byte offset of character `chars` of `s`; s.size() when `s` has fewer characters.
inline size_t CharOffset(std::string_view s, size_t chars) {
  size_t i = 0;
  for (; i < s.size() && chars > 0; --chars) i += CharBytes(static_cast<uint8_t>(s[i]));
  return i < s.size() ? i : s.size();
}

// Decodes the character at byte `pos` of `s` into `*cp` (an invalid sequence decodes as its first
// byte) and returns the offset of the next character. REQUIRES: pos < s.size().
size_t DecodeChar(std::string_view s, size_t pos, char32_t* cp);
// Appends the UTF-8 encoding of `cp`.
void AppendChar(std::string* out, char32_t cp);

// Java's String.toUpperCase / toLowerCase (Spark's upper and lower) over UTF-8 text: full Unicode
// case mapping, including the one-to-many mappings (ß -> SS) and the final sigma rule.
std::string ToUpper(std::string_view s);
std::string ToLower(std::string_view s);

// What a string function expects of an argument, and so how Spark casts it implicitly.
enum class ArgKind {
  kString,          // any scalar (a number, bool, date, timestamp, binary) is cast to string
  kStringOrBinary,  // string and binary stay; any other scalar is cast to string
  kInt,             // a number or string is cast to int (long wraps, as Spark's cast)
};

// The type argument `i` is cast to before the kernel sees it, or an InvalidArgument naming the
// function and the argument.
Result<DataType> CoerceArg(const std::string& name, const std::vector<FunctionArg>& args, size_t i,
                           ArgKind kind);
// CoerceArg for every argument, all of one kind.
Result<std::vector<DataType>> CoerceArgs(const std::string& name,
                                         const std::vector<FunctionArg>& args, ArgKind kind);
// A kernel that casts argument i to to[i] (when it differs) and then runs `kernel`.
FunctionKernel WithCasts(std::vector<DataType> to, FunctionKernel kernel);

// The regular-expression functions (regex_functions.cc): split, regexp_extract, regexp_replace,
// like, rlike.
void AddRegexFunctions(FunctionTable* table);

}  // namespace sluice::engine::string_fn
