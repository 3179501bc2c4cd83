// Names of machines, states, events and effects, for traces, errors and docs.
#include <array>
#include <string_view>

#include "spec/protocol.h"

namespace sluice::spec {
namespace {

template <size_t N, typename Enum>
std::string_view Lookup(const std::array<std::string_view, N>& names, Enum value) {
  const auto i = static_cast<size_t>(value);
  SLUICE_CHECK(i < N, "enum value without a name");
  return names[i];
}

constexpr auto kMachineNames =
    std::to_array<std::string_view>({"query", "micro_batch", "atomic_publish", "recovery"});
static_assert(kMachineNames.size() == static_cast<size_t>(MachineId::kRecovery) + 1);
constexpr auto kEffectNames = std::to_array<std::string_view>(
    {"none", "temp_file_written", "temp_file_durable", "entry_named", "entry_durable",
     "metadata_durable", "offsets_entry_durable", "sources_acknowledged", "sink_holds_batch",
     "state_committed", "commit_entry_durable", "logs_purged", "state_maintained",
     "source_records_durable"});
static_assert(kEffectNames.size() == kDurableEffectCount);

}  // namespace

std::string_view MachineName(MachineId machine) { return Lookup(kMachineNames, machine); }
std::string_view DurableEffectName(DurableEffect effect) { return Lookup(kEffectNames, effect); }

namespace query {
std::string_view StateName(State s) {
  static constexpr auto k = std::to_array<std::string_view>(
      {"created", "recovering", "idle", "running_trigger", "stopped", "failed", "finished"});
  static_assert(k.size() == static_cast<size_t>(State::kFinished) + 1, "a name for every state");
  return Lookup(k, s);
}
std::string_view EventName(Event e) {
  static constexpr auto k = std::to_array<std::string_view>(
      {"start", "recovered", "trigger", "trigger_done", "stop", "finish", "error"});
  static_assert(k.size() == static_cast<size_t>(Event::kError) + 1, "a name for every event");
  return Lookup(k, e);
}
}  // namespace query

namespace micro_batch {
std::string_view StateName(State s) {
  static constexpr auto k = std::to_array<std::string_view>(
      {"idle", "planning", "deciding", "writing_offsets", "acknowledging_sources", "reading_input",
       "executing", "writing_sink", "committing_state", "writing_commit", "advancing_watermark",
       "reporting", "done", "no_batch", "failed", "acknowledging_planned", "purging_logs",
       "maintaining_state"});
  static_assert(k.size() == kStateCount, "a name for every state");
  return Lookup(k, s);
}
std::string_view EventName(Event e) {
  static constexpr auto k =
      std::to_array<std::string_view>({"new_trigger", "replay", "ok", "no_work", "error"});
  static_assert(k.size() == static_cast<size_t>(Event::kError) + 1, "a name for every event");
  return Lookup(k, e);
}
}  // namespace micro_batch

namespace atomic_publish {
std::string_view StateName(State s) {
  static constexpr auto k = std::to_array<std::string_view>(
      {"start", "writing_temp", "syncing_temp", "renaming", "syncing_dir", "published", "failed"});
  static_assert(k.size() == kStateCount, "a name for every state");
  return Lookup(k, s);
}
std::string_view EventName(Event e) {
  static constexpr auto k = std::to_array<std::string_view>({"begin", "ok", "exists", "error"});
  static_assert(k.size() == static_cast<size_t>(Event::kError) + 1, "a name for every event");
  return Lookup(k, e);
}
}  // namespace atomic_publish

namespace recovery {
std::string_view StateName(State s) {
  static constexpr auto k = std::to_array<std::string_view>(
      {"start", "reading_metadata", "reading_logs", "deciding", "fresh_start", "resume_next",
       "replay_uncommitted", "refused", "replan_uncommitted"});
  static_assert(k.size() == kStateCount, "a name for every state");
  return Lookup(k, s);
}
std::string_view EventName(Event e) {
  static constexpr auto k =
      std::to_array<std::string_view>({"begin", "ok", "no_offsets", "commit_equals_latest",
                                       "commit_one_behind", "inconsistent", "error"});
  static_assert(k.size() == static_cast<size_t>(Event::kError) + 1, "a name for every event");
  return Lookup(k, e);
}
}  // namespace recovery

// A name for any machine's state, for traces that only carry integers.
std::string_view StateNameOf(MachineId machine, int state) {
  switch (machine) {
    case MachineId::kQuery:
      return query::StateName(static_cast<query::State>(state));
    case MachineId::kMicroBatch:
      return micro_batch::StateName(static_cast<micro_batch::State>(state));
    case MachineId::kAtomicPublish:
      return atomic_publish::StateName(static_cast<atomic_publish::State>(state));
    case MachineId::kRecovery:
      return recovery::StateName(static_cast<recovery::State>(state));
  }
  return "?";
}

std::string_view EventNameOf(MachineId machine, int event) {
  switch (machine) {
    case MachineId::kQuery:
      return query::EventName(static_cast<query::Event>(event));
    case MachineId::kMicroBatch:
      return micro_batch::EventName(static_cast<micro_batch::Event>(event));
    case MachineId::kAtomicPublish:
      return atomic_publish::EventName(static_cast<atomic_publish::Event>(event));
    case MachineId::kRecovery:
      return recovery::EventName(static_cast<recovery::Event>(event));
  }
  return "?";
}

std::string TransitionName::Mark() const {
  return std::string(machine) + " " + std::string(from) + " -" + std::string(event) + "-> " +
         std::string(to);
}

namespace {
template <typename State, typename Event>
void AppendNames(const MachineTable<State, Event>& table, std::vector<TransitionName>& out) {
  for (const auto& t : table.transitions) {
    out.push_back({MachineName(table.machine), StateNameOf(table.machine, static_cast<int>(t.from)),
                   EventNameOf(table.machine, static_cast<int>(t.event)),
                   StateNameOf(table.machine, static_cast<int>(t.to))});
  }
}
}  // namespace

std::vector<TransitionName> TransitionNames(const Protocol& protocol) {
  std::vector<TransitionName> out;
  AppendNames(*protocol.query, out);
  AppendNames(*protocol.micro_batch, out);
  AppendNames(*protocol.atomic_publish, out);
  AppendNames(*protocol.recovery, out);
  return out;
}

}  // namespace sluice::spec
