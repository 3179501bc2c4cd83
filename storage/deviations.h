// Deviations: known-wrong behaviours of the storage layer and the engine. Each exists only so
// that a simulator mutant (sim/mutants.h) can switch it on and show that the oracle catches it;
// production code never sets one, and every flag defaults to the correct behaviour.
#pragma once

namespace sluice::storage {

struct Deviations {
  // Storage.
  bool no_checksum_check = false;          // entries are decoded without verifying their CRC
  bool overwrite_entries_in_place = false; // entries are written straight to their final name
  bool retry_failed_sync = false;          // a failed fsync is retried and the retry trusted
  bool recovery_takes_newest_looking = false;  // temp files count as entries, read unvalidated
  // Engine.
  bool state_reads_newest_version = false;  // a re-run batch reads state newer than its own
  bool watermark_from_wrong_batch = false;  // a restart takes the last batch's own watermark
  bool maintenance_before_commit = false;   // state cleanup before commits/N, keeping one version
  bool purge_before_commit = false;         // the logs are purged before commits/N is written
  bool new_batch_id_on_replay = false;      // an uncommitted batch re-runs under a new id
  bool batch_id_from_clock = false;         // batch ids come from the clock, not the log
};

}  // namespace sluice::storage
