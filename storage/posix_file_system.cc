#include "storage/posix_file_system.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/filesystem.hpp>
#include <cerrno>
#include <cstring>

namespace sluice::storage {
namespace {

Status ErrnoStatus(const std::string& what, const std::string& path, int err) {
  std::string m = what + " " + path + ": " + std::strerror(err);
  if (err == ENOENT) return Status::NotFound(m);
  if (err == EEXIST) return Status::AlreadyExists(m);
  if (err == ENOSPC) return Status::NoSpace(m);
  return Status::IoError(m);
}

// Closes the descriptor when it leaves scope, so that no error path leaks it.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

Status SyncPath(const std::string& full, int flags) {
  Fd fd(::open(full.c_str(), flags | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus("open for sync", full, errno);
  if (::fsync(fd.get()) != 0) return ErrnoStatus("fsync", full, errno);
  if (::close(fd.Release()) != 0) return ErrnoStatus("close", full, errno);
  return Status::Ok();
}

}  // namespace

PosixFileSystem::PosixFileSystem(std::string root) : root_(std::move(root)) {
  SLUICE_CHECK(!root_.empty(), "PosixFileSystem needs a root directory");
}

std::string PosixFileSystem::Full(const std::string& path) const {
  return path.empty() ? root_ : root_ + "/" + path;
}

Status PosixFileSystem::WriteFile(const std::string& path, std::string_view data) {
  return WriteFileFrom(path, [&](const PieceWrite& write) { return write(data); });
}

Status PosixFileSystem::WriteFileFrom(const std::string& path, const ByteSource& source) {
  const std::string full = Full(path);
  Fd fd(::open(full.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd.get() < 0) return ErrnoStatus("create", full, errno);
  // Written a chunk at a time, each chunk's writeback started as soon as it is in the page cache
  // (sync_file_range, a hint that promises nothing: SyncFile still makes the data durable). The
  // device then writes while the rest is copied, and while the caller goes on to its next write
  // before it syncs, so that a later SyncFile mostly waits for what is already on its way.
  constexpr size_t kChunkBytes = size_t{1} << 20;
  size_t done = 0;
  size_t started = 0;  // bytes whose writeback was started
  SLUICE_RETURN_IF_ERROR(source([&](std::string_view piece) {
    for (size_t at = 0; at < piece.size();) {
      const size_t want = std::min(kChunkBytes, piece.size() - at);
      const ssize_t n = ::write(fd.get(), piece.data() + at, want);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoStatus("write", full, errno);
      at += static_cast<size_t>(n);
      done += static_cast<size_t>(n);
      if (done - started >= kChunkBytes) {
        (void)::sync_file_range(fd.get(), static_cast<off_t>(started),
                                static_cast<off_t>(done - started), SYNC_FILE_RANGE_WRITE);
        started = done;
      }
    }
    return Status::Ok();
  }));
  if (done > started) {
    (void)::sync_file_range(fd.get(), static_cast<off_t>(started),
                            static_cast<off_t>(done - started), SYNC_FILE_RANGE_WRITE);
  }
  if (::close(fd.Release()) != 0) return ErrnoStatus("close", full, errno);
  return Status::Ok();
}

Status PosixFileSystem::SyncFile(const std::string& path) { return SyncPath(Full(path), O_RDONLY); }

Result<std::string> PosixFileSystem::ReadFile(const std::string& path) {
  const std::string full = Full(path);
  Fd fd(::open(full.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return ErrnoStatus("open", full, errno);
  // Read straight into the result, sized by fstat (and grown if the file grew meanwhile).
  struct stat st {};
  // One byte more than the size, so that the read that finds the end needs no growth.
  std::string out(::fstat(fd.get(), &st) == 0 && st.st_size > 0
                      ? static_cast<size_t>(st.st_size) + 1
                      : size_t{1} << 16,
                  '\0');
  size_t filled = 0;
  for (;;) {
    if (filled == out.size()) out.resize(out.size() * 2);
    const ssize_t n = ::read(fd.get(), out.data() + filled, out.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return ErrnoStatus("read", full, errno);
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  out.resize(filled);
  return out;
}

Status PosixFileSystem::RenameNoReplace(const std::string& from, const std::string& to) {
  const std::string f = Full(from), t = Full(to);
  if (::renameat2(AT_FDCWD, f.c_str(), AT_FDCWD, t.c_str(), RENAME_NOREPLACE) == 0) {
    return Status::Ok();
  }
  if (errno != EINVAL && errno != ENOSYS) return ErrnoStatus("rename to " + t + " from", f, errno);
  // The file system lacks RENAME_NOREPLACE: link() refuses an existing name atomically.
  if (::link(f.c_str(), t.c_str()) != 0) return ErrnoStatus("link to " + t + " from", f, errno);
  if (::unlink(f.c_str()) != 0) return ErrnoStatus("unlink", f, errno);
  return Status::Ok();
}

Status PosixFileSystem::Remove(const std::string& path) {
  const std::string full = Full(path);
  if (::unlink(full.c_str()) != 0) return ErrnoStatus("remove", full, errno);
  return Status::Ok();
}

Result<std::vector<std::string>> PosixFileSystem::ListDir(const std::string& dir) {
  const std::string full = Full(dir);
  boost::system::error_code ec;
  boost::filesystem::directory_iterator it(full, ec);
  if (ec) {
    if (ec == boost::system::errc::no_such_file_or_directory) {
      return Status::NotFound("list " + full + ": no such directory");
    }
    return Status::IoError("list " + full + ": " + ec.message());
  }
  std::vector<std::string> names;
  for (; it != boost::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return Status::IoError("list " + full + ": " + ec.message());
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Status PosixFileSystem::CreateDirs(const std::string& dir) {
  const std::string full = Full(dir);
  boost::system::error_code ec;
  boost::filesystem::create_directories(full, ec);
  if (ec) return Status::IoError("create directory " + full + ": " + ec.message());
  return Status::Ok();
}

Status PosixFileSystem::SyncDir(const std::string& dir) {
  return SyncPath(Full(dir), O_RDONLY | O_DIRECTORY);
}

Result<FileInfo> PosixFileSystem::Stat(const std::string& path) {
  struct stat st;
  if (::stat(Full(path).c_str(), &st) != 0) {
    if (errno == ENOENT) return Status::NotFound("stat " + Full(path) + ": no such file");
    return ErrnoStatus("stat", Full(path), errno);
  }
  FileInfo info;
  info.is_dir = S_ISDIR(st.st_mode);
  info.size_bytes = info.is_dir ? 0 : static_cast<int64_t>(st.st_size);
  info.modified_ms = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
  return info;
}

Result<bool> PosixFileSystem::Exists(const std::string& path) {
  struct stat st;
  if (::stat(Full(path).c_str(), &st) == 0) return true;
  if (errno == ENOENT) return false;
  return ErrnoStatus("stat", Full(path), errno);
}

}  // namespace sluice::storage
