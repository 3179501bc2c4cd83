// A state machine as data: a table of allowed transitions, each annotated with the durable effect
// that has happened once the transition is taken.
//
// Rules: a machine is stepped only through Stepper, which asserts that every transition it takes
// is in the table and reports it to a TransitionListener (the simulator numbers crash points and
// hashes its trace from those reports). A protocol variant is a different table, never a branch
// in the code that steps it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "spec/check.h"
#include "spec/transition_listener.h"

namespace sluice::spec {

// What is durable (or externally visible) once a transition has been taken.
enum class DurableEffect : uint8_t {
  kNone,
  kTempFileWritten,      // a temporary file exists, contents not yet durable
  kTempFileDurable,      // the temporary file's contents are durable
  kEntryNamed,           // the final name exists, but not yet durably
  kEntryDurable,         // the final name is durable: the entry is published
  kMetadataDurable,      // `metadata` (query id) is durable
  kOffsetsEntryDurable,  // `offsets/N` is durable: batch N's input is fixed
  kSourcesAcknowledged,  // sources may discard input up to the acknowledged offsets
  kSinkHoldsBatch,       // the sink holds batch N's output
  kStateCommitted,       // state version N+1 is durable
  kCommitEntryDurable,   // `commits/N` is durable: batch N is done
  kLogsPurged,           // log entries older than the retained batches are gone
  kStateMaintained,      // state files the retained versions do not need are gone
  // A source's own records in sources/<n>/ (a file source's seen-files entry) are durable: written
  // while planning, before offsets/N can name them. (Recovery makes what a source lists there
  // durable when it opens the sources, applying its outcome, before any batch runs.)
  kSourceRecordsDurable,
};
inline constexpr int kDurableEffectCount = 14;

std::string_view DurableEffectName(DurableEffect effect);

template <typename State, typename Event>
struct Transition {
  State from;
  Event event;
  State to;
  DurableEffect effect;
};

template <typename State, typename Event>
struct MachineTable {
  MachineId machine;
  std::string_view variant;  // "standard" or the name of a known-wrong variant
  std::span<const Transition<State, Event>> transitions;

  constexpr const Transition<State, Event>* Find(State from, Event event) const {
    for (const auto& t : transitions) {
      if (t.from == from && t.event == event) return &t;
    }
    return nullptr;
  }
};

// Steps a machine through its table. REQUIRES: every (state, event) it is given is in the table;
// anything else is a programmer error and aborts.
template <typename State, typename Event>
class Stepper {
 public:
  Stepper(const MachineTable<State, Event>& table, State initial, TransitionListener* listener)
      : table_(table), state_(initial), listener_(listener) {}

  State state() const { return state_; }

  State Step(Event event) {
    const Transition<State, Event>* t = table_.Find(state_, event);
    SLUICE_CHECK(t != nullptr, "transition not in the machine's table");
    if (listener_ != nullptr) {
      listener_->OnTransition(table_.machine, static_cast<int>(t->from), static_cast<int>(t->event),
                              static_cast<int>(t->to));
    }
    state_ = t->to;
    return state_;
  }

 private:
  const MachineTable<State, Event>& table_;
  State state_;
  TransitionListener* listener_;
};

}  // namespace sluice::spec
