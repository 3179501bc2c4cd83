// A protocol: the set of machine tables that a query runs. The engine takes one and steps its
// tables; the standard protocol is what Sluice ships, and sim/protocol_variants.h holds the
// known-wrong variants that the simulator must catch.
#pragma once

#include <string>
#include <vector>

#include "spec/atomic_publish_machine.h"
#include "spec/micro_batch_machine.h"
#include "spec/query_machine.h"
#include "spec/recovery_machine.h"

namespace sluice::spec {

struct Protocol {
  const MachineTable<query::State, query::Event>* query;
  const MachineTable<micro_batch::State, micro_batch::Event>* micro_batch;
  const MachineTable<atomic_publish::State, atomic_publish::Event>* atomic_publish;
  const MachineTable<recovery::State, recovery::Event>* recovery;
};

inline constexpr Protocol kStandardProtocol{&query::kTable, &micro_batch::kTable,
                                            &atomic_publish::kTable, &recovery::kTable};

}  // namespace sluice::spec

namespace sluice::spec {
// A name for any machine's state or event, for traces that carry only integers.
std::string_view StateNameOf(MachineId machine, int state);
std::string_view EventNameOf(MachineId machine, int event);

// One transition, by name: "micro_batch idle -new_trigger-> planning" is its Mark().
struct TransitionName {
  std::string_view machine, from, event, to;
  std::string Mark() const;
};
// Every transition of `protocol`'s tables, table by table in table order.
std::vector<TransitionName> TransitionNames(const Protocol& protocol);
}  // namespace sluice::spec
