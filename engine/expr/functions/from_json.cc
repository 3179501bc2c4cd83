#include "engine/expr/functions/from_json.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>

#include "engine/types/datetime.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"
#include "engine/types/type_parser.h"

namespace sluice::engine {
namespace {

namespace od = simdjson::ondemand;

struct JsonOptions {
  std::optional<DateTimePattern> timestamp_format;
  std::optional<DateTimePattern> date_format;
  std::optional<size_t> corrupt_field;  // index in a struct schema
};

// What a node of the schema reads a JSON value into.
enum class Kind : uint8_t {
  kStruct,
  kArray,
  kMap,
  kMapOfNonStringKeys,  // never read: an object for it has the wrong shape
  kBool,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kTimestamp,
  kDate,
  kAlwaysNull,  // binary and the null type
};

// The schema compiled once at bind time: per struct, its fields' names sorted for lookup.
struct Node {
  Kind kind = Kind::kAlwaysNull;
  DecimalSpec decimal{};
  std::vector<Node> children;  // struct: one per field; array: the element; map: the value
  // struct: per field in schema order, what the hot loop checks, side by side.
  struct Key {
    std::string name;
    // A key's raw text may be compared with the name byte for byte: the name needs no escape
    // in JSON and no earlier field has it.
    bool raw_comparable = false;
    bool is_string = false;  // the field is a string
  };
  std::vector<Key> keys;
  // struct: (name, index of the first field with that name), sorted by name.
  std::vector<std::pair<std::string, uint32_t>> sorted;
  size_t marks_begin = 0;  // struct: where its fields' marks start in the reader's scratch
};

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

// Compiles `type`; `marks` counts the struct fields seen so far (each gets a mark slot).
Node Compile(const DataType& type, size_t* marks) {
  Node node;
  switch (type.id()) {
    case TypeId::kStruct: {
      node.kind = Kind::kStruct;
      node.marks_begin = *marks;
      const std::vector<StructField>& fields = type.fields();
      *marks += fields.size();
      for (size_t f = 0; f < fields.size(); ++f) {
        node.children.push_back(Compile(fields[f].type, marks));
        node.keys.push_back(Node::Key{
            fields[f].name, NeedsNoEscape(fields[f].name) && type.FieldIndex(fields[f].name) == f,
            fields[f].type == DataType::kString});
        node.sorted.emplace_back(fields[f].name, static_cast<uint32_t>(f));
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

// How appending one JSON value went.
enum class Outcome : uint8_t {
  kDone,        // the value (or null) was appended
  kWrongShape,  // the value cannot hold the node's type; nothing was appended or read
  kMalformed,   // the text is not JSON: the record is malformed (a part may have been appended)
};

// Reads records with simdjson On-Demand, appending straight into the output column; the rules
// are those of the DOM parse before it: the whole record must be valid JSON (values that are not
// read are checked too), a value of the wrong type is null, a string field takes the minified
// JSON text of a non-string value, the first of repeated keys wins.
class RecordReader {
 public:
  RecordReader(const Node& root, size_t marks, const JsonOptions& options)
      : root_(root), options_(options), marks_(marks, 0) {}

  // Appends the record in text[0, len) (readable up to `capacity` bytes, at least
  // SIMDJSON_PADDING more) as one row of `out`: its value, or null for the JSON literal null.
  // Returns false, with `out` as it was before, when the record is malformed.
  bool Read(const char* text, size_t len, size_t capacity, Column* out);

 private:
  Outcome Append(od::value& v, const Node& node, Column* out);
  // Append, with a value of the wrong shape checked and appended as null.
  bool AppendOrNull(od::value& v, const Node& node, Column* out);
  Outcome AppendStruct(od::value& v, const Node& node, Column* out);
  Outcome AppendList(od::value& v, const Node& node, Column* out);
  bool AppendScalar(od::value& v, od::json_type t, const Node& node, Column* out);
  bool AppendNumber(od::value& v, const Node& node, Column* out);
  bool AppendFromString(std::string_view s, const Node& node, Column* out);
  bool AppendJsonText(od::value& v, od::json_type t, Column* out);
  // Reads `v` through to check that it is valid JSON.
  bool Skip(od::value& v);

  const Node& root_;
  const JsonOptions& options_;
  od::parser parser_;
  std::unique_ptr<simdjson::dom::parser> dom_;  // for the text of non-string values
  std::vector<uint64_t> marks_;  // per struct field: the object visit that last saw it
  uint64_t visit_ = 0;
  size_t depth_ = 0;  // the containers around the value being read
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

bool RecordReader::Read(const char* text, size_t len, size_t capacity, Column* out) {
  const size_t before = out->size();
  depth_ = 0;
  od::document doc;
  if (parser_.iterate(text, len, capacity).get(doc)) return false;
  bool scalar = false;
  if (doc.is_scalar().get(scalar)) return false;
  if (scalar) {  // only the literal null fits a nested schema
    if (TrimJsonSpace(std::string_view(text, len)) != "null") return false;
    out->AppendNull();
    return true;
  }
  od::value v;
  if (doc.get_value().get(v)) return false;
  if (Append(v, root_, out) == Outcome::kDone && AtEnd(doc)) return true;
  out->Truncate(before);
  return false;
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
    case Kind::kStruct:
      return t == od::json_type::object ? AppendStruct(v, node, out) : Outcome::kWrongShape;
    case Kind::kArray:
      return t == od::json_type::array ? AppendList(v, node, out) : Outcome::kWrongShape;
    case Kind::kMap:
      return t == od::json_type::object ? AppendList(v, node, out) : Outcome::kWrongShape;
    case Kind::kMapOfNonStringKeys:
      return Outcome::kWrongShape;
    default:
      return AppendScalar(v, t, node, out) ? Outcome::kDone : Outcome::kMalformed;
  }
}

bool RecordReader::AppendOrNull(od::value& v, const Node& node, Column* out) {
  const Outcome o = Append(v, node, out);
  if (o != Outcome::kWrongShape) return o == Outcome::kDone;
  if (!Skip(v)) return false;
  out->AppendNull();
  return true;
}

// The first field of `node` named `key`, or the number of fields when none is.
size_t FindField(const Node& node, std::string_view key) {
  auto it = std::lower_bound(node.sorted.begin(), node.sorted.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return it == node.sorted.end() || it->first != key ? node.keys.size() : it->second;
}

Outcome RecordReader::AppendStruct(od::value& v, const Node& node, Column* out) {
  Nested nested(&depth_);
  od::object object;
  if (v.get_object().get(object)) return Outcome::kMalformed;
  const uint64_t visit = ++visit_;
  uint64_t* marks = marks_.data() + node.marks_begin;
  const size_t n = node.keys.size();
  size_t expected = 0;  // keys usually come in the schema's order
  // The field is used in place, not copied out of `result`, and not passed on by address: a
  // copy made the loop stall on store forwarding (twice slower).
  for (auto result : object) {
    if (result.error()) return Outcome::kMalformed;
    od::field&& field = std::move(result).value_unsafe();
    size_t f = expected;
    if (f >= n || !node.keys[f].raw_comparable || !field.key().unsafe_is_equal(node.keys[f].name)) {
      std::string_view key;
      if (field.unescaped_key().get(key)) return Outcome::kMalformed;
      f = FindField(node, key);
    }
    if (f == n || marks[f] == visit) {  // an unknown or repeated field is checked and ignored
      od::value value = field.value();
      if (!Skip(value)) return Outcome::kMalformed;
      continue;
    }
    marks[f] = visit;
    expected = f + 1;
    Column& child = out->child(f);
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
    if (!AppendOrNull(value, node.children[f], &child)) return Outcome::kMalformed;
  }
  for (size_t f = 0; f < n; ++f) {
    if (marks[f] != visit) out->child(f).AppendNull();
  }
  out->CloseStruct();
  return Outcome::kDone;
}

// An array's elements, or a map's entries (the key, then the value).
Outcome RecordReader::AppendList(od::value& v, const Node& node, Column* out) {
  Nested nested(&depth_);
  if (node.kind == Kind::kArray) {
    od::array array;
    if (v.get_array().get(array)) return Outcome::kMalformed;
    for (auto result : array) {
      if (result.error()) return Outcome::kMalformed;
      od::value&& item = std::move(result).value_unsafe();
      if (!AppendOrNull(item, node.children[0], &out->child(0))) return Outcome::kMalformed;
    }
  } else {
    od::object object;
    if (v.get_object().get(object)) return Outcome::kMalformed;
    for (auto result : object) {
      if (result.error()) return Outcome::kMalformed;
      od::field&& field = std::move(result).value_unsafe();
      std::string_view key;
      if (field.unescaped_key().get(key)) return Outcome::kMalformed;
      out->child(0).AppendString(key);
      if (!AppendOrNull(field.value(), node.children[0], &out->child(1))) {
        return Outcome::kMalformed;
      }
    }
  }
  out->CloseList();
  return Outcome::kDone;
}

bool RecordReader::AppendScalar(od::value& v, od::json_type t, const Node& node, Column* out) {
  if (node.kind == Kind::kString && t != od::json_type::string) return AppendJsonText(v, t, out);
  switch (t) {
    case od::json_type::number:
      return AppendNumber(v, node, out);
    case od::json_type::string: {
      std::string_view s;
      return !v.get_string().get(s) && AppendFromString(s, node, out);
    }
    case od::json_type::boolean: {
      bool b = false;
      if (v.get_bool().get(b)) return false;
      node.kind == Kind::kBool ? out->AppendBool(b) : out->AppendNull();
      return true;
    }
    default:  // an object or an array
      if (!Skip(v)) return false;
      out->AppendNull();
      return true;
  }
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

bool RecordReader::AppendNumber(od::value& v, const Node& node, Column* out) {
  const std::string_view token = v.raw_json_token();
  od::number n;
  if (v.get_number().get(n)) return false;
  const od::number_type t = n.get_number_type();
  const bool is_int = t == od::number_type::signed_integer;
  switch (node.kind) {
    case Kind::kInt32:
    case Kind::kInt64:
      if (is_int && (node.kind == Kind::kInt64 ||
                     (n.get_int64() >= INT32_MIN && n.get_int64() <= INT32_MAX))) {
        return out->AppendIntegral(n.get_int64()), true;
      }
      break;
    case Kind::kFloat:
      return out->AppendFloat(static_cast<float>(NumberAsDouble(n, token))), true;
    case Kind::kDouble:
      return out->AppendDouble(NumberAsDouble(n, token)), true;
    case Kind::kDecimal: {
      std::optional<Int128> d;
      if (is_int) d = DecimalFromInt64(n.get_int64(), node.decimal);
      if (t == od::number_type::floating_point_number) {
        d = DecimalFromDouble(NumberAsDouble(n, token), node.decimal);
      }
      if (!d) break;
      return out->AppendDecimal(*d), true;
    }
    case Kind::kTimestamp:
      if (is_int) {  // epoch seconds; the product wraps, as Spark's Long product does
        const uint64_t micros = static_cast<uint64_t>(n.get_int64()) * kMicrosPerSecond;
        return out->AppendInt(static_cast<int64_t>(micros)), true;
      }
      break;
    default:
      break;
  }
  out->AppendNull();
  return true;
}

bool RecordReader::AppendFromString(std::string_view s, const Node& node, Column* out) {
  switch (node.kind) {
    case Kind::kString:
      return out->AppendString(s), true;
    case Kind::kFloat:
    case Kind::kDouble: {
      std::optional<double> d;
      if (s == "NaN") d = std::nan("");
      if (s == "Infinity") d = HUGE_VAL;
      if (s == "-Infinity") d = -HUGE_VAL;
      if (!d) break;
      node.kind == Kind::kFloat ? out->AppendFloat(static_cast<float>(*d)) : out->AppendDouble(*d);
      return true;
    }
    case Kind::kTimestamp: {
      const std::optional<int64_t> micros = options_.timestamp_format
                                                ? options_.timestamp_format->ParseTimestamp(s)
                                                : StringToTimestamp(s);
      if (!micros) break;
      return out->AppendInt(*micros), true;
    }
    case Kind::kDate: {
      const std::optional<int32_t> days =
          options_.date_format ? options_.date_format->ParseDate(s) : StringToDate(s);
      if (!days) break;
      return out->AppendInt32(*days), true;
    }
    default:
      break;
  }
  out->AppendNull();
  return true;
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

// A malformed record: nulls, and its text in the corrupt-record field if the schema has one.
void AppendMalformed(std::string_view text, const JsonOptions& options, Column* out) {
  if (out->type().id() != TypeId::kStruct) return out->AppendNull();
  for (size_t f = 0; f < out->num_children(); ++f) {
    f == options.corrupt_field ? out->child(f).AppendString(text) : out->child(f).AppendNull();
  }
  out->CloseStruct();
}

Result<JsonOptions> ReadOptions(const std::string& name, const std::vector<FunctionArg>& args,
                                const DataType& schema) {
  JsonOptions options;
  if (args.size() < 3) return options;
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 2));
  if (args[2].type != DataType::Map(DataType::kString, DataType::kString)) {
    return FunctionArgError(name, 2, args[2], "must be a map<string,string> of options");
  }
  for (const Value& entry : std::get<ValueList>(*args[2].literal)) {
    const ValueList& kv = std::get<ValueList>(entry);
    const std::string& key = std::get<std::string>(kv[0]);
    const std::string value = IsNull(kv[1]) ? "" : std::get<std::string>(kv[1]);
    auto pattern = [&](std::optional<DateTimePattern>* out) -> Status {
      Result<DateTimePattern> p = DateTimePattern::Compile(value, PatternUse::kParse);
      if (!p.ok()) return p.status().WithContext("function " + name + ": option " + key);
      *out = std::move(p).value();
      return Status::Ok();
    };
    if (key == "timestampFormat") SLUICE_RETURN_IF_ERROR(pattern(&options.timestamp_format));
    if (key == "dateFormat") SLUICE_RETURN_IF_ERROR(pattern(&options.date_format));
    if (key == "mode" && value != "PERMISSIVE") {
      return FunctionArgError(name, 2, args[2],
                              "sets mode " + value + "; from_json supports PERMISSIVE only");
    }
    if (key == "columnNameOfCorruptRecord") {
      std::optional<size_t> f;
      if (schema.id() == TypeId::kStruct) f = schema.FieldIndex(value);
      if (f && schema.fields()[*f].type == DataType::kString) options.corrupt_field = f;
    }
  }
  return options;
}

// from_json over a column of JSON texts: one row of `type` per text.
// A copy of `bytes` with simdjson's padding after it, in a buffer kept per thread between
// batches (a fresh allocation of a batch's size pays its page faults every time).
char* PaddedCopy(std::string_view bytes) {
  thread_local std::vector<char> buffer;
  const size_t need = bytes.size() + simdjson::SIMDJSON_PADDING;
  if (buffer.size() > 4 * need + (size_t{1} << 20)) buffer = std::vector<char>();  // shrink
  if (buffer.size() < need) buffer.resize(need);
  std::memcpy(buffer.data(), bytes.data(), bytes.size());
  std::memset(buffer.data() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
  return buffer.data();
}

// Once `done` of `rows` records are read into a struct, gives each string field room for the
// rest at the rate seen so far, so that its bytes are not copied again and again as they grow.
void ReserveStringBytes(Column* out, size_t done, size_t rows) {
  if (out->type().id() != TypeId::kStruct) return;
  for (size_t f = 0; f < out->num_children(); ++f) {
    Column& child = out->child(f);
    if (child.type() != DataType::kString) continue;
    child.ReserveBytes(child.bytes().size() * (rows - done) / done * 9 / 8);
  }
}

// from_json over a column of JSON texts: one row of `type` per text.
Column ReadColumn(const Column& json, size_t rows, const DataType& type, const Node& root,
                  size_t marks, const JsonOptions& options) {
  constexpr size_t kSampleRows = 64;
  // One padded copy of the batch's bytes for simdjson, not one per record.
  const std::string_view bytes = json.bytes();
  const size_t capacity = bytes.size() + simdjson::SIMDJSON_PADDING;
  char* padded = PaddedCopy(bytes);
  RecordReader reader(root, marks, options);
  Column out(type);
  out.Reserve(rows);
  for (size_t r = 0; r < rows; ++r) {
    if (r == kSampleRows && rows >= 4 * kSampleRows) ReserveStringBytes(&out, r, rows);
    if (json.IsNull(r)) {
      out.AppendNull();
      continue;
    }
    const auto begin = static_cast<size_t>(json.offsets()[r]);
    const auto len = static_cast<size_t>(json.offsets()[r + 1]) - begin;
    // On-Demand may read the byte after a truncated record (the next record's first): make it
    // one that no JSON token starts with, for the record's time.
    char* text = padded + begin;
    const char next = text[len];
    text[len] = '\0';
    const bool read = reader.Read(text, len, capacity - begin, &out);
    text[len] = next;
    if (!read) AppendMalformed(bytes.substr(begin, len), options, &out);
  }
  return out;
}

}  // namespace

Result<BoundFunction> BindFromJson(const std::string& name, const std::vector<FunctionArg>& args) {
  SLUICE_RETURN_IF_ERROR(CheckArgCount(name, args, 2, 3));
  if (args[0].type != DataType::kString) {
    return FunctionArgError(name, 0, args[0], "must be a string");
  }
  SLUICE_RETURN_IF_ERROR(RequireLiteral(name, args, 1));
  if (args[1].type != DataType::kString) {
    return FunctionArgError(name, 1, args[1], "must be a DDL schema string");
  }
  Result<DataType> schema = ParseDdlSchema(std::get<std::string>(*args[1].literal));
  if (!schema.ok()) return schema.status().WithContext("function " + name + ": argument 2");
  const DataType type = schema.value();
  if (!type.is_nested()) {
    return FunctionArgError(name, 1, args[1],
                            "must be a struct, an array or a map schema, not " + TypeName(type));
  }
  SLUICE_ASSIGN_OR_RETURN(JsonOptions options, ReadOptions(name, args, type));
  size_t marks = 0;
  auto root = std::make_shared<const Node>(Compile(type, &marks));
  auto opts = std::make_shared<const JsonOptions>(std::move(options));
  return BoundFunction{type, [type, root, marks, opts](const std::vector<Column>& in, size_t rows) {
                         return Result<Column>(ReadColumn(in[0], rows, type, *root, marks, *opts));
                       }};
}

}  // namespace sluice::engine
