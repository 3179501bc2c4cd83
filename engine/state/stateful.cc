#include "engine/state/stateful.h"

#include <algorithm>
#include <limits>

#include "engine/ops/window.h"
#include "engine/types/duration.h"
#include "engine/types/row_codec.h"

namespace sluice::engine {

RecordBatch BoundStateful::Partial(const RecordBatch&, const PartialLimits&) const {
  SLUICE_CHECK(false, "Partial is called only where HasPartial");
  return RecordBatch(partial_schema);
}

void AddStateCounters(const StateOperatorProgress& o, StateOperatorProgress* sum) {
  sum->num_rows_total += o.num_rows_total;
  sum->num_rows_updated += o.num_rows_updated;
  sum->num_rows_removed += o.num_rows_removed;
  sum->num_rows_dropped_by_watermark += o.num_rows_dropped_by_watermark;
  sum->memory_used_bytes += o.memory_used_bytes;
  sum->commit_time_ms += o.commit_time_ms;
}

std::optional<size_t> EvictionColumn(const Schema& schema, const std::vector<size_t>& key_columns) {
  std::optional<size_t> first;
  for (size_t k = 0; k < key_columns.size(); ++k) {
    const Field& f = schema.fields[key_columns[k]];
    if (!f.watermark_delay_us) continue;
    if (f.type == WindowType()) return k;
    if (f.type == DataType::kTimestamp && !first) first = k;
  }
  return first;
}

std::optional<int64_t> EventTimeAt(const Column& column, size_t row) {
  if (column.IsNull(row)) return std::nullopt;
  // The type's id, not the whole type, is tested per row (DataType's == is out of line).
  if (column.type().id() == TypeId::kTimestamp) return column.Int(row);
  SLUICE_CHECK(column.type().id() == TypeId::kStruct && column.num_children() == 2 &&
                   column.child(1).type().id() == TypeId::kTimestamp,
               "an event-time column is a timestamp or a window");
  const Column& end = column.child(1);
  return end.IsNull(row) ? std::nullopt : std::optional<int64_t>(end.Int(row));
}

bool NoRowIsLate(const Column& column, int64_t late_ms) {
  return NoRowIsLate(column, 0, column.size(), late_ms);
}

bool NoRowIsLate(const Column& column, size_t begin, size_t end, int64_t late_ms) {
  SLUICE_CHECK(begin <= end && end <= column.size(), "a range of the column's rows");
  const int64_t late_us = MicrosFromMillis(late_ms);
  const Column* times = &column;
  if (column.type().id() == TypeId::kStruct && column.null_count() == 0) times = &column.child(1);
  if (times->type().id() == TypeId::kTimestamp && times->null_count() == 0) {
    int64_t earliest = std::numeric_limits<int64_t>::max();
    for (const int64_t t : times->int64s().subspan(begin, end - begin)) {
      earliest = std::min(earliest, t);
    }
    return earliest > late_us;
  }
  for (size_t r = begin; r < end; ++r) {
    const std::optional<int64_t> t = EventTimeAt(column, r);
    if (t && *t <= late_us) return false;
  }
  return true;
}

std::optional<int64_t> EventTimeOf(const Value& value) {
  if (IsNull(value)) return std::nullopt;
  if (const auto* t = std::get_if<int64_t>(&value)) return *t;
  const Value& end = std::get<ValueList>(value).at(1);
  return IsNull(end) ? std::nullopt : std::optional<int64_t>(std::get<int64_t>(end));
}

std::optional<int64_t> EventTimeOfCell(std::string_view cell, bool window) {
  if (!window || IsNullCell(cell)) return IntOfCell(cell);
  return IntOfCell(ListItemAt(cell, 1));
}

KeyEventTime::KeyEventTime(const std::vector<DataType>& key_types, size_t index)
    : index_(index), window_(key_types.at(index) == WindowType()) {
  size_t width = 0;
  for (size_t i = 0; i < key_types.size(); ++i) {
    if (i == index) {
      // A window's event time is its end, its second field.
      const std::optional<size_t> end = window_ ? FixedFieldOffset(key_types[i], 1) : 0;
      if (!end) return;
      time_at_ = width + *end;
    }
    const std::optional<size_t> cell = FixedEncodedWidth(key_types[i]);
    if (!cell) return;
    width += *cell;
  }
  time_width_ = *FixedEncodedWidth(DataType::kTimestamp);
  key_width_ = width;
}

std::optional<int64_t> KeyEventTime::operator()(std::string_view key) const {
  if (key_width_ && key.size() == *key_width_) return IntOfCell(key.substr(time_at_, time_width_));
  return EventTimeOfCell(CellAt(key, index_), window_);
}

std::optional<size_t> EventTimeColumn(const Schema& schema) {
  std::vector<size_t> all(schema.fields.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return EvictionColumn(schema, all);
}

}  // namespace sluice::engine
