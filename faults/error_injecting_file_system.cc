#include "faults/error_injecting_file_system.h"

namespace sluice::faults {

Status ErrorInjectingFileSystem::Next(OpKind kind, const std::string& what) {
  ++ops_;
  auto it = planned_.find(ops_);
  if (it == planned_.end()) return Status::Ok();
  const IoFault fault = it->second;
  planned_.erase(it);
  // A fault that cannot happen to this kind of operation degrades to EIO.
  ++injected_;
  if (fault == IoFault::kEnospc && kind == OpKind::kWrite) {
    return Status::NoSpace(what + ": no space left on device (injected)");
  }
  if (fault == IoFault::kSyncFailure && kind == OpKind::kSync) {
    return Status::IoError(what + ": fsync failed (injected)");
  }
  return Status::IoError(what + ": input/output error (injected)");
}

Status ErrorInjectingFileSystem::WriteFile(const std::string& p, std::string_view d) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kWrite, "write " + p));
  return target()->WriteFile(p, d);
}
Status ErrorInjectingFileSystem::SyncFile(const std::string& p) {
  SLUICE_RETURN_IF_ERROR(Next(OpKind::kSync, "sync " + p));
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

}  // namespace sluice::faults
