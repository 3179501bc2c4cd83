#include "engine/plan/execute.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "engine/types/duration.h"
#include "engine/types/row_codec.h"

namespace sluice::engine {
namespace {

struct Executor {
  const CompiledPlan& plan;
  const BatchInput& input;
  const ExecutionContext& ctx;
  ExecutionResult* result;

  // One partition through a stage's steps; event times go to `stats` (one per watermark node).
  Result<RecordBatch> RunSteps(const Stage& stage, RecordBatch rows,
                               std::vector<EventTimeStats>* stats) const {
    for (const StageStep& step : stage.steps) {
      if (step.op) {
        SLUICE_ASSIGN_OR_RETURN(rows, step.op->Apply(rows, ctx.eval));
        continue;
      }
      (*stats)[step.watermark_node].AddMicros(rows.column(step.event_time_column));
    }
    return rows;
  }

  // Whether `op`'s input partitions are aggregated before the shuffle (BoundStateful::Partial).
  bool TakesPartial(const BoundStateful& op) const {
    return ctx.shuffle_partitions > 1 && !op.key_columns.empty() && ctx.partial_aggregation &&
           op.HasPartial();
  }

  // Places each row in partition StableHash(key) % n, keeping input order within a partition:
  // one task per input partition lists which of its rows go where (after turning its rows into
  // partial results, where `partial` and they are not `partial_made` already), then one task per
  // partition takes its rows from every input partition, in input-partition order, in one copy. One
  // partition takes every row as it is.
  Result<std::vector<RecordBatch>> Shuffle(const BoundStateful& op, std::vector<RecordBatch> parts,
                                           bool partial, bool partial_made) const {
    const size_t n = static_cast<size_t>(ctx.shuffle_partitions);
    const Schema schema = partial         ? op.partial_schema
                          : parts.empty() ? Schema{}
                                          : parts.front().schema();
    if (n == 1 || op.key_columns.empty()) {
      std::vector<RecordBatch> out;
      out.push_back(parts.size() == 1 ? std::move(parts.front()) : Concat(schema, parts));
      for (size_t p = 1; p < n; ++p) out.emplace_back(schema);
      return out;
    }
    // rows[i][p]: the rows of input partition i that go to partition p. Each partition's batch
    // then takes its rows from every input partition in one copy.
    std::vector<std::vector<std::vector<uint32_t>>> rows(parts.size());
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, parts.size(), [&](size_t i) -> Status {
      if (partial && !partial_made) parts[i] = op.Partial(parts[i], ctx.partial_limits);
      const std::vector<uint64_t> hashes = StableKeyHashes(parts[i], op.key_columns);
      rows[i].resize(n);
      for (size_t r = 0; r < hashes.size(); ++r) {
        rows[i][hashes[r] % n].push_back(static_cast<uint32_t>(r));
      }
      return Status::Ok();
    }));
    std::vector<std::optional<RecordBatch>> out(n);
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, n, [&](size_t p) -> Status {
      std::vector<std::span<const uint32_t>> mine;
      for (const auto& from : rows) mine.emplace_back(from[p]);
      out[p] = TakeFromEach(schema, parts, mine);
      return Status::Ok();
    }));
    std::vector<RecordBatch> done;
    for (std::optional<RecordBatch>& o : out) done.push_back(std::move(*o));
    return done;
  }

  // Stateful operator `id` over shuffle partition `partition`: its store loaded at the batch's
  // version, `run` given the store and the partition's context (its rows partial results where
  // `partial`; the operator's kept scratch), then the store's key count into `metrics`.
  Result<RecordBatch> RunPartition(
      int id, int partition, bool partial, StateOperatorProgress* metrics,
      const std::function<Result<RecordBatch>(storage::StateStore&, const StatefulContext&)>& run)
      const {
    storage::StateStore* store = ctx.store(id, partition);
    SLUICE_RETURN_IF_ERROR(store->Load(ctx.stateful.batch_id));
    StatefulContext c = ctx.stateful;
    c.partition = partition;
    c.partial_input = partial;
    if (ctx.scratch) c.scratch = ctx.scratch(id, partition);
    SLUICE_ASSIGN_OR_RETURN(RecordBatch out, run(*store, c));
    metrics->num_rows_total = static_cast<int64_t>(store->NumKeys());
    return out;
  }

  // Whether the stateful operator `op` pays to take its input stage `from`'s rows a piece at a
  // time (ExecutionContext::piece_rows): an operator that can, and more rows than a piece. The
  // steps must compute columns (a piece's are then made and read while in the cache; columns
  // passed on as they are cost no traffic), and the input's columns must have fixed widths: a
  // piece is a copy of its rows, and copying strings or nested values costs more than the cache
  // saves (ysb's strings: +30 % execute).
  bool PiecesPay(const Stage& from, const BoundStateful& op,
                 const std::vector<RecordBatch>& inputs) const {
    if (ctx.piece_rows == 0 || !op.TakesPieces()) return false;
    if (std::none_of(from.steps.begin(), from.steps.end(), [](const StageStep& step) {
          return step.op != nullptr && !step.op->OnlyPassesColumns();
        })) {
      return false;
    }
    size_t rows = 0;
    for (const RecordBatch& b : inputs) {
      rows += b.num_rows();
      for (const Field& f : b.schema().fields) {
        if (!FixedEncodedWidth(f.type)) return false;
      }
    }
    return rows > ctx.piece_rows;
  }

  // Rows [begin, end) of `input` a piece at a time through `from`'s steps (event times into
  // `stats`) and into `run`. A step's error is the one it gives over the whole of `input`, so that
  // it names the same rows.
  Status AddInPieces(const Stage& from, const RecordBatch& input, size_t begin, size_t end,
                     const BoundStateful& op, PiecewiseRun& run,
                     std::vector<EventTimeStats>* stats) const {
    for (size_t at = begin; at < end; at += ctx.piece_rows) {
      auto piece = RunSteps(from, input.Slice(at, std::min(end, at + ctx.piece_rows)), stats);
      if (!piece.ok()) {
        std::vector<EventTimeStats> unused(plan.watermarks.size());
        const auto whole = RunSteps(from, input, &unused);
        return whole.ok() ? piece.status() : whole.status();
      }
      const Status added = run.Add(piece.value());
      if (!added.ok()) return added.WithContext(op.Describe());
    }
    return Status::Ok();
  }

  // The partial rows (BoundStateful::StartPartial) of `from`'s partitions `inputs`, before its
  // steps, taken in pieces: each partition cut into row ranges, so that there are about as many
  // ranges as shuffle partitions (threads), each range one task. Ranges are finer input
  // partitions, in order, so the results are those of Partial over each partition.
  Result<std::vector<RecordBatch>> PartialsInPieces(const Stage& from, const BoundStateful& op,
                                                    const std::vector<RecordBatch>& inputs) const {
    struct Range {
      size_t part, begin, end;
    };
    const size_t n = static_cast<size_t>(ctx.shuffle_partitions);
    const size_t filled = static_cast<size_t>(std::count_if(
        inputs.begin(), inputs.end(), [](const RecordBatch& b) { return b.num_rows() > 0; }));
    std::vector<Range> ranges;
    for (size_t p = 0; p < inputs.size(); ++p) {
      const size_t rows = inputs[p].num_rows();
      if (rows == 0) continue;
      const size_t cuts = std::clamp<size_t>((n + filled - 1) / filled, 1,
                                             (rows + ctx.piece_rows - 1) / ctx.piece_rows);
      const size_t per = (rows + cuts - 1) / cuts;
      for (size_t begin = 0; begin < rows; begin += per) {
        ranges.push_back({p, begin, std::min(rows, begin + per)});
      }
    }
    std::vector<std::optional<RecordBatch>> outs(ranges.size());
    std::vector<std::vector<EventTimeStats>> stats(
        ranges.size(), std::vector<EventTimeStats>(plan.watermarks.size()));
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, ranges.size(), [&](size_t i) -> Status {
      const Range& r = ranges[i];
      const std::unique_ptr<PiecewiseRun> run = op.StartPartial(ctx.partial_limits);
      SLUICE_CHECK(run != nullptr, "an operator that takes pieces and has a partial step");
      SLUICE_RETURN_IF_ERROR(
          AddInPieces(from, inputs[r.part], r.begin, r.end, op, *run, &stats[i]));
      SLUICE_ASSIGN_OR_RETURN(RecordBatch out, run->Finish());
      outs[i] = std::move(out);
      return Status::Ok();
    }));
    return Collect(outs, stats);
  }

  // The stateful stage `stage` over `inputs`, its input stage's partitions before that stage's
  // steps, a piece at a time (PiecesPay, one partition): the same output, state and event times as
  // the steps over each whole partition, then the operator over their concatenation. A step's error
  // is the one it gives over the whole partition, so that it names the same rows.
  Result<std::vector<RecordBatch>> RunInPieces(const Stage& stage, const BoundStateful& op,
                                               const std::vector<RecordBatch>& inputs) const {
    const Stage& child = stage.inputs.front();
    const int id = stage.stateful_index;
    std::vector<EventTimeStats> stats(plan.watermarks.size());
    StateOperatorProgress metrics;
    std::optional<RecordBatch> out;
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, 1, [&](size_t) -> Status {
      SLUICE_ASSIGN_OR_RETURN(
          out,
          RunPartition(
              id, 0, false, &metrics,
              [&](storage::StateStore& store, const StatefulContext& c) -> Result<RecordBatch> {
                const std::unique_ptr<PiecewiseRun> run = op.Start(store, c, &metrics);
                for (const RecordBatch& input : inputs) {
                  SLUICE_RETURN_IF_ERROR(
                      AddInPieces(child, input, 0, input.num_rows(), op, *run, &stats));
                }
                auto finished = run->Finish();
                if (!finished.ok()) {
                  return finished.status().WithContext(op.Describe());
                }
                return finished;
              }));
      return Status::Ok();
    }));
    for (size_t w = 0; w < plan.watermarks.size(); ++w) result->event_time[w].Merge(stats[w]);
    AddStateCounters(metrics, &result->state[id]);
    std::vector<RecordBatch> parts;
    parts.push_back(std::move(*out));
    return parts;
  }

  // A stage's partitions: its input, then its steps.
  Result<std::vector<RecordBatch>> Eval(const Stage& stage) const {
    SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> parts, EvalInputs(stage));
    return Steps(stage, std::move(parts));
  }

  // A stage's partitions before its own steps.
  Result<std::vector<RecordBatch>> EvalInputs(const Stage& stage) const {
    std::vector<RecordBatch> parts;
    switch (stage.kind) {
      case Stage::Kind::kSource:
        parts = input[stage.source_index];
        break;
      case Stage::Kind::kUnion:
        for (const Stage& in : stage.inputs) {
          SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> more, Eval(in));
          for (RecordBatch& b : more) parts.push_back(std::move(b));
        }
        break;
      case Stage::Kind::kStateful: {
        const int id = stage.stateful_index;
        const BoundStateful& op = *plan.stateful[id];
        const Stage& from = stage.inputs.front();
        SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> inputs, EvalInputs(from));
        const bool pieces = PiecesPay(from, op, inputs);
        if (pieces && ctx.shuffle_partitions == 1) {
          SLUICE_ASSIGN_OR_RETURN(parts, RunInPieces(stage, op, inputs));
          break;
        }
        const bool partial = TakesPartial(op);
        std::vector<RecordBatch> child;
        if (partial && pieces) {
          SLUICE_ASSIGN_OR_RETURN(child, PartialsInPieces(from, op, inputs));
        } else {
          SLUICE_ASSIGN_OR_RETURN(child, Steps(from, std::move(inputs)));
        }
        SLUICE_ASSIGN_OR_RETURN(
            std::vector<RecordBatch> shuffled,
            Shuffle(op, std::move(child), partial, /*partial_made=*/partial && pieces));
        std::vector<std::optional<RecordBatch>> outs(shuffled.size());
        std::vector<StateOperatorProgress> metrics(shuffled.size());
        SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, shuffled.size(), [&](size_t p) -> Status {
          SLUICE_ASSIGN_OR_RETURN(
              outs[p], RunPartition(id, static_cast<int>(p), partial, &metrics[p],
                                    [&](storage::StateStore& store,
                                        const StatefulContext& c) -> Result<RecordBatch> {
                                      auto out = op.Run(shuffled[p], store, c, &metrics[p]);
                                      if (!out.ok()) return out.status().WithContext(op.Describe());
                                      return out;
                                    }));
          return Status::Ok();
        }));
        for (size_t p = 0; p < outs.size(); ++p) {
          AddStateCounters(metrics[p], &result->state[id]);
          parts.push_back(std::move(*outs[p]));
        }
        break;
      }
    }
    return parts;
  }

  // `parts`, a stage's partitions before its steps, through the steps, one task per partition.
  Result<std::vector<RecordBatch>> Steps(const Stage& stage, std::vector<RecordBatch> parts) const {
    if (stage.steps.empty()) return parts;
    std::vector<std::optional<RecordBatch>> outs(parts.size());
    std::vector<std::vector<EventTimeStats>> stats(
        parts.size(), std::vector<EventTimeStats>(plan.watermarks.size()));
    SLUICE_RETURN_IF_ERROR(RunTasks(*ctx.scheduler, parts.size(), [&](size_t p) -> Status {
      SLUICE_ASSIGN_OR_RETURN(RecordBatch out, RunSteps(stage, std::move(parts[p]), &stats[p]));
      outs[p] = std::move(out);
      return Status::Ok();
    }));
    return Collect(outs, stats);
  }

  // Tasks' batches in task order, their event times merged into the result's.
  std::vector<RecordBatch> Collect(std::vector<std::optional<RecordBatch>>& outs,
                                   const std::vector<std::vector<EventTimeStats>>& stats) const {
    std::vector<RecordBatch> done;
    for (size_t i = 0; i < outs.size(); ++i) {
      for (size_t w = 0; w < plan.watermarks.size(); ++w) result->event_time[w].Merge(stats[i][w]);
      done.push_back(std::move(*outs[i]));
    }
    return done;
  }
};

}  // namespace

Result<ExecutionResult> ExecutePlan(const CompiledPlan& plan, const BatchInput& input,
                                    const ExecutionContext& ctx) {
  SLUICE_CHECK(input.size() == plan.sources.size(), "input for every source");
  ExecutionResult result{RecordBatch(plan.output_schema),
                         std::vector<EventTimeStats>(plan.watermarks.size()),
                         std::vector<StateOperatorProgress>(plan.stateful.size())};
  Executor executor{plan, input, ctx, &result};
  SLUICE_ASSIGN_OR_RETURN(std::vector<RecordBatch> parts, executor.Eval(plan.root));
  for (const RecordBatch& part : parts) result.output.AppendBatch(part);
  return result;
}

}  // namespace sluice::engine
