// Trigger: when a query runs its next micro-batch.
//
//  - Default: the next batch as soon as the last one ends and there is work; a trigger that finds
//    no work waits kPollingDelayMs before the next.
//  - ProcessingTime(I): triggers at multiples of I since the epoch; a batch that overruns its
//    interval is followed at once by the next, with no catch-up of missed boundaries.
//  - Once: one batch (everything available, read limits ignored), then the query finishes.
//  - AvailableNow: the end offsets are fixed at start; batches honour read limits until that
//    input is processed, then the query finishes.
#pragma once

#include <cstdint>
#include <string>

#include "storage/status.h"

namespace sluice::engine {

inline constexpr int64_t kPollingDelayMs = 10;

struct Trigger {
  enum class Kind : uint8_t { kDefault, kProcessingTime, kOnce, kAvailableNow };
  Kind kind = Kind::kDefault;
  int64_t interval_ms = 0;

  static Trigger Default() { return {}; }
  static Trigger ProcessingTime(int64_t interval_ms) {
    return {Kind::kProcessingTime, interval_ms};
  }
  static Trigger Once() { return {Kind::kOnce, 0}; }
  static Trigger AvailableNow() { return {Kind::kAvailableNow, 0}; }

  // REQUIRES: kind is kProcessingTime with interval_ms > 0. The boundary after `now_ms`
  // (a trigger starting exactly on a boundary targets the next one).
  int64_t NextBoundaryMs(int64_t now_ms) const;
  bool StopsByItself() const { return kind == Kind::kOnce || kind == Kind::kAvailableNow; }
  std::string Describe() const;
  Status Validate() const;
};

}  // namespace sluice::engine
