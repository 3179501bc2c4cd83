// Known-wrong checkpoint storage, as FileSystem wrappers that sim/mutants.cc puts between the
// engine and the simulated disk. Each changes what the checkpoint logs (metadata, offsets/,
// commits/) see and nothing else: the engine's own code is the standard one, and the wrapper
// reproduces, in the operations that reach the disk, what a store built the wrong way would do.
//
// Rules: state files (state/...) pass through untouched; only UnsyncedSourceLogs touches the
// sources' logs (sources/...). A wrapper does not own its target.
#pragma once

#include <string>

#include "storage/file_system.h"

namespace sluice::sim {

// True for the checkpoint's log entries and their temporary files (metadata, offsets/, commits/).
bool IsLogPath(const std::string& path);

// Writes each log entry straight to its final name: the temporary file's write and sync go to
// the final name and the rename does nothing, so a crash leaves a torn entry and a re-run
// overwrites a committed one (mutant overwrite-in-place).
class InPlaceEntryWrites : public storage::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Status WriteFile(const std::string& path, std::string_view data) override;
  Status SyncFile(const std::string& path) override;
  Status RenameNoReplace(const std::string& from, const std::string& to) override;
};

// Retries a failed fsync of a log entry and trusts the retry, which Linux answers with success
// after dropping the dirty pages (mutant retry-failed-fsync).
class RetriedEntrySyncs : public storage::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Status SyncFile(const std::string& path) override;
};

// Hands the checkpoint log entries whose checksum line is whole back with a checksum that
// matches their bytes, so that a corrupt entry reads as valid (mutant no-checksum-check).
class ChecksumBlindReads : public storage::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Result<std::string> ReadFile(const std::string& path) override;
};

// Lists a log's leftover temporary files as entries and reads an entry from its temporary file
// when one is there, without checksums (mutant recovery-takes-newest-looking): a write that was
// never published decides the restart.
class TempFilesAsEntries : public ChecksumBlindReads {
 public:
  using ChecksumBlindReads::ChecksumBlindReads;
  Result<std::string> ReadFile(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
};

// Skips the syncs of the sources' logs in the checkpoint (`sources/<n>/`: a file source's
// seen-files entries), files and folders alike (mutant seen-files-unsynced): offsets/N can be
// durable while the entry it names is lost or torn by a crash.
class UnsyncedSourceLogs : public storage::FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Status SyncFile(const std::string& path) override;
  Status SyncDir(const std::string& dir) override;
};

}  // namespace sluice::sim
