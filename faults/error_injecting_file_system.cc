#include "faults/error_injecting_file_system.h"

#include <iterator>

namespace sluice::faults {

namespace {
constexpr std::string_view kFaultNames[] = {"eio", "enospc", "sync-failure", "sync-loses-data"};
constexpr std::string_view kOpNames[] = {"read", "write", "sync"};
// One name per enumerator: an index past a table's end would read garbage.
static_assert(std::size(kFaultNames) == static_cast<size_t>(IoFault::kSyncLosesData) + 1);
}  // namespace

std::string_view IoFaultName(IoFault fault) { return kFaultNames[static_cast<int>(fault)]; }

std::optional<IoFault> ParseIoFault(std::string_view name) {
  for (size_t i = 0; i < std::size(kFaultNames); ++i) {
    if (kFaultNames[i] == name) return static_cast<IoFault>(i);
  }
  return std::nullopt;
}

Status ErrorInjectingFileSystem::Next(OpKind kind, const std::string& what,
                                      const std::string* synced_file) {
  static_assert(std::size(kOpNames) == static_cast<size_t>(OpKind::kSync) + 1);
  ++ops_;
  auto it = planned_.find(ops_);
  if (it == planned_.end()) return Status::Ok();
  const IoFault fault = it->second;
  planned_.erase(it);
  ++injected_;
  const bool sync_fault = fault == IoFault::kSyncFailure || fault == IoFault::kSyncLosesData;
  if (fault == IoFault::kEnospc && kind == OpKind::kWrite) {
    ++by_kind_["enospc on write"];
    return Status::NoSpace(what + ": no space left on device (injected)");
  }
  if (sync_fault && kind == OpKind::kSync) {
    ++by_kind_[std::string(IoFaultName(fault))];
    if (fault == IoFault::kSyncLosesData && synced_file && on_lost_sync_)
      on_lost_sync_(*synced_file);
    return Status::IoError(what + ": fsync failed (injected)");
  }
  // A fault that cannot happen to this kind of operation degrades to EIO.
  ++by_kind_["eio on " + std::string(kOpNames[static_cast<int>(kind)])];
  return Status::IoError(what + ": input/output error (injected)");
}

Status ErrorInjectingFileSystem::WriteFile(const std::string& p, std::string_view d) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kWrite, "write " + p));
  return target()->WriteFile(p, d);
}
Status ErrorInjectingFileSystem::SyncFile(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kSync, "sync " + p, &p));
  return target()->SyncFile(p);
}
Result<std::string> ErrorInjectingFileSystem::ReadFile(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kRead, "read " + p));
  return target()->ReadFile(p);
}
Status ErrorInjectingFileSystem::RenameNoReplace(const std::string& f, const std::string& t) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kWrite, "rename " + f));
  return target()->RenameNoReplace(f, t);
}
Status ErrorInjectingFileSystem::Remove(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kWrite, "remove " + p));
  return target()->Remove(p);
}
Result<std::vector<std::string>> ErrorInjectingFileSystem::ListDir(const std::string& d) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kRead, "list " + d));
  return target()->ListDir(d);
}
Status ErrorInjectingFileSystem::CreateDirs(const std::string& d) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kWrite, "mkdir " + d));
  return target()->CreateDirs(d);
}
Status ErrorInjectingFileSystem::SyncDir(const std::string& d) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kSync, "syncdir " + d));
  return target()->SyncDir(d);
}
Result<bool> ErrorInjectingFileSystem::Exists(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kRead, "exists " + p));
  return target()->Exists(p);
}

Result<storage::FileInfo> ErrorInjectingFileSystem::Stat(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kRead, "stat " + p));
  return target()->Stat(p);
}

}  // namespace sluice::faults
