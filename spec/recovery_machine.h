// The recovery machine: the decision a query makes when it starts over a checkpoint.
//
// With L the latest offsets entry and C the latest commit entry:
//   no offsets          -> kFreshStart: batch 0 from the sources' initial offsets;
//   C = L               -> kResumeNext: run L+1;
//   C = L-1 (or none)   -> kReplayUncommitted: re-run L with exactly the logged offsets, batch
//                          timestamp and watermark, reading state version L;
//   anything else       -> kRefused, with an error that names the files.
// kReplanUncommitted is in no standard transition; a known-wrong table (sim/protocol_variants.h)
// uses it.
#pragma once

#include <array>

#include "spec/machine.h"

namespace sluice::spec::recovery {

enum class State : uint8_t {
  kStart,
  kReadingMetadata,
  kReadingLogs,
  kDeciding,
  kFreshStart,
  kResumeNext,
  kReplayUncommitted,
  kRefused,
  kReplanUncommitted,
};
inline constexpr int kStateCount = 9;
enum class Event : uint8_t {
  kBegin,
  kOk,
  kNoOffsets,
  kCommitEqualsLatest,
  kCommitOneBehind,
  kInconsistent,
  kError
};

std::string_view StateName(State state);
std::string_view EventName(Event event);

using T = Transition<State, Event>;
using E = DurableEffect;
using S = State;
inline constexpr std::array<T, 10> kTransitions{{
    {S::kStart, Event::kBegin, S::kReadingMetadata, E::kNone},
    {S::kReadingMetadata, Event::kOk, S::kReadingLogs, E::kMetadataDurable},
    {S::kReadingMetadata, Event::kError, S::kRefused, E::kNone},
    {S::kReadingLogs, Event::kOk, S::kDeciding, E::kNone},
    {S::kReadingLogs, Event::kError, S::kRefused, E::kNone},
    {S::kDeciding, Event::kNoOffsets, S::kFreshStart, E::kNone},
    {S::kDeciding, Event::kCommitEqualsLatest, S::kResumeNext, E::kNone},
    {S::kDeciding, Event::kCommitOneBehind, S::kReplayUncommitted, E::kNone},
    {S::kDeciding, Event::kInconsistent, S::kRefused, E::kNone},
    {S::kDeciding, Event::kError, S::kRefused, E::kNone},
}};
inline constexpr MachineTable<State, Event> kTable{MachineId::kRecovery, "standard", kTransitions};

}  // namespace sluice::spec::recovery
