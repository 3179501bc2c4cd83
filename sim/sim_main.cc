// sluice-sim: runs deterministic simulations of the reference workload.
//
//   sluice-sim [--seed S] [--seeds N] [--mode lite|swarm|exhaustive] [--mutant NAME]
//   sluice-sim --list-mutants
//
// Each violation prints one line that replays it. The last line is
// `seeds=N violations=V trace_hash=H`; the exit status is non-zero when V > 0.
#include <CLI/CLI.hpp>
#include <cinttypes>
#include <cstdio>

#include "sim/exhaustive.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace {

using sluice::sim::Mode;

int ListMutants() {
  for (const auto& m : sluice::sim::AllMutants()) {
    std::printf("%-28s %s\n", std::string(m.name).c_str(), std::string(m.breaks).c_str());
  }
  return 0;
}

std::optional<sluice::faults::CrashState> ParseCrashState(const std::string& name) {
  for (const auto& v : sluice::faults::AllCrashVariants()) {
    if (v.Name() == name) return v;
  }
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sluice deterministic simulator"};
  uint64_t seed = 1;
  uint64_t seeds = 0;
  std::string mode_name = "lite";
  std::string mutant_name;
  bool list_mutants = false;
  std::optional<int64_t> crash_point;
  std::string crash_state_name;
  bool verbose = false;
  app.add_option("--seed", seed, "first seed");
  app.add_option("--seeds", seeds, "number of seeds (default 200 lite, 100 swarm)");
  app.add_option("--mode", mode_name, "lite, swarm or exhaustive")
      ->check(CLI::IsMember({"lite", "swarm", "exhaustive"}));
  app.add_option("--mutant", mutant_name, "run a known-wrong protocol variant");
  app.add_flag("--list-mutants", list_mutants, "list the mutants and what each breaks");
  app.add_option("--crash-point", crash_point, "exhaustive replay: the crash point");
  app.add_option("--crash-state", crash_state_name, "exhaustive replay: the crash state");
  app.add_flag("-v,--verbose", verbose, "one line per seed");
  std::string workload_name = "drawn";
  app.add_option("--workload", workload_name,
                 "stateless, stateful, or drawn per seed (default; exhaustive runs both)")
      ->check(CLI::IsMember({"drawn", "stateless", "stateful"}));
  CLI11_PARSE(app, argc, argv);
  if (list_mutants) return ListMutants();

  const sluice::sim::Mutant* mutant = nullptr;
  if (!mutant_name.empty()) {
    mutant = sluice::sim::FindMutant(mutant_name);
    if (!mutant) {
      std::fprintf(stderr, "unknown mutant '%s' (see --list-mutants)\n", mutant_name.c_str());
      return 2;
    }
  }
  const Mode mode = mode_name == "lite"    ? Mode::kLite
                    : mode_name == "swarm" ? Mode::kSwarm
                                           : Mode::kExhaustive;
  const sluice::sim::Workload workload = workload_name == "stateless"
                                             ? sluice::sim::Workload::kStateless
                                         : workload_name == "stateful" ? sluice::sim::Workload::kStateful
                                                                       : sluice::sim::Workload::kDrawn;
  if (mode == Mode::kExhaustive && !crash_point) {
    const auto summary = sluice::sim::RunExhaustive(mutant, workload, verbose);
    std::printf("seeds=%" PRIu64 " violations=%" PRIu64 " trace_hash=%016" PRIx64 "\n",
                summary.cases, summary.violations, summary.trace_hash);
    return summary.violations > 0 ? 1 : 0;
  }
  sluice::sim::SeedConfig config;
  config.mode = mode;
  config.mutant = mutant;
  config.workload = workload;
  if (crash_point) {
    auto state = ParseCrashState(crash_state_name);
    if (!state) {
      std::fprintf(stderr, "--crash-state must be one of the variants, e.g. data=lost,names=kept\n");
      return 2;
    }
    config.crash_point = crash_point;
    config.crash_state = *state;
    seeds = 1;
  }
  if (seeds == 0) seeds = mode == Mode::kSwarm ? 100 : 200;
  sluice::sim::TraceHash combined;
  uint64_t violations = 0;
  for (uint64_t s = seed; s < seed + seeds; ++s) {
    config.seed = s;
    const sluice::sim::SeedResult r = sluice::sim::RunSeed(config);
    combined.Add(r.trace_hash);
    for (const std::string& v : r.violations) {
      std::printf("violation: %s | replay: %s\n", v.c_str(),
                  sluice::sim::ReplayCommand(config).c_str());
    }
    violations += r.violations.size();
    if (verbose) {
      std::printf("seed=%" PRIu64 " crashes=%d io_faults=%d points=%" PRId64 " batches=%" PRId64
                  " violations=%zu trace_hash=%016" PRIx64 "\n",
                  s, r.crashes, r.io_faults, r.crash_points, r.batches_committed,
                  r.violations.size(), r.trace_hash);
    }
  }
  std::printf("seeds=%" PRIu64 " violations=%" PRIu64 " trace_hash=%016" PRIx64 "\n", seeds,
              violations, combined.value());
  return violations > 0 ? 1 : 0;
}
