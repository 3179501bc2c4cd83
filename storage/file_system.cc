#include "storage/file_system.h"

namespace sluice::storage {

std::string ParentDir(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

Status FileSystem::WriteFileFrom(const std::string& path, const ByteSource& source) {
  std::string bytes;
  SLUICE_RETURN_IF_ERROR(source([&](std::string_view piece) {
    bytes.append(piece);
    return Status::Ok();
  }));
  return WriteFile(path, bytes);
}

Status CreateDirsDurably(FileSystem* fs, const std::string& dir) {
  SLUICE_ASSIGN_OR_RETURN(bool exists, fs->Exists(dir));
  if (!exists) SLUICE_RETURN_IF_ERROR(fs->CreateDirs(dir));
  SLUICE_RETURN_IF_ERROR(fs->SyncDir(""));
  for (size_t slash = dir.find('/'); slash != std::string::npos; slash = dir.find('/', slash + 1)) {
    SLUICE_RETURN_IF_ERROR(fs->SyncDir(dir.substr(0, slash)));
  }
  return dir.empty() ? Status::Ok() : fs->SyncDir(dir);
}

std::string JoinPath(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

}  // namespace sluice::storage
