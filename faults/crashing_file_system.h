// CrashingFileSystem: a FileSystemWrapper that makes every storage operation a crash point. The
// crash happens before the operation reaches the disk below.
#pragma once

#include "faults/crash_points.h"
#include "storage/file_system.h"

namespace sluice::faults {

class CrashingFileSystem : public storage::FileSystemWrapper {
 public:
  CrashingFileSystem(storage::FileSystem* target, CrashPoints* points)
      : FileSystemWrapper(target), points_(points) {}

  Status WriteFile(const std::string& p, std::string_view d) override {
    points_->Pass("write " + p);
    return target()->WriteFile(p, d);
  }
  Status SyncFile(const std::string& p) override {
    points_->Pass("sync " + p);
    return target()->SyncFile(p);
  }
  Result<std::string> ReadFile(const std::string& p) override {
    points_->Pass("read " + p);
    return target()->ReadFile(p);
  }
  Status RenameNoReplace(const std::string& f, const std::string& t) override {
    points_->Pass("rename " + f + " " + t);
    return target()->RenameNoReplace(f, t);
  }
  Status Remove(const std::string& p) override {
    points_->Pass("remove " + p);
    return target()->Remove(p);
  }
  Result<std::vector<std::string>> ListDir(const std::string& d) override {
    points_->Pass("list " + d);
    return target()->ListDir(d);
  }
  Status CreateDirs(const std::string& d) override {
    points_->Pass("mkdir " + d);
    return target()->CreateDirs(d);
  }
  Status SyncDir(const std::string& d) override {
    points_->Pass("syncdir " + d);
    return target()->SyncDir(d);
  }
  Result<bool> Exists(const std::string& p) override {
    points_->Pass("exists " + p);
    return target()->Exists(p);
  }
  Result<storage::FileInfo> Stat(const std::string& p) override {
    points_->Pass("stat " + p);
    return target()->Stat(p);
  }

 private:
  CrashPoints* points_;
};

}  // namespace sluice::faults
