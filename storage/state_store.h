// StateStore: the versioned key-value state of one stateful operator in one shuffle partition,
// kept in `state/<operator>/<partition>/` of the checkpoint.
//
// Versions: version 0 is empty; version V+1 is `<V+1>.delta` (the puts and removes of one batch)
// applied to version V. Maintenance writes `<V>.snapshot` (every live key of version V) every
// `snapshot_interval` versions and deletes files no longer needed to rebuild the newest
// `retain` versions. docs/formats.md gives the bytes of both files.
//
// Rules:
// - Batch B loads version B and commits version B+1. Writes after Load are pending: Get and
//   ForEach see them, but nothing on disk does until Commit publishes the delta through the
//   atomic-publish machine. Abort (or another Load) drops them.
// - The first Commit after loading a version from files removes every file of a newer version:
//   such files come from a batch that never committed, which this batch replaces. Load alone
//   never changes the directory.
// - A missing, torn or foreign state file is an error that names the file; never a partial map.
// - One task uses a store at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/protocol.h"
#include "storage/atomic_publisher.h"

namespace sluice::storage {

inline constexpr const char* kStateDir = "state";

struct StateStoreOptions {
  int64_t snapshot_interval = 10;  // deltas between snapshots, at least 1
};

class StateStore {
 public:
  // A key with its hash, made by StateStore::Hash: a loop that reaches a key several times
  // (hints ahead of its turn, then a write) computes the hash once. The key's bytes must outlive
  // it.
  class HashedKey {
   public:
    std::string_view key() const { return key_; }

   private:
    friend class StateStore;
    HashedKey(std::string_view key, size_t hash) : key_(key), hash_(hash) {}
    std::string_view key_;
    size_t hash_;
  };
  static HashedKey Hash(std::string_view key);

  // REQUIRES: `fs` and `protocol`'s tables outlive the store; `listener` may be null.
  StateStore(FileSystem* fs, const spec::Protocol& protocol, spec::TransitionListener* listener,
             std::string dir, StateStoreOptions options);
  virtual ~StateStore();
  // A moved-from store may only be destroyed or assigned to.
  StateStore(StateStore&&) noexcept;
  StateStore& operator=(StateStore&&) noexcept;

  const std::string& dir() const { return dir_; }
  // The version the pending writes apply to.
  int64_t version() const { return version_; }

  // Makes `version` current and drops pending writes. Cheap when it is already loaded. Virtual so
  // that the simulator can compose a store that loads the wrong version (a mutant).
  virtual Status Load(int64_t version);
  // The newest version whose delta is on disk, committed or not; 0 when there is none.
  Result<int64_t> NewestVersionOnDisk();

  // The value of `key`, pending writes included; null when it has none. The pointer is valid until
  // the next Put, PutIfAbsent, Upsert, Remove, Commit, Abort or Load.
  const std::string* Get(std::string_view key) const;
  void Put(std::string_view key, std::string value);
  // `key`'s value for writing in place, found with one search: the key is marked written (Commit
  // stores what the returned string then holds). `*old_value` is the value it had, null when
  // none; the loaded version's value is moved aside, not copied, so the returned string is empty
  // unless the key was written earlier in this batch, when both are the same string (read the old
  // value before writing). Both pointers are valid until the next Commit, Abort or Load.
  std::string* Upsert(std::string_view key, const std::string** old_value) {
    return Upsert(Hash(key), old_value);
  }
  std::string* Upsert(const HashedKey& key, const std::string** old_value);
  // Gives `key` `value` when it has no value, with one search, and says whether it did; a key
  // that has a value is left as it is, unwritten.
  bool PutIfAbsent(std::string_view key, std::string value) {
    return PutIfAbsent(Hash(key), std::move(value));
  }
  bool PutIfAbsent(const HashedKey& key, std::string value);
  void Remove(std::string_view key);
  // Hints that `key` is about to be read or written, in stages that change nothing: a loop over
  // many keys fetches a key's index slot kFarAhead keys ahead, then, once the slot is in, the
  // entry it names kNearAhead keys ahead (ordered_walk.h), then, where it reads the value, the
  // value's bytes kLastAhead keys ahead.
  void PrefetchSlot(const HashedKey& key) const;
  void PrefetchEntry(const HashedKey& key) const;
  void PrefetchValue(const HashedKey& key) const;
  // Every live key with its value, pending writes included, in no particular order.
  void ForEach(const std::function<void(std::string_view, const std::string&)>& fn) const;
  // Removes every live key for which `pred(key, value)` is true, in one pass over the keys, and
  // returns how many it removed. `pred` may read the store but not write it. The keys that
  // ForEach and RemoveIf pass, removed or not, stay valid until the next Commit, Abort or Load.
  size_t RemoveIf(const std::function<bool(std::string_view, const std::string&)>& pred);
  size_t NumKeys() const { return live_keys_; }
  // Bytes of keys and values held (the loaded version's and those written since), plus a fixed
  // cost per entry. Constant time between batches (after Commit); it walks the written keys
  // during one.
  int64_t MemoryBytes() const;

  // Publishes version()+1 and makes it current.
  Status Commit();
  void Abort();

  // Writes a snapshot of the current version when `snapshot_interval` deltas have passed since
  // the last one, then deletes files that rebuilding the newest `retain` versions does not need.
  // REQUIRES: no pending writes; the current version is committed to the query's commit log, or
  // `retain` covers every version a re-run may load.
  Status Maintain(int64_t retain);

  std::string PathOf(int64_t version, bool snapshot) const;

 private:
  struct Table;  // the keys of the current version and the pending writes (state_store.cc)
  struct Files {
    std::vector<int64_t> deltas, snapshots;  // ascending
  };
  Result<Files> ListFiles();
  Status LoadFromFiles(int64_t version);
  Status ApplyFile(int64_t version, bool snapshot);

  FileSystem* fs_;
  AtomicPublisher publisher_;
  std::string dir_;
  StateStoreOptions options_;
  bool dir_durable_ = false;
  bool stale_files_possible_ = true;  // until the first commit after a load from files
  int64_t version_ = -1;              // -1: nothing loaded
  std::unique_ptr<Table> table_;      // on the heap: its index refers to its entries
  // What maintenance knows of the directory, so that it lists it only when a cleanup is due.
  bool snapshots_known_ = false;
  std::vector<int64_t> snapshots_;  // ascending
  int64_t cleaned_through_ = 0;     // no file older than this snapshot version is left
  size_t live_keys_ = 0;
  size_t base_keys_ = 0;    // live keys of the current version
  int64_t base_bytes_ = 0;  // their keys and values
};

}  // namespace sluice::storage
