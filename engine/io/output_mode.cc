#include "engine/io/output_mode.h"

#include <string>

namespace sluice::engine {

std::string_view OutputModeName(OutputMode mode) {
  switch (mode) {
    case OutputMode::kAppend:
      return "append";
    case OutputMode::kUpdate:
      return "update";
    case OutputMode::kComplete:
      return "complete";
  }
  return "?";
}

Result<OutputMode> ParseOutputMode(std::string_view name) {
  if (name == "append") return OutputMode::kAppend;
  if (name == "update") return OutputMode::kUpdate;
  if (name == "complete") return OutputMode::kComplete;
  return Status::InvalidArgument("unknown output mode '" + std::string(name) +
                                 "' (append, update or complete)");
}

}  // namespace sluice::engine
