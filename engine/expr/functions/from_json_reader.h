// from_json's record reader (private to engine/expr/functions/from_json*.cc): the schema compiled
// for lookup, and a simdjson On-Demand reader that appends one record at a time straight into the
// output column, with the conversion rules of Spark 3.5's JacksonParser (partial results on, as
// spark.sql.json.enablePartialResults is by default):
//  - a value that cannot be converted to its type fails; a struct field that fails is null and
//    makes the struct a partial result (its other fields kept); an array element or a map value
//    that fails makes the whole array or map fail; a partial struct inside an array or a map is
//    kept and makes the container partial as well;
//  - of a key repeated in an object, the last value that converts wins (one that fails leaves the
//    value before it);
//  - the whole record must be valid JSON (values not read are checked too), nested in at most
//    1023 containers (simdjson's DOM limit).
#pragma once

#include <simdjson.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/types/column.h"
#include "engine/types/datetime_pattern.h"
#include "engine/types/decimal.h"

namespace sluice::engine::from_json {

// The options from_json reads (others are accepted and have no effect).
struct JsonOptions {
  std::optional<DateTimePattern> timestamp_format;
  std::optional<DateTimePattern> date_format;
  // The corrupt-record field's index in a struct schema: a string field named by the option
  // columnNameOfCorruptRecord, by default _corrupt_record. It is not read from the JSON.
  std::optional<size_t> corrupt_field;
  // A root JSON array read against a struct schema gives one row per element (Spark's
  // allowArrayAsStructs, which its JSON file source sets and from_json does not): `[]` gives no
  // row; a null element, or one that does not convert, makes the whole record malformed; a
  // partial element keeps its row and makes the record partial.
  bool root_array_as_rows = false;
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
    // A raw-comparable name of at most 15 bytes, followed by its closing quote, as two masked
    // 8-byte words: a key's raw text (padded input) then compares in two loads.
    bool short_name = false;
    uint64_t words[2] = {0, 0};
    uint64_t masks[2] = {0, 0};
  };
  std::vector<Key> keys;
  // struct: (name, index of the first field with that name), sorted by name; without the
  // corrupt-record field.
  std::vector<std::pair<std::string, uint32_t>> sorted;
  size_t marks_begin = 0;  // struct: where its fields' marks start in the reader's scratch
};

// Compiles `type`; `marks` counts the struct fields seen so far (each gets a mark slot). The
// root struct's field `skip_field`, if any, is never matched by a key.
Node Compile(const DataType& type, size_t* marks, std::optional<size_t> skip_field = {});

// How reading one record went.
enum class RecordResult : uint8_t {
  kGood,       // the record's value was appended (a root array read as rows: one per element)
  kPartial,    // appended, with some values that did not convert left null
  kMalformed,  // not JSON of the schema's shape: nothing was appended
};

namespace od = simdjson::ondemand;

// How reading one JSON value went.
enum class Outcome : uint8_t {
  kDone,       // the value (or null) was appended
  kPartial,    // the value was appended, with a part that did not convert left null
  kFailed,     // the value does not convert to the node's type: it was read, nothing appended
  kMalformed,  // the text is not JSON: the record is malformed (a part may have been appended)
};

// Reads records with simdjson On-Demand, appending straight into the output column.
class RecordReader {
 public:
  RecordReader(const Node& root, size_t marks, const JsonOptions& options)
      : root_(root), options_(options), marks_(marks, 0) {}

  // Appends the record in text[0, len) (readable up to `capacity` bytes, at least
  // SIMDJSON_PADDING more) as one row of `out`: its value, or null for the JSON literal null.
  // On kMalformed `out` is as it was before.
  RecordResult Read(const char* text, size_t len, size_t capacity, Column* out);

 private:
  Outcome Append(od::value& v, const Node& node, Column* out);
  Outcome AppendStruct(od::object& object, const Node& node, Column* out);
  // A key repeated in an object: its field's column `child` holds the value before at `row`.
  Outcome AppendRepeated(od::value& v, const Node& node, Column* child, size_t row);
  Outcome AppendArray(od::value& v, const Node& node, Column* out);
  Outcome AppendMap(od::value& v, const Node& node, Column* out);
  // An array read as an array of one struct (SPARK-19595): a JSON object for array<struct>.
  Outcome AppendObjectAsArray(od::value& v, const Node& node, Column* out);
  // A root array read as rows of the root struct (JsonOptions::root_array_as_rows).
  Outcome AppendArrayAsRows(od::value& v, Column* out);
  Outcome AppendScalar(od::value& v, od::json_type t, const Node& node, Column* out);
  Outcome AppendNumber(od::value& v, const Node& node, Column* out);
  Outcome AppendFromString(std::string_view s, const Node& node, Column* out);
  bool AppendJsonText(od::value& v, od::json_type t, Column* out);
  // Reads `v` through to check that it is valid JSON.
  bool Skip(od::value& v);
  // A value that does not convert, read through: kFailed, or kMalformed if it is not JSON.
  Outcome SkipFailed(od::value& v) { return Skip(v) ? Outcome::kFailed : Outcome::kMalformed; }

  const Node& root_;
  const JsonOptions& options_;
  od::parser parser_;
  std::unique_ptr<simdjson::dom::parser> dom_;  // for the text of non-string values
  std::vector<uint64_t> marks_;  // per struct field: the object visit that last saw it
  uint64_t visit_ = 0;
  size_t depth_ = 0;  // the containers around the value being read
};

}  // namespace sluice::engine::from_json
