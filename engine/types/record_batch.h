// Schema and RecordBatch: a batch of rows held column by column.
//
// Rules: every column has num_rows() rows and the type its field says. Column names within a
// schema may repeat only after a join (they are then qualified as left.x / right.x).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/types/column.h"

namespace sluice::engine {

struct Field {
  std::string name;
  DataType type;
  // Set on a column that carries an event-time watermark (with_watermark's column and what is
  // derived from it by reference: aliases, window bounds, grouping keys): the watermark's delay.
  // Only planning reads it; equality ignores it.
  std::optional<int64_t> watermark_delay_us = std::nullopt;
  bool operator==(const Field& o) const { return name == o.name && type == o.type; }
};

struct Schema {
  std::vector<Field> fields;

  std::optional<size_t> IndexOf(const std::string& name) const;
  std::string Describe() const;  // "[value: long, word: string]"
  bool operator==(const Schema&) const = default;
};

// A batch shares its columns: copying a batch, a Take of every row in order (or a Filter keeping
// every row), a Slice of the whole batch, appending to an empty batch, and referring to a column
// in a projection (SharedColumn) share a column's buffers instead of copying them. A column is
// immutable while shared: AppendRow and AppendBatch copy a shared column before they change it,
// so no batch ever sees another's appends.
class RecordBatch {
 public:
  explicit RecordBatch(Schema schema);
  RecordBatch(Schema schema, std::vector<Column> columns);
  // REQUIRES: each column was made as a non-const Column (make_shared<Column>, or another
  // batch's SharedColumn): a batch that is a column's only holder changes it in place.
  RecordBatch(Schema schema, std::vector<std::shared_ptr<const Column>> columns);

  const Schema& schema() const { return schema_; }
  size_t num_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const Column& column(size_t i) const { return *columns_[i]; }
  const std::shared_ptr<const Column>& SharedColumn(size_t i) const { return columns_[i]; }

  // REQUIRES: one value per field, each null or of the field's type.
  void AppendRow(const std::vector<Value>& row);
  std::vector<Value> Row(size_t row) const;
  void AppendBatch(const RecordBatch& other);  // REQUIRES: same column types

  RecordBatch Filter(std::span<const uint8_t> keep) const;
  RecordBatch Take(std::span<const uint32_t> rows) const;
  RecordBatch Slice(size_t begin, size_t end) const;
  RecordBatch WithSchemaNames(const Schema& names) const;

  // A canonical text form, one line per row: equal batches give equal bytes.
  std::string Encode() const;

 private:
  // Column i, copied first when another batch shares it.
  Column& MutableColumn(size_t i);
  void CheckColumns();

  Schema schema_;
  std::vector<std::shared_ptr<const Column>> columns_;
  size_t num_rows_ = 0;
};

// Concatenates batches of one schema in order. REQUIRES: at least `schema` to build an empty one.
RecordBatch Concat(const Schema& schema, const std::vector<RecordBatch>& parts);
// The rows rows[i] of parts[i], part after part: Concat of each part's Take, copied once.
// REQUIRES: parts of `schema`'s column types; rows.size() == parts.size().
RecordBatch TakeFromEach(const Schema& schema, const std::vector<RecordBatch>& parts,
                         const std::vector<std::span<const uint32_t>>& rows);

}  // namespace sluice::engine
