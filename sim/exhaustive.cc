#include "sim/exhaustive.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <vector>

#include "sim/world.h"

namespace sluice::sim {

ExhaustiveSummary RunExhaustive(const Mutant* mutant, Workload workload, bool verbose,
                                Coverage* coverage, ExhaustiveScope scope) {
  if (workload == Workload::kDrawn) {
    ExhaustiveSummary both = RunExhaustive(mutant, Workload::kStateless, verbose, coverage, scope);
    const ExhaustiveSummary stateful =
        RunExhaustive(mutant, Workload::kStateful, verbose, coverage, scope);
    TraceHash combined;
    combined.Add(both.trace_hash);
    combined.Add(stateful.trace_hash);
    both.crash_points += stateful.crash_points;
    both.cases += stateful.cases;
    both.variants_run = std::max(both.variants_run, stateful.variants_run);
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
  std::vector<bool> variant_run(variants.size(), false);
  for (int64_t point = 1; point <= reference.crash_points; ++point) {
    for (size_t v = 0; v < variants.size(); ++v) {
      if (scope == ExhaustiveScope::kOneVariantAtEachPoint &&
          v != static_cast<size_t>(point - 1) % variants.size()) {
        continue;
      }
      const faults::CrashState& state = variants[v];
      variant_run[v] = true;
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
  summary.variants_run =
      static_cast<uint64_t>(std::count(variant_run.begin(), variant_run.end(), true));
  std::printf("exhaustive %s: crash_points=%" PRId64 " variants=%zu cases=%" PRIu64 "\n",
              workload == Workload::kStateful ? "stateful" : "stateless", summary.crash_points,
              variants.size(), summary.cases);
  return summary;
}

}  // namespace sluice::sim
