// OutputMode: what a sink receives each batch, as Spark defines it. Append: only rows that will
// never change; update: the rows that changed in the batch; complete: the whole result table.
#pragma once

#include <string_view>

#include "storage/status.h"

namespace sluice::engine {

enum class OutputMode : uint8_t { kAppend, kUpdate, kComplete };
std::string_view OutputModeName(OutputMode mode);
// An error names the mode given and the three that exist.
Result<OutputMode> ParseOutputMode(std::string_view name);

}  // namespace sluice::engine
