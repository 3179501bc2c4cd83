#include "engine/state/watermark.h"

#include <algorithm>
#include <span>

#include "engine/state/stateful.h"
#include "engine/types/duration.h"

namespace sluice::engine {

void EventTimeStats::Add(int64_t ms) {
  if (count == 0) {
    min_ms = max_ms = ms;
  } else {
    min_ms = std::min(min_ms, ms);
    max_ms = std::max(max_ms, ms);
  }
  ++count;
  sum_ms += ms;
}

void EventTimeStats::AddMicros(const Column& micros) {
  if (micros.type() != DataType::kTimestamp || micros.null_count() > 0) {
    for (size_t r = 0; r < micros.size(); ++r) {
      if (const std::optional<int64_t> us = EventTimeAt(micros, r)) Add(MillisFromMicros(*us));
    }
    return;
  }
  const std::span<const int64_t> us = micros.int64s();
  if (us.empty()) return;
  // Truncation keeps order, so the extremes are found in microseconds and converted once. The sum
  // is taken in blocks whose int64 total cannot overflow (|ms| < 2^54, 2^8 rows a block).
  EventTimeStats block;
  block.count = static_cast<int64_t>(us.size());
  int64_t lo = us[0];
  int64_t hi = us[0];
  constexpr size_t kBlockRows = 256;
  for (size_t begin = 0; begin < us.size(); begin += kBlockRows) {
    const size_t end = std::min(us.size(), begin + kBlockRows);
    int64_t sum = 0;
    for (size_t r = begin; r < end; ++r) {
      lo = std::min(lo, us[r]);
      hi = std::max(hi, us[r]);
      sum += MillisFromMicros(us[r]);
    }
    block.sum_ms += sum;
  }
  block.min_ms = MillisFromMicros(lo);
  block.max_ms = MillisFromMicros(hi);
  Merge(block);
}

void EventTimeStats::Merge(const EventTimeStats& o) {
  if (o.count == 0) return;
  if (count == 0) {
    *this = o;
    return;
  }
  min_ms = std::min(min_ms, o.min_ms);
  max_ms = std::max(max_ms, o.max_ms);
  count += o.count;
  sum_ms += o.sum_ms;
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
