// Trigger: when a query runs its next micro-batch.
//
//  - Default: the next batch as soon as the last one ends and there is work; a trigger that finds
//    no work waits kPollingDelay before the next.
//  - ProcessingTime(I): triggers at multiples of I since the epoch; a batch that overruns its
//    interval is followed at once by the next, with no catch-up of missed boundaries.
//  - Once: one batch (everything available, read limits ignored), then the query finishes.
//  - AvailableNow: the end offsets are fixed at start; batches honour read limits until that
//    input is processed, then the query finishes.
#pragma once

#include <cstdint>
#include <string>

#include "engine/types/duration.h"
#include "storage/status.h"

namespace sluice::engine {

inline constexpr Duration kPollingDelay = Millis(10);

struct Trigger {
  enum class Kind : uint8_t { kDefault, kProcessingTime, kOnce, kAvailableNow };
  Kind kind = Kind::kDefault;
  Duration interval{0};

  static Trigger Default() { return {}; }
  // Trigger.ProcessingTime(Seconds(1)); an interval of 0 behaves as Default.
  static Trigger ProcessingTime(Duration interval) { return {Kind::kProcessingTime, interval}; }
  // Trigger.ProcessingTime("1 second"), with Spark's interval strings.
  static Result<Trigger> ProcessingTime(std::string_view interval);
  static Trigger Once() { return {Kind::kOnce, Duration(0)}; }
  static Trigger AvailableNow() { return {Kind::kAvailableNow, Duration(0)}; }

  int64_t interval_ms() const { return MillisOf(interval); }
  // REQUIRES: kind is kProcessingTime with interval_ms() > 0. The boundary after `now_ms`
  // (a trigger starting exactly on a boundary targets the next one).
  int64_t NextBoundaryMs(int64_t now_ms) const;
  bool StopsByItself() const { return kind == Kind::kOnce || kind == Kind::kAvailableNow; }
  std::string Describe() const;
  Status Validate() const;
};

}  // namespace sluice::engine
