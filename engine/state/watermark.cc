#include "engine/state/watermark.h"

#include <algorithm>

namespace sluice::engine {

void EventTimeStats::Add(int64_t ms) {
  if (count == 0) {
    min_ms = max_ms = ms;
  } else {
    min_ms = std::min(min_ms, ms);
    max_ms = std::max(max_ms, ms);
  }
  ++count;
  avg_ms += (static_cast<double>(ms) - avg_ms) / static_cast<double>(count);
}

void EventTimeStats::Merge(const EventTimeStats& o) {
  if (o.count == 0) return;
  if (count == 0) {
    *this = o;
    return;
  }
  min_ms = std::min(min_ms, o.min_ms);
  max_ms = std::max(max_ms, o.max_ms);
  const int64_t total = count + o.count;
  avg_ms = avg_ms * (static_cast<double>(count) / total) +
           o.avg_ms * (static_cast<double>(o.count) / total);
  count = total;
}

void WatermarkTracker::Update(const std::vector<EventTimeStats>& stats,
                              const std::vector<int64_t>& delays_ms) {
  if (stats.empty()) return;
  for (size_t i = 0; i < stats.size(); ++i) {
    if (stats[i].count > 0) {
      const int64_t candidate = stats[i].max_ms - delays_ms[i];
      auto [it, fresh] = node_ms_.try_emplace(i, candidate);
      if (!fresh) it->second = std::max(it->second, candidate);
    } else {
      node_ms_.try_emplace(i, 0);
    }
  }
  int64_t chosen = node_ms_.begin()->second;
  for (const auto& [node, ms] : node_ms_) {
    chosen = policy_ == Policy::kMin ? std::min(chosen, ms) : std::max(chosen, ms);
  }
  global_ms_ = std::max(global_ms_, chosen);
}

}  // namespace sluice::engine
