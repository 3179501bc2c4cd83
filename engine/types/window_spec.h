// Event-time windows as Spark defines them: window(time, duration, slide, start_time).
//
// A window is [start, end), with starts aligned to the epoch plus start_time, one every `slide`
// (tumbling when slide equals duration). A window value is a struct of two timestamps, start and
// end (WindowType), as in Spark.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/types/data_type.h"
#include "engine/types/duration.h"
#include "storage/status.h"

namespace sluice::engine {

// window(time, duration, slide, start_time): Spark's arguments, with units in their type.
struct WindowSpec {
  Duration duration{0};
  Duration slide{0};  // 0: tumbling (equal to duration)
  Duration start{0};

  // Spark's rules: a positive duration, a slide in (0, duration], |start| < slide.
  Status Validate() const;
  int64_t duration_us() const { return duration.count(); }
  int64_t slide_us() const { return slide.count() == 0 ? duration.count() : slide.count(); }
  int64_t start_us() const { return start.count(); }
};

// A spec from Spark's interval strings ("10 seconds"); a missing slide makes a tumbling window. An
// error names the argument that does not parse or breaks Validate's rules.
Result<WindowSpec> ParseWindowSpec(std::string_view duration, std::optional<std::string_view> slide,
                                   std::optional<std::string_view> start);

// struct<start: timestamp, end: timestamp>, the type of a window column.
const DataType& WindowType();

}  // namespace sluice::engine
