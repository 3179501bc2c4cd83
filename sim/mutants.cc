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
    engine::Deviations d;
    d.state_reads_newest_version = true;
    m.push_back({"state-reads-newest-version",
                 "a re-run of batch B loads the newest state version instead of version B: "
                 "updates the first run already committed to state are applied twice",
                 kStandardProtocol, true, d});
    d = {};
    d.watermark_from_wrong_batch = true;
    m.push_back({"watermark-from-wrong-batch",
                 "a restart takes the watermark batch L ran with instead of the one commits/L "
                 "logs for batch L+1: late rows are kept and windows close a batch late",
                 kStandardProtocol, true, d});
    d = {};
    d.maintenance_before_commit = true;
    m.push_back({"maintenance-before-commit",
                 "state maintenance runs before commits/N and keeps one version: a crash before "
                 "the commit leaves a re-run without the state version it must load",
                 kStandardProtocol, true, d});
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
