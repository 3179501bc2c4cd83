// Event-time windows: window(time, duration, slide, start_time) as Spark defines it.
//
// A window is [start, end), with starts aligned to the epoch plus start_time, one every `slide`
// (tumbling when slide equals duration). A row belongs to every window that holds its time, so a
// sliding window repeats a row once per window. The window is a struct column with the timestamp
// fields start and end (WindowType), as in Spark.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "engine/expr/expression.h"
#include "engine/ops/operator.h"
#include "engine/types/duration.h"

namespace sluice::engine {

// window(time, duration, slide, start_time): Spark's arguments, with units in their type.
struct WindowSpec {
  Duration duration{0};
  Duration slide{0};  // 0: tumbling (equal to duration)
  Duration start{0};

  Status Validate() const;
  int64_t duration_us() const { return duration.count(); }
  int64_t slide_us() const { return slide.count() == 0 ? duration.count() : slide.count(); }
  int64_t start_us() const { return start.count(); }
};

// struct<start: timestamp, end: timestamp>, the type of a window column.
const DataType& WindowType();

// Adds the window column `name` and repeats each row once per window that holds `time`; rows
// whose time is null are dropped. The window column carries `time`'s watermark.
std::shared_ptr<const Operator> MakeWindowAssign(std::string name, Expr time, WindowSpec spec);

}  // namespace sluice::engine
