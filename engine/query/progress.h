// Progress reports, with the fields and names of Spark's StreamingQueryProgress, and the events
// that a QueryListener hears.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/state/state_operator_progress.h"

namespace sluice::engine {

struct SourceProgress {
  std::string description;
  std::string start_offset;  // JSON, or "" when the source had no offsets yet
  std::string end_offset;
  std::string latest_offset;
  int64_t num_input_rows = 0;
  double input_rows_per_second = 0;
  double processed_rows_per_second = 0;
};

struct SinkProgress {
  std::string description;
  int64_t num_output_rows = 0;
};

struct StreamingQueryProgress {
  std::string id;
  std::string run_id;
  std::string name;
  int64_t timestamp_ms = 0;  // trigger start
  int64_t batch_id = 0;
  int64_t batch_duration_ms = 0;
  int64_t num_input_rows = 0;
  double input_rows_per_second = 0;
  double processed_rows_per_second = 0;
  // latestOffset, walCommit, getBatch, queryPlanning, addBatch, commitOffsets, triggerExecution.
  std::map<std::string, int64_t> duration_ms;
  int64_t batch_watermark_ms = 0;
  // avg, max, min (event times the batch saw) and watermark, in epoch ms; empty without a
  // watermark. ToJson writes them as ISO-8601 strings, as Spark does.
  std::map<std::string, int64_t> event_time;
  std::vector<StateOperatorProgress> state_operators;  // nearest the sink first
  std::vector<SourceProgress> sources;
  SinkProgress sink;

  // Spark's JSON layout: keys in Spark's order, timestamp as ISO-8601 UTC with milliseconds,
  // doubles rounded to one decimal.
  std::string ToJson() const;
};

struct QueryStartedEvent {
  std::string id, run_id, name;
  int64_t timestamp_ms = 0;
};
struct QueryIdleEvent {
  std::string id, run_id;
  int64_t timestamp_ms = 0;
};
struct QueryTerminatedEvent {
  std::string id, run_id;
  std::optional<std::string> exception;  // the failure's message; nullopt after a clean stop
};

// Hears a query's life. Called on the thread that drives the query, after the event happened.
class QueryListener {
 public:
  virtual ~QueryListener() = default;
  virtual void OnQueryStarted(const QueryStartedEvent&) {}
  virtual void OnQueryProgress(const StreamingQueryProgress&) {}
  virtual void OnQueryIdle(const QueryIdleEvent&) {}
  virtual void OnQueryTerminated(const QueryTerminatedEvent&) {}
};

// "2024-01-02T03:04:05.678Z"
std::string FormatIsoMillis(int64_t epoch_ms);

}  // namespace sluice::engine
