// Pipeline runs: a pipeline file's query (sim/pipeline_spec.h) under the simulator. Its input
// files are copied onto the simulated disk (`data/in<k>/`), its rate inputs generated on the
// simulated clock, and its file sink writes to `data/out/` of the same disk, through the same
// crash, slowness and I/O-error layers as the checkpoint.
//
// A run draws its faults from the seed: lite draws 1 to 3 crashes at crash points of a
// fault-free run; swarm also draws I/O errors (EIO, ENOSPC, failed fsyncs with and without lost
// pages), slow storage and clock jumps; exhaustive crashes once at a given point under a given
// crash state. After the safety phase (3 simulated seconds, or until the query finishes) the
// faults stop, and the query must finish (once, available now) or catch up within 10 seconds.
//
// The oracle reads the committed output through the sink's manifest, as Spark reads it: every
// file listed must hold the bytes the manifest says, and the rows must equal a fault-free run's
// (PipelineBaseline), each as often as there, none missing and none twice. With a rate input the
// output depends on timing, so it is checked for rows committed twice only. A console sink is at
// least once, as Spark's: every committed batch must have been printed, and a batch printed
// again after a crash must show the same rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "faults/crash_state.h"
#include "sim/exhaustive.h"
#include "sim/mutants.h"
#include "sim/pipeline_spec.h"
#include "sim/world.h"

namespace sluice::sim {

struct PipelineSeedConfig {
  uint64_t seed = 1;
  Mode mode = Mode::kLite;
  const Mutant* mutant = nullptr;  // nullptr: the standard protocol and connectors
  // Exhaustive mode: crash once at this point, leaving this crash state.
  std::optional<int64_t> crash_point;
  faults::CrashState crash_state;
};

// What a fault-free run of a pipeline committed: the output rows (each as its line, prefixed by
// its partition folder), sorted, and the crash points it passed.
struct PipelineBaseline {
  std::vector<std::string> rows;
  int64_t crash_points = 0;
  uint64_t trace_hash = 0;
};

// The fault-free run; an error when the pipeline fails or does not finish without faults.
Result<PipelineBaseline> RunPipelineBaseline(const PipelineSpec& spec);

SeedResult RunPipelineSeed(const PipelineSpec& spec, const PipelineBaseline& baseline,
                           const PipelineSeedConfig& config);

// The sluice-sim command line that replays `config`; `pipeline_file` empty: the reference
// pipeline.
std::string PipelineReplayCommand(const std::string& pipeline_file,
                                  const PipelineSeedConfig& config);

// Every crash point of the fault-free run under every crash state, one replay line per violation
// (and one per case when `verbose`), then `exhaustive pipeline: crash_points=P variants=V
// cases=C`.
ExhaustiveSummary RunPipelineExhaustive(const PipelineSpec& spec, const PipelineBaseline& baseline,
                                        const std::string& pipeline_file, const Mutant* mutant,
                                        bool verbose);

}  // namespace sluice::sim
