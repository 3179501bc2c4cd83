// World: one simulated run, the composition root of the simulator. It builds a simulated disk,
// clock and scheduler, wraps them in the fault layer, runs a workload (the stateless one: two
// memory sources, a union, a computed column and a filter; or the stateful one: a watermark, a
// deduplication and a windowed aggregation) into a recording sink with crashes and I/O errors
// drawn from the seed, then heals, checks liveness, and asks the oracles.
//
// Modes: lite draws crashes only; swarm also draws EIO, ENOSPC and failed syncs, read limits,
// triggers and retention; exhaustive runs the fixed reference pipeline with one crash at a
// given point under a given crash state.
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
// deduplication and a windowed count and sum in append mode). kDrawn: chosen by the seed.
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
};

SeedResult RunSeed(const SeedConfig& config);

// The command line that replays `config` exactly.
std::string ReplayCommand(const SeedConfig& config);

}  // namespace sluice::sim
