#include "engine/state/deduplicate.h"

#include <algorithm>

#include "engine/types/duration.h"
#include "engine/types/row_codec.h"
#include "engine/types/window_spec.h"
#include "storage/ordered_walk.h"

namespace sluice::engine {
namespace {

class BoundDedup : public BoundStateful {
 public:
  std::string Name() const override {
    return within_watermark ? "dedupeWithinWatermark" : "dedupe";
  }
  std::string Describe() const override { return description; }
  bool IsAggregation() const override { return false; }
  bool EvictsByWatermark(OutputMode) const override {
    return within_watermark || eviction_column.has_value();
  }

  Result<RecordBatch> Run(const RecordBatch& rows, storage::StateStore& store,
                          const StatefulContext& ctx, StateOperatorProgress* m) const override {
    std::vector<uint8_t> keep(rows.num_rows(), 0);
    BatchKeys keys(rows, key_columns);
    std::vector<storage::StateStore::HashedKey> hashed;  // the range's keys
    hashed.reserve(BatchKeys::kRowsAtOnce);
    const Column* times = event_time_column ? &rows.column(*event_time_column) : nullptr;
    // Each row's event time is read only where a row may be late or the state keeps it.
    const bool read_times =
        times != nullptr && (within_watermark || !NoRowIsLate(*times, ctx.late_watermark_ms));
    for (size_t begin = 0; begin < rows.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      const size_t end = std::min(rows.num_rows(), begin + BatchKeys::kRowsAtOnce);
      keys.Encode(begin, end);
      hashed.clear();
      for (size_t r = begin; r < end; ++r) hashed.push_back(store.Hash(keys[r]));
      for (size_t r = begin; r < end; ++r) {
        if (r + storage::kFarAhead < end) {
          store.PrefetchSlot(hashed[r - begin + storage::kFarAhead]);
        }
        if (r + storage::kNearAhead < end) {
          store.PrefetchEntry(hashed[r - begin + storage::kNearAhead]);
        }
        std::optional<int64_t> event_us;
        if (read_times) event_us = EventTimeAt(*times, r);
        if (event_us && *event_us <= MicrosFromMillis(ctx.late_watermark_ms)) {
          ++m->num_rows_dropped_by_watermark;
          continue;
        }
        std::string value;
        if (within_watermark) {
          // A null event time never expires, as Spark's null expiry never passes the watermark.
          EncodeValue(event_us ? Value{*event_us + delay_us} : Value{}, &value);
        }
        if (!store.PutIfAbsent(hashed[r - begin], std::move(value))) continue;
        ++m->num_rows_updated;
        keep[r] = 1;
      }
    }
    if (EvictsByWatermark(ctx.mode)) {
      std::vector<DataType> key_types;
      for (const size_t k : key_columns) key_types.push_back(output_schema.fields[k].type);
      const std::optional<KeyEventTime> time_of =
          within_watermark ? std::nullopt
                           : std::optional<KeyEventTime>(KeyEventTime(key_types, *eviction_column));
      const size_t evicted = store.RemoveIf([&](std::string_view key, const std::string& value) {
        const std::optional<int64_t> t = within_watermark ? IntOfCell(value) : (*time_of)(key);
        return t && *t <= MicrosFromMillis(ctx.eviction_watermark_ms);
      });
      m->num_rows_removed += static_cast<int64_t>(evicted);
    }
    return rows.Filter(keep);
  }

  std::string description;
  bool within_watermark = false;
  std::optional<size_t> event_time_column;  // see EventTimeColumn
  std::optional<size_t> eviction_column;    // position within the key
  int64_t delay_us = 0;
};

class Dedup : public StatefulOperator {
 public:
  Dedup(std::vector<std::string> cols, bool within_watermark)
      : cols_(std::move(cols)), within_watermark_(within_watermark) {}

  std::string Describe() const override {
    std::string s = within_watermark_ ? "drop_duplicates_within_watermark [" : "drop_duplicates [";
    for (size_t i = 0; i < cols_.size(); ++i) s += (i ? ", " : "") + cols_[i];
    return s + "]";
  }

  Result<std::shared_ptr<const BoundStateful>> Plan(const Schema& input) const override {
    auto bound = std::make_shared<BoundDedup>();
    bound->description = Describe();
    bound->within_watermark = within_watermark_;
    bound->output_schema = input;
    if (cols_.empty()) {
      for (size_t i = 0; i < input.fields.size(); ++i) bound->key_columns.push_back(i);
    }
    for (const std::string& c : cols_) {
      auto i = input.IndexOf(c);
      if (!i) {
        return Status::InvalidArgument(Describe() + ": cannot resolve column '" + c + "' among " +
                                       input.Describe());
      }
      bound->key_columns.push_back(*i);
    }
    bound->event_time_column = EventTimeColumn(input);
    if (bound->event_time_column) {
      bound->delay_us = *input.fields[*bound->event_time_column].watermark_delay_us;
    }
    if (within_watermark_ && !bound->event_time_column) {
      return Status::InvalidArgument(
          "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets "
          "without watermark (" +
          Describe() +
          "): call with_watermark on an event-time column "
          "first");
    }
    if (!within_watermark_) bound->eviction_column = EvictionColumn(input, bound->key_columns);
    for (size_t i : bound->key_columns) {
      bound->state_key.push_back(
          {input.fields[i].name, std::string(TypeName(input.fields[i].type))});
    }
    // drop_duplicates stores an empty value; the within-watermark form, each key's expiry time.
    if (within_watermark_) bound->state_value.push_back({"expires_at", "timestamp"});
    return std::shared_ptr<const BoundStateful>(bound);
  }

 private:
  std::vector<std::string> cols_;
  bool within_watermark_;
};

}  // namespace

std::shared_ptr<const StatefulOperator> MakeDropDuplicates(std::vector<std::string> cols) {
  return std::make_shared<Dedup>(std::move(cols), false);
}

std::shared_ptr<const StatefulOperator> MakeDropDuplicatesWithinWatermark(
    std::vector<std::string> cols) {
  return std::make_shared<Dedup>(std::move(cols), true);
}

}  // namespace sluice::engine
