#include "engine/state/stateful.h"

#include <algorithm>

namespace sluice::engine {

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
    if (!f.watermark_delay_us || f.type != DataType::kTimestamp) continue;
    if (f.name.size() > 4 && f.name.ends_with(".end")) return k;
    if (!first) first = k;
  }
  return first;
}

std::optional<size_t> EventTimeColumn(const Schema& schema) {
  std::vector<size_t> all(schema.fields.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  return EvictionColumn(schema, all);
}

RecordBatch RowsInKeyOrder(const Schema& schema,
                           std::vector<std::pair<std::string, std::vector<Value>>> rows) {
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  RecordBatch out(schema);
  for (const auto& [key, row] : rows) out.AppendRow(row);
  return out;
}

}  // namespace sluice::engine
