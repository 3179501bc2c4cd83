// Known-wrong protocol variants, as tables. Each differs from the standard table in one place,
// and each breaks exactly-once in a way that the simulator's oracle must detect. They exist so
// that we know the simulator can catch what it claims to catch; they live in sim/ so that no
// release library holds them.
#pragma once

#include <array>
#include <utility>

#include "spec/protocol.h"

namespace sluice::sim::variants {

using spec::DurableEffect;
using spec::MachineId;
using spec::MachineTable;
namespace mb = spec::micro_batch;

// `table` with the transition on `event` out of each `from` of `moves` led to its paired state
// instead: how every variant below reorders the steps of a standard table.
template <typename State, typename Event, size_t N, size_t M>
constexpr std::array<spec::Transition<State, Event>, N> Redirected(
    std::array<spec::Transition<State, Event>, N> table, Event event,
    const std::array<std::pair<State, State>, M>& moves) {
  for (auto& x : table) {
    if (x.event != event) continue;
    for (const auto& [from, to] : moves) {
      if (x.from == from) x.to = to;
    }
  }
  return table;
}

// Writes commits/N (and cleans up after it) before the sink has the batch: a crash in between
// loses the batch.
inline constexpr auto kCommitBeforeSinkTransitions = Redirected(
    mb::kTransitions, mb::Event::kOk,
    std::to_array<std::pair<mb::S, mb::S>>({{mb::S::kExecuting, mb::S::kCommittingState},
                                            {mb::S::kCommittingState, mb::S::kWritingCommit},
                                            {mb::S::kMaintainingState, mb::S::kWritingSink},
                                            {mb::S::kWritingSink, mb::S::kAdvancingWatermark}}));
inline constexpr MachineTable<mb::State, mb::Event> kCommitBeforeSink{
    MachineId::kMicroBatch, "commit-before-sink", kCommitBeforeSinkTransitions};

// The standard table with kAcknowledgingPlanned (acknowledge the batch's end offsets to the
// sources) inserted after `after` succeeds and before `next`.
inline constexpr size_t kWithAckCount = mb::kTransitions.size() + 2;
constexpr std::array<mb::T, kWithAckCount> WithAcknowledgingPlanned(mb::S after, mb::S next) {
  std::array<mb::T, kWithAckCount> t{};
  const size_t n = mb::kTransitions.size();
  for (size_t i = 0; i < n; ++i) t[i] = mb::kTransitions[i];
  t = Redirected(t, mb::Event::kOk,
                 std::to_array<std::pair<mb::S, mb::S>>({{after, mb::S::kAcknowledgingPlanned}}));
  t[n] = {mb::S::kAcknowledgingPlanned, mb::Event::kOk, next, DurableEffect::kSourcesAcknowledged};
  t[n + 1] = {mb::S::kAcknowledgingPlanned, mb::Event::kError, mb::S::kFailed,
              DurableEffect::kNone};
  return t;
}

// Tells the sources that the batch being planned is done before offsets/N is durable: a crash in
// between lets the sources discard input that no durable entry accounts for.
inline constexpr auto kAckBeforeOffsetsDurableTransitions = Redirected(
    WithAcknowledgingPlanned(mb::S::kDeciding, mb::S::kWritingOffsets), mb::Event::kOk,
    std::to_array<std::pair<mb::S, mb::S>>({{mb::S::kWritingOffsets, mb::S::kReadingInput}}));
inline constexpr MachineTable<mb::State, mb::Event> kAckBeforeOffsetsDurable{
    MachineId::kMicroBatch, "ack-before-offsets-durable", kAckBeforeOffsetsDurableTransitions};

// Writes commits/N before committing the state version N+1: a crash in between leaves a
// committed batch whose state the next batch cannot load.
inline constexpr auto kStateAfterCommitTransitions = Redirected(
    mb::kTransitions, mb::Event::kOk,
    std::to_array<std::pair<mb::S, mb::S>>({{mb::S::kWritingSink, mb::S::kWritingCommit},
                                            {mb::S::kWritingCommit, mb::S::kCommittingState},
                                            {mb::S::kCommittingState, mb::S::kPurgingLogs}}));
inline constexpr MachineTable<mb::State, mb::Event> kStateAfterCommit{
    MachineId::kMicroBatch, "state-after-commit", kStateAfterCommitTransitions};

// Tells the sources that batch N is done as soon as the sink holds it, before commits/N is
// durable: a crash in between re-runs batch N over input the sources have discarded.
inline constexpr auto kAckBeforeCommitSyncedTransitions =
    WithAcknowledgingPlanned(mb::S::kWritingSink, mb::S::kCommittingState);
inline constexpr MachineTable<mb::State, mb::Event> kAckBeforeCommitSynced{
    MachineId::kMicroBatch, "ack-before-commit-synced", kAckBeforeCommitSyncedTransitions};

// Runs state maintenance before commits/N: a crash before the commit leaves the re-run of batch N
// without the state version it must load (with min_batches_to_retain 1, maintenance keeps only
// version N+1).
inline constexpr auto kMaintenanceBeforeCommitTransitions = Redirected(
    mb::kTransitions, mb::Event::kOk,
    std::to_array<std::pair<mb::S, mb::S>>({{mb::S::kCommittingState, mb::S::kMaintainingState},
                                            {mb::S::kMaintainingState, mb::S::kWritingCommit},
                                            {mb::S::kPurgingLogs, mb::S::kAdvancingWatermark}}));
inline constexpr MachineTable<mb::State, mb::Event> kMaintenanceBeforeCommit{
    MachineId::kMicroBatch, "maintenance-before-commit", kMaintenanceBeforeCommitTransitions};

// Purges the logs as if batch N were committed before commits/N is written: a crash leaves
// offsets/N without the entries recovery needs to re-run it.
inline constexpr auto kPurgeBeforeCommitTransitions = Redirected(
    mb::kTransitions, mb::Event::kOk,
    std::to_array<std::pair<mb::S, mb::S>>({{mb::S::kCommittingState, mb::S::kPurgingLogs},
                                            {mb::S::kPurgingLogs, mb::S::kWritingCommit},
                                            {mb::S::kWritingCommit, mb::S::kMaintainingState}}));
inline constexpr MachineTable<mb::State, mb::Event> kPurgeBeforeCommit{
    MachineId::kMicroBatch, "purge-before-commit-durable", kPurgeBeforeCommitTransitions};

namespace ap = spec::atomic_publish;

// Renames the temporary file without syncing it first: a crash can leave a published entry whose
// contents never reached the disk.
inline constexpr auto kNoSyncBeforeRenameTransitions =
    Redirected(ap::kTransitions, ap::Event::kOk,
               std::to_array<std::pair<ap::S, ap::S>>({{ap::S::kWritingTemp, ap::S::kRenaming}}));
inline constexpr MachineTable<ap::State, ap::Event> kNoSyncBeforeRename{
    MachineId::kAtomicPublish, "no-sync-before-rename", kNoSyncBeforeRenameTransitions};

// Publishes an entry without syncing its directory: the rename is visible, not durable, and a
// crash can erase an entry that the query already acted on.
inline constexpr auto kNoDirSyncTransitions =
    Redirected(ap::kTransitions, ap::Event::kOk,
               std::to_array<std::pair<ap::S, ap::S>>({{ap::S::kRenaming, ap::S::kPublished}}));
inline constexpr MachineTable<ap::State, ap::Event> kNoDirSync{
    MachineId::kAtomicPublish, "no-dir-sync-after-publish", kNoDirSyncTransitions};

namespace rc = spec::recovery;

// Re-plans the end offsets of an uncommitted batch instead of reusing the logged ones: the batch
// that runs is not the batch that offsets/N describes.
inline constexpr auto kReplanUncommittedTransitions = Redirected(
    rc::kTransitions, rc::Event::kCommitOneBehind,
    std::to_array<std::pair<rc::S, rc::S>>({{rc::S::kDeciding, rc::S::kReplanUncommitted}}));
inline constexpr MachineTable<rc::State, rc::Event> kReplanUncommitted{
    MachineId::kRecovery, "replan-uncommitted", kReplanUncommittedTransitions};

}  // namespace sluice::sim::variants
