// The micro-batch machine: one trigger of a query.
//
// plan offsets -> decide -> write offsets/N -> acknowledge batch N-1 to the sources -> read input
// -> execute -> sink.add_batch(N) -> commit state version N+1 -> write commits/N -> purge the
// logs -> state maintenance -> advance the watermark -> report progress. Purging and maintenance
// delete what the newest `min_batches_to_retain` batches no longer need, so they come after
// commits/N: before it, a crash would leave a re-run without the entries or state it reads. A
// re-run of an uncommitted batch enters at kAcknowledgingSources (its offsets are already logged).
// Any action may fail: kError leads to kFailed.
//
// kAcknowledgingPlanned (tell the sources that the batch being planned is done) is in no
// standard transition; the simulator's known-wrong tables (sim/protocol_variants.h) use it.
#pragma once

#include <array>

#include "spec/machine.h"

namespace sluice::spec::micro_batch {

enum class State : uint8_t {
  kIdle,
  kPlanning,
  kDeciding,
  kWritingOffsets,
  kAcknowledgingSources,
  kReadingInput,
  kExecuting,
  kWritingSink,
  kCommittingState,
  kWritingCommit,
  kAdvancingWatermark,
  kReporting,
  kDone,
  kNoBatch,
  kFailed,
  kAcknowledgingPlanned,
  kPurgingLogs,
  kMaintainingState,
};
inline constexpr int kStateCount = 18;

enum class Event : uint8_t { kNewTrigger, kReplay, kOk, kNoWork, kError };

std::string_view StateName(State state);
std::string_view EventName(Event event);

using T = Transition<State, Event>;
using E = DurableEffect;
using S = State;

// Every working state may fail.
#define SLUICE_FAILS(s) \
  T { s, Event::kError, S::kFailed, E::kNone }

inline constexpr std::array<T, 28> kTransitions{{
    {S::kIdle, Event::kNewTrigger, S::kPlanning, E::kNone},
    {S::kIdle, Event::kReplay, S::kAcknowledgingSources, E::kOffsetsEntryDurable},
    {S::kPlanning, Event::kOk, S::kDeciding, E::kSourceRecordsDurable},
    {S::kDeciding, Event::kOk, S::kWritingOffsets, E::kNone},
    {S::kDeciding, Event::kNoWork, S::kNoBatch, E::kNone},
    {S::kWritingOffsets, Event::kOk, S::kAcknowledgingSources, E::kOffsetsEntryDurable},
    {S::kAcknowledgingSources, Event::kOk, S::kReadingInput, E::kSourcesAcknowledged},
    {S::kReadingInput, Event::kOk, S::kExecuting, E::kNone},
    {S::kExecuting, Event::kOk, S::kWritingSink, E::kNone},
    {S::kWritingSink, Event::kOk, S::kCommittingState, E::kSinkHoldsBatch},
    {S::kCommittingState, Event::kOk, S::kWritingCommit, E::kStateCommitted},
    {S::kWritingCommit, Event::kOk, S::kPurgingLogs, E::kCommitEntryDurable},
    {S::kPurgingLogs, Event::kOk, S::kMaintainingState, E::kLogsPurged},
    {S::kMaintainingState, Event::kOk, S::kAdvancingWatermark, E::kStateMaintained},
    {S::kAdvancingWatermark, Event::kOk, S::kReporting, E::kNone},
    {S::kReporting, Event::kOk, S::kDone, E::kNone},
    SLUICE_FAILS(S::kPlanning),
    SLUICE_FAILS(S::kDeciding),
    SLUICE_FAILS(S::kWritingOffsets),
    SLUICE_FAILS(S::kAcknowledgingSources),
    SLUICE_FAILS(S::kReadingInput),
    SLUICE_FAILS(S::kExecuting),
    SLUICE_FAILS(S::kWritingSink),
    SLUICE_FAILS(S::kCommittingState),
    SLUICE_FAILS(S::kWritingCommit),
    SLUICE_FAILS(S::kPurgingLogs),
    SLUICE_FAILS(S::kAdvancingWatermark),
    SLUICE_FAILS(S::kReporting),
}};
#undef SLUICE_FAILS
inline constexpr MachineTable<State, Event> kTable{MachineId::kMicroBatch, "standard",
                                                   kTransitions};

}  // namespace sluice::spec::micro_batch
