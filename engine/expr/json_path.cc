#include "engine/expr/json_path.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "engine/expr/json_reader.h"
#include "engine/expr/json_writer.h"
#include "engine/types/number_text.h"
#include "spec/check.h"

namespace sluice::engine {
namespace {

// Whitespace as Java's \s, which Spark's path parser skips between tokens.
bool IsPathSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

// A cursor over the path text with the parser's whitespace skipping.
struct PathCursor {
  std::string_view text;
  size_t pos = 0;

  void SkipSpace() {
    while (pos < text.size() && IsPathSpace(text[pos])) ++pos;
  }
  // Skips whitespace, then consumes `literal` if it is next.
  bool Literal(std::string_view literal) {
    size_t saved = pos;
    SkipSpace();
    if (text.substr(pos, literal.size()) == literal) {
      pos += literal.size();
      return true;
    }
    pos = saved;
    return false;
  }
  // Skips whitespace, then consumes the longest non-empty run of characters not in `stop`.
  std::optional<std::string> RunNotIn(std::string_view stop) {
    SkipSpace();
    size_t start = pos;
    while (pos < text.size() && stop.find(text[pos]) == std::string_view::npos) ++pos;
    if (pos == start) return std::nullopt;
    return std::string(text.substr(start, pos - start));
  }
};

using Step = JsonPath::Step;
using Kind = JsonPath::Kind;

// One path node (`.*`, `['*']`, `.name`, `['name']`, `[*]` or `[n]`) appended to `steps`; false
// when none starts at the cursor (the cursor is then where it was).
bool ParseNode(PathCursor& c, std::vector<Step>& steps) {
  size_t start = c.pos;
  if (c.Literal(".*") || c.Literal("['*']")) {
    steps.push_back({Kind::kWildcard, {}, 0});
    return true;
  }
  if (c.Literal(".")) {
    if (std::optional<std::string> name = c.RunNotIn(".[")) {
      steps.push_back({Kind::kKey, {}, 0});
      steps.push_back({Kind::kNamed, std::move(*name), 0});
      return true;
    }
    c.pos = start;
  }
  if (c.Literal("['")) {
    std::optional<std::string> name = c.RunNotIn("'?");
    if (name && c.Literal("']")) {
      steps.push_back({Kind::kKey, {}, 0});
      steps.push_back({Kind::kNamed, std::move(*name), 0});
      return true;
    }
    c.pos = start;
  }
  if (c.Literal("[")) {
    if (c.Literal("*") && c.Literal("]")) {
      steps.push_back({Kind::kSubscript, {}, 0});
      steps.push_back({Kind::kWildcard, {}, 0});
      return true;
    }
    c.SkipSpace();
    const char* first = c.text.data() + c.pos;
    const char* last = c.text.data() + c.text.size();
    int64_t index = 0;
    auto [end, ec] = std::from_chars(first, last, index);
    // Digits only: from_chars would also take a sign. A number too large is not a path.
    if (ec == std::errc() && *first != '-' && end != first) {
      c.pos += end - first;
      if (c.Literal("]")) {
        steps.push_back({Kind::kSubscript, {}, 0});
        steps.push_back({Kind::kIndex, {}, index});
        return true;
      }
    }
  }
  c.pos = start;
  return false;
}

}  // namespace

std::optional<JsonPath> JsonPath::Parse(std::string_view text) {
  PathCursor c{text};
  if (!c.Literal("$")) return std::nullopt;
  JsonPath path;
  while (ParseNode(c, path.steps_)) {
  }
  c.SkipSpace();
  if (c.pos != text.size()) return std::nullopt;
  return path;
}

namespace {

// How a matched value is written: kRaw leaves a top-level string unquoted; kQuoted is inside a
// wildcard's array; kFlatten spreads nested arrays into the enclosing one.
enum class Style : uint8_t { kRaw, kQuoted, kFlatten };

// Reads the next token; false at `end` or on an error.
bool NextIsNot(JsonReader& p, JsonToken end) {
  JsonToken t = p.Next();
  return t != end && t != JsonToken::kError;
}

// A float as Jackson copies it: through a double, printed as Java does; out of range gives an
// infinity (quoted, as Jackson writes non-numeric numbers) or a signed zero.
std::string FloatText(std::string_view text) {
  double value = 0;
  const char* first = text.data();
  auto [end, ec] = std::from_chars(first, text.data() + text.size(), value);
  SLUICE_CHECK(end == text.data() + text.size(), "a JSON number parses whole");
  bool negative = text.front() == '-';
  if (ec == std::errc::result_out_of_range) {
    // The decimal magnitude m, with the number 0.d... x 10^m (d not 0): the exponent, plus the
    // digits before the point, or less the zeros after the point when the integer part is 0.
    std::string_view body = text.substr(negative ? 1 : 0);
    size_t e = body.find_first_of("eE");
    std::string_view mantissa = body.substr(0, e);
    // Exponents are clamped to a bound that no text's digits can outweigh (a text is far shorter
    // than 2^60 bytes), so the sum below never overflows and keeps its sign.
    constexpr int64_t kExponentBound = int64_t{1} << 60;
    int64_t magnitude = 0;
    if (e != std::string_view::npos) {
      std::string_view exp = body.substr(e + 1);
      if (!exp.empty() && exp.front() == '+') exp.remove_prefix(1);
      int64_t exp_value = 0;
      auto r = std::from_chars(exp.data(), exp.data() + exp.size(), exp_value);
      if (r.ec != std::errc()) exp_value = exp.front() == '-' ? -kExponentBound : kExponentBound;
      magnitude = std::clamp(exp_value, -kExponentBound, kExponentBound);
    }
    size_t point = mantissa.find('.');
    std::string_view int_part = mantissa.substr(0, point);
    if (int_part != "0") {
      magnitude += static_cast<int64_t>(int_part.size());
    } else if (point != std::string_view::npos) {
      const std::string_view fraction = mantissa.substr(point + 1);
      const size_t zeros = std::min(fraction.find_first_not_of('0'), fraction.size());
      magnitude -= static_cast<int64_t>(zeros);
    }
    value = magnitude > 0 ? HUGE_VAL : 0.0;
    if (negative) value = -value;
  }
  if (std::isinf(value)) return JsonQuote(DoubleToJavaString(value));
  return DoubleToJavaString(value);
}

// The evaluation of one path over one reader, following Spark's GetJsonObject case by case.
class PathEvaluator {
 public:
  explicit PathEvaluator(JsonReader& p) : p_(p) {}
  bool failed() const { return failed_ || p_.failed(); }

  // Copies the value at the current token to `g`, as Jackson's copyCurrentStructure.
  void Copy(JsonWriter& g) {
    switch (p_.token()) {
      case JsonToken::kStartObject:
        g.StartObject();
        while (NextIsNot(p_, JsonToken::kEndObject)) {
          g.FieldName(p_.text());
          p_.Next();
          Copy(g);
        }
        g.EndObject();
        return;
      case JsonToken::kStartArray:
        g.StartArray();
        while (NextIsNot(p_, JsonToken::kEndArray)) Copy(g);
        g.EndArray();
        return;
      case JsonToken::kString:
        g.String(p_.text());
        return;
      case JsonToken::kNumberInt:
        g.RawValue(p_.text() == "-0" ? "0" : p_.text());
        return;
      case JsonToken::kNumberFloat:
        g.RawValue(FloatText(p_.text()));
        return;
      case JsonToken::kTrue:
        g.RawValue("true");
        return;
      case JsonToken::kFalse:
        g.RawValue("false");
        return;
      case JsonToken::kNull:
        g.RawValue("null");
        return;
      default:
        failed_ = true;  // nothing to copy
    }
  }

  bool Eval(JsonWriter& g, Style style, std::span<const Step> path);

 private:
  bool IsStep(std::span<const Step> path, size_t at, Kind kind) const {
    return path.size() > at && path[at].kind == kind;
  }
  bool WildcardArray(JsonWriter& g, Style style, std::span<const Step> rest);
  template <typename F>
  bool AtIndex(int64_t index, F f);

  JsonReader& p_;
  bool failed_ = false;
};

// With the reader on the first element (or the end) of an array: evaluates `f` on element
// `index`, then reads to the end of the array.
template <typename F>
bool PathEvaluator::AtIndex(int64_t index, F f) {
  for (;;) {
    if (p_.failed() || p_.token() == JsonToken::kEndArray) return false;
    if (index == 0) {
      bool dirty = f();
      while (NextIsNot(p_, JsonToken::kEndArray)) p_.SkipChildren();
      return dirty;
    }
    p_.SkipChildren();
    p_.Next();
    --index;
  }
}

// `[*]` outside a quoted context: matches gather in a buffer; one match is written alone.
bool PathEvaluator::WildcardArray(JsonWriter& g, Style style, std::span<const Step> rest) {
  Style inner = style == Style::kRaw ? Style::kQuoted : Style::kFlatten;
  JsonWriter buffer;
  buffer.StartArray();
  int dirty = 0;
  while (NextIsNot(p_, JsonToken::kEndArray)) dirty += Eval(buffer, inner, rest) ? 1 : 0;
  buffer.EndArray();
  const std::string& text = buffer.out();
  if (dirty > 1) g.RawValue(text);
  if (dirty == 1) g.RawValue(std::string_view(text).substr(1, text.size() - 2));
  return dirty > 0;
}

bool PathEvaluator::Eval(JsonWriter& g, Style style, std::span<const Step> path) {
  if (failed()) return false;
  const JsonToken token = p_.token();
  if (path.empty()) {
    if (token == JsonToken::kString && style == Style::kRaw) {
      g.Raw(p_.text());
      return true;
    }
    if (token == JsonToken::kStartArray && style == Style::kFlatten) {
      bool dirty = false;
      while (NextIsNot(p_, JsonToken::kEndArray)) dirty |= Eval(g, style, path);
      return dirty;
    }
    Copy(g);
    return true;
  }
  if (token == JsonToken::kStartObject && path[0].kind == Kind::kKey) {
    bool dirty = false;
    while (NextIsNot(p_, JsonToken::kEndObject)) {
      if (dirty) {
        p_.SkipChildren();  // one match is enough
      } else {
        dirty = Eval(g, style, path.subspan(1));
      }
    }
    return dirty;
  }
  if (token == JsonToken::kStartArray && IsStep(path, 0, Kind::kSubscript)) {
    if (IsStep(path, 1, Kind::kWildcard) && IsStep(path, 2, Kind::kSubscript) &&
        IsStep(path, 3, Kind::kWildcard)) {
      // Hive's `[*][*]`: one array of everything, nested arrays flattened.
      bool dirty = false;
      g.StartArray();
      while (NextIsNot(p_, JsonToken::kEndArray))
        dirty |= Eval(g, Style::kFlatten, path.subspan(4));
      g.EndArray();
      return dirty;
    }
    if (IsStep(path, 1, Kind::kWildcard) && style != Style::kQuoted) {
      return WildcardArray(g, style, path.subspan(2));
    }
    if (IsStep(path, 1, Kind::kWildcard)) {
      bool dirty = false;
      g.StartArray();
      while (NextIsNot(p_, JsonToken::kEndArray)) dirty |= Eval(g, Style::kQuoted, path.subspan(2));
      g.EndArray();
      return dirty;
    }
    if (IsStep(path, 1, Kind::kIndex)) {
      std::span<const Step> rest = path.subspan(2);
      // Before a wildcard there can be several results: quote them.
      Style next = IsStep(rest, 0, Kind::kSubscript) && IsStep(rest, 1, Kind::kWildcard)
                       ? Style::kQuoted
                       : style;
      p_.Next();
      return AtIndex(path[1].index, [&] { return Eval(g, next, rest); });
    }
  }
  if (token == JsonToken::kFieldName && path[0].kind == Kind::kNamed && p_.text() == path[0].name) {
    if (p_.Next() == JsonToken::kNull) return false;
    return Eval(g, style, path.subspan(1));
  }
  if (token == JsonToken::kFieldName && path[0].kind == Kind::kWildcard) {
    p_.Next();
    return Eval(g, style, path.subspan(1));
  }
  p_.SkipChildren();
  return false;
}

}  // namespace

std::optional<std::string> GetJsonObject(std::string_view json, const JsonPath& path) {
  JsonReader p(json);
  p.Next();
  PathEvaluator evaluator(p);
  JsonWriter g;
  bool matched = evaluator.Eval(g, Style::kRaw, path.steps());
  if (evaluator.failed() || !matched) return std::nullopt;
  return g.Take();
}

std::optional<std::string> GetJsonObject(std::string_view json, std::string_view path) {
  std::optional<JsonPath> parsed = JsonPath::Parse(path);
  if (!parsed) return std::nullopt;
  return GetJsonObject(json, *parsed);
}

std::vector<std::optional<std::string>> JsonTuple(
    std::string_view json, std::span<const std::optional<std::string_view>> names) {
  std::vector<std::optional<std::string>> row(names.size());
  JsonReader p(json);
  if (p.Next() != JsonToken::kStartObject) return row;
  PathEvaluator copier(p);
  while (NextIsNot(p, JsonToken::kEndObject)) {
    if (p.token() == JsonToken::kFieldName) {
      std::string field(p.text());
      bool wanted = false;
      for (const std::optional<std::string_view>& name : names) wanted |= name && *name == field;
      if (wanted && p.Next() != JsonToken::kNull) {
        JsonWriter g;
        if (p.token() == JsonToken::kString) {
          g.Raw(p.text());
        } else {
          copier.Copy(g);
        }
        for (size_t i = 0; i < names.size(); ++i) {
          if (names[i] && *names[i] == field) row[i] = g.out();
        }
      }
    }
    p.SkipChildren();
  }
  if (p.failed() || copier.failed()) {
    return std::vector<std::optional<std::string>>(names.size());
  }
  return row;
}

}  // namespace sluice::engine
