#include "engine/micro_batch_runner.h"

#include <algorithm>

namespace sluice::engine {
namespace {

constexpr int kMaxStepsPerTrigger = 32;  // the longest path through any table is 15 steps

std::vector<PartitionOffsets> MinOffsets(const std::vector<PartitionOffsets>& a,
                                         const std::vector<PartitionOffsets>& b) {
  std::vector<PartitionOffsets> out = a;
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t p = 0; p < out[i].size(); ++p) out[i][p] = std::min(out[i][p], b[i][p]);
  }
  return out;
}

int64_t RowCount(const std::vector<RecordBatch>& parts) {
  int64_t n = 0;
  for (const RecordBatch& b : parts) n += static_cast<int64_t>(b.num_rows());
  return n;
}

}  // namespace

int64_t MicroBatchRunner::NowMs() const { return rt_.env.clock->NowMicros() / 1000; }

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
      case State::kDone: return TriggerOutcome{true, std::move(progress_)};
      case State::kNoBatch: return TriggerOutcome{false, std::nullopt};
      case State::kFailed: return failure.WithContext("batch " + std::to_string(batch_.batch_id));
      default: break;
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
    case State::kDeciding: return Decide();
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
    case State::kCommittingState: break;  // no stateful operator keeps state yet
    case State::kWritingCommit:
      st = WriteCommit();
      Time("commitOffsets", start_ms);
      break;
    case State::kAdvancingWatermark: break;  // stateless plans keep the watermark where it is
    case State::kReporting: Report(); break;
    default: SLUICE_CHECK(false, "micro-batch state without an action");
  }
  if (!st.ok()) return st;
  return Event::kOk;
}

Status MicroBatchRunner::Plan() {
  batch_.batch_id = rt_.next_batch_id;
  batch_.start = rt_.committed_ends;
  batch_.watermark_ms = rt_.watermark_ms;
  batch_.timestamp_ms = trigger_start_ms_;
  batch_.end.clear();
  latest_.clear();
  const bool once = rt_.options.trigger.kind == Trigger::Kind::kOnce;
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    Source& src = *rt_.plan.sources[i];
    const ReadLimit limit = once ? ReadLimit::All() : src.DefaultReadLimit();
    SLUICE_ASSIGN_OR_RETURN(PartitionOffsets end, src.LatestOffsets(batch_.start[i], limit));
    SLUICE_ASSIGN_OR_RETURN(PartitionOffsets latest,
                            src.LatestOffsets(batch_.start[i], ReadLimit::All()));
    batch_.end.push_back(std::move(end));
    latest_.push_back(std::move(latest));
  }
  if (rt_.available_now_cap) batch_.end = MinOffsets(batch_.end, *rt_.available_now_cap);
  return Status::Ok();
}

MicroBatchRunner::Event MicroBatchRunner::Decide() const {
  // Stateless plans have no watermark-driven work, so only new input makes a batch.
  return batch_.end != batch_.start ? Event::kOk : Event::kNoWork;
}

Status MicroBatchRunner::WriteOffsets() {
  storage::OffsetsEntry entry;
  entry.batch_watermark_ms = batch_.watermark_ms;
  entry.batch_timestamp_ms = batch_.timestamp_ms;
  entry.conf = rt_.pinned_conf;
  for (const PartitionOffsets& end : batch_.end) entry.source_ends.emplace_back(end);
  return rt_.checkpoint.WriteOffsets(batch_.batch_id, entry);
}

Status MicroBatchRunner::AcknowledgeSources(const std::vector<PartitionOffsets>& offsets) {
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
      SLUICE_ASSIGN_OR_RETURN(RecordBatch rows, src.Read(p, batch_.start[i][p], batch_.end[i][p]));
      input_[i].push_back(std::move(rows));
    }
  }
  return Status::Ok();
}

Status MicroBatchRunner::Execute() {
  SLUICE_ASSIGN_OR_RETURN(RecordBatch out, ExecutePlan(rt_.plan, input_, *rt_.env.scheduler));
  output_ = std::move(out);
  return Status::Ok();
}

Status MicroBatchRunner::WriteSink() {
  SLUICE_CHECK(output_.has_value(), "the sink is written after execution");
  return rt_.sink->AddBatch(batch_.batch_id, *output_, rt_.options.output_mode)
      .WithContext("sink " + rt_.sink->Describe());
}

Status MicroBatchRunner::WriteCommit() {
  SLUICE_RETURN_IF_ERROR(rt_.checkpoint.WriteCommit(batch_.batch_id, {rt_.watermark_ms}));
  rt_.committed_ends = batch_.end;
  rt_.next_batch_id = batch_.batch_id + 1;
  rt_.pending_replay.reset();
  return rt_.checkpoint.Purge(batch_.batch_id, rt_.options.min_batches_to_retain);
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
                               ? (trigger_start_ms_ - *previous_trigger_start_ms_) / 1000.0
                               : 0.0;
  const double processing_s = std::max<int64_t>(1, p.batch_duration_ms) / 1000.0;
  for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
    SourceProgress s;
    s.description = "MemoryStream[" + rt_.plan.sources[i]->Name() + "]";
    if (batch_.batch_id > 0) s.start_offset = storage::PartitionOffsetsJson(batch_.start[i]);
    s.end_offset = storage::PartitionOffsetsJson(batch_.end[i]);
    s.latest_offset =
        storage::PartitionOffsetsJson(latest_.empty() ? batch_.end[i] : latest_[i]);
    s.num_input_rows = input_.empty() ? 0 : RowCount(input_[i]);
    s.input_rows_per_second = elapsed_s > 0 ? s.num_input_rows / elapsed_s : 0.0;
    s.processed_rows_per_second = s.num_input_rows / processing_s;
    p.num_input_rows += s.num_input_rows;
    p.input_rows_per_second += s.input_rows_per_second;
    p.processed_rows_per_second += s.processed_rows_per_second;
    p.sources.push_back(std::move(s));
  }
  p.sink.description = rt_.sink->Describe();
  p.sink.num_output_rows = output_ ? static_cast<int64_t>(output_->num_rows()) : 0;
  progress_ = std::move(p);
}

}  // namespace sluice::engine
