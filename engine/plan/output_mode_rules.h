// Spark's output-mode rules: which output modes a compiled plan's stateful operators allow.
#pragma once

#include "engine/io/output_mode.h"
#include "engine/plan/compiled_plan.h"

namespace sluice::engine {

// An error names the operator and the mode, and says which mode to use instead.
Status CheckOutputMode(const CompiledPlan& plan, OutputMode mode);

}  // namespace sluice::engine
