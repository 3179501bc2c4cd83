// sluice-sim: runs deterministic simulations of the reference workloads.
//
//   sluice-sim [--seed S] [--seeds N] [--mode lite|swarm|exhaustive] [--mutant NAME] [--coverage]
//   sluice-sim --list-mutants
//   sluice-sim --seed S --mode M [--mutant NAME] --shrink [--save FILE]
//   sluice-sim --replay FILE          run a saved script as written
//   sluice-sim --regression FILE      the script fails under its mutant and passes without it
//   sluice-sim --pipeline FILE [--seed S] [--seeds N] [--mode M] [--mutant NAME]
//                                     a pipeline file's query (sim/pipeline_run.h)
//   sluice-sim --workload pipeline    the reference pipeline (file -> window count -> file), which
//                                     is also the default run of the pipeline mutants
//
// Each violation prints one line that replays it. The last line is
// `seeds=N violations=V trace_hash=H`; the exit status is non-zero when V > 0 (or, with
// --require-coverage, when a common coverage mark was missed).
#include <CLI/CLI.hpp>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/coverage.h"
#include "sim/exhaustive.h"
#include "sim/pipeline_run.h"
#include "sim/script.h"
#include "sim/shrink.h"
#include "sim/trace.h"
#include "sim/world.h"

namespace {

using sluice::sim::Mode;
using sluice::sim::Script;

int ListMutants() {
  for (const auto& m : sluice::sim::AllMutants()) {
    std::printf("%-32s %s\n", std::string(m.name).c_str(), std::string(m.breaks).c_str());
  }
  return 0;
}

std::optional<Script> LoadScript(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read script %s\n", path.c_str());
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto script = sluice::sim::ParseScript(text.str(), path);
  if (!script.ok()) {
    std::fprintf(stderr, "%s\n", script.status().message().c_str());
    return std::nullopt;
  }
  return std::move(script).value();
}

void PrintViolations(const sluice::sim::SeedResult& r, const std::string& replay) {
  for (const std::string& v : r.violations) {
    std::printf("violation: %s | replay: %s\n", v.c_str(), replay.c_str());
  }
}

// A regression script must pass under the standard protocol and, if it names a mutant, still
// fail under it (so that the schedule still reaches the bug it was shrunk for).
int Regression(const std::string& path) {
  auto script = LoadScript(path);
  if (!script) return 2;
  if (script->mutant.empty()) {
    const auto r = sluice::sim::RunScript(*script);
    PrintViolations(r, "sluice-sim --replay " + path);
    std::printf("regression %s: standard protocol violations=%zu\n", path.c_str(),
                r.violations.size());
    return r.violations.empty() ? 0 : 1;
  }
  const auto with_mutant = sluice::sim::RunScript(*script);
  Script standard = *script;
  standard.mutant.clear();
  const auto without = sluice::sim::RunScript(standard);
  PrintViolations(without, "sluice-sim --replay " + path + " (without its mutant line)");
  std::printf("regression %s: mutant %s violations=%zu, standard protocol violations=%zu\n",
              path.c_str(), script->mutant.c_str(), with_mutant.violations.size(),
              without.violations.size());
  return !with_mutant.violations.empty() && without.violations.empty() ? 0 : 1;
}

int ShrinkSeed(const sluice::sim::SeedConfig& config, const std::string& save_path) {
  const Script script = sluice::sim::GenerateScript(config);
  if (!sluice::sim::ScriptFails(script)) {
    std::fprintf(stderr, "seed %" PRIu64 " does not fail; nothing to shrink\n", config.seed);
    return 2;
  }
  int runs = 0;
  const Script small = sluice::sim::Shrink(script, sluice::sim::ScriptFails, &runs);
  const auto r = sluice::sim::RunScript(small);
  std::string text = sluice::sim::FormatScript(small);
  text.insert(text.find('\n') + 1, "# shrunk from " + sluice::sim::ReplayCommand(config) + " (" +
                                       std::to_string(script.commands.size()) + " commands to " +
                                       std::to_string(small.commands.size()) + ", " +
                                       std::to_string(runs) + " runs)\n# violation: " +
                                       (r.violations.empty() ? "" : r.violations.front()) + "\n");
  std::fputs(text.c_str(), stdout);
  if (!save_path.empty()) {
    std::ofstream out(save_path);
    out << text;
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", save_path.c_str());
      return 2;
    }
    std::printf("saved %s\n", save_path.c_str());
  }
  return 0;
}

// The command line, as parsed.
struct Options {
  uint64_t seed = 1;
  uint64_t seeds = 0;
  std::string mode_name = "lite";
  std::string mutant_name;
  bool list_mutants = false;
  std::optional<int64_t> crash_point;
  std::string crash_state_name;
  bool verbose = false;
  bool coverage_flag = false;
  bool require_coverage = false;
  bool shrink = false;
  std::string save_path, replay_path, regression_path;
  std::string workload_name = "drawn";
  std::string pipeline_path;
};

void AddOptions(CLI::App& app, Options& o) {
  app.add_option("--seed", o.seed, "first seed");
  app.add_option("--seeds", o.seeds, "number of seeds (default 200 lite, 100 swarm)");
  app.add_option("--mode", o.mode_name, "lite, swarm or exhaustive")
      ->check(CLI::IsMember({"lite", "swarm", "exhaustive"}));
  app.add_option("--mutant", o.mutant_name, "run a known-wrong protocol variant");
  app.add_flag("--list-mutants", o.list_mutants, "list the mutants and what each breaks");
  app.add_option("--crash-point", o.crash_point, "exhaustive replay: the crash point");
  app.add_option("--crash-state", o.crash_state_name, "exhaustive replay: the crash state");
  app.add_flag("-v,--verbose", o.verbose, "one line per seed");
  app.add_flag("--coverage", o.coverage_flag, "print how often each transition and fault was hit");
  app.add_flag("--require-coverage", o.require_coverage,
               "with --coverage: fail when a common mark was missed");
  app.add_flag("--shrink", o.shrink, "reduce the failing --seed to a minimal script and print it");
  app.add_option("--save", o.save_path, "with --shrink: write the script to this file");
  app.add_option("--replay", o.replay_path, "run a saved script");
  app.add_option("--regression", o.regression_path,
                 "check a saved script: fails under its mutant, passes without it");
  app.add_option("--workload", o.workload_name,
                 "stateless, stateful, pipeline (the reference pipeline), or drawn per seed "
                 "(default; exhaustive runs all three)")
      ->check(CLI::IsMember({"drawn", "stateless", "stateful", "pipeline"}));
  app.add_option("--pipeline", o.pipeline_path,
                 "simulate this pipeline file's query, its input folders copied onto the "
                 "simulated disk");
}

Mode ModeNamed(const std::string& name) {
  return name == "lite" ? Mode::kLite : name == "swarm" ? Mode::kSwarm : Mode::kExhaustive;
}

sluice::sim::Workload WorkloadNamed(const std::string& name) {
  using sluice::sim::Workload;
  return name == "stateless"  ? Workload::kStateless
         : name == "stateful" ? Workload::kStateful
                              : Workload::kDrawn;
}

// Prints the coverage table, if any, and the last line; the exit status of the run.
int Finish(const Options& o, sluice::sim::Coverage* cov, uint64_t n, uint64_t violations,
           uint64_t hash) {
  int missed = 0;
  if (cov) {
    missed = cov->Print(stdout);
    std::printf("coverage: %d common marks missed\n", missed);
  }
  std::printf("seeds=%" PRIu64 " violations=%" PRIu64 " trace_hash=%016" PRIx64 "\n", n, violations,
              hash);
  return violations > 0 || (o.require_coverage && missed > 0) ? 1 : 0;
}

int Replay(const Options& o, sluice::sim::Coverage* cov) {
  auto script = LoadScript(o.replay_path);
  if (!script) return 2;
  const auto r = sluice::sim::RunScript(*script, cov);
  PrintViolations(r, "sluice-sim --replay " + o.replay_path);
  return Finish(o, cov, 1, r.violations.size(), r.trace_hash);
}

// `seeds` seeds from `config.seed` on, one line per violation (and per seed with -v).
int RunSeeds(const Options& o, sluice::sim::SeedConfig config, uint64_t seeds,
             sluice::sim::Coverage* cov) {
  sluice::sim::TraceHash combined;
  uint64_t violations = 0;
  const uint64_t first = config.seed;
  for (uint64_t s = first; s < first + seeds; ++s) {
    config.seed = s;
    const sluice::sim::SeedResult r = sluice::sim::RunSeed(config, cov);
    combined.Add(r.trace_hash);
    PrintViolations(r, sluice::sim::ReplayCommand(config));
    violations += r.violations.size();
    if (o.verbose) {
      std::printf("seed=%" PRIu64 " crashes=%d io_faults=%d points=%" PRId64 " batches=%" PRId64
                  " violations=%zu%s trace_hash=%016" PRIx64 "\n",
                  s, r.crashes, r.io_faults, r.crash_points, r.batches_committed,
                  r.violations.size(), r.canary_fired ? " canary=fired" : "", r.trace_hash);
    }
  }
  return Finish(o, cov, seeds, violations, combined.value());
}

// A pipeline file's query (or the reference pipeline): a range of seeds, one seed's replay, or
// the exhaustive enumeration.
int RunPipeline(const Options& o, sluice::sim::PipelineSeedConfig config) {
  auto spec = o.pipeline_path.empty()
                  ? sluice::Result<sluice::sim::PipelineSpec>(sluice::sim::ReferencePipelineSpec())
                  : sluice::sim::LoadPipelineSpec(o.pipeline_path);
  if (!spec.ok()) {
    std::fprintf(stderr, "%s\n", spec.status().message().c_str());
    return 2;
  }
  auto baseline = sluice::sim::RunPipelineBaseline(spec.value());
  if (!baseline.ok()) {
    std::fprintf(stderr, "%s\n", baseline.status().message().c_str());
    return 2;
  }
  if (config.mode == Mode::kExhaustive && !config.crash_point) {
    const auto summary = sluice::sim::RunPipelineExhaustive(
        spec.value(), baseline.value(), o.pipeline_path, config.mutant, o.verbose);
    return Finish(o, nullptr, summary.cases, summary.violations, summary.trace_hash);
  }
  uint64_t seeds = config.crash_point ? 1 : o.seeds;
  if (seeds == 0) seeds = config.mode == Mode::kSwarm ? 100 : 200;
  sluice::sim::TraceHash combined;
  uint64_t violations = 0;
  const uint64_t first = config.seed;
  for (uint64_t s = first; s < first + seeds; ++s) {
    config.seed = s;
    const auto r = sluice::sim::RunPipelineSeed(spec.value(), baseline.value(), config);
    combined.Add(r.trace_hash);
    PrintViolations(r, sluice::sim::PipelineReplayCommand(o.pipeline_path, config));
    violations += r.violations.size();
    if (o.verbose) {
      std::printf("seed=%" PRIu64 " crashes=%d io_faults=%d points=%" PRId64 " batches=%" PRId64
                  " violations=%zu trace_hash=%016" PRIx64 "\n",
                  s, r.crashes, r.io_faults, r.crash_points, r.batches_committed,
                  r.violations.size(), r.trace_hash);
    }
  }
  return Finish(o, nullptr, seeds, violations, combined.value());
}

// Everything but --list-mutants and --regression: a replay, a shrink, the exhaustive
// enumeration or a range of seeds.
int Run(const Options& o) {
  const sluice::sim::Mutant* mutant = nullptr;
  if (!o.mutant_name.empty()) {
    mutant = sluice::sim::FindMutant(o.mutant_name);
    if (!mutant) {
      std::fprintf(stderr, "unknown mutant '%s' (see --list-mutants)\n", o.mutant_name.c_str());
      return 2;
    }
  }
  const bool pipeline =
      !o.pipeline_path.empty() || o.workload_name == "pipeline" || (mutant && mutant->pipeline);
  if (pipeline && (o.coverage_flag || o.shrink || !o.replay_path.empty())) {
    std::fprintf(stderr,
                 "--coverage, --shrink and --replay work on the reference workloads' scripts, not "
                 "on pipelines\n");
    return 2;
  }
  std::optional<sluice::sim::Coverage> coverage;
  if (o.coverage_flag) coverage.emplace();
  sluice::sim::Coverage* cov = coverage ? &*coverage : nullptr;
  if (!o.replay_path.empty()) return Replay(o, cov);

  sluice::sim::SeedConfig config;
  config.mode = ModeNamed(o.mode_name);
  config.mutant = mutant;
  config.workload = WorkloadNamed(o.workload_name);
  config.seed = o.seed;
  uint64_t seeds = o.seeds;
  if (o.crash_point) {
    auto state = sluice::faults::ParseCrashState(o.crash_state_name);
    if (!state) {
      std::fprintf(stderr,
                   "--crash-state must be one of the variants, e.g. data=lost,names=kept\n");
      return 2;
    }
    config.crash_point = o.crash_point;
    config.crash_state = *state;
    seeds = 1;
  }
  if (pipeline) {
    sluice::sim::PipelineSeedConfig p;
    p.seed = config.seed;
    p.mode = config.mode;
    p.mutant = mutant;
    p.crash_point = config.crash_point;
    p.crash_state = config.crash_state;
    return RunPipeline(o, p);
  }
  if (o.shrink) return ShrinkSeed(config, o.save_path);
  if (config.mode == Mode::kExhaustive && !o.crash_point) {
    auto summary = sluice::sim::RunExhaustive(mutant, config.workload, o.verbose, cov);
    if (config.workload == sluice::sim::Workload::kDrawn) {
      // The reference pipelines include file -> window count -> file.
      const sluice::sim::PipelineSpec spec = sluice::sim::ReferencePipelineSpec();
      auto baseline = sluice::sim::RunPipelineBaseline(spec);
      SLUICE_CHECK(baseline.ok(), "the reference pipeline runs without faults");
      const auto files =
          sluice::sim::RunPipelineExhaustive(spec, baseline.value(), "", mutant, o.verbose);
      sluice::sim::TraceHash combined;
      combined.Add(summary.trace_hash);
      combined.Add(files.trace_hash);
      summary.cases += files.cases;
      summary.violations += files.violations;
      summary.trace_hash = combined.value();
    }
    return Finish(o, cov, summary.cases, summary.violations, summary.trace_hash);
  }
  if (seeds == 0) seeds = config.mode == Mode::kSwarm ? 100 : 200;
  return RunSeeds(o, config, seeds, cov);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Sluice deterministic simulator"};
  Options o;
  AddOptions(app, o);
  CLI11_PARSE(app, argc, argv);
  if (o.list_mutants) return ListMutants();
  if (!o.regression_path.empty()) return Regression(o.regression_path);
  return Run(o);
}
