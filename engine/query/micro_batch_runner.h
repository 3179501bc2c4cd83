// MicroBatchRunner: runs one trigger of a query by stepping the micro-batch machine
// (spec/micro_batch_machine.h) of the query's protocol, one action per state.
//
// Rules: the order of actions is the table's, never the code's; a failing action takes kError to
// kFailed and the trigger returns that error with the batch id in front. When a batch completes,
// the runtime's committed offsets, next batch id and watermark move forward together.
#pragma once

#include <optional>

#include "engine/query/progress.h"
#include "engine/query/query_runtime.h"

namespace sluice::engine {

struct TriggerOutcome {
  bool batch_ran = false;
  std::optional<StreamingQueryProgress> progress;  // when a batch ran
};

class MicroBatchRunner {
 public:
  // `previous_trigger_start_ms` feeds inputRowsPerSecond (nullopt on the first trigger).
  MicroBatchRunner(QueryRuntime& rt, std::optional<int64_t> previous_trigger_start_ms)
      : rt_(rt), previous_trigger_start_ms_(previous_trigger_start_ms) {}

  Result<TriggerOutcome> RunTrigger();

 private:
  using State = spec::micro_batch::State;
  using Event = spec::micro_batch::Event;

  Result<Event> Act(State state);
  Status Plan();
  Event Decide() const;
  Status WriteOffsets();
  Status AcknowledgeSources(const std::vector<SourceOffset>& offsets);
  Status ReadInput();
  Status Execute();
  Status WriteSink();
  Status CommitState();
  Status WriteCommit();
  Status PurgeLogs();
  void MaintainState();
  void AdvanceWatermark();
  void Report();
  int64_t NowMs() const;
  void Time(const char* key, int64_t since_ms);

  QueryRuntime& rt_;
  std::optional<int64_t> previous_trigger_start_ms_;
  int64_t trigger_start_ms_ = 0;
  BatchSpec batch_;
  // Per source, what it reported as its newest offset, for progress (empty on a replay).
  std::vector<std::optional<SourceOffset>> latest_;
  BatchInput input_;
  std::optional<RecordBatch> output_;
  std::vector<EventTimeStats> event_time_;            // per watermark node
  std::vector<StateOperatorProgress> state_metrics_;  // per stateful operator
  WatermarkTracker next_watermark_;                   // the tracker after this batch
  std::map<std::string, int64_t> durations_ms_;
  std::optional<StreamingQueryProgress> progress_;
};

}  // namespace sluice::engine
