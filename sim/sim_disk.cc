#include "sim/sim_disk.h"

#include <algorithm>

namespace sluice::sim {

using storage::ParentDir;

bool SimDisk::DirExists(const std::string& dir) const {
  if (dir.empty()) return true;
  auto it = names_.find(dir);
  return it != names_.end() && it->second == kDirectory;
}

void SimDisk::ChangeName(const std::string& path, int inode) {
  if (inode == kRemoved) {
    names_.erase(path);
  } else {
    names_[path] = inode;
  }
  unsynced_[ParentDir(path)].push_back({path, inode});
}

Status SimDisk::WriteFile(const std::string& path, std::string_view data) {
  if (!DirExists(ParentDir(path))) return Status::NotFound("write " + path + ": no such directory");
  auto it = names_.find(path);
  if (it != names_.end()) {
    if (it->second == kDirectory) return Status::IoError("write " + path + ": is a directory");
    Inode& inode = inodes_[it->second];
    inode.data = std::string(data);
    inode.writeback_lost = false;
    inode.modified_ms = NowMs();
    return Status::Ok();
  }
  const int id = next_inode_++;
  inodes_[id] = Inode{std::string(data), std::string()};
  inodes_[id].modified_ms = NowMs();
  ChangeName(path, id);
  return Status::Ok();
}

Status SimDisk::SyncFile(const std::string& path) {
  auto it = names_.find(path);
  if (it == names_.end() || it->second == kDirectory) {
    return Status::NotFound("sync " + path + ": no such file");
  }
  Inode& inode = inodes_[it->second];
  if (!inode.writeback_lost) {  // lost pages are clean: nothing to write
    inode.durable = inode.data;
    inode.durable_modified_ms = inode.modified_ms;
  }
  return Status::Ok();
}

void SimDisk::FailSync(const std::string& path) {
  auto it = names_.find(path);
  if (it == names_.end() || it->second == kDirectory) return;
  Inode& inode = inodes_[it->second];
  if (inode.data != inode.durable) inode.writeback_lost = true;
}

bool SimDisk::RotDigit(const std::string& path, Rng& rng) {
  auto it = names_.find(path);
  if (it == names_.end() || it->second == kDirectory) return false;
  Inode& inode = inodes_[it->second];
  std::vector<size_t> digits;
  for (size_t i = 0; i < inode.durable.size(); ++i) {
    if (inode.durable[i] >= '0' && inode.durable[i] <= '9') digits.push_back(i);
  }
  if (digits.empty()) return false;
  const size_t at = digits[rng.Uniform(digits.size())];
  inode.durable[at] = static_cast<char>('0' + (inode.durable[at] - '0' + 1 + rng.Uniform(9)) % 10);
  if (inode.data.size() > at) inode.data[at] = inode.durable[at];
  return true;
}

Result<std::string> SimDisk::ReadFile(const std::string& path) {
  auto it = names_.find(path);
  if (it == names_.end() || it->second == kDirectory) {
    return Status::NotFound("read " + path + ": no such file");
  }
  return inodes_[it->second].data;
}

Status SimDisk::RenameNoReplace(const std::string& from, const std::string& to) {
  auto it = names_.find(from);
  if (it == names_.end()) return Status::NotFound("rename " + from + ": no such file");
  if (names_.count(to)) return Status::AlreadyExists("rename to " + to + ": file exists");
  if (!DirExists(ParentDir(to))) return Status::NotFound("rename to " + to + ": no such directory");
  const int inode = it->second;
  ChangeName(to, inode);
  ChangeName(from, kRemoved);
  return Status::Ok();
}

Status SimDisk::Remove(const std::string& path) {
  auto it = names_.find(path);
  if (it == names_.end()) return Status::NotFound("remove " + path + ": no such file");
  ChangeName(path, kRemoved);
  return Status::Ok();
}

Result<std::vector<std::string>> SimDisk::ListDir(const std::string& dir) {
  if (!DirExists(dir)) return Status::NotFound("list " + dir + ": no such directory");
  std::vector<std::string> out;
  for (const auto& [path, inode] : names_) {
    if (ParentDir(path) == dir && path != dir) {
      out.push_back(dir.empty() ? path : path.substr(dir.size() + 1));
    }
  }
  return out;
}

Status SimDisk::CreateDirs(const std::string& dir) {
  if (dir.empty() || DirExists(dir)) return Status::Ok();
  SLUICE_RETURN_IF_ERROR(CreateDirs(ParentDir(dir)));
  if (names_.count(dir)) return Status::AlreadyExists("mkdir " + dir + ": a file has that name");
  ChangeName(dir, kDirectory);
  return Status::Ok();
}

Status SimDisk::SyncDir(const std::string& dir) {
  if (!DirExists(dir)) return Status::NotFound("syncdir " + dir + ": no such directory");
  for (const NameChange& c : unsynced_[dir]) {
    if (c.inode == kRemoved) {
      durable_names_.erase(c.path);
    } else {
      durable_names_[c.path] = c.inode;
    }
  }
  unsynced_.erase(dir);
  return Status::Ok();
}

Result<storage::FileInfo> SimDisk::Stat(const std::string& path) {
  auto it = names_.find(path);
  if (!path.empty() && it == names_.end())
    return Status::NotFound("stat " + path + ": no such file");
  storage::FileInfo info;
  if (path.empty() || it->second == kDirectory) {
    info.is_dir = true;
    return info;
  }
  const Inode& inode = inodes_.at(it->second);
  info.size_bytes = static_cast<int64_t>(inode.data.size());
  info.modified_ms = inode.modified_ms;
  return info;
}

int64_t SimDisk::NowMs() const { return clock_ == nullptr ? 0 : clock_->NowMicros() / 1000; }

Result<bool> SimDisk::Exists(const std::string& path) {
  return path.empty() || names_.count(path) > 0;
}

std::string SimDisk::SurvivingData(const Inode& inode, faults::UnsyncedData policy, Rng& rng) {
  using faults::UnsyncedData;
  if (inode.data == inode.durable) return inode.data;
  if (inode.writeback_lost) {
    ++crash_effects_["data lost after a failed fsync"];
    return inode.durable;
  }
  if (policy == UnsyncedData::kSeeded) {
    policy = static_cast<UnsyncedData>(rng.Uniform(4));
  }
  const size_t size = inode.data.size();
  static constexpr const char* kEffect[] = {"data lost", "data kept", "data cut to a prefix",
                                            "data torn"};
  // One name for every policy a crash applies (kSeeded is resolved above, and comes last).
  static_assert(std::size(kEffect) == static_cast<size_t>(UnsyncedData::kSeeded));
  ++crash_effects_[kEffect[static_cast<int>(policy)]];
  switch (policy) {
    case UnsyncedData::kLost:
      return inode.durable;
    case UnsyncedData::kKept:
      return inode.data;
    case UnsyncedData::kPrefix:
      return inode.data.substr(0, size == 0 ? 0 : rng.Uniform(size));
    default: {
      std::string torn = inode.data.substr(0, size == 0 ? 0 : rng.Uniform(size));
      const size_t garbage = 1 + rng.Uniform(16);
      for (size_t i = 0; i < garbage; ++i) torn += static_cast<char>(rng.Uniform(256));
      return torn;
    }
  }
}

void SimDisk::Crash(const faults::CrashState& state, Rng& rng) {
  std::map<std::string, int> names = durable_names_;
  for (const auto& [dir, changes] : unsynced_) {
    size_t keep = 0;
    if (state.names == faults::UnsyncedNames::kKept) keep = changes.size();
    if (state.names == faults::UnsyncedNames::kSeeded) keep = rng.Uniform(changes.size() + 1);
    if (!changes.empty()) {
      ++crash_effects_[keep == 0                ? "names lost"
                       : keep == changes.size() ? "names kept"
                                                : "names partly kept"];
    }
    for (size_t i = 0; i < keep; ++i) {
      if (changes[i].inode == kRemoved) {
        names.erase(changes[i].path);
      } else {
        names[changes[i].path] = changes[i].inode;
      }
    }
  }
  // A name whose directory did not survive goes with it; parents sort before their children.
  for (auto it = names.begin(); it != names.end();) {
    const std::string parent = ParentDir(it->first);
    const bool orphan = !parent.empty() && (!names.count(parent) || names[parent] != kDirectory);
    it = orphan ? names.erase(it) : std::next(it);
  }
  std::map<int, Inode> inodes;
  for (const auto& [path, id] : names) {
    if (id == kDirectory || inodes.count(id)) continue;
    const Inode& before = inodes_[id];
    const std::string kept = SurvivingData(before, state.data, rng);
    inodes[id] = Inode{kept, kept};
    // The time of what survived: the last synced write's if that is what is left, else the last
    // write's (all of it, or a torn or cut part of it).
    const int64_t time_ms =
        kept == before.durable ? before.durable_modified_ms : before.modified_ms;
    inodes[id].modified_ms = time_ms;
    inodes[id].durable_modified_ms = time_ms;
  }
  inodes_ = std::move(inodes);
  names_ = names;
  durable_names_ = std::move(names);
  unsynced_.clear();
}

void SimDisk::PutDurable(const std::string& path, const std::string& data) {
  SLUICE_CHECK(DirExists(ParentDir(path)), "PutDurable into an existing directory");
  auto it = names_.find(path);
  int id;
  if (it != names_.end()) {
    id = it->second;
  } else {
    id = next_inode_++;
    names_[path] = id;
  }
  durable_names_[path] = id;
  inodes_[id] = Inode{data, data};
  inodes_[id].modified_ms = inodes_[id].durable_modified_ms = NowMs();
}

std::vector<std::string> SimDisk::Files() const {
  std::vector<std::string> out;
  for (const auto& [path, inode] : names_) {
    if (inode != kDirectory) out.push_back(path);
  }
  return out;
}

}  // namespace sluice::sim
