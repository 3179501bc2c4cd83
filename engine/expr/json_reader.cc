#include "engine/expr/json_reader.h"

#include "spec/check.h"

namespace sluice::engine {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A character that would continue a bare word such as `true` (Jackson reports `truex` as an
// unrecognized token).
bool ContinuesWord(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string_view JsonReader::text() const {
  if (token_ == JsonToken::kFieldName || token_ == JsonToken::kString) return decoded_;
  if (token_ == JsonToken::kNumberInt || token_ == JsonToken::kNumberFloat) return number_;
  return {};
}

JsonToken JsonReader::Fail() {
  token_ = JsonToken::kError;
  return token_;
}

void JsonReader::SkipSpace() {
  while (pos_ < text_.size() && IsSpace(text_[pos_])) ++pos_;
}

JsonToken JsonReader::Next() {
  if (failed()) return token_;
  SkipSpace();
  if (stack_.empty()) {
    if (pos_ >= text_.size()) return token_ = JsonToken::kEnd;
    return Value();
  }
  if (pos_ >= text_.size()) return Fail();  // the text ends inside a container
  return stack_.back() == '[' ? InArray() : InObject();
}

JsonToken JsonReader::InArray() {
  char c = text_[pos_];
  if (expect_ == Expect::kFirstOrClose) return c == ']' ? Close() : Value();
  if (c == ']') return Close();
  if (c != ',') return Fail();
  ++pos_;
  SkipSpace();
  return Value();
}

JsonToken JsonReader::InObject() {
  char c = text_[pos_];
  if (expect_ == Expect::kValue) return Value();
  if (expect_ == Expect::kFirstOrClose) return c == '}' ? Close() : FieldName();
  if (c == '}') return Close();
  if (c != ',') return Fail();
  ++pos_;
  SkipSpace();
  return FieldName();
}

JsonToken JsonReader::FieldName() {
  if (pos_ >= text_.size() || (text_[pos_] != '"' && text_[pos_] != '\'')) return Fail();
  if (!ReadString(text_[pos_])) return Fail();
  SkipSpace();
  if (pos_ >= text_.size() || text_[pos_] != ':') return Fail();
  ++pos_;
  expect_ = Expect::kValue;
  return token_ = JsonToken::kFieldName;
}

JsonToken JsonReader::Value() {
  if (pos_ >= text_.size()) return Fail();
  char c = text_[pos_];
  JsonToken token;
  switch (c) {
    case '{':
      return Open('{', JsonToken::kStartObject);
    case '[':
      return Open('[', JsonToken::kStartArray);
    case '"':
    case '\'':
      if (!ReadString(c)) return Fail();
      token = JsonToken::kString;
      break;
    case 't':
      token = ReadLiteral("true", JsonToken::kTrue);
      break;
    case 'f':
      token = ReadLiteral("false", JsonToken::kFalse);
      break;
    case 'n':
      token = ReadLiteral("null", JsonToken::kNull);
      break;
    default:
      if (c != '-' && !IsDigit(c)) return Fail();
      token = ReadNumber();
  }
  if (token == JsonToken::kError) return Fail();
  expect_ = Expect::kCommaOrClose;
  return token_ = token;
}

JsonToken JsonReader::Open(char kind, JsonToken token) {
  if (stack_.size() >= kMaxDepth) return Fail();
  ++pos_;
  stack_.push_back(kind);
  expect_ = Expect::kFirstOrClose;
  return token_ = token;
}

JsonToken JsonReader::Close() {
  SLUICE_CHECK(!stack_.empty(), "a close needs an open container");
  char kind = stack_.back();
  stack_.pop_back();
  ++pos_;
  expect_ = Expect::kCommaOrClose;
  return token_ = kind == '[' ? JsonToken::kEndArray : JsonToken::kEndObject;
}

bool JsonReader::ReadString(char quote) {
  SLUICE_CHECK(text_[pos_] == quote, "a string starts at its quote");
  ++pos_;
  decoded_.clear();
  while (pos_ < text_.size()) {
    char c = text_[pos_++];
    if (c == quote) return true;
    if (c == '\\') {
      if (!ReadEscape()) return false;
      continue;
    }
    decoded_ += c;  // raw control characters are allowed, as Spark configures Jackson
  }
  return false;
}

bool JsonReader::ReadEscape() {
  if (pos_ >= text_.size()) return false;
  char c = text_[pos_++];
  switch (c) {
    case '"':
    case '\\':
    case '/':
    case '\'':  // allowed because single quotes are
      decoded_ += c;
      return true;
    case 'b':
      decoded_ += '\b';
      return true;
    case 'f':
      decoded_ += '\f';
      return true;
    case 'n':
      decoded_ += '\n';
      return true;
    case 'r':
      decoded_ += '\r';
      return true;
    case 't':
      decoded_ += '\t';
      return true;
    case 'u':
      break;
    default:
      return false;
  }
  auto unit_at = [&](size_t at) -> int {
    if (at + 4 > text_.size()) return -1;
    int v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      int h = HexValue(text_[i]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  };
  int unit = unit_at(pos_);
  if (unit < 0) return false;
  pos_ += 4;
  uint32_t cp = static_cast<uint32_t>(unit);
  if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (text_.substr(pos_, 2) != "\\u") return false;
    int low = unit_at(pos_ + 2);
    if (low < 0xDC00 || low > 0xDFFF) return false;
    pos_ += 6;
    cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00);
  }
  AppendUtf8(cp, &decoded_);
  return true;
}

JsonToken JsonReader::ReadNumber() {
  size_t start = pos_;
  bool is_float = false;
  if (text_[pos_] == '-') ++pos_;
  size_t int_start = pos_;
  while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  if (pos_ == int_start) return JsonToken::kError;
  if (text_[int_start] == '0' && pos_ - int_start > 1) return JsonToken::kError;  // leading 0
  if (pos_ < text_.size() && text_[pos_] == '.') {
    is_float = true;
    size_t frac_start = ++pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ == frac_start) return JsonToken::kError;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    is_float = true;
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    size_t exp_start = pos_;
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
    if (pos_ == exp_start) return JsonToken::kError;
  }
  // At the top level Jackson wants a space (or the end) after a number.
  if (stack_.empty() && pos_ < text_.size() && !IsSpace(text_[pos_])) return JsonToken::kError;
  number_ = text_.substr(start, pos_ - start);
  return is_float ? JsonToken::kNumberFloat : JsonToken::kNumberInt;
}

JsonToken JsonReader::ReadLiteral(std::string_view word, JsonToken token) {
  if (text_.substr(pos_, word.size()) != word) return JsonToken::kError;
  pos_ += word.size();
  if (pos_ < text_.size() && ContinuesWord(text_[pos_])) return JsonToken::kError;
  return token;
}

JsonToken JsonReader::SkipChildren() {
  if (token_ != JsonToken::kStartObject && token_ != JsonToken::kStartArray) return token_;
  const size_t outer_depth = stack_.size() - 1;
  // Every round reads a token, and the text is finite: the loop ends at the matching close, an
  // error, or the end of the text (an error inside a container).
  while (Next() != JsonToken::kError) {
    bool closing = token_ == JsonToken::kEndObject || token_ == JsonToken::kEndArray;
    if (closing && stack_.size() == outer_depth) break;
  }
  return token_;
}

}  // namespace sluice::engine
