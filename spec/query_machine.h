// The query machine: the life of one run of a streaming query.
//
// created -> recovering -> idle <-> running a batch -> stopped | failed | finished.
// A trigger that constructs no batch still passes through kRunningTrigger and back to kIdle.
#pragma once

#include <array>

#include "spec/machine.h"

namespace sluice::spec::query {

enum class State : uint8_t {
  kCreated,
  kRecovering,
  kIdle,
  kRunningTrigger,
  kStopped,
  kFailed,
  kFinished
};
enum class Event : uint8_t { kStart, kRecovered, kTrigger, kTriggerDone, kStop, kFinish, kError };

std::string_view StateName(State state);
std::string_view EventName(Event event);

using T = Transition<State, Event>;
using E = DurableEffect;
inline constexpr std::array<T, 10> kTransitions{{
    {State::kCreated, Event::kStart, State::kRecovering, E::kNone},
    {State::kRecovering, Event::kRecovered, State::kIdle, E::kMetadataDurable},
    {State::kRecovering, Event::kError, State::kFailed, E::kNone},
    {State::kIdle, Event::kTrigger, State::kRunningTrigger, E::kNone},
    {State::kRunningTrigger, Event::kTriggerDone, State::kIdle, E::kNone},
    {State::kRunningTrigger, Event::kError, State::kFailed, E::kNone},
    {State::kRunningTrigger, Event::kFinish, State::kFinished, E::kNone},
    {State::kIdle, Event::kStop, State::kStopped, E::kNone},
    {State::kIdle, Event::kFinish, State::kFinished, E::kNone},
    {State::kIdle, Event::kError, State::kFailed, E::kNone},
}};
inline constexpr MachineTable<State, Event> kTable{MachineId::kQuery, "standard", kTransitions};

}  // namespace sluice::spec::query
