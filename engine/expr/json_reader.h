// A pull reader of JSON text that yields the tokens Jackson's streaming parser yields, with the
// options Spark's get_json_object and json_tuple use.
//
// Rules (Jackson with ALLOW_SINGLE_QUOTES and ALLOW_UNESCAPED_CONTROL_CHARS, as Spark builds it):
// strings and field names may be in double or single quotes, and may hold raw control
// characters; field names must be quoted; numbers follow JSON's grammar (no leading zeros, `+`,
// NaN or a bare `.`); no comments and no trailing commas; at most 1000 nested containers
// (Jackson's default limit). The reader is lazy like Jackson's: it checks only the text it has
// been asked to read, so text after the first complete value is never looked at. An error is
// sticky: every later call yields kError.
// Not emulated: Jackson decodes the bytes as UTF-8 with replacement; invalid UTF-8 here passes
// through unchanged, and a lone surrogate escape (\uD800) is an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::engine {

// One token; kEnd is the end of the text outside any container (Jackson's null token).
enum class JsonToken : uint8_t {
  kEnd,
  kError,
  kStartObject,
  kEndObject,
  kStartArray,
  kEndArray,
  kFieldName,
  kString,
  kNumberInt,
  kNumberFloat,
  kTrue,
  kFalse,
  kNull,
};

// Reads tokens from a text that must outlive the reader.
class JsonReader {
 public:
  static constexpr size_t kMaxDepth = 1000;

  explicit JsonReader(std::string_view text) : text_(text) {}

  // Reads the next token and returns it (also kept as token()).
  JsonToken Next();
  // When the current token opens a container, reads up to and including its closing token;
  // otherwise does nothing. Returns the current token afterwards (kError on a syntax error).
  JsonToken SkipChildren();

  JsonToken token() const { return token_; }
  bool failed() const { return token_ == JsonToken::kError; }
  // The decoded text of a kFieldName or kString, or the text of a number as written.
  std::string_view text() const;
  size_t depth() const { return stack_.size(); }

 private:
  enum class Expect : uint8_t { kValue, kFirstOrClose, kCommaOrClose };
  JsonToken Fail();
  JsonToken Value();
  JsonToken InArray();
  JsonToken InObject();
  JsonToken FieldName();
  bool ReadString(char quote);
  bool ReadEscape();
  JsonToken ReadNumber();
  JsonToken ReadLiteral(std::string_view word, JsonToken token);
  JsonToken Open(char kind, JsonToken token);
  JsonToken Close();
  void SkipSpace();

  std::string_view text_;
  size_t pos_ = 0;
  JsonToken token_ = JsonToken::kEnd;
  std::vector<char> stack_;  // '{' or '[' per open container
  Expect expect_ = Expect::kValue;
  std::string decoded_;
  std::string_view number_;
};

}  // namespace sluice::engine
