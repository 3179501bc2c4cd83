// ErrorInjectingFileSystem: fails chosen storage operations with the errors a real disk gives:
// EIO on any operation, ENOSPC on writes, renames and directory creation, or a failed fsync. A
// failed operation does not reach the disk below, so a failed sync leaves the data unsynced.
#pragma once

#include <cstdint>
#include <map>

#include "storage/file_system.h"

namespace sluice::faults {

enum class IoFault : uint8_t { kEio, kEnospc, kSyncFailure };

class ErrorInjectingFileSystem : public storage::FileSystemWrapper {
 public:
  explicit ErrorInjectingFileSystem(storage::FileSystem* target) : FileSystemWrapper(target) {}

  // Fails operation number `op` (1-based, counted by this wrapper) with `fault`.
  void FailOperation(int64_t op, IoFault fault) { planned_[op] = fault; }
  void Clear() { planned_.clear(); }
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

 private:
  enum class OpKind : uint8_t { kRead, kWrite, kSync };
  // The error for this operation, or OK to let it through.
  Status Next(OpKind kind, const std::string& what);

  std::map<int64_t, IoFault> planned_;
  int64_t ops_ = 0;
  int64_t injected_ = 0;
};

}  // namespace sluice::faults
