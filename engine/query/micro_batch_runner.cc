#include "engine/query/micro_batch_runner.h"

#include <algorithm>

#include "engine/types/duration.h"

namespace sluice::engine {
namespace {

constexpr int kMaxStepsPerTrigger = 32;  // the longest path through any table is 15 steps

int64_t RowCount(const std::vector<RecordBatch>& parts) {
  int64_t n = 0;
  for (const RecordBatch& b : parts) n += static_cast<int64_t>(b.num_rows());
  return n;
}

}  // namespace

int64_t MicroBatchRunner::NowMs() const { return MillisFromMicros(rt_.env.clock->NowMicros()); }

void MicroBatchRunner::Time(const char* key, int64_t since_ms) {
  durations_ms_[key] += NowMs() - since_ms;
}

Result<TriggerOutcome> MicroBatchRunner::RunTrigger() {
  trigger_start_ms_ = NowMs();
  spec::Stepper<State, Event> machine(*rt_.env.protocol->micro_batch, State::kIdle,
                                      rt_.env.transition_listener);
  const bool replay = rt_.pending_replay.has_value();
  if (replay) batch_ = *rt_.pending_replay;
  machine.Step(replay ? Event::kReplay : Event::kNewTrigger);
  Status failure;
  for (int steps = 0; steps < kMaxStepsPerTrigger; ++steps) {
    switch (machine.state()) {
      case State::kDone:
        return TriggerOutcome{true, std::move(progress_)};
      case State::kNoBatch:
        return TriggerOutcome{false, std::nullopt};
      case State::kFailed:
        return failure.WithContext("batch " + std::to_string(batch_.batch_id));
      default:
        break;
    }
    Result<Event> event = Act(machine.state());
    if (!event.ok()) failure = event.status();
    machine.Step(event.ok() ? event.value() : Event::kError);
  }
  SLUICE_CHECK(false, "a trigger ended within its step bound");
  return failure;
}

Result<MicroBatchRunner::Event> MicroBatchRunner::Act(State state) {
  const int64_t start_ms = NowMs();
  Status st;
  switch (state) {
    case State::kPlanning:
      st = Plan();
      Time("latestOffset", start_ms);
      break;
    case State::kDeciding:
      return Decide();
    case State::kWritingOffsets:
      st = WriteOffsets();
      Time("walCommit", start_ms);
      break;
    case State::kAcknowledgingSources:
      if (batch_.batch_id > 0) st = AcknowledgeSources(batch_.start);
      Time("walCommit", start_ms);
      break;
    case State::kAcknowledgingPlanned:  // only in a known-wrong variant
      st = AcknowledgeSources(batch_.end);
      break;
    case State::kReadingInput:
      st = ReadInput();
      Time("getBatch", start_ms);
      break;
    case State::kExecuting:
      st = Execute();
      Time("queryPlanning", start_ms);
      break;
    case State::kWritingSink:
      st = WriteSink();
      Time("addBatch", start_ms);
      break;
    case State::kCommittingState:
      st = CommitState();
      Time("commitState", start_ms);
      break;
    case State::kWritingCommit:
      st = WriteCommit();
      Time("commitOffsets", start_ms);
      break;
    case State::kPurgingLogs:
      st = PurgeLogs();
      Time("commitOffsets", start_ms);
      break;
    case State::kMaintainingState:
      MaintainState();
      break;
    case State::kAdvancingWatermark:
      AdvanceWatermark();
      break;
    case State::kReporting:
      Report();
      break;
    default:
      SLUICE_CHECK(false, "micro-batch state without an action");
  }
  if (!st.ok()) return st;
  return Event::kOk;
}

Status MicroBatchRunner::Plan() {
  batch_.batch_id = rt_.env.batch_rules->PlannedBatchId(rt_.next_batch_id, NowMs());
  batch_.start = rt_.committed_ends;
  batch_.watermark_ms = rt_.watermark.global_ms();
  batch_.timestamp_ms = trigger_start_ms_;
  batch_.end.clear();
  latest_.clear();
  const bool once = rt_.options.trigger.kind == Trigger::Kind::kOnce;
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    Source& src = *rt_.plan.sources[i];
    ReadLimit limit = once ? ReadLimit::All() : src.DefaultReadLimit();
    if (rt_.available_now_cap) limit.upto = (*rt_.available_now_cap)[i];
    SLUICE_ASSIGN_OR_RETURN(SourceOffset end, src.LatestOffset(batch_.start[i], limit));
    batch_.end.push_back(std::move(end));
    latest_.push_back(src.ReportLatestOffset());
  }
  return Status::Ok();
}

MicroBatchRunner::Event MicroBatchRunner::Decide() const {
  if (batch_.end != batch_.start) return Event::kOk;
  // Without new input, a batch runs only when the watermark has moved past the one the last
  // batch ran with and an operator would evict (and, in append mode, emit) because of it.
  if (!rt_.options.no_data_batches || rt_.options.trigger.kind == Trigger::Kind::kOnce) {
    return Event::kNoWork;
  }
  if (rt_.watermark.global_ms() <= rt_.previous_batch_watermark_ms) return Event::kNoWork;
  for (const auto& op : rt_.plan.stateful) {
    if (op->EvictsByWatermark(rt_.options.output_mode)) return Event::kOk;
  }
  return Event::kNoWork;
}

Status MicroBatchRunner::WriteOffsets() {
  storage::OffsetsEntry entry;
  entry.batch_watermark_ms = batch_.watermark_ms;
  entry.batch_timestamp_ms = batch_.timestamp_ms;
  entry.conf = rt_.pinned_conf;
  for (const SourceOffset& end : batch_.end) entry.source_ends.emplace_back(end.json);
  return rt_.checkpoint.WriteOffsets(batch_.batch_id, entry);
}

Status MicroBatchRunner::AcknowledgeSources(const std::vector<SourceOffset>& offsets) {
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    SLUICE_RETURN_IF_ERROR(rt_.plan.sources[i]->Commit(offsets[i]));
  }
  return Status::Ok();
}

Status MicroBatchRunner::ReadInput() {
  input_.assign(rt_.plan.sources.size(), {});
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    Source& src = *rt_.plan.sources[i];
    for (int p = 0; p < src.NumPartitions(); ++p) {
      SLUICE_ASSIGN_OR_RETURN(RecordBatch rows, src.Read(p, batch_.start[i], batch_.end[i]));
      input_[i].push_back(std::move(rows));
    }
  }
  return Status::Ok();
}

Status MicroBatchRunner::Execute() {
  ExecutionContext ctx;
  ctx.scheduler = rt_.env.scheduler;
  ctx.shuffle_partitions = rt_.shuffle_partitions;
  ctx.stateful.batch_id = batch_.batch_id;
  ctx.stateful.eviction_watermark_ms = batch_.watermark_ms;
  ctx.stateful.late_watermark_ms = rt_.previous_batch_watermark_ms;
  ctx.stateful.mode = rt_.options.output_mode;
  ctx.eval.batch_timestamp_us = MicrosFromMillis(batch_.timestamp_ms);
  ctx.store = [this](int op, int partition) { return rt_.state_stores[op][partition].get(); };
  ctx.scratch = [this](int op, int partition) { return &rt_.state_scratch[op][partition]; };
  SLUICE_ASSIGN_OR_RETURN(ExecutionResult result, ExecutePlan(rt_.plan, input_, ctx));
  output_ = std::move(result.output);
  event_time_ = std::move(result.event_time);
  state_metrics_ = std::move(result.state);
  std::vector<int64_t> delays_ms;
  for (const WatermarkNode& w : rt_.plan.watermarks)
    delays_ms.push_back(MillisFromMicros(w.delay_us));
  next_watermark_ = rt_.watermark;
  next_watermark_.Update(event_time_, delays_ms);
  return Status::Ok();
}

Status MicroBatchRunner::WriteSink() {
  SLUICE_CHECK(output_.has_value(), "the sink is written after execution");
  return rt_.sink->AddBatch(rt_.query_id, batch_.batch_id, *output_, rt_.options.output_mode)
      .WithContext("sink " + rt_.sink->Describe());
}

Status MicroBatchRunner::CommitState() {
  std::vector<std::pair<size_t, storage::StateStore*>> stores;  // (operator, store)
  for (size_t op = 0; op < rt_.state_stores.size(); ++op) {
    for (auto& store : rt_.state_stores[op]) stores.emplace_back(op, store.get());
  }
  std::vector<int64_t> took_ms(stores.size());
  SLUICE_RETURN_IF_ERROR(RunTasks(*rt_.env.scheduler, stores.size(), [&](size_t i) -> Status {
    const int64_t start = NowMs();
    Status st = stores[i].second->Commit();
    took_ms[i] = NowMs() - start;
    return st.WithContext("committing state " + stores[i].second->dir());
  }));
  // As Spark's operators, the memory figure is read after the commit: the committed state's size.
  for (auto& [op, store] : stores) state_metrics_[op].memory_used_bytes = 0;
  for (size_t i = 0; i < stores.size(); ++i) {
    state_metrics_[stores[i].first].commit_time_ms += took_ms[i];
    state_metrics_[stores[i].first].memory_used_bytes += stores[i].second->MemoryBytes();
  }
  return Status::Ok();
}

Status MicroBatchRunner::WriteCommit() {
  SLUICE_RETURN_IF_ERROR(
      rt_.checkpoint.WriteCommit(batch_.batch_id, {next_watermark_.global_ms()}));
  rt_.committed_ends = batch_.end;
  rt_.next_batch_id = batch_.batch_id + 1;
  rt_.pending_replay.reset();
  return Status::Ok();
}

// Keeps the entries of the newest min_batches_to_retain batches.
Status MicroBatchRunner::PurgeLogs() {
  return rt_.checkpoint.Purge(batch_.batch_id, rt_.options.min_batches_to_retain);
}

// Snapshots and cleanup, one scheduler task per store. A failure is not the batch's: the batch
// is committed, and the next batch's maintenance tries again.
void MicroBatchRunner::MaintainState() {
  const int64_t retain = rt_.options.min_batches_to_retain;
  std::vector<storage::StateStore*> stores;
  for (auto& op : rt_.state_stores) {
    for (auto& store : op) stores.push_back(store.get());
  }
  (void)RunTasks(*rt_.env.scheduler, stores.size(),
                 [&](size_t i) { return stores[i]->Maintain(retain); });
}

void MicroBatchRunner::AdvanceWatermark() {
  rt_.watermark = next_watermark_;
  rt_.previous_batch_watermark_ms = batch_.watermark_ms;
}

void MicroBatchRunner::Report() {
  StreamingQueryProgress p;
  p.id = rt_.query_id;
  p.run_id = rt_.run_id;
  p.name = rt_.options.name;
  p.timestamp_ms = trigger_start_ms_;
  p.batch_id = batch_.batch_id;
  p.batch_watermark_ms = batch_.watermark_ms;
  durations_ms_["triggerExecution"] = NowMs() - trigger_start_ms_;
  p.duration_ms = durations_ms_;
  p.batch_duration_ms = durations_ms_["triggerExecution"];
  const double elapsed_s = previous_trigger_start_ms_
                               ? SecondsFromMillis(trigger_start_ms_ - *previous_trigger_start_ms_)
                               : 0.0;
  const double processing_s = SecondsFromMillis(std::max<int64_t>(1, p.batch_duration_ms));
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    SourceProgress s;
    s.description = rt_.plan.sources[i]->Description();
    if (batch_.batch_id > 0) s.start_offset = batch_.start[i].json;
    s.end_offset = batch_.end[i].json;
    if (latest_.empty()) {
      s.latest_offset = batch_.end[i].json;  // a replay: planned by an earlier run
    } else if (latest_[i]) {
      s.latest_offset = latest_[i]->json;
    }
    s.num_input_rows = input_.empty() ? 0 : RowCount(input_[i]);
    s.input_rows_per_second = elapsed_s > 0 ? s.num_input_rows / elapsed_s : 0.0;
    s.processed_rows_per_second = s.num_input_rows / processing_s;
    p.num_input_rows += s.num_input_rows;
    p.input_rows_per_second += s.input_rows_per_second;
    p.processed_rows_per_second += s.processed_rows_per_second;
    p.sources.push_back(std::move(s));
  }
  for (size_t i = rt_.plan.stateful.size(); i-- > 0;) {  // nearest the sink first, as Spark
    StateOperatorProgress op = state_metrics_.empty() ? StateOperatorProgress{} : state_metrics_[i];
    op.operator_name = rt_.plan.stateful[i]->Name();
    op.num_shuffle_partitions = rt_.shuffle_partitions;
    op.num_state_store_instances = rt_.shuffle_partitions;
    p.state_operators.push_back(op);
  }
  if (!rt_.plan.watermarks.empty()) {
    EventTimeStats all;
    for (const EventTimeStats& s : event_time_) all.Merge(s);
    if (all.count > 0) {
      p.event_time["avg"] = all.avg_ms();
      p.event_time["max"] = all.max_ms;
      p.event_time["min"] = all.min_ms;
    }
    p.event_time["watermark"] = batch_.watermark_ms;
  }
  p.sink.description = rt_.sink->Describe();
  p.sink.num_output_rows = output_ ? static_cast<int64_t>(output_->num_rows()) : 0;
  progress_ = std::move(p);
}

}  // namespace sluice::engine
