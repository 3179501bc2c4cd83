// Known-wrong protocol variants, as tables. Each differs from the standard table in one place,
// and each breaks exactly-once in a way that the simulator's oracle must detect. They exist so
// that we know the simulator can catch what it claims to catch; nothing in production uses them.
#pragma once

#include <array>

#include "spec/protocol.h"

namespace sluice::spec::variants {

namespace mb = micro_batch;

// Writes commits/N before the sink has the batch: a crash in between loses the batch.
inline constexpr std::array<mb::T, 25> kCommitBeforeSinkTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kExecuting) x.to = mb::S::kCommittingState;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kWritingCommit) x.to = mb::S::kWritingSink;
    if (x.from == mb::S::kWritingSink) x.to = mb::S::kAdvancingWatermark;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kCommitBeforeSink{
    MachineId::kMicroBatch, "commit-before-sink", kCommitBeforeSinkTransitions};

// The standard table with kAcknowledgingPlanned (acknowledge the batch's end offsets to the
// sources) inserted after `after` succeeds and before `next`.
constexpr std::array<mb::T, 27> WithAcknowledgingPlanned(mb::S after, mb::S next) {
  std::array<mb::T, 27> t{};
  for (size_t i = 0; i < mb::kTransitions.size(); ++i) t[i] = mb::kTransitions[i];
  for (auto& x : t) {
    if (x.from == after && x.event == mb::Event::kOk) x.to = mb::S::kAcknowledgingPlanned;
  }
  t[25] = {mb::S::kAcknowledgingPlanned, mb::Event::kOk, next, DurableEffect::kSourcesAcknowledged};
  t[26] = {mb::S::kAcknowledgingPlanned, mb::Event::kError, mb::S::kFailed, DurableEffect::kNone};
  return t;
}

// Tells the sources that the batch being planned is done before offsets/N is durable: a crash in
// between lets the sources discard input that no durable entry accounts for.
inline constexpr std::array<mb::T, 27> kAckBeforeOffsetsDurableTransitions = [] {
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
inline constexpr std::array<mb::T, 25> kStateAfterCommitTransitions = [] {
  auto t = mb::kTransitions;
  for (auto& x : t) {
    if (x.event != mb::Event::kOk) continue;
    if (x.from == mb::S::kWritingSink) x.to = mb::S::kWritingCommit;
    if (x.from == mb::S::kWritingCommit) x.to = mb::S::kCommittingState;
    if (x.from == mb::S::kCommittingState) x.to = mb::S::kAdvancingWatermark;
  }
  return t;
}();
inline constexpr MachineTable<mb::State, mb::Event> kStateAfterCommit{
    MachineId::kMicroBatch, "state-after-commit", kStateAfterCommitTransitions};

// Tells the sources that batch N is done as soon as the sink holds it, before commits/N is
// durable: a crash in between re-runs batch N over input the sources have discarded.
inline constexpr std::array<mb::T, 27> kAckBeforeCommitSyncedTransitions =
    WithAcknowledgingPlanned(mb::S::kWritingSink, mb::S::kCommittingState);
inline constexpr MachineTable<mb::State, mb::Event> kAckBeforeCommitSynced{
    MachineId::kMicroBatch, "ack-before-commit-synced", kAckBeforeCommitSyncedTransitions};

namespace ap = atomic_publish;

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

namespace rc = recovery;

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

}  // namespace sluice::spec::variants
