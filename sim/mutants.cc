#include "sim/mutants.h"

#include "spec/protocol_variants.h"

namespace sluice::sim {

const std::vector<Mutant>& AllMutants() {
  using spec::kStandardProtocol;
  namespace v = spec::variants;
  static const std::vector<Mutant> mutants = [] {
    std::vector<Mutant> m;
    spec::Protocol p = kStandardProtocol;
    p.micro_batch = &v::kCommitBeforeSink;
    m.push_back({"commit-before-sink",
                 "writes commits/N before the sink holds batch N: a crash between them loses "
                 "the batch",
                 p});
    p = kStandardProtocol;
    p.atomic_publish = &v::kNoSyncBeforeRename;
    m.push_back({"no-sync-before-rename",
                 "renames a log entry before syncing it: a crash can publish an empty or torn "
                 "entry, and the checkpoint no longer loads",
                 p});
    p = kStandardProtocol;
    p.recovery = &v::kReplanUncommitted;
    m.push_back({"replan-uncommitted",
                 "re-plans the end offsets of an uncommitted batch instead of reusing "
                 "offsets/N: the re-run reads other input than the log says",
                 p});
    m.push_back({"non-idempotent-sink",
                 "the sink stores a re-run batch again: rows are duplicated after a crash "
                 "between the sink write and commits/N",
                 kStandardProtocol, false});
    p = kStandardProtocol;
    p.micro_batch = &v::kAckBeforeOffsetsDurable;
    m.push_back({"ack-before-offsets-durable",
                 "tells sources batch N is done before offsets/N is durable: a crash lets them "
                 "discard input that no entry accounts for",
                 p});
    return m;
  }();
  return mutants;
}

const Mutant* FindMutant(std::string_view name) {
  for (const Mutant& m : AllMutants()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace sluice::sim
