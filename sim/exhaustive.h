// Exhaustive mode: the reference pipeline (three batches over two sources) run once without
// faults to count its crash points, then once per crash point per crash-state variant, with one
// crash there and a restart. Every case must keep exactly-once.
#pragma once

#include <cstdint>

#include "sim/mutants.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace sluice::sim {

// Which cases an exhaustive run takes. kEveryVariantAtEveryPoint is the mode `sluice-sim --mode
// exhaustive` runs. kOneVariantAtEachPoint takes the crash-state variants in turn (point p gets
// variant (p - 1) mod V): every point and every variant once, in 1/V of the time, for runs where
// each case is slow (the sanitizer build).
enum class ExhaustiveScope { kEveryVariantAtEveryPoint, kOneVariantAtEachPoint };

struct ExhaustiveSummary {
  uint64_t cases = 0;
  uint64_t variants_run = 0;  // distinct crash-state variants among the cases
  uint64_t violations = 0;
  int64_t crash_points = 0;
  uint64_t trace_hash = 0;
};

// Prints one replay line per violation (and one per case when `verbose`), then a summary line
// `exhaustive: crash_points=P variants=V cases=C`.
// Runs every crash point of the reference pipeline of `workload` (kDrawn: both pipelines, the
// stateless one first) under the crash states that `scope` takes.
class Coverage;
ExhaustiveSummary RunExhaustive(const Mutant* mutant, Workload workload, bool verbose,
                                Coverage* coverage = nullptr,
                                ExhaustiveScope scope = ExhaustiveScope::kEveryVariantAtEveryPoint);

}  // namespace sluice::sim
