#include "engine/types/window_spec.h"

namespace sluice::engine {

const DataType& WindowType() {
  static const DataType type =
      DataType::Struct({{"start", DataType::kTimestamp}, {"end", DataType::kTimestamp}});
  return type;
}

Status WindowSpec::Validate() const {
  if (duration_us() <= 0) return Status::InvalidArgument("the window duration must be positive");
  if (slide.count() < 0 || slide_us() > duration_us()) {
    return Status::InvalidArgument("the slide must be positive and at most the window duration");
  }
  if (start_us() <= -slide_us() || start_us() >= slide_us()) {
    return Status::InvalidArgument(
        "the absolute value of the start time must be less than the slide");
  }
  return Status::Ok();
}

Result<WindowSpec> ParseWindowSpec(std::string_view duration, std::optional<std::string_view> slide,
                                   std::optional<std::string_view> start) {
  WindowSpec spec;
  auto parse = [](std::string_view what, std::string_view text, Duration* out) -> Status {
    Result<Duration> d = ParseDuration(text);
    if (!d.ok()) return d.status().WithContext(std::string(what));
    *out = d.value();
    return Status::Ok();
  };
  SLUICE_RETURN_IF_ERROR(parse("window duration", duration, &spec.duration));
  if (slide) SLUICE_RETURN_IF_ERROR(parse("window slide", *slide, &spec.slide));
  if (start) SLUICE_RETURN_IF_ERROR(parse("window start time", *start, &spec.start));
  SLUICE_RETURN_IF_ERROR(spec.Validate());
  return spec;
}

}  // namespace sluice::engine
