// Event-time watermarks: the statistics each with_watermark node observes in a batch, and the
// tracker that turns them into the global watermark (Spark's WatermarkTracker).
//
// Rules: after a batch, each node that saw rows moves its own watermark to max(event time) minus
// its delay, never back; a node that has seen nothing in this run counts as 0. The global
// watermark is the min (or, by policy, the max) over nodes and never moves back. Per-node values
// live only in memory: a restart keeps the global watermark and starts the nodes afresh.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/types/column.h"

namespace sluice::engine {

// Event times one node saw in one batch, in milliseconds since the epoch (a timestamp's
// microseconds truncated toward zero, as Spark's `eventTime / 1000`). The sum is exact, so the
// mean does not depend on the order rows were added or merged in.
struct EventTimeStats {
  int64_t count = 0;
  int64_t min_ms = 0;
  int64_t max_ms = 0;
  __int128 sum_ms = 0;  // exact: 2^63 rows of any event time fit

  void Add(int64_t ms);
  // Adds the event time of each row of `micros` that has one: a timestamp column's cells, or a
  // window column's ends (as EventTimeAt). A timestamp column with no nulls goes a column at a
  // time.
  void AddMicros(const Column& micros);
  void Merge(const EventTimeStats& other);
  // The mean event time, truncated toward zero. REQUIRES: count > 0.
  int64_t avg_ms() const { return static_cast<int64_t>(sum_ms / count); }
};

class WatermarkTracker {
 public:
  enum class Policy : uint8_t { kMin, kMax };
  WatermarkTracker() = default;
  WatermarkTracker(Policy policy, int64_t global_ms) : policy_(policy), global_ms_(global_ms) {}

  int64_t global_ms() const { return global_ms_; }
  // `stats[i]` and `delays_ms[i]` belong to node i.
  void Update(const std::vector<EventTimeStats>& stats, const std::vector<int64_t>& delays_ms);

 private:
  Policy policy_ = Policy::kMin;
  int64_t global_ms_ = 0;
  std::map<size_t, int64_t> node_ms_;
};

}  // namespace sluice::engine
