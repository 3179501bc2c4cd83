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

namespace sluice::engine {

// Event times one node saw in one batch, in milliseconds since the epoch.
struct EventTimeStats {
  int64_t count = 0;
  int64_t min_ms = 0;
  int64_t max_ms = 0;
  double avg_ms = 0;

  void Add(int64_t ms);
  void Merge(const EventTimeStats& other);
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
