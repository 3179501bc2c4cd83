// Known-wrong protocol variants, as tables. Each differs from the standard table in one place,
// and each breaks exactly-once in a way that the simulator's oracle must detect. They exist so
// that we know the simulator can catch what it claims to catch; they live in sim/ so that no
// release library holds them.
#pragma once

#include <array>

#include "spec/protocol.h"

namespace sluice::sim::variants {

using spec::DurableEffect;
using spec::MachineId;
using spec::MachineTable;
namespace mb = spec::micro_batch;

// Writes commits/N (and cleans up after it) before the sink has the batch: a crash in between
// loses the batch.
inline constexpr auto kCommitBeforeSinkTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kExecuting) x.to = mb::S::kCommittingState;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kMaintainingState) x.to = mb::S::kWritingSink;
    if (x.from == mb::S::kWritingSink) x.to = mb::S::kAdvancingWatermark;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kCommitBeforeSink{
    MachineId::kMicroBatch, "commit-before-sink", kCommitBeforeSinkTransitions};

// The standard table with kAcknowledgingPlanned (acknowledge the batch's end offsets to the
// sources) inserted after `after` succeeds and before `next`.
inline constexpr size_t kWithAckCount = mb::kTransitions.size() + 2;
constexpr std::array<mb::T, kWithAckCount> WithAcknowledgingPlanned(mb::S after, mb::S next) {
  std::array<mb::T, kWithAckCount> t{};
  const size_t n = mb::kTransitions.size();
  for (size_t i = 0; i < n; ++i) t[i] = mb::kTransitions[i];
  for (auto& x : t) {
    if (x.from == after && x.event == mb::Event::kOk) x.to = mb::S::kAcknowledgingPlanned;
  }
  t[n] = {mb::S::kAcknowledgingPlanned, mb::Event::kOk, next, DurableEffect::kSourcesAcknowledged};
  t[n + 1] = {mb::S::kAcknowledgingPlanned, mb::Event::kError, mb::S::kFailed,
              DurableEffect::kNone};
  return t;
}

// Tells the sources that the batch being planned is done before offsets/N is durable: a crash in
// between lets the sources discard input that no durable entry accounts for.
inline constexpr auto kAckBeforeOffsetsDurableTransitions = [] {
  auto t = WithAcknowledgingPlanned(mb::S::kDeciding, mb::S::kWritingOffsets);
  for (auto& x : t) {
    if (x.from == mb::S::kWritingOffsets && x.event == mb::Event::kOk) x.to = mb::S::kReadingInput;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kAckBeforeOffsetsDurable{
    MachineId::kMicroBatch, "ack-before-offsets-durable", kAckBeforeOffsetsDurableTransitions};

// Writes commits/N before committing the state version N+1: a crash in between leaves a
// committed batch whose state the next batch cannot load.
inline constexpr auto kStateAfterCommitTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kWritingSink) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kWritingCommit) x.to = mb::S::kCommittingState;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kPurgingLogs;
  }
  return t;
}();
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
inline constexpr auto kMaintenanceBeforeCommitTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kMaintainingState;
    if (x.from == mb::S::kMaintainingState) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kPurgingLogs) x.to = mb::S::kAdvancingWatermark;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kMaintenanceBeforeCommit{
    MachineId::kMicroBatch, "maintenance-before-commit", kMaintenanceBeforeCommitTransitions};

// Purges the logs as if batch N were committed before commits/N is written: a crash leaves
// offsets/N without the entries recovery needs to re-run it.
inline constexpr auto kPurgeBeforeCommitTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kPurgingLogs;
    if (x.from == mb::S::kPurgingLogs) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kWritingCommit) x.to = mb::S::kMaintainingState;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kPurgeBeforeCommit{
    MachineId::kMicroBatch, "purge-before-commit-durable", kPurgeBeforeCommitTransitions};

namespace ap = spec::atomic_publish;

// Renames the temporary file without syncing it first: a crash can leave a published entry whose
// contents never reached the disk.
inline constexpr std::array<ap::T, 10> kNoSyncBeforeRenameTransitions = [] {
  auto t = ap::kTransitions;
  for (auto& x : t) {
    if (x.from == ap::S::kWritingTemp && x.event == ap::Event::kOk) x.to = ap::S::kRenaming;
  }
  return t;
}();
inline constexpr MachineTable<ap::State, ap::Event> kNoSyncBeforeRename{
    MachineId::kAtomicPublish, "no-sync-before-rename", kNoSyncBeforeRenameTransitions};

// Publishes an entry without syncing its directory: the rename is visible, not durable, and a
// crash can erase an entry that the query already acted on.
inline constexpr std::array<ap::T, 10> kNoDirSyncTransitions = [] {
  auto t = ap::kTransitions;
  for (auto& x : t) {
    if (x.from == ap::S::kRenaming && x.event == ap::Event::kOk) x.to = ap::S::kPublished;
  }
  return t;
}();
inline constexpr MachineTable<ap::State, ap::Event> kNoDirSync{
    MachineId::kAtomicPublish, "no-dir-sync-after-publish", kNoDirSyncTransitions};

namespace rc = spec::recovery;

// Re-plans the end offsets of an uncommitted batch instead of reusing the logged ones: the batch
// that runs is not the batch that offsets/N describes.
inline constexpr std::array<rc::T, 10> kReplanUncommittedTransitions = [] {
  auto t = rc::kTransitions;
  for (auto& x : t) {
    if (x.event == rc::Event::kCommitOneBehind) x.to = rc::S::kReplanUncommitted;
  }
  return t;
}();
inline constexpr MachineTable<rc::State, rc::Event> kReplanUncommitted{
    MachineId::kRecovery, "replan-uncommitted", kReplanUncommittedTransitions};

}  // namespace sluice::sim::variants
