#include "sim/mutants.h"

#include "sim/mutant_file_systems.h"
#include "sim/mutant_pipeline_parts.h"
#include "sim/mutant_rules.h"
#include "sim/protocol_variants.h"
#include "sim/rng.h"

namespace sluice::sim {

namespace {

template <typename Wrapper>
std::function<std::unique_ptr<storage::FileSystem>(storage::FileSystem*)> Wrapping() {
  return [](storage::FileSystem* target) { return std::make_unique<Wrapper>(target); };
}

// A mutant of the standard protocol that `change` alters.
Mutant With(std::string_view name, std::string_view breaks,
            const std::function<void(Mutant&)>& change) {
  Mutant m;
  m.name = name;
  m.breaks = breaks;
  change(m);
  return m;
}

}  // namespace

storage::FileSystem* Mutant::Compose(engine::Environment& env, storage::FileSystem* checkpoint_fs,
                                     std::unique_ptr<storage::FileSystem>* wrapper) const {
  env.protocol = &protocol;
  if (batch_rules != nullptr) env.batch_rules = batch_rules;
  if (open_state_store) env.open_state_store = open_state_store;
  if (!wrap_checkpoint_fs) return checkpoint_fs;
  *wrapper = wrap_checkpoint_fs(checkpoint_fs);
  return wrapper->get();
}

const std::vector<Mutant>& AllMutants() {
  namespace v = variants;
  static const std::vector<Mutant> mutants = [] {
    std::vector<Mutant> m;
    m.push_back(With("commit-before-sink",
                     "writes commits/N before the sink holds batch N: a crash between them loses "
                     "the batch",
                     [](Mutant& mu) { mu.protocol.micro_batch = &v::kCommitBeforeSink; }));
    m.push_back(With("no-sync-before-rename",
                     "renames a log entry before syncing it: a crash can publish an empty or torn "
                     "entry, and the checkpoint no longer loads",
                     [](Mutant& mu) { mu.protocol.atomic_publish = &v::kNoSyncBeforeRename; }));
    m.push_back(With("replan-uncommitted",
                     "re-plans the end offsets of an uncommitted batch instead of reusing "
                     "offsets/N: the re-run reads other input than the log says",
                     [](Mutant& mu) { mu.protocol.recovery = &v::kReplanUncommitted; }));
    m.push_back(With("non-idempotent-sink",
                     "sink output is visible before commits/N and a replayed batch is stored "
                     "again: rows are duplicated after a crash between the sink write and "
                     "commits/N",
                     [](Mutant& mu) { mu.idempotent_sink = false; }));
    m.push_back(With("ack-before-offsets-durable",
                     "tells sources batch N is done before offsets/N is durable: a crash lets them "
                     "discard input that no entry accounts for",
                     [](Mutant& mu) { mu.protocol.micro_batch = &v::kAckBeforeOffsetsDurable; }));
    m.push_back(With("state-reads-newest-version",
                     "a re-run of batch B loads the newest state version instead of version B: "
                     "updates the first run already committed to state are applied twice",
                     [](Mutant& mu) { mu.open_state_store = NewestVersionStateStores(); }));
    m.push_back(With("watermark-from-wrong-batch",
                     "a restart takes the watermark batch L ran with instead of the one commits/L "
                     "logs for batch L+1: late rows are kept and windows close a batch late",
                     [](Mutant& mu) { mu.batch_rules = &WatermarkFromWrongBatchRules(); }));
    m.push_back(
        With("maintenance-before-commit",
             "state maintenance runs before commits/N and keeps one version: a crash before "
             "the commit leaves a re-run without the state version it must load",
             [](Mutant& mu) {
               mu.protocol.micro_batch = &v::kMaintenanceBeforeCommit;
               mu.min_batches_to_retain = 1;
             }));
    m.push_back(With("no-dir-sync-after-publish",
                     "publishes a log entry without syncing its directory: a crash erases an entry "
                     "the query already acted on, and the batch is re-planned with other input",
                     [](Mutant& mu) { mu.protocol.atomic_publish = &v::kNoDirSync; }));
    m.push_back(With("state-after-commit",
                     "writes commits/N before committing state version N+1: a crash in between "
                     "leaves the next batch without the state it must load",
                     [](Mutant& mu) { mu.protocol.micro_batch = &v::kStateAfterCommit; }));
    m.push_back(With("ack-before-commit-synced",
                     "tells sources batch N is done once the sink holds it, before commits/N is "
                     "durable: a crash re-runs batch N over input the sources discarded",
                     [](Mutant& mu) { mu.protocol.micro_batch = &v::kAckBeforeCommitSynced; }));
    m.push_back(With("overwrite-in-place",
                     "writes log entries straight to their final name: a crash leaves a torn "
                     "entry, and a re-run overwrites a committed one",
                     [](Mutant& mu) { mu.wrap_checkpoint_fs = Wrapping<InPlaceEntryWrites>(); }));
    m.push_back(With("no-checksum-check",
                     "reads entries without verifying their checksum: a silently corrupted offset "
                     "is trusted, and rows are lost or duplicated",
                     [](Mutant& mu) { mu.wrap_checkpoint_fs = Wrapping<ChecksumBlindReads>(); }));
    m.push_back(With("recovery-takes-newest-looking",
                     "recovery counts a leftover temporary file as the newest entry and reads it "
                     "unvalidated: an entry that was never published decides the restart",
                     [](Mutant& mu) { mu.wrap_checkpoint_fs = Wrapping<TempFilesAsEntries>(); }));
    m.push_back(With("purge-before-commit-durable",
                     "purges the logs as if batch N were committed before commits/N is written: a "
                     "crash leaves offsets/N without the entries recovery needs",
                     [](Mutant& mu) {
                       mu.protocol.micro_batch = &v::kPurgeBeforeCommit;
                       mu.min_batches_to_retain = 1;
                     }));
    m.push_back(With("new-batch-id-on-recommit",
                     "re-runs an uncommitted batch under a new id instead of the logged one: the "
                     "sink stores its rows twice and the logs no longer agree",
                     [](Mutant& mu) { mu.batch_rules = &NewIdOnReplayRules(); }));
    m.push_back(With("batch-ids-from-clock",
                     "numbers batches by the clock instead of the log: ids skip or repeat when the "
                     "clock jumps, and the offsets log gets gaps",
                     [](Mutant& mu) { mu.batch_rules = &BatchIdsFromClockRules(); }));
    m.push_back(With("retry-failed-fsync",
                     "retries a failed fsync and trusts the retry: Linux dropped the dirty pages, "
                     "so an entry is published whose bytes never reached the disk",
                     [](Mutant& mu) { mu.wrap_checkpoint_fs = Wrapping<RetriedEntrySyncs>(); }));
    m.push_back(With("commit-before-manifest",
                     "writes commits/N before the file sink's manifest entry: a crash between them "
                     "loses the batch's output",
                     [](Mutant& mu) {
                       mu.pipeline = true;
                       mu.wrap_sink = [](std::shared_ptr<engine::Sink> sink, storage::FileSystem*,
                                         const std::string&) {
                         return std::make_shared<ManifestAfterCommit>(std::move(sink));
                       };
                     }));
    m.push_back(With("rerun-rewrites-batch",
                     "a re-run batch whose manifest entry exists writes its rows again as new part "
                     "files listed in that entry: the batch is read twice",
                     [](Mutant& mu) {
                       mu.pipeline = true;
                       mu.wrap_sink = [](std::shared_ptr<engine::Sink> sink,
                                         storage::FileSystem* fs, const std::string& dir) {
                         return std::make_shared<RerunRewritesBatch>(std::move(sink), fs, dir);
                       };
                     }));
    m.push_back(With("seen-files-unsynced",
                     "does not sync the file source's seen-files entries: offsets/N can name an "
                     "entry a crash lost, and the restart cannot know which files it read",
                     [](Mutant& mu) {
                       mu.pipeline = true;
                       mu.wrap_checkpoint_fs = Wrapping<UnsyncedSourceLogs>();
                     }));
    m.push_back(With("clean-before-commit",
                     "cleans (deletes) a batch's source files as soon as it has read them: a crash "
                     "before commits/N leaves the re-run nothing to read",
                     [](Mutant& mu) {
                       mu.pipeline = true;
                       mu.wrap_source = [](std::shared_ptr<engine::Source> source) {
                         return std::make_shared<CleanBeforeCommit>(std::move(source));
                       };
                     }));
    m.push_back(With("canary",
                     "the sink loses one row in 10% of seeds (CanaryArmed): the simulator must "
                     "report exactly those seeds",
                     [](Mutant& mu) { mu.canary = true; }));
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
