#include "engine/types/record_batch.h"

#include <atomic>
#include <optional>

namespace sluice::engine {

std::optional<size_t> Schema::IndexOf(const std::string& name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == name) return i;
  }
  return std::nullopt;
}

std::string Schema::Describe() const {
  std::string out = "[";
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ", ";
    out += fields[i].name + ": " + TypeName(fields[i].type);
  }
  return out + "]";
}

RecordBatch::RecordBatch(Schema schema) : schema_(std::move(schema)) {
  for (const Field& f : schema_.fields) columns_.push_back(std::make_shared<Column>(f.type));
}

RecordBatch::RecordBatch(Schema schema, std::vector<Column> columns) : schema_(std::move(schema)) {
  columns_.reserve(columns.size());
  for (Column& c : columns) columns_.push_back(std::make_shared<Column>(std::move(c)));
  CheckColumns();
}

RecordBatch::RecordBatch(Schema schema, std::vector<std::shared_ptr<const Column>> columns)
    : schema_(std::move(schema)), columns_(std::move(columns)) {
  CheckColumns();
}

void RecordBatch::CheckColumns() {
  SLUICE_CHECK(columns_.size() == schema_.fields.size(), "one column per field");
  num_rows_ = columns_.empty() ? 0 : columns_[0]->size();
  for (size_t i = 0; i < columns_.size(); ++i) {
    SLUICE_CHECK(columns_[i] != nullptr, "a column");
    SLUICE_CHECK(columns_[i]->size() == num_rows_, "every column has num_rows rows");
    SLUICE_CHECK(columns_[i]->type() == schema_.fields[i].type, "column type matches its field");
  }
}

Column& RecordBatch::MutableColumn(size_t i) {
  // Every column was made non-const (make_shared<Column>), so when this batch holds the only
  // reference it may change it in place.
  if (columns_[i].use_count() != 1) {
    columns_[i] = std::make_shared<Column>(*columns_[i]);
  } else {
    // use_count is a relaxed load: order this batch's writes after another thread's reads of the
    // column, made before it dropped its reference.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return const_cast<Column&>(*columns_[i]);
}

void RecordBatch::AppendRow(const std::vector<Value>& row) {
  SLUICE_CHECK(row.size() == columns_.size(), "one value per column");
  for (size_t i = 0; i < row.size(); ++i) MutableColumn(i).Append(row[i]);
  ++num_rows_;
}

std::vector<Value> RecordBatch::Row(size_t row) const {
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c->Get(row));
  return out;
}

void RecordBatch::AppendBatch(const RecordBatch& other) {
  SLUICE_CHECK(other.columns_.size() == columns_.size(), "same number of columns");
  for (size_t i = 0; i < columns_.size(); ++i) {
    SLUICE_CHECK(other.columns_[i]->type() == columns_[i]->type(), "same column types");
    if (num_rows_ == 0) {
      columns_[i] = other.columns_[i];
    } else if (other.num_rows_ > 0) {
      MutableColumn(i).AppendAll(*other.columns_[i]);
    }
  }
  num_rows_ += other.num_rows_;
}

RecordBatch RecordBatch::Filter(std::span<const uint8_t> keep) const {
  SLUICE_CHECK(keep.size() == num_rows_, "one flag per row");
  // Branch-free: each row's index is written, and the end moves on past it when it is kept.
  Buffer<uint32_t> rows(keep.size());
  size_t kept = 0;
  for (size_t i = 0; i < keep.size(); ++i) {
    rows[kept] = static_cast<uint32_t>(i);
    kept += keep[i] != 0;
  }
  rows.resize(kept);
  return Take(rows);
}

RecordBatch RecordBatch::Take(std::span<const uint32_t> rows) const {
  bool every_row_in_order = rows.size() == num_rows_;
  for (size_t i = 0; every_row_in_order && i < rows.size(); ++i) every_row_in_order = rows[i] == i;
  if (every_row_in_order) return *this;
  std::vector<Column> cols;
  cols.reserve(columns_.size());
  for (const auto& c : columns_) cols.push_back(c->Take(rows));
  RecordBatch out(schema_, std::move(cols));
  out.num_rows_ = rows.size();
  return out;
}

RecordBatch RecordBatch::Slice(size_t begin, size_t end) const {
  if (begin == 0 && end == num_rows_) return *this;
  std::vector<Column> cols;
  for (const auto& c : columns_) cols.push_back(c->Slice(begin, end));
  RecordBatch out(schema_, std::move(cols));
  out.num_rows_ = end - begin;
  return out;
}

RecordBatch RecordBatch::WithSchemaNames(const Schema& names) const {
  SLUICE_CHECK(names.fields.size() == schema_.fields.size(), "same number of fields");
  RecordBatch out = *this;
  for (size_t i = 0; i < names.fields.size(); ++i) {
    out.schema_.fields[i].name = names.fields[i].name;
  }
  return out;
}

std::string RecordBatch::Encode() const {
  std::string out;
  for (size_t r = 0; r < num_rows_; ++r) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) out += '\t';
      out += ValueToString(columns_[c]->Get(r), schema_.fields[c].type);
    }
    out += '\n';
  }
  return out;
}

RecordBatch Concat(const Schema& schema, const std::vector<RecordBatch>& parts) {
  RecordBatch out(schema);
  for (const RecordBatch& p : parts) out.AppendBatch(p);
  return out;
}

RecordBatch TakeFromEach(const Schema& schema, const std::vector<RecordBatch>& parts,
                         const std::vector<std::span<const uint32_t>>& rows) {
  SLUICE_CHECK(rows.size() == parts.size(), "one row list per part");
  size_t total = 0;
  std::optional<size_t> only;  // the one part that gives rows, when just one does
  for (size_t i = 0; i < parts.size(); ++i) {
    if (rows[i].empty()) continue;
    only = total == 0 ? std::optional<size_t>(i) : std::nullopt;
    total += rows[i].size();
  }
  if (total == 0) return RecordBatch(schema);
  if (only) return parts[*only].Take(rows[*only]);  // which may share the part's columns
  if (schema.fields.empty()) {                      // rows without columns: only their number
    std::vector<RecordBatch> taken;
    for (size_t i = 0; i < parts.size(); ++i) taken.push_back(parts[i].Take(rows[i]));
    return Concat(schema, taken);
  }
  std::vector<Column> columns;
  columns.reserve(schema.fields.size());
  for (size_t c = 0; c < schema.fields.size(); ++c) {
    Column& out = columns.emplace_back(schema.fields[c].type);
    out.Reserve(total);
    for (size_t i = 0; i < parts.size(); ++i) {
      if (!rows[i].empty()) out.AppendTaken(parts[i].column(c), rows[i]);
    }
  }
  return RecordBatch(schema, std::move(columns));
}

}  // namespace sluice::engine
