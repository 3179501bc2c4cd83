// Script: everything that happens to one simulated run from outside the engine, as an explicit
// list of commands: input arriving, crashes, I/O errors, slow storage, clock jumps, source
// outages and silent corruption. A seed draws a script (GenerateScript); the World runs one.
// Because faults are commands, a failing run can be shrunk by deleting commands (sim/shrink.h)
// and saved as text under tests/regression/ to be replayed forever.
//
// Rules: a script and its seed determine the run bit for bit. The seed still drives what is not
// a command (workload parameters, crash-state choices, task order, restart delays), so deleting
// a command never changes them. Crash points and I/O operations are absolute numbers over the
// whole run; one that the run never reaches does nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "faults/crash_state.h"
#include "faults/error_injecting_file_system.h"
#include "sim/world.h"
#include "storage/status.h"

namespace sluice::sim {

enum class CommandKind : uint8_t {
  kAdd,
  kCrash,
  kIoFault,
  kSlowStorage,
  kClockJump,
  kOutage,
  kRot
};

struct Command {
  CommandKind kind = CommandKind::kAdd;
  int64_t at_ms = 0;        // timed commands: simulated time it happens
  int64_t point = 0;        // kCrash: crash point; kIoFault: storage operation number
  int64_t duration_ms = 0;  // kSlowStorage, kOutage
  int64_t amount = 0;       // kAdd: source or partition; kSlowStorage: µs per operation;
                            // kClockJump: ms (negative: back); kOutage: source 0 or 1, or
                            // 2 for the sink; kRot: entry pick
  faults::IoFault fault = faults::IoFault::kEio;  // kIoFault
  std::optional<faults::CrashState> crash_state;  // kCrash: fixed, or drawn from the seed
  std::vector<std::pair<int64_t, int64_t>> rows;  // kAdd: (id, event time ms)
};

struct Script {
  uint64_t seed = 1;
  Mode mode = Mode::kLite;
  bool stateful = false;
  std::string mutant;  // empty: the standard protocol
  std::vector<Command> commands;
};

// The script seed `config.seed` draws in `config.mode` (exhaustive: the reference pipeline with
// `config.crash_point` under `config.crash_state`, if set).
Script GenerateScript(const SeedConfig& config);

// The text form: one line per command, '#' comments. `file` names the input in errors.
std::string FormatScript(const Script& script);
Result<Script> ParseScript(std::string_view text, const std::string& file);

}  // namespace sluice::sim
