#include "engine/expr/functions/from_json_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "engine/types/datetime.h"

namespace sluice::engine::from_json {
namespace {

bool NeedsNoEscape(std::string_view name) {
  return std::none_of(name.begin(), name.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
}

Kind ScalarKind(TypeId id) {
  switch (id) {
    case TypeId::kBool:
      return Kind::kBool;
    case TypeId::kInt32:
      return Kind::kInt32;
    case TypeId::kInt64:
      return Kind::kInt64;
    case TypeId::kFloat:
      return Kind::kFloat;
    case TypeId::kDouble:
      return Kind::kDouble;
    case TypeId::kDecimal:
      return Kind::kDecimal;
    case TypeId::kString:
      return Kind::kString;
    case TypeId::kTimestamp:
      return Kind::kTimestamp;
    case TypeId::kDate:
      return Kind::kDate;
    default:
      return Kind::kAlwaysNull;
  }
}

// simdjson's DOM parser refuses a value inside more containers than this (the root value is
// inside none); On-Demand does not check, so the reader counts.
constexpr size_t kMaxDepth = 1024;

// Counts one more enclosing container while in scope.
class Nested {
 public:
  explicit Nested(size_t* depth) : depth_(depth) { ++*depth_; }
  ~Nested() { --*depth_; }
  Nested(const Nested&) = delete;
  Nested& operator=(const Nested&) = delete;

 private:
  size_t* depth_;
};

// Whether the document has been read to its end (nothing follows its value).
bool AtEnd(od::document& doc) {
  const char* at = nullptr;
  return doc.current_location().get(at) == simdjson::OUT_OF_BOUNDS;
}

// The text without JSON's whitespace around it.
std::string_view TrimJsonSpace(std::string_view s) {
  const size_t begin = s.find_first_not_of(" \t\n\r");
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\n\r") - begin + 1);
}

// The first field of `node` named `key`, or the number of fields when none is.
size_t FindField(const Node& node, std::string_view key) {
  auto it = std::lower_bound(node.sorted.begin(), node.sorted.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it == node.sorted.end() || it->first != key ? node.keys.size() : it->second;
}

// The number as a double. simdjson 3.0.1's get_number() loses the value of a float with more
// than 19 digits (it reads 0), so a float is read again from its text (correctly rounded, as
// simdjson rounds).
double NumberAsDouble(const od::number& n, std::string_view token) {
  if (n.get_number_type() != od::number_type::floating_point_number) return n.as_double();
  double d = 0;
  std::from_chars(token.data(), token.data() + token.size(), d);
  return d;
}

// A string a float or double field takes (JacksonParser with allowNonNumericNumbers, the
// default): NaN and the infinities.
std::optional<double> NonFiniteFromString(std::string_view s) {
  if (s == "NaN") return std::nan("");
  if (s == "Infinity" || s == "+Infinity" || s == "+INF") return HUGE_VAL;
  if (s == "-Infinity" || s == "-INF") return -HUGE_VAL;
  return std::nullopt;
}

// A struct field's key, its name compared for a raw match (see Node::Key).
Node::Key MakeKey(const std::string& name, bool raw_comparable, bool is_string) {
  Node::Key key{name, raw_comparable, is_string};
  constexpr size_t kWordBytes = sizeof(uint64_t);
  if (raw_comparable && name.size() < 2 * kWordBytes) {
    key.short_name = true;
    const std::string quoted = name + '"';
    for (size_t w = 0; w < 2 && w * kWordBytes < quoted.size(); ++w) {
      unsigned char bytes[kWordBytes] = {};
      unsigned char mask[kWordBytes] = {};
      const size_t n = std::min(kWordBytes, quoted.size() - w * kWordBytes);
      std::memcpy(bytes, quoted.data() + w * kWordBytes, n);
      std::memset(mask, 0xFF, n);
      std::memcpy(&key.words[w], bytes, kWordBytes);
      std::memcpy(&key.masks[w], mask, kWordBytes);
    }
  }
  return key;
}

// Whether a key's raw text (after its opening quote, in padded input) is `key`'s name.
bool RawKeyIs(od::raw_json_string raw, const Node::Key& key) {
  if (!key.short_name) return raw.unsafe_is_equal(key.name);
  uint64_t a = 0;
  uint64_t b = 0;
  std::memcpy(&a, raw.raw(), sizeof a);
  std::memcpy(&b, raw.raw() + sizeof a, sizeof b);
  return (((a ^ key.words[0]) & key.masks[0]) | ((b ^ key.words[1]) & key.masks[1])) == 0;
}

}  // namespace

Node Compile(const DataType& type, size_t* marks, std::optional<size_t> skip_field) {
  Node node;
  switch (type.id()) {
    case TypeId::kStruct: {
      node.kind = Kind::kStruct;
      node.marks_begin = *marks;
      const std::vector<StructField>& fields = type.fields();
      *marks += fields.size();
      for (size_t f = 0; f < fields.size(); ++f) {
        node.children.push_back(Compile(fields[f].type, marks));
        const bool skipped = f == skip_field;
        node.keys.push_back(MakeKey(
            fields[f].name,
            !skipped && NeedsNoEscape(fields[f].name) && type.FieldIndex(fields[f].name) == f,
            fields[f].type == DataType::kString));
        if (!skipped) node.sorted.emplace_back(fields[f].name, static_cast<uint32_t>(f));
      }
      std::stable_sort(node.sorted.begin(), node.sorted.end(),
                       [](const auto& a, const auto& b) { return a.first < b.first; });
      break;
    }
    case TypeId::kArray:
      node.kind = Kind::kArray;
      node.children.push_back(Compile(type.element(), marks));
      break;
    case TypeId::kMap:
      node.kind = type.key() == DataType::kString ? Kind::kMap : Kind::kMapOfNonStringKeys;
      node.children.push_back(Compile(type.value(), marks));
      break;
    default:
      node.kind = ScalarKind(type.id());
      if (node.kind == Kind::kDecimal) node.decimal = DecimalSpec{type.precision(), type.scale()};
  }
  return node;
}

RecordResult RecordReader::Read(const char* text, size_t len, size_t capacity, Column* out) {
  const size_t before = out->size();
  depth_ = 0;
  od::document doc;
  if (parser_.iterate(text, len, capacity).get(doc)) return RecordResult::kMalformed;
  bool scalar = false;
  if (doc.is_scalar().get(scalar)) return RecordResult::kMalformed;
  if (scalar) {  // only the literal null fits a nested schema
    if (TrimJsonSpace(std::string_view(text, len)) != "null") return RecordResult::kMalformed;
    out->AppendNull();
    return RecordResult::kGood;
  }
  od::value v;
  od::json_type t;
  if (doc.get_value().get(v) || v.type().get(t)) return RecordResult::kMalformed;
  const bool object_as_array = root_.kind == Kind::kArray &&
                               root_.children[0].kind == Kind::kStruct &&
                               t == od::json_type::object;
  const bool array_as_rows =
      options_.root_array_as_rows && root_.kind == Kind::kStruct && t == od::json_type::array;
  const Outcome o = object_as_array ? AppendObjectAsArray(v, root_, out)
                    : array_as_rows ? AppendArrayAsRows(v, out)
                                    : Append(v, root_, out);
  if ((o == Outcome::kDone || o == Outcome::kPartial) && AtEnd(doc)) {
    return o == Outcome::kDone ? RecordResult::kGood : RecordResult::kPartial;
  }
  out->Truncate(before);
  return RecordResult::kMalformed;
}

Outcome RecordReader::Append(od::value& v, const Node& node, Column* out) {
  od::json_type t;
  if (depth_ >= kMaxDepth || v.type().get(t)) return Outcome::kMalformed;
  if (t == od::json_type::null) {
    bool null = false;
    if (v.is_null().get(null) || !null) return Outcome::kMalformed;
    out->AppendNull();
    return Outcome::kDone;
  }
  switch (node.kind) {
    case Kind::kStruct: {
      if (t != od::json_type::object) return SkipFailed(v);
      Nested nested(&depth_);
      od::object object;
      if (v.get_object().get(object)) return Outcome::kMalformed;
      return AppendStruct(object, node, out);
    }
    case Kind::kArray:
      return t == od::json_type::array ? AppendArray(v, node, out) : SkipFailed(v);
    case Kind::kMap:
      return t == od::json_type::object ? AppendMap(v, node, out) : SkipFailed(v);
    case Kind::kMapOfNonStringKeys:
      return SkipFailed(v);
    default:
      return AppendScalar(v, t, node, out);
  }
}

Outcome RecordReader::AppendStruct(od::object& object, const Node& node, Column* out) {
  const uint64_t visit = ++visit_;
  uint64_t* marks = marks_.data() + node.marks_begin;
  const size_t n = node.keys.size();
  size_t expected = 0;  // keys usually come in the schema's order
  bool partial = false;
  // The field is used in place, not copied out of `result`, and not passed on by address: a
  // copy made the loop stall on store forwarding (twice slower).
  for (auto result : object) {
    if (result.error()) return Outcome::kMalformed;
    od::field&& field = std::move(result).value_unsafe();
    size_t f = expected;
    if (f >= n || !node.keys[f].raw_comparable || !RawKeyIs(field.key(), node.keys[f])) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return Outcome::kMalformed;
      f = FindField(node, key);
    }
    if (f == n) {  // an unknown field is checked and ignored
      od::value value = field.value();
      if (!Skip(value)) return Outcome::kMalformed;
      continue;
    }
    Column& child = out->child(f);
    Outcome o;
    if (marks[f] == visit) {  // a repeated key: rare
      od::value value = field.value();
      o = AppendRepeated(value, node.children[f], &child, out->size());
    } else {
      marks[f] = visit;
      expected = f + 1;
      if (node.keys[f].is_string) {  // the common case, without the type switch
        std::string_view s;
        const simdjson::error_code e = field.value().get_string().get(s);
        if (e == simdjson::SUCCESS) {
          child.AppendString(s);
          continue;
        }
        if (e != simdjson::INCORRECT_TYPE) return Outcome::kMalformed;  // a bad escape
      }
      od::value value = field.value();
      o = Append(value, node.children[f], &child);
      if (o == Outcome::kFailed) child.AppendNull();
    }
    if (o == Outcome::kMalformed) return Outcome::kMalformed;
    partial |= o != Outcome::kDone;
  }
  for (size_t f = 0; f < n; ++f) {
    if (marks[f] != visit) out->child(f).AppendNull();
  }
  out->CloseStruct();
  return partial ? Outcome::kPartial : Outcome::kDone;
}

// JacksonParser's convertObject writes the field each time it meets the key; a value that does
// not convert leaves the one before. The one before is kept aside meanwhile.
Outcome RecordReader::AppendRepeated(od::value& v, const Node& node, Column* child, size_t row) {
  Column before(child->type());
  before.AppendFrom(*child, row);
  child->Truncate(row);
  const Outcome o = Append(v, node, child);
  if (o == Outcome::kFailed) child->AppendFrom(before, 0);
  return o;
}

Outcome RecordReader::AppendArray(od::value& v, const Node& node, Column* out) {
  Nested nested(&depth_);
  od::array array;
  if (v.get_array().get(array)) return Outcome::kMalformed;
  Column& items = out->child(0);
  const size_t before = items.size();
  Outcome outcome = Outcome::kDone;
  for (auto result : array) {
    if (result.error()) return Outcome::kMalformed;
    od::value&& item = std::move(result).value_unsafe();
    if (outcome == Outcome::kFailed) {  // the rest is only checked
      if (!Skip(item)) return Outcome::kMalformed;
      continue;
    }
    const Outcome o = Append(item, node.children[0], &items);
    if (o == Outcome::kMalformed) return o;
    if (o != Outcome::kDone) outcome = o;
  }
  if (outcome == Outcome::kFailed) {
    items.Truncate(before);
    return outcome;
  }
  out->CloseList();
  return outcome;
}

Outcome RecordReader::AppendMap(od::value& v, const Node& node, Column* out) {
  Nested nested(&depth_);
  od::object object;
  if (v.get_object().get(object)) return Outcome::kMalformed;
  Column& keys = out->child(0);
  Column& values = out->child(1);
  const size_t before = keys.size();
  Outcome outcome = Outcome::kDone;
  for (auto result : object) {
    if (result.error()) return Outcome::kMalformed;
    od::field&& field = std::move(result).value_unsafe();
    std::string_view key;
    if (field.unescaped_key().get(key)) return Outcome::kMalformed;
    od::value value = field.value();
    if (outcome == Outcome::kFailed) {  // the rest is only checked
      if (!Skip(value)) return Outcome::kMalformed;
      continue;
    }
    keys.AppendString(key);
    const Outcome o = Append(value, node.children[0], &values);
    if (o == Outcome::kMalformed) return o;
    if (o != Outcome::kDone) outcome = o;
  }
  if (outcome == Outcome::kFailed) {
    keys.Truncate(before);
    values.Truncate(before);
    return outcome;
  }
  out->CloseList();
  return outcome;
}

Outcome RecordReader::AppendObjectAsArray(od::value& v, const Node& node, Column* out) {
  Nested nested(&depth_);
  od::object object;
  if (v.get_object().get(object)) return Outcome::kMalformed;
  const Outcome o = AppendStruct(object, node.children[0], &out->child(0));
  if (o == Outcome::kDone || o == Outcome::kPartial) out->CloseList();
  return o;
}

Outcome RecordReader::AppendArrayAsRows(od::value& v, Column* out) {
  Nested nested(&depth_);
  od::array array;
  if (v.get_array().get(array)) return Outcome::kMalformed;
  Outcome outcome = Outcome::kDone;
  for (auto result : array) {
    if (result.error()) return Outcome::kMalformed;
    od::value&& item = std::move(result).value_unsafe();
    od::json_type t;
    if (item.type().get(t)) return Outcome::kMalformed;
    // Spark's root converter refuses a null row, and a row that does not convert fails the
    // record: either way the caller takes back what was appended.
    if (t == od::json_type::null) return Outcome::kFailed;
    const Outcome o = Append(item, root_, out);
    if (o == Outcome::kFailed || o == Outcome::kMalformed) return o;
    if (o == Outcome::kPartial) outcome = o;
  }
  return outcome;
}

Outcome RecordReader::AppendScalar(od::value& v, od::json_type t, const Node& node, Column* out) {
  if (node.kind == Kind::kString && t != od::json_type::string) {
    return AppendJsonText(v, t, out) ? Outcome::kDone : Outcome::kMalformed;
  }
  switch (t) {
    case od::json_type::number:
      return AppendNumber(v, node, out);
    case od::json_type::string: {
      std::string_view s;
      if (v.get_string().get(s)) return Outcome::kMalformed;
      return AppendFromString(s, node, out);
    }
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b)) return Outcome::kMalformed;
      if (node.kind == Kind::kBool) return out->AppendBool(b), Outcome::kDone;
      break;
    }
    default:  // an object or an array
      if (!Skip(v)) return Outcome::kMalformed;
      break;
  }
  if (node.kind != Kind::kAlwaysNull) return Outcome::kFailed;
  out->AppendNull();
  return Outcome::kDone;
}

Outcome RecordReader::AppendNumber(od::value& v, const Node& node, Column* out) {
  const std::string_view token = v.raw_json_token();
  od::number n;
  if (v.get_number().get(n)) return Outcome::kMalformed;
  const od::number_type t = n.get_number_type();
  const bool is_int = t == od::number_type::signed_integer;
  switch (node.kind) {
    case Kind::kInt32:
    case Kind::kInt64:
      if (is_int && (node.kind == Kind::kInt64 ||
                     (n.get_int64() >= INT32_MIN && n.get_int64() <= INT32_MAX))) {
        return out->AppendIntegral(n.get_int64()), Outcome::kDone;
      }
      return Outcome::kFailed;  // Jackson's getIntValue / getLongValue fail out of range
    case Kind::kFloat:
      return out->AppendFloat(static_cast<float>(NumberAsDouble(n, token))), Outcome::kDone;
    case Kind::kDouble:
      return out->AppendDouble(NumberAsDouble(n, token)), Outcome::kDone;
    case Kind::kDecimal: {
      // Spark reads the number's exact text (Jackson's getDecimalValue), rounded HALF_UP to the
      // scale; one that does not fit the precision fails the field.
      const std::optional<Int128> d = ParseDecimal(token, node.decimal);
      if (!d) return Outcome::kFailed;
      return out->AppendDecimal(*d), Outcome::kDone;
    }
    case Kind::kTimestamp:
      if (is_int) {  // epoch seconds; the product wraps, as Spark's Long product does
        const uint64_t micros = static_cast<uint64_t>(n.get_int64()) * kMicrosPerSecond;
        return out->AppendInt(static_cast<int64_t>(micros)), Outcome::kDone;
      }
      return Outcome::kFailed;
    case Kind::kAlwaysNull:
      return out->AppendNull(), Outcome::kDone;
    default:
      return Outcome::kFailed;
  }
}

Outcome RecordReader::AppendFromString(std::string_view s, const Node& node, Column* out) {
  switch (node.kind) {
    case Kind::kString:
      return out->AppendString(s), Outcome::kDone;
    case Kind::kFloat:
    case Kind::kDouble: {
      const std::optional<double> d = NonFiniteFromString(s);
      if (!d) return Outcome::kFailed;
      node.kind == Kind::kFloat ? out->AppendFloat(static_cast<float>(*d)) : out->AppendDouble(*d);
      return Outcome::kDone;
    }
    case Kind::kTimestamp: {
      const std::optional<int64_t> micros = options_.timestamp_format
                                                ? options_.timestamp_format->ParseTimestamp(s)
                                                : StringToTimestamp(s);
      if (!micros) return Outcome::kFailed;
      return out->AppendInt(*micros), Outcome::kDone;
    }
    case Kind::kDate: {
      const std::optional<int32_t> days =
          options_.date_format ? options_.date_format->ParseDate(s) : StringToDate(s);
      if (!days) return Outcome::kFailed;
      return out->AppendInt32(*days), Outcome::kDone;
    }
    case Kind::kDecimal: {
      // Spark parses the text as Java's BigDecimal (no surrounding spaces), then as a number.
      const bool spaced = s.empty() || static_cast<unsigned char>(s.front()) <= ' ' ||
                          static_cast<unsigned char>(s.back()) <= ' ';
      const std::optional<Int128> d = spaced ? std::nullopt : ParseDecimal(s, node.decimal);
      if (!d) return Outcome::kFailed;
      return out->AppendDecimal(*d), Outcome::kDone;
    }
    case Kind::kAlwaysNull:
      return out->AppendNull(), Outcome::kDone;
    default:
      return Outcome::kFailed;
  }
}

// A string field given a non-string value takes its JSON text, minified as simdjson's DOM
// writes it (numbers written again, as Jackson's generator does): the value's text is parsed
// again with the DOM parser, which also checks it.
bool RecordReader::AppendJsonText(od::value& v, od::json_type t, Column* out) {
  std::string_view raw;
  if (t == od::json_type::object) {
    od::object object;
    if (v.get_object().get(object) || object.raw_json().get(raw)) return false;
  } else if (t == od::json_type::array) {
    od::array array;
    if (v.get_array().get(array) || array.raw_json().get(raw)) return false;
  } else {
    raw = v.raw_json_token();
  }
  if (!dom_) dom_ = std::make_unique<simdjson::dom::parser>();
  // The value is inside depth_ containers of the record: it may nest the rest of the limit.
  simdjson::dom::element e;
  if (dom_->allocate(std::max(raw.size(), dom_->capacity()), kMaxDepth - depth_) ||
      dom_->parse(raw.data(), raw.size(), true).get(e)) {
    return false;
  }
  out->AppendString(simdjson::minify(e));
  return true;
}

bool RecordReader::Skip(od::value& v) {
  od::json_type t;
  if (depth_ >= kMaxDepth || v.type().get(t)) return false;
  switch (t) {
    case od::json_type::array: {
      Nested nested(&depth_);
      od::array array;
      if (v.get_array().get(array)) return false;
      for (auto result : array) {
        if (result.error()) return false;
        od::value&& item = std::move(result).value_unsafe();
        if (!Skip(item)) return false;
      }
      return true;
    }
    case od::json_type::object: {
      Nested nested(&depth_);
      od::object object;
      if (v.get_object().get(object)) return false;
      for (auto result : object) {
        if (result.error()) return false;
        od::field&& field = std::move(result).value_unsafe();
        std::string_view key;
        if (field.unescaped_key().get(key)) return false;
        if (!Skip(field.value())) return false;
      }
      return true;
    }
    case od::json_type::number: {
      od::number n;
      return !v.get_number().get(n);
    }
    case od::json_type::string: {
      std::string_view s;
      return !v.get_string().get(s);
    }
    case od::json_type::boolean: {
      bool b = false;
      return !v.get_bool().get(b);
    }
    case od::json_type::null: {
      bool null = false;
      return !v.is_null().get(null) && null;
    }
  }
  return false;
}

}  // namespace sluice::engine::from_json
