#include "engine/state/aggregate_run.h"

#include <algorithm>
#include <optional>
#include <span>

#include "engine/state/batch_groups.h"
#include "engine/state/clear_for_reuse.h"
#include "engine/state/group_accumulators.h"
#include "engine/state/stored_cells.h"
#include "engine/types/duration.h"
#include "engine/types/row_codec.h"
#include "storage/byte_order.h"
#include "storage/ordered_walk.h"

namespace sluice::engine {
namespace {

class AggregateRun : public PiecewiseRun {
 public:
  AggregateRun(const BoundStateful& op, const AggregateLayout& layout, storage::StateStore& store,
               const StatefulContext& ctx, StateOperatorProgress* metrics)
      : op_(op),
        layout_(layout),
        store_(store),
        ctx_(ctx),
        m_(metrics),
        watermarked_(layout.eviction_column && ctx.mode != OutputMode::kComplete),
        scratch_(ScratchOf<Scratch>(ctx_, &own_scratch_, layout.buffer_width)),
        accumulators_(ctx.partial_input ? layout.merge_aggs : layout.aggs, layout.offsets) {
    scratch_.Clear();
  }

  // Groups the piece's rows a range at a time: each range's new groups are loaded from the store
  // (or found late) while the range is in the cache. Then the aggregates take the piece.
  Status Add(const RecordBatch& rows) override {
    BatchGroups& groups = scratch_.groups;
    std::vector<std::string*>& stored = scratch_.stored;
    std::vector<uint32_t>& group_of_row = scratch_.group_of_row;
    group_of_row.resize(rows.num_rows());  // each written before it is read
    std::vector<uint32_t>& first_rows = scratch_.first_rows;
    std::vector<storage::StateStore::HashedKey>& hashed = scratch_.hashed;
    BatchKeys keys = groups.KeysOf(rows, op_.key_columns, layout_.window_by_start);
    for (size_t begin = 0; begin < rows.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      const size_t end = std::min(rows.num_rows(), begin + BatchKeys::kRowsAtOnce);
      keys.Encode(begin, end);
      const auto before = static_cast<uint32_t>(groups.size());
      first_rows.clear();
      groups.FindOrAddRange(keys, group_of_row.data() + begin, &first_rows);
      // Whether a group of the range may be late, so that each new group's time must be tested;
      // read while the range's rows are in the cache.
      const bool may_be_late = watermarked_ && before < groups.size() &&
                               !NoRowIsLate(rows.column(op_.key_columns[*layout_.eviction_column]),
                                            begin, end, ctx_.late_watermark_ms);
      // The range's new groups, in id order: late, or loaded from the store, each one's slot,
      // entry and stored value fetched ahead of its turn.
      hashed.clear();
      for (uint32_t g = before; g < groups.size(); ++g)
        hashed.push_back(store_.Hash(groups.Key(g)));
      for (size_t i = 0; i < hashed.size(); ++i) {
        if (i + storage::kFarAhead < hashed.size()) {
          store_.PrefetchSlot(hashed[i + storage::kFarAhead]);
        }
        if (i + storage::kNearAhead < hashed.size()) {
          store_.PrefetchEntry(hashed[i + storage::kNearAhead]);
        }
        if (i + storage::kLastAhead < hashed.size()) {
          store_.PrefetchValue(hashed[i + storage::kLastAhead]);
        }
        const uint32_t g = before + static_cast<uint32_t>(i);
        if (may_be_late && IsLateKey(rows, first_rows[i], ctx_.late_watermark_ms)) {
          stored.push_back(nullptr);
          ++m_->num_rows_dropped_by_watermark;
          any_late_ = true;
        } else {
          stored.push_back(LoadBuffer(hashed[i], groups.Buffer(g)));
        }
      }
      // A late group's rows, in this range or any later one, go to no aggregate.
      if (!any_late_) continue;
      for (size_t r = begin; r < end; ++r) {
        if (stored[group_of_row[r]] == nullptr) group_of_row[r] = kLateRow;
      }
    }
    // Partial rows carry each aggregate's partial result, merged by merge_aggs. The late test
    // above and numRowsDroppedByWatermark, which counts late groups, not rows, are the same over
    // partial rows: a key's rows are late together.
    accumulators_.Update(rows, group_of_row, any_late_, groups);
    return Status::Ok();
  }

  Result<RecordBatch> Finish() override {
    BatchGroups& groups = scratch_.groups;
    std::vector<std::string*>& stored = scratch_.stored;
    EmittedGroups& emitted = scratch_.emitted;
    accumulators_.WriteBack(groups);
    if (op_.key_columns.empty() && ctx_.partition == 0 && groups.size() == 0 &&
        store_.Get("") == nullptr) {
      // A global aggregate always has its group.
      stored.push_back(LoadBuffer(store_.Hash(""), groups.Buffer(groups.FindOrAdd("").first)));
    }
    size_t updated = 0;
    // Each group's value (its string in the store's entry, then the string's bytes) is reached at
    // random: both are fetched ahead of their turn.
    for (uint32_t g = 0; g < groups.size(); ++g) {
      if (g + storage::kFarAhead < groups.size() && stored[g + storage::kFarAhead] != nullptr) {
        storage::PrefetchForRead(stored[g + storage::kFarAhead]);
      }
      if (g + storage::kNearAhead < groups.size() && stored[g + storage::kNearAhead] != nullptr) {
        storage::PrefetchForRead(stored[g + storage::kNearAhead]->data());
      }
      if (stored[g] == nullptr) continue;
      StoreValues({groups.Buffer(g), layout_.buffer_width}, stored[g], &scratch_.room);
      ++updated;
    }
    m_->num_rows_updated += static_cast<int64_t>(updated);
    if (ctx_.mode == OutputMode::kComplete) {
      store_.ForEach(
          [&](std::string_view key, const std::string& value) { emitted.Add(key, value); });
    } else if (layout_.eviction_column) {
      std::vector<DataType> key_types;
      for (size_t k = 0; k < op_.key_columns.size(); ++k) {
        key_types.push_back(op_.output_schema.fields[k].type);
      }
      const KeyEventTime time_of(key_types, *layout_.eviction_column);
      const size_t evicted = store_.RemoveIf([&](std::string_view key, const std::string& value) {
        const std::optional<int64_t> t = time_of(key);
        if (!t || *t > MicrosFromMillis(ctx_.eviction_watermark_ms)) return false;
        if (ctx_.mode == OutputMode::kAppend) emitted.Add(key, value);
        return true;
      });
      m_->num_rows_removed += static_cast<int64_t>(evicted);
    }
    if (ctx_.mode == OutputMode::kUpdate) {
      // Update mode emits the batch's groups that were not late, in the order the batch first saw
      // them, which depends only on its rows (no sort), from their keys and buffers as they are:
      // both are read in the order they were written.
      std::vector<uint32_t>& rows = scratch_.output_order;
      rows.clear();
      for (uint32_t g = 0; g < groups.size(); ++g) {
        if (stored[g] != nullptr) rows.push_back(g);
      }
      return OutputRows(
          rows, [&](uint32_t g) { return groups.Key(g); },
          [&](uint32_t g, std::vector<Value>&) { return groups.Buffer(g); }, [](uint32_t) {},
          [](uint32_t) {});
    }
    // Complete mode's walk of the store and append mode's eviction follow the store's order,
    // which depends on its history, so their rows are put in key order. In key order the groups
    // are reached at random: each is fetched well ahead of its turn.
    const std::vector<uint32_t> order =
        storage::ByteOrder(emitted.size(), [&](size_t i) { return emitted.Key(i); });
    return OutputRows(
        order, [&](uint32_t i) { return emitted.Key(i); },
        [&](uint32_t i, std::vector<Value>& buffer) {
          LoadStoredValues(emitted.Buffer(i), buffer);
          return static_cast<const Value*>(buffer.data());
        },
        [&](uint32_t i) { emitted.PrefetchSpan(i); },
        [&](uint32_t i) { emitted.PrefetchBytes(i); });
  }

 private:
  // The groups complete and append mode emit: a copy of each one's key and stored value, back to
  // back in one buffer (the store frees a removed key's value; the copies are read again, in key
  // order, from one place). Update mode emits from the batch's groups themselves.
  class EmittedGroups {
   public:
    void Add(std::string_view key, std::string_view buffer) {
      spans_.push_back({bytes_.size(), key.size(), buffer.size()});
      bytes_.append(key);
      bytes_.append(buffer);
    }
    void Clear() {
      ClearForReuse(bytes_);
      ClearForReuse(spans_);
    }
    size_t size() const { return spans_.size(); }
    std::string_view Key(size_t i) const {
      return std::string_view(bytes_).substr(spans_[i].begin, spans_[i].key_size);
    }
    std::string_view Buffer(size_t i) const {
      return std::string_view(bytes_).substr(spans_[i].begin + spans_[i].key_size,
                                             spans_[i].buffer_size);
    }
    // Hints that group i's place, then its bytes, are about to be read (storage/ordered_walk.h).
    void PrefetchSpan(size_t i) const { storage::PrefetchForRead(&spans_[i]); }
    void PrefetchBytes(size_t i) const {
      const char* begin = bytes_.data() + spans_[i].begin;
      const size_t size = spans_[i].key_size + spans_[i].buffer_size;
      storage::PrefetchForRead(begin);
      if (size > 0) storage::PrefetchForRead(begin + size - 1);
    }

   private:
    struct Span {  // where one group's key and buffer are in bytes_ (prefetched: first, last line)
      size_t begin, key_size, buffer_size;
    };
    std::string bytes_;  // each group's key, then its buffer
    std::vector<Span> spans_;
  };

  // What Run reuses from one batch to the next (RunScratch).
  struct Scratch : RunScratch {
    explicit Scratch(size_t buffer_width) : groups(buffer_width) {}
    void Clear() {
      groups.Clear();
      ClearForReuse(stored);
      ClearForReuse(group_of_row);
      ClearForReuse(first_rows);
      ClearForReuse(output_order);
      ClearForReuse(hashed);
      emitted.Clear();
    }
    BatchGroups groups;
    // Per group: its value in the store, written in place at the end; null for a late group (its
    // key time is at or below the late watermark), which the store never sees.
    std::vector<std::string*> stored;
    // Each row of the piece being added: its group, or kLateRow.
    std::vector<uint32_t> group_of_row;
    std::vector<uint32_t> first_rows;    // of the groups a range added
    std::vector<uint32_t> output_order;  // update mode's: the groups that were not late
    // The keys of the groups a range added; they view the groups' keys, so only within a batch.
    std::vector<storage::StateStore::HashedKey> hashed;
    EmittedGroups emitted;
    std::string room;  // StoreValues' scratch
  };

  // The output rows of the groups `order` names, in that order: each one's key cells appended to
  // the columns from its encoded bytes (`key_of(i)`), then each aggregate's result from its buffer
  // (`values_of(i, scratch)`, which may decode into `scratch`): a value of it (count, sum but of
  // decimals, min, max, first, last), or what Finish makes of it. `far(i)` and `near(i)` fetch
  // group i ahead of its turn (storage/ordered_walk.h).
  template <class KeyOf, class ValuesOf, class Far, class Near>
  RecordBatch OutputRows(const std::vector<uint32_t>& order, const KeyOf& key_of,
                         const ValuesOf& values_of, const Far& far, const Near& near) const {
    const std::vector<BoundAgg>& aggs = layout_.aggs;
    std::vector<Column> columns;
    for (const Field& f : op_.output_schema.fields) {
      columns.emplace_back(f.type);
      columns.back().Reserve(order.size());
    }
    const size_t num_keys = op_.key_columns.size();
    // Where each aggregate's result is: a value of the buffer, or none (it finishes).
    std::vector<std::optional<size_t>> result_at;
    for (size_t a = 0; a < aggs.size(); ++a) {
      switch (aggs[a].ResultFrom()) {
        case BoundAgg::Result::kFirstCell:
          result_at.push_back(layout_.offsets[a]);
          break;
        case BoundAgg::Result::kSecondCell:
          result_at.push_back(layout_.offsets[a] + 1);
          break;
        case BoundAgg::Result::kFinish:
          result_at.push_back(std::nullopt);
          break;
      }
    }
    std::vector<Value> scratch(layout_.buffer_width);
    storage::ForEachInOrder(order, far, near, [&](uint32_t i) {
      size_t pos = 0;
      const std::string_view key = key_of(i);
      for (size_t c = 0; c < num_keys; ++c) AppendEncodedCell(key, &pos, columns[c]);
      const Value* buffer = values_of(i, scratch);
      for (size_t a = 0; a < aggs.size(); ++a) {
        Column& out = columns[num_keys + a];
        if (result_at[a]) {
          out.Append(buffer[*result_at[a]]);
        } else {
          out.Append(aggs[a].Finish(&buffer[layout_.offsets[a]]));
        }
      }
    });
    return RecordBatch(op_.output_schema, std::move(columns));
  }

  bool IsLateKey(const RecordBatch& rows, size_t r, int64_t late_ms) const {
    const std::optional<int64_t> t =
        EventTimeAt(rows.column(op_.key_columns[*layout_.eviction_column]), r);
    return t && *t <= MicrosFromMillis(late_ms);
  }

  // Fills a new group's buffer from the store, or with each aggregate's initial state, and
  // returns the group's value in the store, to be written in place.
  std::string* LoadBuffer(const storage::StateStore::HashedKey& key, Value* buffer) const {
    const std::string* old = nullptr;
    std::string* stored = store_.Upsert(key, &old);
    if (old != nullptr) {
      LoadStoredValues(*old, {buffer, layout_.buffer_width});
      return stored;
    }
    for (size_t a = 0; a < layout_.aggs.size(); ++a) {
      layout_.aggs[a].Init(buffer + layout_.offsets[a]);
    }
    return stored;
  }

  const BoundStateful& op_;
  const AggregateLayout& layout_;
  storage::StateStore& store_;
  const StatefulContext ctx_;
  StateOperatorProgress* m_;
  const bool watermarked_;                   // whether groups may be late and state is evicted
  std::unique_ptr<RunScratch> own_scratch_;  // where ctx keeps none
  Scratch& scratch_;
  GroupAccumulators accumulators_;
  bool any_late_ = false;  // whether some group of the batch so far is late
};

}  // namespace

std::unique_ptr<PiecewiseRun> StartAggregateRun(const BoundStateful& op,
                                                const AggregateLayout& layout,
                                                storage::StateStore& store,
                                                const StatefulContext& ctx,
                                                StateOperatorProgress* metrics) {
  return std::make_unique<AggregateRun>(op, layout, store, ctx, metrics);
}

}  // namespace sluice::engine
