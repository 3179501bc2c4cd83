// Stateful operators: aggregation and deduplication, whose results depend on earlier batches
// through a versioned state store (storage/state_store.h).
//
// A StatefulOperator is planned once against its input schema. Its plan says which stateless
// steps run before the shuffle (computing grouping keys, assigning windows), which columns form
// the key that hash-partitions rows into `shuffle_partitions` state partitions, and how to run
// one batch over one partition's rows and state.
//
// Rules: Run sees the store loaded at the batch's version and leaves its writes pending (the
// runner commits them after the sink has the batch). Run's output is in an order that depends
// only on the batch's rows and the state's contents (update mode: the order the rows first name
// each group; otherwise key order), so a re-run over the same state and rows gives the same bytes
// however the state was loaded. Event times
// are compared in microseconds against watermarks in milliseconds (times 1000); a row is late
// when its event time is at or below the watermark, as in Spark.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/io/output_mode.h"
#include "engine/ops/operator.h"
#include "engine/state/state_operator_progress.h"
#include "storage/state_store.h"

namespace sluice::engine {

// Memory a stateful operator keeps for one partition from one batch to the next, so that a batch
// reuses the last one's buffers instead of faulting in fresh pages. Rules: it holds nothing a
// result depends on (each Run clears what it reuses), and it is never written to the checkpoint;
// a run with fresh scratch gives the same results.
class RunScratch {
 public:
  virtual ~RunScratch() = default;
};

// What one batch gives every stateful operator.
struct StatefulContext {
  int64_t batch_id = 0;
  int64_t eviction_watermark_ms = 0;  // the batch's watermark (offsets/N)
  int64_t late_watermark_ms = 0;      // the previous batch's watermark (offsets/N-1)
  OutputMode mode = OutputMode::kAppend;
  int partition = 0;  // the shuffle partition being run
  // The operator's scratch for this partition, kept by the caller across batches; null: none kept.
  std::unique_ptr<RunScratch>* scratch = nullptr;
  // Whether Run's rows are partial results (BoundStateful::Partial), not input rows.
  bool partial_input = false;
};

// When Partial gives up: once it has grouped `probe_rows` rows (or all, if fewer), if they make
// more than `max_groups_per_row` groups a row, a partial result would shuffle nearly as many rows
// as the input, so each row becomes a partial row of its own. Speed only: the results are the same.
struct PartialLimits {
  size_t probe_rows = size_t{1} << 16;
  double max_groups_per_row = 0.5;
};

// The scratch of type T that `ctx` keeps (made with `args` on first use), or where it keeps none,
// a fresh one held by `*fallback`.
template <class T, class... Args>
T& ScratchOf(const StatefulContext& ctx, std::unique_ptr<RunScratch>* fallback, Args&&... args) {
  std::unique_ptr<RunScratch>& slot = ctx.scratch != nullptr ? *ctx.scratch : *fallback;
  if (dynamic_cast<T*>(slot.get()) == nullptr)
    slot = std::make_unique<T>(std::forward<Args>(args)...);
  return static_cast<T&>(*slot);
}

// Adds the counters of `o` (one partition's) into `sum`; names and partition counts stay.
void AddStateCounters(const StateOperatorProgress& o, StateOperatorProgress* sum);

// One column of a stateful operator's state key or value, as the checkpoint records it: a name
// and what it holds (a type name, or for an aggregate's buffer the function, "sum(double)").
struct StateColumn {
  std::string name;
  std::string type;
};

// One batch's run of a stateful operator that takes the batch's rows a piece at a time
// (BoundStateful::Start), so that each piece is processed while it is in the cache. Rules: Add
// takes the pieces in row order, Finish is called once after the last; the output, the state's
// writes and the metrics are those Run gives over the pieces' concatenation, byte for byte.
class PiecewiseRun {
 public:
  virtual ~PiecewiseRun() = default;
  virtual Status Add(const RecordBatch& piece) = 0;
  virtual Result<RecordBatch> Finish() = 0;
};

// A stateful operator bound to its input schema.
class BoundStateful {
 public:
  virtual ~BoundStateful() = default;
  // Spark's operatorName in progress reports: stateStoreSave, dedupe, dedupeWithinWatermark.
  virtual std::string Name() const = 0;
  // For errors: "aggregate by [value]".
  virtual std::string Describe() const = 0;
  virtual bool IsAggregation() const = 0;
  // Whether the operator removes state as the watermark passes (so that a watermark move alone
  // is reason to run a no-data batch) under `mode`.
  virtual bool EvictsByWatermark(OutputMode mode) const = 0;
  virtual Result<RecordBatch> Run(const RecordBatch& rows, storage::StateStore& store,
                                  const StatefulContext& ctx,
                                  StateOperatorProgress* metrics) const = 0;
  // Whether the operator takes a batch's rows in pieces: Start gives a run.
  virtual bool TakesPieces() const { return false; }
  // A run of one batch that takes its rows in pieces, over `store` as Run would; null, the
  // default, where the operator takes only whole batches. `store` and `metrics` outlive the run.
  virtual std::unique_ptr<PiecewiseRun> Start(storage::StateStore& /*store*/,
                                              const StatefulContext& /*ctx*/,
                                              StateOperatorProgress* /*metrics*/) const {
    return nullptr;
  }

  // Partial aggregation before the shuffle. Where HasPartial, Partial turns one input partition's
  // pre-shuffle rows into rows of `partial_schema` (the key columns first, as in the input), and
  // Run with `partial_input` over the partial rows of every input partition, in input-partition
  // order, gives the output, state and metrics that Run gives over the input rows: the same
  // bytes, so results never depend on whether it is used.
  virtual bool HasPartial() const { return false; }
  virtual RecordBatch Partial(const RecordBatch& rows, const PartialLimits& limits) const;
  // Partial over one input partition's pre-shuffle rows given in pieces, in order (where
  // HasPartial and TakesPieces): Finish gives rows that, in place of Partial's, leave Run's
  // results the same.
  virtual std::unique_ptr<PiecewiseRun> StartPartial(const PartialLimits& /*limits*/) const {
    return nullptr;
  }

  std::vector<std::shared_ptr<const Operator>> pre_shuffle;  // run per input partition
  std::vector<size_t> key_columns;  // of the pre-shuffle output; empty: one global group
  Schema output_schema;
  Schema partial_schema;  // where HasPartial
  // What the state store's keys and values hold. The checkpoint records them (Spark's state
  // schema), so that a restart whose state would be read with another meaning is refused.
  std::vector<StateColumn> state_key;
  std::vector<StateColumn> state_value;
};

class StatefulOperator {
 public:
  virtual ~StatefulOperator() = default;
  virtual std::string Describe() const = 0;
  virtual Result<std::shared_ptr<const BoundStateful>> Plan(const Schema& input) const = 0;
  // The columns of `input` it reads, a flag per column, for column pruning
  // (engine/plan/column_pruning.h); nullopt, the default: every column.
  virtual std::optional<std::vector<bool>> InputColumns(const Schema& /*input*/) const {
    return std::nullopt;
  }
};

// The key column whose value says when a key's state may go: a window's end when the key holds
// one, else the first key column that carries a watermark. Gives its position within
// `key_columns`; nullopt: state never goes.
std::optional<size_t> EvictionColumn(const Schema& schema, const std::vector<size_t>& key_columns);

// The column a stateful operator tests for late rows: EvictionColumn over every column.
std::optional<size_t> EventTimeColumn(const Schema& schema);

// The event time (microseconds) an eviction or event-time column holds at `row`: a timestamp's
// value, or a window's end; nullopt for null.
std::optional<int64_t> EventTimeAt(const Column& column, size_t row);
// Whether no row of `column` (an eviction or event-time column) is late against `late_ms`: each
// has no event time, or one past the watermark. Reads a column without nulls a vector at a time.
bool NoRowIsLate(const Column& column, int64_t late_ms);
// The same for rows [begin, end) of `column`. REQUIRES: begin <= end <= column.size().
bool NoRowIsLate(const Column& column, size_t begin, size_t end, int64_t late_ms);
// The same for a decoded key value.
std::optional<int64_t> EventTimeOf(const Value& value);
// The same for an encoded cell (row_codec.h) of a window, or of a timestamp when `window` is false.
std::optional<int64_t> EventTimeOfCell(std::string_view cell, bool window);

// The event time of an encoded key's eviction cell (a timestamp, or a window), as EventTimeOfCell
// of that cell, for eviction, which reads it from every key in the state. Where every cell of the
// key's types has one width (FixedEncodedWidth), a key of that full width has no null cell but
// its bools, so the time is read at a fixed place; any other key is read cell by cell.
class KeyEventTime {
 public:
  // `key_types`: the key's cells' types; `index`: the eviction cell's place among them.
  KeyEventTime(const std::vector<DataType>& key_types, size_t index);
  std::optional<int64_t> operator()(std::string_view key) const;

 private:
  size_t index_;
  bool window_;
  std::optional<size_t> key_width_;  // of a key without nulls, where keys have one
  size_t time_at_ = 0;               // where its time's integer cell starts, then
  size_t time_width_ = 0;            // and that cell's width
};

}  // namespace sluice::engine
