// ErrorInjectingFileSystem: fails chosen storage operations with the errors a real disk gives:
// EIO on any operation, ENOSPC on writes, renames and directory creation, or a failed fsync. A
// failed operation does not reach the disk below, so a failed sync leaves the data unsynced.
// kSyncLosesData is a failed fsync with Linux's semantics: the `on_lost_sync` hook tells the disk
// below that the file's dirty pages were dropped, so that a later successful sync writes nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string_view>

#include "storage/file_system.h"

namespace sluice::faults {

enum class IoFault : uint8_t { kEio, kEnospc, kSyncFailure, kSyncLosesData };
std::string_view IoFaultName(IoFault fault);  // "eio", "enospc", "sync-failure", "sync-loses-data"
std::optional<IoFault> ParseIoFault(std::string_view name);

class ErrorInjectingFileSystem : public storage::FileSystemWrapper {
 public:
  explicit ErrorInjectingFileSystem(storage::FileSystem* target) : FileSystemWrapper(target) {}

  // Fails operation number `op` (1-based, counted by this wrapper) with `fault`.
  void FailOperation(int64_t op, IoFault fault) { planned_[op] = fault; }
  void Clear() { planned_.clear(); }
  // Called with the file's path when a kSyncLosesData fault fails a file sync.
  void OnLostSync(std::function<void(const std::string&)> hook) { on_lost_sync_ = std::move(hook); }
  // Injected faults by what they hit, e.g. "eio on read", "enospc on write", "sync-loses-data".
  const std::map<std::string, int64_t>& injected_by_kind() const { return by_kind_; }
  int64_t operations() const { return ops_; }
  int64_t injected() const { return injected_; }

  Status WriteFile(const std::string& p, std::string_view d) override;
  Status SyncFile(const std::string& p) override;
  Result<std::string> ReadFile(const std::string& p) override;
  Status RenameNoReplace(const std::string& f, const std::string& t) override;
  Status Remove(const std::string& p) override;
  Result<std::vector<std::string>> ListDir(const std::string& d) override;
  Status CreateDirs(const std::string& d) override;
  Status SyncDir(const std::string& d) override;
  Result<bool> Exists(const std::string& p) override;
  Result<storage::FileInfo> Stat(const std::string& p) override;

 private:
  enum class OpKind : uint8_t { kRead, kWrite, kSync };
  // The error for this operation, or OK to let it through.
  Status Next(OpKind kind, const std::string& what, const std::string* synced_file = nullptr);

  std::map<int64_t, IoFault> planned_;
  std::map<std::string, int64_t> by_kind_;
  std::function<void(const std::string&)> on_lost_sync_;
  int64_t ops_ = 0;
  int64_t injected_ = 0;
};

}  // namespace sluice::faults
