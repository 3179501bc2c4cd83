#include "engine/query/trigger.h"

#include "spec/check.h"

namespace sluice::engine {

int64_t Trigger::NextBoundaryMs(int64_t now_ms) const {
  SLUICE_CHECK(kind == Kind::kProcessingTime && interval_ms > 0, "processing-time trigger");
  const int64_t floor = now_ms >= 0 ? now_ms / interval_ms
                                    : -((-now_ms + interval_ms - 1) / interval_ms);
  return floor * interval_ms + interval_ms;
}

std::string Trigger::Describe() const {
  switch (kind) {
    case Kind::kDefault: return "ProcessingTime(0)";
    case Kind::kProcessingTime: return "ProcessingTime(" + std::to_string(interval_ms) + " ms)";
    case Kind::kOnce: return "Once";
    case Kind::kAvailableNow: return "AvailableNow";
  }
  return "?";
}

Status Trigger::Validate() const {
  if (kind == Kind::kProcessingTime && interval_ms < 0) {
    return Status::InvalidArgument("trigger: processing-time interval must not be negative, got " +
                                   std::to_string(interval_ms) + " ms");
  }
  return Status::Ok();
}

}  // namespace sluice::engine
