#include "engine/query/trigger.h"

#include "spec/check.h"

namespace sluice::engine {

Result<Trigger> Trigger::ProcessingTime(std::string_view interval) {
  SLUICE_ASSIGN_OR_RETURN(Duration d, ParseDuration(interval));
  return ProcessingTime(d);
}

int64_t Trigger::NextBoundaryMs(int64_t now_ms) const {
  const int64_t interval_ms = this->interval_ms();
  SLUICE_CHECK(kind == Kind::kProcessingTime && interval_ms > 0, "processing-time trigger");
  const int64_t floor =
      now_ms >= 0 ? now_ms / interval_ms : -((-now_ms + interval_ms - 1) / interval_ms);
  return floor * interval_ms + interval_ms;
}

std::string Trigger::Describe() const {
  switch (kind) {
    case Kind::kDefault:
      return "ProcessingTime(0)";
    case Kind::kProcessingTime:
      return "ProcessingTime(" + DescribeDuration(interval) + ")";
    case Kind::kOnce:
      return "Once";
    case Kind::kAvailableNow:
      return "AvailableNow";
  }
  return "?";
}

Status Trigger::Validate() const {
  if (kind == Kind::kProcessingTime && interval.count() < 0) {
    return Status::InvalidArgument("trigger: processing-time interval must not be negative, got " +
                                   DescribeDuration(interval));
  }
  return Status::Ok();
}

}  // namespace sluice::engine
