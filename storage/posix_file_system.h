// PosixFileSystem: the real disk, rooted at a directory. Paths and directories go through
// Boost.Filesystem; durability through POSIX fsync of files and directories. RenameNoReplace
// uses renameat2(RENAME_NOREPLACE), falling back to link()+unlink() where the file system does
// not support it; both refuse to replace an existing entry atomically.
#pragma once

#include <string>

#include "storage/file_system.h"

namespace sluice::storage {

class PosixFileSystem : public FileSystem {
 public:
  // REQUIRES: `root` is a directory path; it is created if missing by CreateDirs("").
  explicit PosixFileSystem(std::string root);

  Status WriteFile(const std::string& path, std::string_view data) override;
  // Writes each piece as it comes: a large file is never held whole.
  Status WriteFileFrom(const std::string& path, const ByteSource& source) override;
  Status SyncFile(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override;
  Status RenameNoReplace(const std::string& from, const std::string& to) override;
  Status Remove(const std::string& path) override;
  Result<std::vector<std::string>> ListDir(const std::string& dir) override;
  Status CreateDirs(const std::string& dir) override;
  Status SyncDir(const std::string& dir) override;
  Result<bool> Exists(const std::string& path) override;
  Result<FileInfo> Stat(const std::string& path) override;
  std::string Describe() const override { return root_; }

 private:
  std::string Full(const std::string& path) const;
  std::string root_;
};

}  // namespace sluice::storage
