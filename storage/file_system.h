// FileSystem: the one interface through which Sluice touches durable storage.
//
// Paths are relative to the file system's root, with '/' separators ("offsets/3").
//
// Durability contract, kept by every implementation and relied on by the checkpoint protocol:
//  - Data written by WriteFile is durable only after SyncFile of that path returns OK. A crash
//    before that may keep none, all, a prefix, or a prefix followed by garbage of what was written.
//  - A new name (WriteFile of a new file, RenameNoReplace, CreateDirs) is durable only after
//    SyncDir of its parent directory returns OK. A crash before that may keep or lose the name,
//    and may undo a rename.
//  - RenameNoReplace is atomic: after a crash, `to` names either nothing or the whole file that
//    `from` named. It never replaces an existing `to`: it fails with kAlreadyExists instead.
//  - After a failed SyncFile the data's durability is unknown, even if a later sync succeeds.
// Every call is one storage operation; the simulator may crash or fail any of them.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace sluice::storage {

// What Stat says of a path.
struct FileInfo {
  int64_t size_bytes = 0;   // a file's length; 0 for a directory
  int64_t modified_ms = 0;  // when its data was last written, ms since the epoch
  bool is_dir = false;
  bool operator==(const FileInfo&) const = default;
};

// A file's bytes made a piece at a time, so that a large file need not be held whole in memory:
// the source calls `write` with each piece in order and returns the first error it returns. It
// may be called more than once, and gives the same bytes each time. A piece is valid only during
// its call.
using PieceWrite = std::function<Status(std::string_view piece)>;
using ByteSource = std::function<Status(const PieceWrite& write)>;

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Creates `path` or truncates it, then writes `data`. REQUIRES: the parent directory exists.
  virtual Status WriteFile(const std::string& path, std::string_view data) = 0;
  // WriteFile of the bytes `source` makes: one storage operation, with the same contract. This
  // default gathers them and calls WriteFile, so that a wrapper that overrides WriteFile sees
  // every write; a file system that can write pieces as they come overrides it.
  virtual Status WriteFileFrom(const std::string& path, const ByteSource& source);
  virtual Status SyncFile(const std::string& path) = 0;
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  // kAlreadyExists if `to` exists. Across directories (same file system), the new name and the
  // removal of the old one are durable once SyncDir of each directory returns OK: a crash before
  // that may leave the file under the old name, the new one, both, or (where the file system does
  // not journal the rename as one change) neither. The parent directory of `to` must exist.
  virtual Status RenameNoReplace(const std::string& from, const std::string& to) = 0;
  // kNotFound if `path` does not exist.
  virtual Status Remove(const std::string& path) = 0;
  // The names in `dir` (files and directories, no "." or ".."), sorted. kNotFound if absent.
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;
  // Creates `dir` and any missing parents. OK if it exists.
  virtual Status CreateDirs(const std::string& dir) = 0;
  // Makes the names in `dir` durable. "" is the root.
  virtual Status SyncDir(const std::string& dir) = 0;
  virtual Result<bool> Exists(const std::string& path) = 0;
  // kNotFound if `path` does not exist. Reads nothing durable: one storage operation.
  virtual Result<FileInfo> Stat(const std::string& path) = 0;
  // A description of where this file system lives, for messages ("/tmp/ckpt", "sim-disk").
  virtual std::string Describe() const = 0;
};

// Forwards every call to a target, so that a wrapper overrides only the calls it cares about;
// except WriteFileFrom, deliberately: it takes FileSystem's default, which gathers the pieces and
// calls this wrapper's WriteFile, so that a wrapper overriding WriteFile (a fault injector, a
// crash point) sees every write.
class FileSystemWrapper : public FileSystem {
 public:
  explicit FileSystemWrapper(FileSystem* target) : target_(target) {}
  Status WriteFile(const std::string& p, std::string_view d) override {
    return target_->WriteFile(p, d);
  }
  Status SyncFile(const std::string& p) override { return target_->SyncFile(p); }
  Result<std::string> ReadFile(const std::string& p) override { return target_->ReadFile(p); }
  Status RenameNoReplace(const std::string& f, const std::string& t) override {
    return target_->RenameNoReplace(f, t);
  }
  Status Remove(const std::string& p) override { return target_->Remove(p); }
  Result<std::vector<std::string>> ListDir(const std::string& d) override {
    return target_->ListDir(d);
  }
  Status CreateDirs(const std::string& d) override { return target_->CreateDirs(d); }
  Status SyncDir(const std::string& d) override { return target_->SyncDir(d); }
  Result<bool> Exists(const std::string& p) override { return target_->Exists(p); }
  Result<FileInfo> Stat(const std::string& p) override { return target_->Stat(p); }
  std::string Describe() const override { return target_->Describe(); }

 protected:
  FileSystem* target() const { return target_; }

 private:
  FileSystem* target_;
};

// Creates `dir` (and its parents) if it does not exist, then makes its name durable: syncs the
// root and every directory down to `dir`. Synced even when it exists, since a run that crashed
// before the syncs may have left it visible but not durable.
Status CreateDirsDurably(FileSystem* fs, const std::string& dir);

// The directory part of a relative path: "offsets/3" -> "offsets", "metadata" -> "".
std::string ParentDir(const std::string& path);
// Joins with '/', treating "" as the root: JoinPath("", "x") == "x".
std::string JoinPath(const std::string& dir, const std::string& name);

}  // namespace sluice::storage
