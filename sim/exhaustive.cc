#include "sim/exhaustive.h"

#include <cinttypes>
#include <cstdio>

#include "sim/world.h"

namespace sluice::sim {

ExhaustiveSummary RunExhaustive(const Mutant* mutant, Workload workload, bool verbose,
                                Coverage* coverage) {
  if (workload == Workload::kDrawn) {
    ExhaustiveSummary both = RunExhaustive(mutant, Workload::kStateless, verbose, coverage);
    const ExhaustiveSummary stateful =
        RunExhaustive(mutant, Workload::kStateful, verbose, coverage);
    TraceHash combined;
    combined.Add(both.trace_hash);
    combined.Add(stateful.trace_hash);
    both.crash_points += stateful.crash_points;
    both.cases += stateful.cases;
    both.violations += stateful.violations;
    both.trace_hash = combined.value();
    return both;
  }
  SeedConfig config;
  config.mode = Mode::kExhaustive;
  config.mutant = mutant;
  config.workload = workload;
  const SeedResult reference = RunSeed(config);
  ExhaustiveSummary summary;
  summary.crash_points = reference.crash_points;
  TraceHash combined;
  combined.Add(reference.trace_hash);
  const auto variants = faults::AllCrashVariants();
  for (int64_t point = 1; point <= reference.crash_points; ++point) {
    for (const faults::CrashState& state : variants) {
      config.crash_point = point;
      config.crash_state = state;
      config.seed = static_cast<uint64_t>(point);
      const SeedResult r = RunSeed(config, coverage);
      combined.Add(r.trace_hash);
      ++summary.cases;
      for (const std::string& v : r.violations) {
        std::printf("violation: %s | replay: %s\n", v.c_str(), ReplayCommand(config).c_str());
      }
      summary.violations += r.violations.size();
      if (verbose) {
        std::printf("point=%" PRId64 " state=%s crashes=%d violations=%zu\n", point,
                    state.Name().c_str(), r.crashes, r.violations.size());
      }
    }
  }
  summary.trace_hash = combined.value();
  std::printf("exhaustive %s: crash_points=%" PRId64 " variants=%zu cases=%" PRIu64 "\n",
              workload == Workload::kStateful ? "stateful" : "stateless", summary.crash_points,
              variants.size(), summary.cases);
  return summary;
}

}  // namespace sluice::sim
