// SimDisk: a simulated disk with a durable image and a volatile one, and the crash model of
// faults/crash_state.h. It keeps the FileSystem durability contract exactly, so that anything
// the contract does not promise can be lost in a crash.
//
// Model: files are inodes with volatile and durable contents; names map paths to inodes (or to
// directories). Each directory keeps the list of its name changes since its last sync; SyncDir
// makes them durable, SyncFile makes an inode's contents durable. Crash rebuilds the volatile
// image from the durable one plus what the crash state keeps.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "faults/crash_state.h"
#include "sim/rng.h"
#include "storage/clock.h"
#include "storage/file_system.h"

namespace sluice::sim {

class SimDisk : public storage::FileSystem {
 public:
  SimDisk() = default;
  // The clock that stamps each write's modification time (Stat); without one, times are 0.
  // REQUIRES: `clock` outlives the disk.
  void SetClock(storage::Clock* clock) { clock_ = clock; }

  Status WriteFile(const std::string& path, std::string_view data) override;
  Status SyncFile(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override;
  Status RenameNoReplace(const std::string& from, const std::string& to) override;
  Status Remove(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  Status CreateDirs(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  Result<bool> Exists(const std::string& path) override;
  Result<storage::FileInfo> Stat(const std::string& path) override;
  std::string Describe() const override { return "sim-disk"; }

  // Loses what the crash state says of everything not yet durable.
  void Crash(const faults::CrashState& state, Rng& rng);
  // Linux's fsync error semantics: after a failed fsync of `path` the kernel marks its dirty
  // pages clean. Reads still see the new data until the next crash, but a later SyncFile that
  // succeeds writes nothing, and a crash loses the data. A new WriteFile dirties the file again.
  void FailSync(const std::string& path);
  // Silent media corruption: replaces one decimal digit of `path`'s durable bytes with another
  // (drawn from `rng`), in both images. Returns false if the file has no digit or is missing.
  bool RotDigit(const std::string& path, Rng& rng);
  // What crashes did to files with unsynced data, by kind ("data lost", "data torn", ...), and
  // to unsynced name changes ("names kept", "names lost", "names partly kept").
  const std::map<std::string, int64_t>& crash_effects() const { return crash_effects_; }
  // Writes bytes straight into the durable image (for tests that damage a checkpoint).
  void PutDurable(const std::string& path, const std::string& data);
  // Every file path, sorted (directories excluded).
  std::vector<std::string> Files() const;

 private:
  static constexpr int kDirectory = -1;
  struct Inode {
    std::string data;
    std::string durable;
    bool writeback_lost = false;      // a failed fsync dropped the dirty pages (FailSync)
    int64_t modified_ms = 0;          // of `data`
    int64_t durable_modified_ms = 0;  // of `durable`
  };
  struct NameChange {
    std::string path;
    int inode;  // kDirectory, an inode id, or kRemoved
  };
  static constexpr int kRemoved = -2;

  void ChangeName(const std::string& path, int inode);
  bool DirExists(const std::string& dir) const;
  int64_t NowMs() const;
  std::string SurvivingData(const Inode& inode, faults::UnsyncedData policy, Rng& rng);

  std::map<int, Inode> inodes_;
  std::map<std::string, int> names_;
  std::map<std::string, int> durable_names_;
  std::map<std::string, std::vector<NameChange>> unsynced_;  // per parent directory
  int next_inode_ = 0;
  std::map<std::string, int64_t> crash_effects_;
  storage::Clock* clock_ = nullptr;
};

}  // namespace sluice::sim
