// World: one simulated run, the composition root of the simulator. It builds a simulated disk,
// clock and scheduler, wraps them in the fault layer, runs a workload (the stateless one: two
// memory sources, a union, a computed column and a filter; or the stateful one: a watermark, a
// deduplication and a windowed aggregation) into a recording sink under a script of input and
// faults (sim/script.h), then heals and asks the oracles. Both workloads' rows carry a payload
// of every type (sim/payload.h), which the stateless query keeps and the stateful one aggregates
// with max.
//
// A run has two phases. The safety phase (3 simulated seconds) runs the script's faults. The
// liveness phase stops every fault, adds input three more times, and must commit at least three
// more batches and catch up within 10 simulated seconds.
//
// Modes: lite draws crashes, and silent corruption or lost-pages fsyncs before a crash; swarm also
// draws EIO, ENOSPC, failed fsyncs (with and without Linux's lost-pages semantics), slow storage,
// clock jumps, source outages, silent corruption of a log entry, read limits, triggers and
// retention; exhaustive runs the fixed reference pipeline with one crash at a given point under a
// given crash state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "faults/crash_state.h"
#include "sim/mutants.h"

namespace sluice::sim {

enum class Mode : uint8_t { kLite, kSwarm, kExhaustive };
std::string_view ModeName(Mode mode);

// The query a seed runs: the stateless reference pipeline, or the stateful one (a watermark, a
// deduplication and a windowed count, sum of ids and max of payloads in append mode). kDrawn:
// chosen by the seed.
enum class Workload : uint8_t { kDrawn, kStateless, kStateful };

struct SeedConfig {
  uint64_t seed = 1;
  Mode mode = Mode::kLite;
  Workload workload = Workload::kDrawn;
  const Mutant* mutant = nullptr;  // nullptr: the standard protocol
  // Exhaustive mode: crash once at this point, leaving this crash state.
  std::optional<int64_t> crash_point;
  faults::CrashState crash_state;
};

struct SeedResult {
  std::vector<std::string> violations;
  uint64_t trace_hash = 0;
  int64_t crash_points = 0;  // points passed in the whole run
  int crashes = 0;
  int io_faults = 0;
  int64_t batches_committed = 0;
  bool canary_fired = false;  // the canary mutant altered a stored batch in this run
  // Recovery refused a corrupt entry and the oracle checked safety only: a lost row is no
  // violation then.
  bool safety_only = false;
  int64_t simulated_us = 0;  // simulated time the run covered
};

struct Script;
class Coverage;

// `coverage`, if given, counts the run's marks.
SeedResult RunSeed(const SeedConfig& config, Coverage* coverage = nullptr);
SeedResult RunScript(const Script& script, Coverage* coverage = nullptr);

// The command line that replays `config` exactly.
std::string ReplayCommand(const SeedConfig& config);

}  // namespace sluice::sim
