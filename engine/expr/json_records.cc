#include "engine/expr/json_records.h"

#include <simdjson.h>

#include <cstring>
#include <vector>

#include "engine/expr/functions/from_json_reader.h"

namespace sluice::engine {
namespace {

// Whether simdjson may read record `text` where it lies: the bytes after it are readable for
// simdjson's padding, and no value of the record is read past its end. Each value inside a
// record that ends with a closing brace or bracket is followed by a structural character of the
// record; a record that ends otherwise (a scalar, or a truncated value) would have its last token
// read on into the next bytes, and is read from a padded copy instead.
bool ReadableInPlace(std::string_view text, size_t bytes_after) {
  if (bytes_after < simdjson::SIMDJSON_PADDING) return false;
  size_t end = text.size();
  while (end > 0 && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' ||
                     text[end - 1] == '\r')) {
    --end;
  }
  return end > 0 && (text[end - 1] == '}' || text[end - 1] == ']');
}

}  // namespace

struct JsonRecordSchema::Compiled {
  from_json::Node root;
  size_t marks = 0;
  from_json::JsonOptions options;
};

JsonRecordSchema::JsonRecordSchema(DataType type, JsonRecordOptions options)
    : type_(std::move(type)), options_(std::move(options)) {}

JsonRecordSchema::~JsonRecordSchema() = default;

std::shared_ptr<const JsonRecordSchema> JsonRecordSchema::Compile(const DataType& type,
                                                                  JsonRecordOptions options) {
  SLUICE_CHECK(type.is_nested(), "a struct, array or map schema");
  if (options.corrupt_field) {
    SLUICE_CHECK(type.id() == TypeId::kStruct && *options.corrupt_field < type.fields().size() &&
                     type.fields()[*options.corrupt_field].type == DataType::kString,
                 "the corrupt-record field is a string field");
  }
  std::shared_ptr<JsonRecordSchema> schema(new JsonRecordSchema(type, std::move(options)));
  auto compiled = std::make_unique<Compiled>();
  compiled->options = {schema->options_.timestamp_format, schema->options_.date_format,
                       schema->options_.corrupt_field, schema->options_.root_array_as_rows};
  compiled->root = from_json::Compile(type, &compiled->marks, schema->options_.corrupt_field);
  schema->compiled_ = std::move(compiled);
  return schema;
}

struct JsonRecordReader::State {
  explicit State(const JsonRecordSchema::Compiled& c) : reader(c.root, c.marks, c.options) {}
  from_json::RecordReader reader;
  // A record not read in place: copied with simdjson's padding after a byte that no JSON token
  // starts with.
  std::vector<char> padded;
};

JsonRecordReader::JsonRecordReader(std::shared_ptr<const JsonRecordSchema> schema)
    : schema_(std::move(schema)), state_(std::make_unique<State>(*schema_->compiled_)) {}

JsonRecordReader::~JsonRecordReader() = default;

JsonRecordResult JsonRecordReader::Read(std::string_view text, size_t bytes_after, Column* out) {
  from_json::RecordResult read;
  if (ReadableInPlace(text, bytes_after)) {
    read = state_->reader.Read(text.data(), text.size(), text.size() + bytes_after, out);
  } else {
    state_->padded.assign(text.size() + 1 + simdjson::SIMDJSON_PADDING, '\0');
    std::memcpy(state_->padded.data(), text.data(), text.size());
    read = state_->reader.Read(state_->padded.data(), text.size(), state_->padded.size(), out);
  }
  switch (read) {
    case from_json::RecordResult::kGood:
      return JsonRecordResult::kGood;
    case from_json::RecordResult::kPartial:
      return JsonRecordResult::kPartial;
    case from_json::RecordResult::kMalformed:
      return JsonRecordResult::kMalformed;
  }
  SLUICE_CHECK(false, "a record result");
}

void JsonRecordReader::AppendMalformed(std::string_view text, Column* out) const {
  if (out->type().id() != TypeId::kStruct) return out->AppendNull();
  const std::optional<size_t> corrupt = schema_->options().corrupt_field;
  for (size_t f = 0; f < out->num_children(); ++f) {
    f == corrupt ? out->child(f).AppendString(text) : out->child(f).AppendNull();
  }
  out->CloseStruct();
}

void JsonRecordReader::KeepPartial(std::string_view text, size_t first_row, Column* out) const {
  // FailureSafeParser keeps the fields that converted, and the record's text in each row.
  const std::optional<size_t> corrupt = schema_->options().corrupt_field;
  if (!corrupt) return;
  Column& field = out->child(*corrupt);
  const size_t rows = field.size();
  SLUICE_CHECK(first_row <= rows, "the partial record's rows are in the column");
  field.Truncate(first_row);
  for (size_t r = first_row; r < rows; ++r) field.AppendString(text);
}

}  // namespace sluice::engine
