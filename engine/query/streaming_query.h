// StreamingQuery: one run of a streaming query over its checkpoint.
//
// Start recovers from the checkpoint (or creates it) and returns an idle query; nothing runs until
// the caller drives it: RunTrigger runs one trigger, ProcessAllAvailable runs triggers until one
// finds no work, AwaitTermination runs triggers on the trigger's schedule until the query stops,
// finishes (Once, AvailableNow) or fails. Time, storage and task scheduling come from the
// Environment, so the same code runs in production and in the simulator.
//
// Rules: one thread drives a query at a time; Stop may be called from any thread and takes
// effect between triggers. A failed query stays failed; start a new one over the same checkpoint
// to recover. The query machine (spec/query_machine.h) asserts every state change.
#pragma once

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>

#include "engine/query/micro_batch_runner.h"
#include "engine/query/progress.h"
#include "engine/query/query_runtime.h"

namespace sluice::engine {

struct QueryDefinition {
  std::shared_ptr<const PlanNode> plan;
  std::shared_ptr<Sink> sink;
  QueryOptions options;
  std::vector<QueryListener*> listeners;  // not owned; must outlive the query
};

struct QueryStatus {
  std::string message;
  bool is_data_available = false;
  bool is_trigger_active = false;
};

class StreamingQuery {
 public:
  static Result<std::unique_ptr<StreamingQuery>> Start(QueryDefinition definition,
                                                       const Environment& env);
  ~StreamingQuery();
  StreamingQuery(const StreamingQuery&) = delete;
  StreamingQuery& operator=(const StreamingQuery&) = delete;

  const std::string& id() const { return rt_.query_id; }
  const std::string& run_id() const { return rt_.run_id; }
  const std::string& name() const { return rt_.options.name; }
  spec::query::State state() const { return machine_.state(); }
  bool IsActive() const;
  QueryStatus status() const;
  // The failure that ended the query; OK while it has not failed.
  const Status& exception() const { return exception_; }

  // Runs one trigger. Returns whether it ran a batch. REQUIRES: IsActive().
  Result<bool> RunTrigger();
  // When the trigger policy wants the next trigger, in the clock's microseconds.
  int64_t NextTriggerDueMicros() const { return next_due_us_; }
  // Runs triggers until one finds no work (or the query finishes). The clock is moved to each
  // trigger's due time first, as AwaitTermination would, except that a default trigger's
  // polling delay after an empty trigger is not waited: the caller asks for what is there now.
  Status ProcessAllAvailable();
  // Drives the query on its trigger schedule until it stops, finishes or fails. With
  // `max_triggers`, returns after that many triggers even if still active.
  Status AwaitTermination(std::optional<int64_t> max_triggers = std::nullopt);
  void Stop();

  std::optional<StreamingQueryProgress> LastProgress() const;
  std::vector<StreamingQueryProgress> RecentProgress() const;
  // The newest committed batch id, or -1 if none.
  int64_t LastCommittedBatchId() const { return rt_.next_batch_id - 1; }
  const CompiledPlan& plan() const { return rt_.plan; }

 private:
  StreamingQuery(QueryDefinition definition, CompiledPlan plan, const Environment& env);
  Status Initialize();
  void AfterTrigger(const TriggerOutcome& outcome, int64_t started_us);
  void Fail(const Status& st);
  void Terminate();
  void ApplyStopRequest();

  std::vector<QueryListener*> listeners_;
  QueryRuntime rt_;
  spec::Stepper<spec::query::State, spec::query::Event> machine_;
  Status exception_;
  int64_t next_due_us_ = 0;
  std::optional<int64_t> previous_trigger_start_ms_;
  std::optional<int64_t> last_idle_event_ms_;
  bool batch_constructed_last_ = false;
  // next_due_us_ is a default trigger's polling delay after a trigger that found no work.
  bool waiting_only_to_poll_ = false;
  std::atomic<bool> stop_requested_{false};
  std::mutex drive_mu_;  // held while a trigger runs, so Stop never races a state change
  mutable std::mutex progress_mu_;
  std::deque<StreamingQueryProgress> recent_progress_;
};

}  // namespace sluice::engine
