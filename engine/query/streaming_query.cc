#include "engine/query/streaming_query.h"

#include <algorithm>

#include "engine/plan/output_mode_rules.h"
#include "engine/query/recovery.h"
#include "engine/types/duration.h"

namespace sluice::engine {

using QState = spec::query::State;
using QEvent = spec::query::Event;

namespace {
constexpr int64_t kMaxTriggersPerDrain = 1000000;  // ProcessAllAvailable's bound
constexpr Duration kStopPoll = Millis(100);        // how often a sleeping driver checks Stop
}  // namespace

StreamingQuery::StreamingQuery(QueryDefinition definition, CompiledPlan plan,
                               const Environment& env)
    : listeners_(std::move(definition.listeners)),
      rt_(env, std::move(definition.options), std::move(plan), std::move(definition.sink)),
      machine_(*env.protocol->query, QState::kCreated, env.transition_listener) {}

StreamingQuery::~StreamingQuery() = default;

Result<std::unique_ptr<StreamingQuery>> StreamingQuery::Start(QueryDefinition definition,
                                                              const Environment& env) {
  SLUICE_CHECK(env.checkpoint_fs && env.clock && env.scheduler && env.protocol && env.new_id,
               "the environment names a file system, clock, scheduler, protocol and id source");
  if (!definition.sink) return Status::InvalidArgument("the query has no sink");
  if (!definition.plan) return Status::InvalidArgument("the query has no input");
  SLUICE_RETURN_IF_ERROR(definition.options.Validate());
  SLUICE_ASSIGN_OR_RETURN(CompiledPlan plan, CompilePlan(definition.plan));
  SLUICE_RETURN_IF_ERROR(CheckOutputMode(plan, definition.options.output_mode));
  SLUICE_RETURN_IF_ERROR(definition.sink->AcceptsOutputMode(definition.options.output_mode));
  std::unique_ptr<StreamingQuery> q(
      new StreamingQuery(std::move(definition), std::move(plan), env));
  SLUICE_RETURN_IF_ERROR(q->Initialize());
  return q;
}

Status StreamingQuery::Initialize() {
  rt_.run_id = rt_.env.new_id();
  machine_.Step(QEvent::kStart);
  Status st = Recover(rt_);
  if (!st.ok()) {
    machine_.Step(QEvent::kError);
    exception_ = st;
    return st;
  }
  if (rt_.options.trigger.kind == Trigger::Kind::kAvailableNow) {
    // The end offsets are fixed now; later batches never read past them.
    std::vector<std::optional<SourceOffset>> cap;
    const auto& start = rt_.pending_replay ? rt_.pending_replay->end : rt_.committed_ends;
    for (size_t i = 0; i < rt_.plan.sources.size(); ++i) {
      auto latest = rt_.plan.sources[i]->PrepareForAvailableNow(start[i]);
      if (!latest.ok()) {
        machine_.Step(QEvent::kError);
        exception_ = latest.status();
        return exception_;
      }
      cap.push_back(latest.value());
    }
    rt_.available_now_cap = std::move(cap);
  }
  machine_.Step(QEvent::kRecovered);
  next_due_us_ = rt_.env.clock->NowMicros();  // the first trigger runs at once
  const QueryStartedEvent event{rt_.query_id, rt_.run_id, rt_.options.name,
                                MillisFromMicros(next_due_us_)};
  for (QueryListener* l : listeners_) l->OnQueryStarted(event);
  return Status::Ok();
}

bool StreamingQuery::IsActive() const {
  const QState s = machine_.state();
  return s == QState::kIdle || s == QState::kRunningTrigger;
}

QueryStatus StreamingQuery::status() const {
  switch (machine_.state()) {
    case QState::kCreated:
    case QState::kRecovering:
      return {"Initializing sources", false, false};
    case QState::kIdle:
      return {batch_constructed_last_ ? "Waiting for next trigger" : "Waiting for data to arrive",
              batch_constructed_last_, false};
    case QState::kRunningTrigger:
      return {"Processing new data", true, true};
    case QState::kStopped:
    case QState::kFinished:
      return {"Stopped", false, false};
    case QState::kFailed:
      return {"Terminated with exception: " + exception_.message(), false, false};
  }
  return {};
}

Result<bool> StreamingQuery::RunTrigger() {
  std::lock_guard drive(drive_mu_);
  SLUICE_CHECK(IsActive(), "RunTrigger on an active query");
  const int64_t started_us = rt_.env.clock->NowMicros();
  const Trigger& trigger = rt_.options.trigger;
  if (trigger.kind == Trigger::Kind::kProcessingTime && trigger.interval_ms() > 0) {
    next_due_us_ = MicrosFromMillis(trigger.NextBoundaryMs(MillisFromMicros(started_us)));
  }
  machine_.Step(QEvent::kTrigger);
  MicroBatchRunner runner(rt_, previous_trigger_start_ms_);
  Result<TriggerOutcome> outcome = runner.RunTrigger();
  if (!outcome.ok()) {
    Fail(outcome.status());
    return outcome.status();
  }
  previous_trigger_start_ms_ = MillisFromMicros(started_us);
  AfterTrigger(outcome.value(), started_us);
  return outcome->batch_ran;
}

void StreamingQuery::AfterTrigger(const TriggerOutcome& outcome, int64_t started_us) {
  batch_constructed_last_ = outcome.batch_ran;
  const Trigger& trigger = rt_.options.trigger;
  if (outcome.progress) {
    {
      std::lock_guard lock(progress_mu_);
      recent_progress_.push_back(*outcome.progress);
      while (recent_progress_.size() > rt_.options.recent_progress_max) {
        recent_progress_.pop_front();
      }
    }
    for (QueryListener* l : listeners_) l->OnQueryProgress(*outcome.progress);
  } else {
    const int64_t now_ms = MillisFromMicros(started_us);
    if (!last_idle_event_ms_ ||
        now_ms - *last_idle_event_ms_ >= MillisOf(rt_.options.no_data_progress_event_interval)) {
      last_idle_event_ms_ = now_ms;
      const QueryIdleEvent event{rt_.query_id, rt_.run_id, now_ms};
      for (QueryListener* l : listeners_) l->OnQueryIdle(event);
    }
  }
  const bool finished = (trigger.kind == Trigger::Kind::kOnce) ||
                        (trigger.kind == Trigger::Kind::kAvailableNow && !outcome.batch_ran);
  if (finished) {
    machine_.Step(QEvent::kFinish);
    Terminate();
    return;
  }
  machine_.Step(QEvent::kTriggerDone);
  const int64_t now_us = rt_.env.clock->NowMicros();
  if (trigger.kind == Trigger::Kind::kDefault ||
      (trigger.kind == Trigger::Kind::kProcessingTime && trigger.interval_ms() == 0)) {
    next_due_us_ = outcome.batch_ran ? now_us : now_us + kPollingDelay.count();
    waiting_only_to_poll_ = !outcome.batch_ran;
  } else if (trigger.kind == Trigger::Kind::kAvailableNow) {
    next_due_us_ = now_us;
  }
  // Processing time: next_due_us_ was set to the boundary at trigger start; a late batch finds
  // it already past and runs at once, and missed boundaries are not caught up.
  ApplyStopRequest();
}

void StreamingQuery::Fail(const Status& st) {
  exception_ = st;
  machine_.Step(QEvent::kError);
  Terminate();
}

void StreamingQuery::Terminate() {
  QueryTerminatedEvent event{rt_.query_id, rt_.run_id, std::nullopt};
  if (!exception_.ok()) event.exception = exception_.message();
  for (QueryListener* l : listeners_) l->OnQueryTerminated(event);
}

void StreamingQuery::ApplyStopRequest() {
  if (stop_requested_.load() && machine_.state() == QState::kIdle) {
    machine_.Step(QEvent::kStop);
    Terminate();
  }
}

void StreamingQuery::Stop() {
  stop_requested_.store(true);
  // A trigger in progress applies the request itself when it ends.
  std::unique_lock drive(drive_mu_, std::try_to_lock);
  if (drive.owns_lock()) ApplyStopRequest();
}

Status StreamingQuery::ProcessAllAvailable() {
  // The caller asks for what is available now. A default trigger that found no work waits only
  // to space out its polls, and this drain ends at the first empty trigger anyway, so it does
  // not wait.
  if (waiting_only_to_poll_) next_due_us_ = std::min(next_due_us_, rt_.env.clock->NowMicros());
  for (int64_t i = 0; i < kMaxTriggersPerDrain && IsActive(); ++i) {
    rt_.env.clock->SleepUntilMicros(next_due_us_);
    SLUICE_ASSIGN_OR_RETURN(bool batch_ran, RunTrigger());
    if (!batch_ran) return Status::Ok();
  }
  if (machine_.state() == QState::kFailed) return exception_;
  SLUICE_CHECK(!IsActive(), "ProcessAllAvailable drained within its bound");
  return Status::Ok();
}

Status StreamingQuery::AwaitTermination(std::optional<int64_t> max_triggers) {
  for (int64_t n = 0; IsActive() && (!max_triggers || n < *max_triggers); ++n) {
    // Sleep in slices so that a Stop from another thread is noticed.
    while (!stop_requested_.load() && rt_.env.clock->NowMicros() < next_due_us_) {
      rt_.env.clock->SleepUntilMicros(
          std::min(next_due_us_, rt_.env.clock->NowMicros() + kStopPoll.count()));
    }
    {
      std::lock_guard drive(drive_mu_);
      ApplyStopRequest();
    }
    if (!IsActive()) break;
    Result<bool> r = RunTrigger();
    if (!r.ok()) return r.status();
  }
  return machine_.state() == QState::kFailed ? exception_ : Status::Ok();
}

std::optional<StreamingQueryProgress> StreamingQuery::LastProgress() const {
  std::lock_guard lock(progress_mu_);
  if (recent_progress_.empty()) return std::nullopt;
  return recent_progress_.back();
}

std::vector<StreamingQueryProgress> StreamingQuery::RecentProgress() const {
  std::lock_guard lock(progress_mu_);
  return {recent_progress_.begin(), recent_progress_.end()};
}

}  // namespace sluice::engine
