#include "engine/state/aggregate.h"

#include <algorithm>
#include <span>

#include "engine/expr/cast.h"
#include "engine/expr/columns_read.h"
#include "engine/ops/projection.h"
#include "engine/state/aggregate_function.h"
#include "engine/state/batch_groups.h"
#include "engine/state/clear_for_reuse.h"
#include "engine/state/stored_cells.h"
#include "engine/types/decimal.h"
#include "engine/types/duration.h"
#include "engine/types/row_codec.h"
#include "storage/byte_order.h"
#include "storage/ordered_walk.h"

namespace sluice::engine {
namespace {

class BoundAggregate : public BoundStateful {
 public:
  std::string Name() const override { return "stateStoreSave"; }
  std::string Describe() const override { return description; }
  bool IsAggregation() const override { return true; }
  bool EvictsByWatermark(OutputMode mode) const override {
    return eviction_column.has_value() && mode != OutputMode::kComplete;
  }

  Result<RecordBatch> Run(const RecordBatch& rows, storage::StateStore& store,
                          const StatefulContext& ctx, StateOperatorProgress* m) const override {
    const bool watermarked = eviction_column && ctx.mode != OutputMode::kComplete;
    std::unique_ptr<RunScratch> own_scratch;
    Scratch& scratch = ScratchOf<Scratch>(ctx, &own_scratch, buffer_width);
    scratch.Clear();
    BatchGroups& groups = scratch.groups;
    std::vector<std::string*>& stored = scratch.stored;
    std::vector<uint32_t>& group_of_row = scratch.group_of_row;
    group_of_row.resize(rows.num_rows());  // each written before it is read
    std::vector<uint32_t>& first_rows = scratch.first_rows;
    std::vector<storage::StateStore::HashedKey>& hashed = scratch.hashed;
    EmittedGroups& emitted = scratch.emitted;
    bool any_late = false;
    BatchKeys keys(rows, key_columns, KeyForm::kWordsWherePossible);
    for (size_t begin = 0; begin < rows.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      const size_t end = std::min(rows.num_rows(), begin + BatchKeys::kRowsAtOnce);
      keys.Encode(begin, end);
      const auto before = static_cast<uint32_t>(groups.size());
      first_rows.clear();
      groups.FindOrAddRange(keys, group_of_row.data() + begin, &first_rows);
      // Whether a group of the range may be late, so that each new group's time must be tested;
      // read while the range's rows are in the cache.
      const bool may_be_late = watermarked && before < groups.size() &&
                               !NoRowIsLate(rows.column(key_columns[*eviction_column]), begin, end,
                                            ctx.late_watermark_ms);
      // The range's new groups, in id order: late, or loaded from the store, each one's slot,
      // entry and stored value fetched ahead of its turn.
      hashed.clear();
      for (uint32_t g = before; g < groups.size(); ++g) hashed.push_back(store.Hash(groups.Key(g)));
      for (size_t i = 0; i < hashed.size(); ++i) {
        if (i + storage::kFarAhead < hashed.size()) {
          store.PrefetchSlot(hashed[i + storage::kFarAhead]);
        }
        if (i + storage::kNearAhead < hashed.size()) {
          store.PrefetchEntry(hashed[i + storage::kNearAhead]);
        }
        if (i + storage::kLastAhead < hashed.size()) {
          store.PrefetchValue(hashed[i + storage::kLastAhead]);
        }
        const uint32_t g = before + static_cast<uint32_t>(i);
        if (may_be_late && IsLateKey(rows, first_rows[i], ctx.late_watermark_ms)) {
          stored.push_back(nullptr);
          ++m->num_rows_dropped_by_watermark;
          any_late = true;
        } else {
          stored.push_back(LoadBuffer(store, hashed[i], groups.Buffer(g), &scratch.room));
        }
      }
      if (!any_late) continue;
      for (size_t r = begin; r < end; ++r) {
        if (stored[group_of_row[r]] == nullptr) group_of_row[r] = kLateRow;
      }
    }
    // Partial rows carry each aggregate's partial result, merged by merge_aggs. The late test
    // above and numRowsDroppedByWatermark, which counts late groups, not rows, are the same over
    // partial rows: a key's rows are late together.
    SLUICE_CHECK(!ctx.partial_input || has_partial, "partial rows only where HasPartial");
    const std::vector<BoundAgg>& updates = ctx.partial_input ? merge_aggs : aggs;
    for (size_t a = 0; a < aggs.size(); ++a) {
      UpdateGroups(updates[a], rows, group_of_row, any_late, groups, offsets[a]);
    }
    if (key_columns.empty() && ctx.partition == 0 && groups.size() == 0 &&
        store.Get("") == nullptr) {
      // A global aggregate always has its group.
      stored.push_back(LoadBuffer(store, store.Hash(""), groups.Buffer(groups.FindOrAdd("").first),
                                  &scratch.room));
    }
    // Update mode emits each group as its value is written, while the value is in the cache.
    const bool emit_updated = ctx.mode == OutputMode::kUpdate;
    if (emit_updated) emitted.Reserve(groups.size());
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
      EncodeStateValuesInto({groups.Buffer(g), buffer_width}, &scratch.cells);
      StoreCells(scratch.cells, stored[g], &scratch.room);
      ++updated;
      if (emit_updated) emitted.Add(groups.Key(g), *stored[g]);
    }
    m->num_rows_updated += static_cast<int64_t>(updated);
    if (ctx.mode == OutputMode::kComplete) {
      store.ForEach(
          [&](const std::string& key, const std::string& value) { emitted.Add(key, value); });
    } else if (eviction_column) {
      std::vector<DataType> key_types;
      for (size_t k = 0; k < key_columns.size(); ++k) {
        key_types.push_back(output_schema.fields[k].type);
      }
      const KeyEventTime time_of(key_types, *eviction_column);
      const size_t evicted = store.RemoveIf([&](const std::string& key, const std::string& value) {
        const std::optional<int64_t> t = time_of(key);
        if (!t || *t > MicrosFromMillis(ctx.eviction_watermark_ms)) return false;
        if (ctx.mode == OutputMode::kAppend) emitted.Add(key, value);
        return true;
      });
      m->num_rows_removed += static_cast<int64_t>(evicted);
    }
    return InKeyOrder(emitted);
  }

  bool HasPartial() const override { return has_partial; }

  // Groups the rows as Run does, and gives a row per group, in order of first appearance: its key
  // cells and each aggregate's buffer (count, sum, min or max: one cell). Or, when the probe says
  // the rows hardly group, a row per row (PassThrough).
  RecordBatch Partial(const RecordBatch& rows, const PartialLimits& limits) const override {
    BatchGroups groups(buffer_width);
    std::vector<uint32_t> group_of_row(rows.num_rows());
    std::vector<uint32_t> first_rows;  // of each group, in id order
    BatchKeys keys(rows, key_columns, KeyForm::kWordsWherePossible);
    bool probed = false;
    for (size_t begin = 0; begin < rows.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      const size_t end = std::min(rows.num_rows(), begin + BatchKeys::kRowsAtOnce);
      keys.Encode(begin, end);
      groups.FindOrAddRange(keys, group_of_row.data() + begin, &first_rows);
      if (!probed && (end >= limits.probe_rows || end == rows.num_rows())) {
        probed = true;
        if (static_cast<double>(groups.size()) >
            limits.max_groups_per_row * static_cast<double>(end)) {
          return PassThrough(rows);
        }
      }
    }
    for (uint32_t g = 0; g < groups.size(); ++g) {
      for (size_t a = 0; a < aggs.size(); ++a) aggs[a].Init(groups.Buffer(g) + offsets[a]);
    }
    for (size_t a = 0; a < aggs.size(); ++a) {
      UpdateGroups(aggs[a], rows, group_of_row, false, groups, offsets[a]);
    }
    std::vector<Column> columns;
    for (const size_t k : key_columns) columns.push_back(rows.column(k).Take(first_rows));
    for (size_t a = 0; a < aggs.size(); ++a) {
      Column& out = columns.emplace_back(partial_schema.fields[key_columns.size() + a].type);
      out.Reserve(groups.size());
      for (uint32_t g = 0; g < groups.size(); ++g) out.Append(groups.Buffer(g)[offsets[a]]);
    }
    return RecordBatch(partial_schema, std::move(columns));
  }

  std::string description;
  std::vector<BoundAgg> aggs;
  // Where HasPartial: each aggregate's merge of partial results (count's sums counts) over the
  // partial rows' columns.
  std::vector<BoundAgg> merge_aggs;
  bool has_partial = false;
  std::vector<size_t> offsets;  // where each aggregate's buffer starts in the state value
  size_t buffer_width = 0;
  std::optional<size_t> eviction_column;  // position within the key

 private:
  // A row whose group is late (dropped), in a row-to-group map.
  static constexpr uint32_t kLateRow = UINT32_MAX;

  // The groups a batch emits: a copy of each one's key and buffer bytes, back to back in one
  // buffer (the store frees a removed key's value; the copies cost less memory than the Values
  // they replace, and are read again from one place).
  class EmittedGroups {
   public:
    void Add(std::string_view key, std::string_view buffer) {
      spans_.push_back({bytes_.size(), key.size(), buffer.size()});
      bytes_.append(key);
      bytes_.append(buffer);
    }
    void Reserve(size_t groups) { spans_.reserve(groups); }
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
      ClearForReuse(hashed);
      emitted.Clear();
      cells.clear();
    }
    BatchGroups groups;
    // Per group: its value in the store, written in place at the end; null for a late group (its
    // key time is at or below the late watermark), which the store never sees.
    std::vector<std::string*> stored;
    // Each row's group, or kLateRow: the groups first, then each aggregate over its column.
    std::vector<uint32_t> group_of_row;
    std::vector<uint32_t> first_rows;  // of the groups a range added
    // The keys of the groups a range added; they view the groups' keys, so only within a batch.
    std::vector<storage::StateStore::HashedKey> hashed;
    EmittedGroups emitted;
    std::string cells, room;  // a group's buffer as cells, and StoreCells' scratch
  };

  // The output rows of `emitted`, in the byte order of their keys (the same whatever order the
  // groups were found in): the key's cells, then each aggregate's result, appended to the columns
  // from the encoded bytes. An aggregate whose result is a cell of its buffer (count, sum but of
  // decimals, min, max, first, last) copies that cell; the others decode their buffer and Finish.
  RecordBatch InKeyOrder(const EmittedGroups& emitted) const {
    std::vector<Column> columns;
    for (const Field& f : output_schema.fields) {
      columns.emplace_back(f.type);
      columns.back().Reserve(emitted.size());
    }
    const size_t num_keys = key_columns.size();
    std::vector<Value> buffer;  // one aggregate's, when it finishes from values
    std::string room;           // a group's stored buffer, expanded
    // In key order the groups are reached at random: each is fetched well ahead of its turn.
    const std::vector<uint32_t> order =
        storage::ByteOrder(emitted.size(), [&](size_t i) { return emitted.Key(i); });
    storage::ForEachInOrder(
        order, [&](uint32_t i) { emitted.PrefetchSpan(i); },
        [&](uint32_t i) { emitted.PrefetchBytes(i); },
        [&](uint32_t i) {
          size_t pos = 0;
          for (size_t c = 0; c < num_keys; ++c) AppendEncodedCell(emitted.Key(i), &pos, columns[c]);
          const std::string_view cells = StoredCells(emitted.Buffer(i), &room);
          pos = 0;
          for (size_t a = 0; a < aggs.size(); ++a) {
            Column& out = columns[num_keys + a];
            switch (aggs[a].ResultFrom()) {
              case BoundAgg::Result::kFirstCell:
                AppendEncodedCell(cells, &pos, out);
                break;
              case BoundAgg::Result::kSecondCell:
                DecodeCell(cells, &pos);
                AppendEncodedCell(cells, &pos, out);
                break;
              case BoundAgg::Result::kFinish:
                buffer.clear();
                for (size_t w = 0; w < BufferWidth(aggs[a].fn); ++w)
                  buffer.push_back(DecodeCell(cells, &pos));
                out.Append(aggs[a].Finish(buffer.data()));
                break;
            }
          }
          SLUICE_CHECK(pos == cells.size(), "a stored aggregate buffer has its width");
        });
    return RecordBatch(output_schema, std::move(columns));
  }

  // Updates, row by row in order, the buffer of each row's group (`group_of_row`) for aggregate
  // `agg`, whose buffer sits at `offset` in a group's; `any_late` says whether some row is
  // kLateRow. count, and sum of a long or double column, without nulls add into one typed number
  // per group, in row order, that is written back once; the rest go through BoundAgg::Update.
  static void UpdateGroups(const BoundAgg& agg, const RecordBatch& rows,
                           std::span<const uint32_t> group_of_row, bool any_late,
                           BatchGroups& groups, size_t offset) {
    const Column* arg = agg.arg_column ? &rows.column(*agg.arg_column) : nullptr;
    // Calls add(group, row) for every row that is not late.
    const auto each_row = [&](auto add) {
      if (!any_late) {
        for (size_t r = 0; r < group_of_row.size(); ++r) add(group_of_row[r], r);
        return;
      }
      for (size_t r = 0; r < group_of_row.size(); ++r) {
        if (group_of_row[r] != kLateRow) add(group_of_row[r], r);
      }
    };
    // Each group's buffer as a T (null as 0), `add` over the rows, then back into the buffers. A
    // group that is not late has a row, so its null buffer rightly becomes a number; a late
    // group's buffer is never stored or emitted.
    const auto typed = [&]<class T>(T, auto add) {
      std::vector<T> acc(groups.size());
      for (uint32_t g = 0; g < groups.size(); ++g) {
        const Value& b = groups.Buffer(g)[offset];
        acc[g] = IsNull(b) ? T{0} : std::get<T>(b);
      }
      each_row([&](uint32_t g, size_t r) { add(acc[g], r); });
      for (uint32_t g = 0; g < groups.size(); ++g) groups.Buffer(g)[offset] = acc[g];
    };
    if (agg.fn == AggFn::kCount && (arg == nullptr || arg->null_count() == 0)) {
      return typed(int64_t{}, [](int64_t& n, size_t) { ++n; });
    }
    if (agg.fn == AggFn::kSum && arg != nullptr && arg->null_count() == 0) {
      if (agg.result_type == DataType::kInt64 && arg->type() == DataType::kInt64) {
        const std::span<const int64_t> v = arg->int64s();
        return typed(int64_t{}, [&](int64_t& sum, size_t r) {  // wraps on overflow, as Update does
          sum = static_cast<int64_t>(static_cast<uint64_t>(sum) + static_cast<uint64_t>(v[r]));
        });
      }
      if (agg.result_type == DataType::kDouble && arg->type() == DataType::kDouble) {
        const std::span<const double> v = arg->doubles();
        return typed(double{}, [&](double& sum, size_t r) { sum += v[r]; });
      }
    }
    each_row([&](uint32_t g, size_t r) {
      agg.Update(groups.Buffer(g) + offset, arg != nullptr ? arg->Get(r) : Value{});
    });
  }

  // Each row as a partial row of its own: the keys and min/max/sum arguments as they are, and
  // count's partial count of the row (1, or 0 for count(x) where x is null).
  RecordBatch PassThrough(const RecordBatch& rows) const {
    std::vector<Column> columns;
    for (const size_t k : key_columns) columns.push_back(rows.column(k));
    for (size_t a = 0; a < aggs.size(); ++a) {
      const BoundAgg& agg = aggs[a];
      if (agg.fn != AggFn::kCount) {
        // An int sum's partial results are longs (PlanPartial).
        const DataType& type = partial_schema.fields[key_columns.size() + a].type;
        const Column& arg = rows.column(*agg.arg_column);
        columns.push_back(arg.type() == type ? arg : CastColumn(arg, type));
        continue;
      }
      Buffer<int64_t> counts(rows.num_rows());
      for (size_t r = 0; r < rows.num_rows(); ++r) {
        counts[r] = agg.arg_column && rows.column(*agg.arg_column).IsNull(r) ? 0 : 1;
      }
      columns.emplace_back(DataType::kInt64).AppendInts(std::move(counts));
    }
    return RecordBatch(partial_schema, std::move(columns));
  }

  bool IsLateKey(const RecordBatch& rows, size_t r, int64_t late_ms) const {
    const std::optional<int64_t> t = EventTimeAt(rows.column(key_columns[*eviction_column]), r);
    return t && *t <= MicrosFromMillis(late_ms);
  }

  // Fills a new group's buffer from the store (its value expanded in `*room`: StoredCells), or
  // with each aggregate's initial state, and returns the group's value in the store, to be
  // written in place.
  std::string* LoadBuffer(storage::StateStore& store, const storage::StateStore::HashedKey& key,
                          Value* buffer, std::string* room) const {
    const std::string* old = nullptr;
    std::string* stored = store.Upsert(key, &old);
    if (old != nullptr) {
      const std::string_view cells = StoredCells(*old, room);
      size_t pos = 0;
      for (size_t i = 0; i < buffer_width; ++i) {
        SLUICE_CHECK(pos < cells.size(), "a stored aggregate buffer has its width");
        buffer[i] = DecodeCell(cells, &pos);
      }
      SLUICE_CHECK(pos == cells.size(), "a stored aggregate buffer has its width");
      return stored;
    }
    for (size_t a = 0; a < aggs.size(); ++a) aggs[a].Init(buffer + offsets[a]);
    return stored;
  }
};

class Aggregate : public StatefulOperator {
 public:
  Aggregate(std::vector<GroupKey> keys, std::vector<AggSpec> aggs)
      : keys_(std::move(keys)), aggs_(std::move(aggs)) {}

  std::string Describe() const override {
    std::string s = "aggregate by [";
    for (size_t i = 0; i < keys_.size(); ++i) s += (i ? ", " : "") + keys_[i].name;
    return s + "]";
  }

  Result<std::shared_ptr<const BoundStateful>> Plan(const Schema& input) const override {
    auto bound = std::make_shared<BoundAggregate>();
    bound->description = Describe();
    Schema schema = input;
    std::vector<NamedExpr> projection;
    for (const GroupKey& k : keys_) {
      if (k.window) {
        auto op = MakeWindowAssign(k.name, k.expr, *k.window);
        SLUICE_ASSIGN_OR_RETURN(schema, op->Bind(schema));
        bound->pre_shuffle.push_back(op);
        projection.push_back(Col(k.name).As(k.name));
        continue;
      }
      projection.push_back(k.expr.As(k.name));
    }
    const size_t num_keys = projection.size();
    for (size_t a = 0; a < aggs_.size(); ++a) {
      if (aggs_[a].arg) projection.push_back(aggs_[a].arg->As("__agg" + std::to_string(a)));
    }
    // A batch of no columns has no rows: with no key and no argument (a global count(*)), the
    // rows are carried by one input column that nothing reads (shared, so it costs nothing).
    if (projection.empty() && !schema.fields.empty()) {
      projection.push_back(Col(schema.fields[0].name).As("__rows"));
    }
    auto select = MakeSelect(projection);
    auto projected = select->Bind(schema);
    if (!projected.ok()) return projected.status().WithContext(Describe());
    bound->pre_shuffle.push_back(select);
    const Schema& pre = projected.value();
    for (size_t i = 0; i < num_keys; ++i) {
      bound->key_columns.push_back(i);
      bound->output_schema.fields.push_back(pre.fields[i]);
      bound->state_key.push_back({pre.fields[i].name, std::string(TypeName(pre.fields[i].type))});
    }
    size_t next_arg = num_keys;
    for (const AggSpec& spec : aggs_) {
      BoundAgg agg{spec.fn, std::nullopt};
      if (spec.arg) {
        agg.arg_column = next_arg++;
        agg.arg_type = pre.fields[*agg.arg_column].type;
      } else if (spec.fn != AggFn::kCount) {
        return Status::InvalidArgument(Describe() + ": " + std::string(AggName(spec.fn)) + " '" +
                                       spec.name + "' needs an argument");
      }
      SLUICE_ASSIGN_OR_RETURN(agg.result_type, ResultType(spec, agg));
      bound->offsets.push_back(bound->buffer_width);
      bound->buffer_width += BufferWidth(spec.fn);
      bound->aggs.push_back(agg);
      bound->output_schema.fields.push_back({spec.name, agg.result_type});
      // The function and its argument's type fix the buffer's layout in the state value.
      const std::string arg = spec.arg ? std::string(TypeName(agg.arg_type)) : "*";
      bound->state_value.push_back({spec.name, std::string(AggName(spec.fn)) + "(" + arg + ")"});
    }
    bound->eviction_column = EvictionColumn(pre, bound->key_columns);
    PlanPartial(*bound);
    return std::shared_ptr<const BoundStateful>(bound);
  }

  // The keys' expressions (a window's time) and the aggregates' arguments; and an input column
  // of a window key's name, since Plan reads the window back by name and finds that column
  // first.
  std::optional<std::vector<bool>> InputColumns(const Schema& input) const override {
    std::vector<bool> read(input.fields.size(), false);
    for (const GroupKey& k : keys_) {
      if (!MarkColumnsRead(k.expr, input, read)) return std::nullopt;
      if (auto same_name = input.IndexOf(k.name); k.window && same_name) read[*same_name] = true;
    }
    for (const AggSpec& a : aggs_) {
      if (a.arg && !MarkColumnsRead(*a.arg, input, read)) return std::nullopt;
    }
    return read;
  }

 private:
  // Partial aggregation where merging partial results gives exactly what the rows give: count,
  // sum of longs (addition mod 2^64), min and max (a strict comparison keeps the first of equal
  // values, and partial rows keep the input's order). Sums of doubles would change with the
  // order of addition, and the rest have buffers of more than a value; those, and a global
  // aggregate (no shuffle), take no partial step.
  // A sum of a long or int column, into a long (Spark's buffer for both): partial sums add up to
  // the sum, in any order, as longs wrap.
  static bool IntegralSum(const BoundAgg& agg) {
    return agg.fn == AggFn::kSum &&
           (agg.arg_type == DataType::kInt64 || agg.arg_type == DataType::kInt32) &&
           agg.result_type == DataType::kInt64;
  }

  static void PlanPartial(BoundAggregate& bound) {
    if (bound.key_columns.empty()) return;
    for (const BoundAgg& agg : bound.aggs) {
      if (agg.fn != AggFn::kCount && !IntegralSum(agg) && agg.fn != AggFn::kMin &&
          agg.fn != AggFn::kMax) {
        return;
      }
    }
    const size_t num_keys = bound.key_columns.size();
    for (size_t i = 0; i < num_keys; ++i) {
      bound.partial_schema.fields.push_back(bound.output_schema.fields[i]);
    }
    for (size_t a = 0; a < bound.aggs.size(); ++a) {
      const BoundAgg& agg = bound.aggs[a];
      const bool count = agg.fn == AggFn::kCount;
      // A count's and an integral sum's partial result is a long, which the final sums.
      const DataType type = count || IntegralSum(agg) ? DataType(DataType::kInt64) : agg.arg_type;
      bound.partial_schema.fields.push_back({"__partial" + std::to_string(a), type});
      bound.merge_aggs.push_back(
          BoundAgg{count ? AggFn::kSum : agg.fn, num_keys + a, type, agg.result_type});
    }
    bound.has_partial = true;
  }

  Result<DataType> ResultType(const AggSpec& spec, const BoundAgg& agg) const {
    const bool numeric = agg.arg_type.is_numeric();
    switch (spec.fn) {
      case AggFn::kCount:
      case AggFn::kCountDistinct:
        return DataType::kInt64;
      case AggFn::kSum:
      case AggFn::kAvg:
        if (!numeric) {
          return Status::InvalidArgument(Describe() + ": " + std::string(AggName(spec.fn)) + " '" +
                                         spec.name + "' needs a numeric argument, got " +
                                         std::string(TypeName(agg.arg_type)));
        }
        if (agg.arg_type.id() == TypeId::kDecimal) {
          const DecimalSpec in{agg.arg_type.precision(), agg.arg_type.scale()};
          const DecimalSpec out = spec.fn == AggFn::kAvg ? DecimalAvgSpec(in) : DecimalSumSpec(in);
          return DataType::Decimal(out.precision, out.scale);
        }
        if (spec.fn == AggFn::kAvg || agg.arg_type.is_floating()) return DataType::kDouble;
        return DataType::kInt64;  // sum of int or long
      default:
        return agg.arg_type;
    }
  }

  std::vector<GroupKey> keys_;
  std::vector<AggSpec> aggs_;
};

}  // namespace

Result<GroupKey> MakeGroupKey(Expr expr, std::string name) {
  if (!IsWindowCall(expr.node())) return GroupKey{std::move(expr), std::move(name), std::nullopt};
  SLUICE_ASSIGN_OR_RETURN(WindowSpec spec, WindowSpecOf(expr.node()));
  return GroupKey{Expr(expr.node().args[0]), std::move(name), spec};
}

Result<AggSpec> MakeAggSpec(const NamedExpr& item) {
  const ExprNode& n = item.expr.node();
  const std::string text = item.expr.ToString();
  if (n.kind != ExprNode::Kind::kFunction || !ParseAggFn(n.function).ok()) {
    return Status::InvalidArgument("agg: " + text +
                                   " is not an aggregate (count, sum, avg, min, max, first, "
                                   "last, count_distinct)");
  }
  const AggFn fn = ParseAggFn(n.function).value();
  if (n.args.size() != 1) {
    return Status::InvalidArgument("agg: " + text + " takes one argument");
  }
  const ExprNode& arg = *n.args[0];
  const bool star = fn == AggFn::kCount && arg.kind == ExprNode::Kind::kLiteral &&
                    arg.literal == Value(std::string("*"));
  std::string name = item.name;
  if (star && name == text) name = "count(1)";
  return AggSpec{fn, star ? std::nullopt : std::optional<Expr>(Expr(n.args[0])), std::move(name)};
}

std::shared_ptr<const StatefulOperator> MakeAggregate(std::vector<GroupKey> keys,
                                                      std::vector<AggSpec> aggs) {
  return std::make_shared<Aggregate>(std::move(keys), std::move(aggs));
}

}  // namespace sluice::engine
