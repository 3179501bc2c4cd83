// The atomic-publish machine: how one log entry becomes durable.
//
// write a temporary file -> sync it -> rename it to its final name (never replacing an existing
// entry) -> sync the directory. A final name that already exists means another writer: kExists
// leads to kFailed and the query fails with that message.
#pragma once

#include <array>

#include "spec/machine.h"

namespace sluice::spec::atomic_publish {

enum class State : uint8_t {
  kStart,
  kWritingTemp,
  kSyncingTemp,
  kRenaming,
  kSyncingDir,
  kPublished,
  kFailed
};
inline constexpr int kStateCount = 7;
enum class Event : uint8_t { kBegin, kOk, kExists, kError };

std::string_view StateName(State state);
std::string_view EventName(Event event);

using T = Transition<State, Event>;
using E = DurableEffect;
using S = State;
inline constexpr std::array<T, 10> kTransitions{{
    {S::kStart, Event::kBegin, S::kWritingTemp, E::kNone},
    {S::kWritingTemp, Event::kOk, S::kSyncingTemp, E::kTempFileWritten},
    {S::kSyncingTemp, Event::kOk, S::kRenaming, E::kTempFileDurable},
    {S::kRenaming, Event::kOk, S::kSyncingDir, E::kEntryNamed},
    {S::kSyncingDir, Event::kOk, S::kPublished, E::kEntryDurable},
    {S::kRenaming, Event::kExists, S::kFailed, E::kNone},
    {S::kWritingTemp, Event::kError, S::kFailed, E::kNone},
    {S::kSyncingTemp, Event::kError, S::kFailed, E::kNone},
    {S::kRenaming, Event::kError, S::kFailed, E::kNone},
    {S::kSyncingDir, Event::kError, S::kFailed, E::kNone},
}};
inline constexpr MachineTable<State, Event> kTable{MachineId::kAtomicPublish, "standard",
                                                   kTransitions};

}  // namespace sluice::spec::atomic_publish
