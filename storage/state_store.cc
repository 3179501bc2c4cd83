#include "storage/state_store.h"

#include <algorithm>

#include "storage/id_bitmap.h"
#include "storage/id_index.h"
#include "storage/ordered_walk.h"
#include "storage/small_bytes.h"
#include "storage/stable_vector.h"
#include "storage/state_file.h"

namespace sluice::storage {
namespace {

// Per key, beside its key's and value's bytes: its entry (one 64-byte line), its index slots
// (8 bytes, at most half full) and a base value's string: an estimate.
constexpr int64_t kEntryOverheadBytes = 64;

Status Removed(FileSystem* fs, const std::string& path) {
  Status st = fs->Remove(path);
  return st.code() == StatusCode::kNotFound ? Status::Ok() : st;
}

}  // namespace

// The keys of the loaded version and of the pending writes, in one table: a key written since Load
// keeps the loaded version's value beside its new one, so that Abort can restore it and Commit
// can write exactly the keys touched. Entries live in a StableVector (their addresses never change,
// and reaching one at random is one miss: an entry is one cache line) and an index finds them by
// key; ids freed by removals are reused last-freed first, so the order of ForEach depends only on
// the sequence of calls.
struct StateStore::Table {
  // One cache line: the key in 24 bytes (inline up to 23), no hash (Drop computes it again).
  struct alignas(64) Entry {
    SmallBytes key;
    std::string value;        // the current value, when live
    uint32_t base = 0;        // while written and in_base: the loaded value in base_values
    uint16_t written_in = 0;  // the batch that last wrote it: written since Load if `batch`
    bool live = false;        // has a value now
    bool in_base = false;     // while written: had a value in the loaded version (else: live)
  };
  static_assert(sizeof(Entry) == 64);
  static size_t HashOf(std::string_view key) { return std::hash<std::string_view>{}(key); }
  StableVector<Entry> entries;
  IdIndex index;  // the ids of entries, by key
  std::vector<uint32_t> free_ids;
  std::vector<uint32_t> touched;  // in order of first touch
  // Numbers the batches, so that ending one marks every entry unwritten without visiting it
  // (Entry::written_in). 0 is never a batch's: a new or dropped entry is unwritten.
  uint16_t batch = 1;
  // Of the entries written since Load that had a value in the loaded version: how many, and
  // their keys' and loaded values' bytes, counted as they are first written.
  size_t written_loaded_keys = 0;
  int64_t written_loaded_bytes = 0;
  // The loaded values of the keys written since Load (the first `bases_used`), apart from the
  // entries so that an entry not being written carries no second string. A StableVector: a value's
  // address stays put while more are added. Its strings are not freed between batches (Touch
  // empties one as it hands it over), so that a key written batch after batch takes a kept buffer
  // instead of a new one.
  StableVector<std::string> base_values;
  uint32_t bases_used = 0;

  std::optional<uint32_t> FindId(std::string_view key, size_t hash) const {
    return index.Find(hash, [&](uint32_t id) { return entries[id].key == key; });
  }
  std::optional<uint32_t> FindId(std::string_view key) const { return FindId(key, HashOf(key)); }
  Entry* Find(std::string_view key) {
    const std::optional<uint32_t> id = FindId(key);
    return id ? &entries[*id] : nullptr;
  }
  // A new entry for `key`, whose hash is `hash`, in the index, neither live nor in the base.
  uint32_t Add(std::string_view key, size_t hash) {
    uint32_t id;
    if (free_ids.empty()) {
      SLUICE_CHECK(entries.size() < UINT32_MAX, "a state store has fewer than 2^32 entries");
      id = static_cast<uint32_t>(entries.size());
      entries.EmplaceBack();
    } else {
      id = free_ids.back();
      free_ids.pop_back();
    }
    Entry& e = entries[id];
    e.key.assign(key);
    index.Insert(hash, id);
    return id;
  }
  void Drop(uint32_t id) {
    index.Erase(HashOf(entries[id].key), id);
    entries[id] = Entry{};
    free_ids.push_back(id);
  }
  // Marks the entry written since Load, keeping its loaded value for Abort: swapped out of
  // `value` into a base value, whose kept buffer `value` takes, emptied (a base value keeps the
  // bytes of its last batch until then: clearing them here, where `value` is in the cache, saves
  // a pass over them all at the batch's end).
  bool Written(const Entry& e) const { return e.written_in == batch; }
  void Touch(uint32_t id) {
    Entry& e = entries[id];
    if (Written(e)) return;
    e.written_in = batch;
    e.in_base = e.live;  // an entry not written since Load has a value iff the loaded version has
    touched.push_back(id);
    if (!e.in_base) return;
    ++written_loaded_keys;
    written_loaded_bytes += static_cast<int64_t>(e.key.size() + e.value.size());
    if (bases_used == base_values.size()) base_values.EmplaceBack();
    e.base = bases_used++;
    base_values[e.base].swap(e.value);
    e.value.clear();
  }
  std::string& BaseValue(const Entry& e) {
    SLUICE_CHECK(Written(e) && e.in_base && e.base < bases_used, "a written key's loaded value");
    return base_values[e.base];
  }
  // After Commit or Abort: no entry is written any more, and every base value is free for reuse,
  // keeping its buffer, unless the batch wrote some but few keys beside how many are kept (a
  // backlog batch's), when the rest are let go. (Load aborts, with nothing written, before each
  // batch: that says nothing of the next.)
  void EndBatch() {
    if (!touched.empty() && ++batch == 0) {  // wrapped: entries written 65535 batches ago
      for (size_t id = 0; id < entries.size(); ++id) entries[id].written_in = 0;
      batch = 1;
    }
    touched.clear();
    written_loaded_keys = 0;
    written_loaded_bytes = 0;
    ReuseBaseValues();
  }
  void ReuseBaseValues() {
    constexpr size_t kKeptBaseValues = 4096;
    if (bases_used > 0 && base_values.size() > kKeptBaseValues &&
        base_values.size() > 8 * size_t{bases_used}) {
      base_values.ShrinkTo(bases_used);
    }
    bases_used = 0;
  }
  uint32_t FindOrAdd(std::string_view key, size_t hash) {
    const std::optional<uint32_t> id = FindId(key, hash);
    return id ? *id : Add(key, hash);
  }
  uint32_t FindOrAdd(std::string_view key) { return FindOrAdd(key, HashOf(key)); }
  // The written ids in ascending order, which is the entries' memory order.
  std::vector<uint32_t> TouchedInIdOrder() const {
    return IdBitmap(entries.size(), touched).Ascending(touched.size());
  }
  // Drops the entries `ids`, ascending. Many are erased from the index in one pass over it.
  void DropAll(const std::vector<uint32_t>& ids) {
    if (ids.empty()) return;
    if (32 * ids.size() < index.size()) {
      for (const uint32_t id : ids) Drop(id);
      return;
    }
    const IdBitmap dropped(entries.size(), ids);
    const size_t erased = index.EraseIf([&](uint32_t id) { return dropped.Contains(id); });
    SLUICE_CHECK(erased == ids.size(), "each dropped id is in the index");
    for (const uint32_t id : ids) {
      entries[id] = Entry{};
      free_ids.push_back(id);
    }
  }
  // What a delta's entries come to, counted as it is written: the live ones, and the removed
  // ones' ids, ascending.
  struct Tally {
    size_t live_keys = 0;
    int64_t live_bytes = 0;
    std::vector<uint32_t> removed;
  };
  // Writes a state file of the entries `ids`, in that order, to `write`: each live one's value,
  // or its removal. `tally`, when not null, counts them.
  Status Write(bool snapshot, int64_t version, const std::vector<uint32_t>& ids,
               const PieceWrite& write, Tally* tally) const {
    return WriteStateRecords(
        snapshot, version, ids.size(),
        [&](size_t i) {
          // The entries, ascending but with gaps, and a value longer than a string's inline room,
          // on the heap, are reached at random: both are fetched ahead of their turn, the entry
          // first since it holds the value's address.
          if (i + kFarAhead < ids.size()) PrefetchForRead(&entries[ids[i + kFarAhead]]);
          if (i + kNearAhead < ids.size()) {
            PrefetchForRead(entries[ids[i + kNearAhead]].value.data());
          }
          const Entry& e = entries[ids[i]];
          if (tally != nullptr && e.live) {
            ++tally->live_keys;
            tally->live_bytes += static_cast<int64_t>(e.key.size() + e.value.size());
          } else if (tally != nullptr) {
            tally->removed.push_back(ids[i]);
          }
          return StateRecord{e.key,
                             e.live ? std::optional<std::string_view>(e.value) : std::nullopt};
        },
        write);
  }
  void Clear() {
    index.Clear();
    entries.Clear();
    free_ids.clear();
    touched.clear();
    base_values.Clear();
    bases_used = 0;
    written_loaded_keys = 0;
    written_loaded_bytes = 0;
  }
};

StateStore::StateStore(FileSystem* fs, const spec::Protocol& protocol,
                       spec::TransitionListener* listener, std::string dir,
                       StateStoreOptions options)
    : fs_(fs),
      publisher_(fs, protocol.atomic_publish, listener),
      dir_(std::move(dir)),
      options_(options),
      table_(std::make_unique<Table>()) {
  SLUICE_CHECK(options_.snapshot_interval >= 1, "a snapshot every one or more deltas");
}

StateStore::~StateStore() = default;
StateStore::StateStore(StateStore&&) noexcept = default;
StateStore& StateStore::operator=(StateStore&&) noexcept = default;

std::string StateStore::PathOf(int64_t version, bool snapshot) const {
  return JoinPath(dir_, std::to_string(version) + (snapshot ? ".snapshot" : ".delta"));
}

int64_t StateStore::MemoryBytes() const {
  int64_t pending_bytes = 0;
  for (const uint32_t id : table_->touched) {
    const Table::Entry& e = table_->entries[id];
    pending_bytes += static_cast<int64_t>(e.key.size() + e.value.size());
  }
  return base_bytes_ + pending_bytes +
         static_cast<int64_t>(base_keys_ + table_->touched.size()) * kEntryOverheadBytes;
}

const std::string* StateStore::Get(std::string_view key) const {
  const Table::Entry* e = table_->Find(key);
  return e != nullptr && e->live ? &e->value : nullptr;
}

void StateStore::Put(std::string_view key, std::string value) {
  SLUICE_CHECK(version_ >= 0, "Put after Load");
  Table& t = *table_;
  const uint32_t id = t.FindOrAdd(key);
  t.Touch(id);
  Table::Entry& e = t.entries[id];
  if (!e.live) ++live_keys_;
  e.live = true;
  e.value = std::move(value);
}

StateStore::HashedKey StateStore::Hash(std::string_view key) {
  return HashedKey(key, Table::HashOf(key));
}

bool StateStore::PutIfAbsent(const HashedKey& key, std::string value) {
  SLUICE_CHECK(version_ >= 0, "PutIfAbsent after Load");
  Table& t = *table_;
  const uint32_t id = t.FindOrAdd(key.key_, key.hash_);
  if (t.entries[id].live) return false;
  t.Touch(id);
  Table::Entry& e = t.entries[id];
  e.value = std::move(value);
  e.live = true;
  ++live_keys_;
  return true;
}

std::string* StateStore::Upsert(const HashedKey& key, const std::string** old_value) {
  SLUICE_CHECK(version_ >= 0, "Upsert after Load");
  Table& t = *table_;
  const uint32_t id = t.FindOrAdd(key.key_, key.hash_);
  Table::Entry& e = t.entries[id];
  const bool first_write = !t.Written(e);
  t.Touch(id);  // a loaded value moves to the base values
  *old_value = !e.live ? nullptr : first_write ? &t.BaseValue(e) : &e.value;
  if (!e.live) ++live_keys_;
  e.live = true;
  return &e.value;
}

void StateStore::Remove(std::string_view key) {
  SLUICE_CHECK(version_ >= 0, "Remove after Load");
  Table& t = *table_;
  const std::optional<uint32_t> id = t.FindId(key);
  if (!id || !t.entries[*id].live) return;
  t.Touch(*id);
  Table::Entry& e = t.entries[*id];
  e.live = false;
  e.value = std::string();
  --live_keys_;
}

size_t StateStore::RemoveIf(const std::function<bool(std::string_view, const std::string&)>& pred) {
  SLUICE_CHECK(version_ >= 0, "RemoveIf after Load");
  Table& t = *table_;
  size_t removed = 0;
  for (size_t id = 0; id < t.entries.size(); ++id) {
    Table::Entry& e = t.entries[id];
    if (!e.live || !pred(e.key, e.value)) continue;
    t.Touch(static_cast<uint32_t>(id));
    e.live = false;
    e.value = std::string();
    ++removed;
  }
  live_keys_ -= removed;
  return removed;
}

void StateStore::ForEach(
    const std::function<void(std::string_view, const std::string&)>& fn) const {
  for (size_t id = 0; id < table_->entries.size(); ++id) {
    const Table::Entry& e = table_->entries[id];
    if (e.live) fn(e.key, e.value);
  }
}

void StateStore::Abort() {
  Table& t = *table_;
  for (const uint32_t id : t.touched) {
    Table::Entry& e = t.entries[id];
    if (!e.in_base) {
      t.Drop(id);
      continue;
    }
    e.value.swap(t.BaseValue(e));
    e.live = true;
  }
  t.EndBatch();
  live_keys_ = base_keys_;
}

Result<StateStore::Files> StateStore::ListFiles() {
  Files files;
  auto names = fs_->ListDir(dir_);
  if (!names.ok()) {
    if (names.status().code() == StatusCode::kNotFound) return files;
    return names.status();
  }
  for (const std::string& name : names.value()) {
    if (auto parsed = ParseStateFileName(name)) {
      (parsed->second ? files.snapshots : files.deltas).push_back(parsed->first);
    }
  }
  std::sort(files.deltas.begin(), files.deltas.end());
  std::sort(files.snapshots.begin(), files.snapshots.end());
  return files;
}

Status StateStore::Load(int64_t version) {
  SLUICE_CHECK(version >= 0, "state versions are non-negative");
  Abort();
  if (version == version_) return Status::Ok();
  return LoadFromFiles(version);
}

Result<int64_t> StateStore::NewestVersionOnDisk() {
  SLUICE_ASSIGN_OR_RETURN(Files files, ListFiles());
  return files.deltas.empty() ? int64_t{0} : files.deltas.back();
}

Status StateStore::LoadFromFiles(int64_t version) {
  table_->Clear();
  live_keys_ = 0;
  base_keys_ = 0;
  base_bytes_ = 0;
  version_ = -1;
  snapshots_known_ = false;
  SLUICE_ASSIGN_OR_RETURN(Files files, ListFiles());
  stale_files_possible_ = true;
  int64_t from = 0;
  for (int64_t v : files.snapshots) {
    if (v <= version) from = v;
  }
  if (from > 0) SLUICE_RETURN_IF_ERROR(ApplyFile(from, true));
  for (int64_t v = from + 1; v <= version; ++v) SLUICE_RETURN_IF_ERROR(ApplyFile(v, false));
  version_ = version;
  for (size_t id = 0; id < table_->entries.size(); ++id) {
    const Table::Entry& e = table_->entries[id];
    if (!e.live) continue;
    ++base_keys_;
    base_bytes_ += static_cast<int64_t>(e.key.size() + e.value.size());
  }
  live_keys_ = base_keys_;
  return Status::Ok();
}

Status StateStore::ApplyFile(int64_t version, bool snapshot) {
  const std::string path = PathOf(version, snapshot);
  auto bytes = fs_->ReadFile(path);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("state file " + path + " does not exist in " + fs_->Describe() +
                              ": cannot rebuild state version " + std::to_string(version) +
                              ". Restore the file, or start the query with a new checkpoint");
    }
    return bytes.status().WithContext("reading state file " + path);
  }
  Table& t = *table_;
  const Status decoded = DecodeStateFile(
      bytes.value(), snapshot, version, [&](std::string_view key, const std::string_view* value) {
        if (value != nullptr) {
          Table::Entry& e = t.entries[t.FindOrAdd(key)];
          e.value.assign(*value);
          e.live = true;
        } else if (const std::optional<uint32_t> id = t.FindId(key)) {
          t.Drop(*id);
        }
      });
  if (!decoded.ok()) {
    return Status::Corruption("state file " + path + " in " + fs_->Describe() + " is corrupt (" +
                              decoded.message() +
                              "): restore it, or start the query with a new checkpoint");
  }
  return Status::Ok();
}

void StateStore::PrefetchSlot(const HashedKey& key) const { table_->index.PrefetchSlot(key.hash_); }

void StateStore::PrefetchEntry(const HashedKey& key) const {
  if (const std::optional<uint32_t> id = table_->index.Candidate(key.hash_)) {
    PrefetchForRead(&table_->entries[*id]);
  }
}

void StateStore::PrefetchValue(const HashedKey& key) const {
  if (const std::optional<uint32_t> id = table_->index.Candidate(key.hash_)) {
    PrefetchForRead(table_->entries[*id].value.data());
  }
}

Status StateStore::Commit() {
  SLUICE_CHECK(version_ >= 0, "Commit after Load");
  if (!dir_durable_) {
    SLUICE_RETURN_IF_ERROR(fs_->CreateDirs(dir_));
    // Each new name is durable once its parent directory is synced: the root, then down.
    for (std::string d = dir_;; d = ParentDir(d)) {
      SLUICE_RETURN_IF_ERROR(fs_->SyncDir(ParentDir(d)));
      if (ParentDir(d).empty()) break;
    }
    dir_durable_ = true;
  }
  Table& t = *table_;
  // In id order: the entries are read in memory order, and the file's order is the store's own.
  const std::vector<uint32_t> ids = t.TouchedInIdOrder();
  const int64_t next = version_ + 1;
  if (stale_files_possible_) {
    // Files of newer versions come from a batch that never committed; this batch replaces them.
    SLUICE_ASSIGN_OR_RETURN(Files stale, ListFiles());
    for (int64_t v : stale.deltas) {
      if (v >= next) SLUICE_RETURN_IF_ERROR(Removed(fs_, PathOf(v, false)));
    }
    for (int64_t v : stale.snapshots) {
      if (v >= next) SLUICE_RETURN_IF_ERROR(Removed(fs_, PathOf(v, true)));
    }
    stale_files_possible_ = false;
  }
  // Written a piece at a time as it is encoded: the file is never whole in memory, so a large
  // state's commit takes no memory of the file's size (window_1m's peak RSS rose 40 MB when a
  // whole file's buffer was kept from batch to batch).
  Table::Tally tally;
  SLUICE_RETURN_IF_ERROR(publisher_.Publish(PathOf(next, false), [&](const PieceWrite& write) {
    tally = Table::Tally();
    return t.Write(false, next, ids, write, &tally);
  }));
  // The written entries become the version's as they are: only the removed ones are visited.
  base_keys_ = base_keys_ - t.written_loaded_keys + tally.live_keys;
  base_bytes_ += tally.live_bytes - t.written_loaded_bytes;
  for (const uint32_t id : tally.removed) {
    // A removed key's loaded value goes with it: kept in the pool, it would outlive the key
    // until a later batch rewrites as many stored keys as this one removed.
    const Table::Entry& e = t.entries[id];
    if (e.in_base) std::string().swap(t.BaseValue(e));
  }
  t.DropAll(tally.removed);
  t.EndBatch();
  version_ = next;
  live_keys_ = base_keys_;
  return Status::Ok();
}

Status StateStore::Maintain(int64_t retain) {
  SLUICE_CHECK(retain >= 1, "retain at least one version");
  SLUICE_CHECK(table_->touched.empty(), "maintenance runs between batches");
  if (version_ <= 0) return Status::Ok();
  // The directory is listed once, then only when a cleanup is due: most batches cost no I/O.
  if (!snapshots_known_) {
    SLUICE_ASSIGN_OR_RETURN(Files files, ListFiles());
    snapshots_ = files.snapshots;
    snapshots_known_ = true;
    cleaned_through_ = 0;
  }
  const int64_t last_snapshot = snapshots_.empty() ? 0 : snapshots_.back();
  if (version_ - last_snapshot >= options_.snapshot_interval && last_snapshot != version_) {
    std::vector<uint32_t> live;
    live.reserve(base_keys_);
    for (size_t id = 0; id < table_->entries.size(); ++id) {
      if (table_->entries[id].live) live.push_back(static_cast<uint32_t>(id));
    }
    SLUICE_RETURN_IF_ERROR(publisher_.Publish(PathOf(version_, true), [&](const PieceWrite& write) {
      return table_->Write(true, version_, live, write, nullptr);
    }));
    snapshots_.push_back(version_);
  }
  // Rebuilding the oldest retained version needs its newest snapshot at or below it and the
  // deltas after that snapshot; everything older can go.
  const int64_t oldest = version_ + 1 - retain;
  int64_t base_snapshot = 0;
  for (int64_t v : snapshots_) {
    if (v <= oldest) base_snapshot = v;
  }
  if (base_snapshot <= cleaned_through_) return Status::Ok();
  SLUICE_ASSIGN_OR_RETURN(Files files, ListFiles());
  for (int64_t v : files.snapshots) {
    if (v < base_snapshot) SLUICE_RETURN_IF_ERROR(Removed(fs_, PathOf(v, true)));
  }
  for (int64_t v : files.deltas) {
    if (v <= base_snapshot) SLUICE_RETURN_IF_ERROR(Removed(fs_, PathOf(v, false)));
  }
  snapshots_.erase(snapshots_.begin(),
                   std::lower_bound(snapshots_.begin(), snapshots_.end(), base_snapshot));
  cleaned_through_ = base_snapshot;
  return Status::Ok();
}

}  // namespace sluice::storage
