#include "sim/mutants.h"

#include "sim/rng.h"
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
                 "sink output is visible before commits/N and a replayed batch is stored again: "
                 "rows are duplicated after a crash between the sink write and commits/N",
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
    p = kStandardProtocol;
    p.atomic_publish = &v::kNoDirSync;
    m.push_back({"no-dir-sync-after-publish",
                 "publishes a log entry without syncing its directory: a crash erases an entry "
                 "the query already acted on, and the batch is re-planned with other input",
                 p});
    p = kStandardProtocol;
    p.micro_batch = &v::kStateAfterCommit;
    m.push_back({"state-after-commit",
                 "writes commits/N before committing state version N+1: a crash in between "
                 "leaves the next batch without the state it must load",
                 p});
    p = kStandardProtocol;
    p.micro_batch = &v::kAckBeforeCommitSynced;
    m.push_back({"ack-before-commit-synced",
                 "tells sources batch N is done once the sink holds it, before commits/N is "
                 "durable: a crash re-runs batch N over input the sources discarded",
                 p});
    d = {};
    d.overwrite_entries_in_place = true;
    m.push_back({"overwrite-in-place",
                 "writes log entries straight to their final name: a crash leaves a torn "
                 "entry, and a re-run overwrites a committed one",
                 kStandardProtocol, true, d});
    d = {};
    d.no_checksum_check = true;
    m.push_back({"no-checksum-check",
                 "reads entries without verifying their checksum: a silently corrupted offset "
                 "is trusted, and rows are lost or duplicated",
                 kStandardProtocol, true, d});
    d = {};
    d.recovery_takes_newest_looking = true;
    m.push_back({"recovery-takes-newest-looking",
                 "recovery counts a leftover temporary file as the newest entry and reads it "
                 "unvalidated: an entry that was never published decides the restart",
                 kStandardProtocol, true, d});
    d = {};
    d.purge_before_commit = true;
    m.push_back({"purge-before-commit-durable",
                 "purges the logs as if batch N were committed before commits/N is written: a "
                 "crash leaves offsets/N without the entries recovery needs",
                 kStandardProtocol, true, d});
    d = {};
    d.new_batch_id_on_replay = true;
    m.push_back({"new-batch-id-on-recommit",
                 "re-runs an uncommitted batch under a new id instead of the logged one: the "
                 "sink stores its rows twice and the logs no longer agree",
                 kStandardProtocol, true, d});
    d = {};
    d.batch_id_from_clock = true;
    m.push_back({"batch-ids-from-clock",
                 "numbers batches by the clock instead of the log: ids skip or repeat when the "
                 "clock jumps, and the offsets log gets gaps",
                 kStandardProtocol, true, d});
    d = {};
    d.retry_failed_sync = true;
    m.push_back({"retry-failed-fsync",
                 "retries a failed fsync and trusts the retry: Linux dropped the dirty pages, "
                 "so an entry is published whose bytes never reached the disk",
                 kStandardProtocol, true, d});
    Mutant canary{"canary",
                  "the sink loses one row in 10% of seeds (CanaryArmed): the simulator must "
                  "report exactly those seeds",
                  kStandardProtocol};
    canary.canary = true;
    m.push_back(canary);
    return m;
  }();
  return mutants;
}

bool CanaryArmed(uint64_t seed) { return Rng::ForStream(seed, 77).Chance(kCanaryFraction); }

const Mutant* FindMutant(std::string_view name) {
  for (const Mutant& m : AllMutants()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace sluice::sim
