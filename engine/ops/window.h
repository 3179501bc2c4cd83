// Event-time windows: window(time, duration, slide, start_time) as Spark defines it.
//
// A window is [start, end), with starts aligned to the epoch plus start_time, one every `slide`
// (tumbling when slide equals duration). A row belongs to every window that holds its time, so a
// sliding window repeats a row once per window. The window is a struct column with the timestamp
// fields start and end (WindowType), as in Spark.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/expr/expression.h"
#include "engine/expr/window_call.h"
#include "engine/ops/operator.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {

// Adds the window column `name` and repeats each row once per window that holds `time`; rows
// whose time is null are dropped. The window column carries `time`'s watermark.
std::shared_ptr<const Operator> MakeWindowAssign(std::string name, Expr time, WindowSpec spec);

// Rewrites the window call that `items` hold (Spark allows one distinct window per select, as an
// item or inside one) into a reference to the column `column`, and gives that call; nullopt, with
// `items` unchanged, when they hold none or more than one distinct window.
std::optional<Expr> ExtractWindowCall(std::vector<NamedExpr>* items, const std::string& column);

}  // namespace sluice::engine
