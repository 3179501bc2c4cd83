#include "storage/state_store.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <map>

#include "sim/sim_disk.h"
#include "storage/entry_codec.h"
#include "storage/posix_file_system.h"
#include "storage/state_file.h"
#include "tests/support/temp_dir_test.h"

namespace sluice::storage {
namespace {

constexpr const char* kDir = "state/0/3";

StateStore MakeStore(FileSystem* fs, int64_t snapshot_interval = 10) {
  return StateStore(fs, spec::kStandardProtocol, nullptr, kDir,
                    StateStoreOptions{snapshot_interval});
}

using StateStoreOnDisk = sluice::testing::TempDirTest;

// Loads version 0, then commits version 1: keys "key-<i>" holding "<i>", for i below `keys`.
::testing::AssertionResult CommitNumberedKeys(StateStore& store, int keys) {
  if (!store.Load(0).ok()) return ::testing::AssertionFailure() << "Load(0) failed";
  for (int i = 0; i < keys; ++i) store.Put("key-" + std::to_string(i), std::to_string(i));
  const Status committed = store.Commit();
  if (!committed.ok()) return ::testing::AssertionFailure() << committed.message();
  return ::testing::AssertionSuccess();
}

std::map<std::string, std::string> Contents(const StateStore& store) {
  std::map<std::string, std::string> out;
  store.ForEach([&](std::string_view k, const std::string& v) { out[std::string(k)] = v; });
  return out;
}

TEST(StateStore, WritesAreInvisibleUntilCommit) {
  sim::SimDisk disk;
  StateStore writer = MakeStore(&disk);
  ASSERT_TRUE(writer.Load(0).ok());
  writer.Put("a", "1");
  writer.Put("b", "2");
  EXPECT_EQ(*writer.Get("a"), "1");     // the batch sees its own writes
  for (const char* key : {"a", "c"}) {  // hints: they neither add nor change a key
    writer.PrefetchSlot(writer.Hash(key));
    writer.PrefetchEntry(writer.Hash(key));
    writer.PrefetchValue(writer.Hash(key));
  }
  EXPECT_EQ(writer.Get("c"), nullptr);
  EXPECT_EQ(writer.NumKeys(), 2u);
  StateStore reader = MakeStore(&disk);
  EXPECT_FALSE(reader.Load(1).ok());  // version 1 does not exist yet
  ASSERT_TRUE(writer.Commit().ok());
  EXPECT_EQ(writer.version(), 1);
  StateStore reader2 = MakeStore(&disk);
  ASSERT_TRUE(reader2.Load(1).ok());
  EXPECT_EQ(Contents(reader2), (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

// A checkpoint written before format 2 holds format 1 files: a store loads them, writes its next
// delta in format 2, and a reader takes the mix of both.
TEST(StateStore, AFormat1CheckpointLoadsAndGoesOnInFormat2) {
  sim::SimDisk disk;
  ASSERT_TRUE(disk.CreateDirs(kDir).ok());
  // 1.delta in format 1: put "a" -> "1", put "b" -> "2".
  std::string v1 = std::string(
                       "SLST\x01"
                       "D",
                       6) +
                   std::string("\x01\0\0\0\0\0\0\0", 8) +
                   std::string(
                       "\x01\x01\0\0\0a\x01\0\0\0"
                       "1",
                       11) +
                   std::string(
                       "\x01\x01\0\0\0b\x01\0\0\0"
                       "2",
                       11) +
                   std::string(1, '\0') + std::string("\x02\0\0\0\0\0\0\0", 8);
  const uint32_t crc = Crc32c(v1);
  for (int i = 0; i < 4; ++i) v1.push_back(static_cast<char>(crc >> (8 * i)));
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(disk.WriteFile(store.PathOf(1, false), v1).ok());
  ASSERT_TRUE(store.Load(1).ok());
  EXPECT_EQ(Contents(store), (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
  store.Remove("a");
  store.Put("c", "3");
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_EQ(disk.ReadFile(store.PathOf(2, false)).value()[4], 2);  // the new delta's format
  StateStore reader = MakeStore(&disk);
  ASSERT_TRUE(reader.Load(2).ok());
  EXPECT_EQ(Contents(reader), (std::map<std::string, std::string>{{"b", "2"}, {"c", "3"}}));
}

TEST(StateStore, PutIfAbsentWritesOnlyAKeyWithoutAValue) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(store.Load(0).ok());
  store.Put("old", "1");
  store.Put("gone", "2");
  ASSERT_TRUE(store.Commit().ok());  // version 1: old=1, gone=2
  store.Remove("gone");
  EXPECT_FALSE(store.PutIfAbsent("old", "x"));
  EXPECT_TRUE(store.PutIfAbsent("new", "3"));
  EXPECT_FALSE(store.PutIfAbsent("new", "y"));
  EXPECT_TRUE(store.PutIfAbsent("gone", "4"));  // removed in this batch: absent
  EXPECT_EQ(store.NumKeys(), 3u);
  ASSERT_TRUE(store.Commit().ok());
  StateStore reader = MakeStore(&disk);
  ASSERT_TRUE(reader.Load(2).ok());
  EXPECT_EQ(Contents(reader),
            (std::map<std::string, std::string>{{"gone", "4"}, {"new", "3"}, {"old", "1"}}));
  // Only the keys it wrote are in version 2's delta: an Abort of a batch that wrote nothing
  // but found "old" leaves it as it was.
  EXPECT_FALSE(reader.PutIfAbsent("old", "z"));
  reader.Abort();
  EXPECT_EQ(*reader.Get("old"), "1");
}

TEST(StateStore, AbortDropsTheBatchAndEarlierVersionsStayReadable) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(store.Load(0).ok());
  store.Put("k", "v1");
  ASSERT_TRUE(store.Commit().ok());  // version 1
  store.Put("k", "v2");
  store.Remove("k");
  store.Abort();
  EXPECT_EQ(*store.Get("k"), "v1");
  store.Remove("k");
  ASSERT_TRUE(store.Commit().ok());  // version 2
  EXPECT_EQ(store.NumKeys(), 0u);
  StateStore old = MakeStore(&disk);
  ASSERT_TRUE(old.Load(1).ok());
  EXPECT_EQ(*old.Get("k"), "v1");
}

TEST(StateStore, ARerunReplacesTheVersionsOfAnUncommittedBatch) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(store.Load(0).ok());
  store.Put("a", "1");
  ASSERT_TRUE(store.Commit().ok());
  store.Put("a", "2");
  ASSERT_TRUE(store.Commit().ok());  // version 2, whose batch "did not commit"
  StateStore rerun = MakeStore(&disk);
  ASSERT_TRUE(rerun.Load(1).ok());
  EXPECT_TRUE(disk.Exists(rerun.PathOf(2, false)).value());  // loading changes nothing
  rerun.Put("a", "3");
  ASSERT_TRUE(rerun.Commit().ok());  // the re-run publishes version 2 again
  StateStore check = MakeStore(&disk);
  ASSERT_TRUE(check.Load(2).ok());
  EXPECT_EQ(*check.Get("a"), "3");
}

TEST(StateStore, SnapshotsAndCleanupKeepEveryRetainedVersionReadable) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk, /*snapshot_interval=*/3);
  ASSERT_TRUE(store.Load(0).ok());
  for (int v = 1; v <= 10; ++v) {
    store.Put("key" + std::to_string(v % 4), std::to_string(v));
    ASSERT_TRUE(store.Commit().ok());
    ASSERT_TRUE(store.Maintain(/*retain=*/2).ok());
  }
  // Snapshots at 3, 6, 9; versions 9 and 10 are retained, so 9.snapshot and 10.delta suffice.
  EXPECT_TRUE(disk.Exists(store.PathOf(9, true)).value());
  EXPECT_FALSE(disk.Exists(store.PathOf(6, true)).value());
  EXPECT_FALSE(disk.Exists(store.PathOf(8, false)).value());
  for (int64_t v : {9, 10}) {
    StateStore reader = MakeStore(&disk);
    ASSERT_TRUE(reader.Load(v).ok()) << v;
    EXPECT_EQ(*reader.Get("key" + std::to_string(v % 4)), std::to_string(v));
  }
  StateStore gone = MakeStore(&disk);
  Status st = gone.Load(7);
  EXPECT_EQ(st.code(), StatusCode::kNotFound);
  EXPECT_NE(st.message().find("state/0/3/1.delta"), std::string::npos) << st.message();
}

TEST(StateStore, ACorruptOrForeignFileIsAnErrorNamingIt) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(store.Load(0).ok());
  store.Put("a", "1");
  ASSERT_TRUE(store.Commit().ok());
  std::string bytes = disk.ReadFile(store.PathOf(1, false)).value();
  bytes[bytes.size() / 2] ^= 0x20;
  disk.PutDurable(store.PathOf(1, false), bytes);
  StateStore reader = MakeStore(&disk);
  Status st = reader.Load(1);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("state/0/3/1.delta"), std::string::npos) << st.message();
  disk.PutDurable(store.PathOf(1, false), "");
  EXPECT_EQ(MakeStore(&disk).Load(1).code(), StatusCode::kCorruption);
}

// On the real disk a delta is written a piece at a time; on the simulated disk it is gathered
// whole (FileSystem's default). Both give the same bytes, and the state reads back.
TEST_F(StateStoreOnDisk, TheRealDiskGetsTheBytesTheSimulatedOneDoes) {
  PosixFileSystem real(dir_.string());
  sim::SimDisk simulated;
  StateStore on_real = MakeStore(&real);
  StateStore on_sim = MakeStore(&simulated);
  for (StateStore* store : {&on_real, &on_sim}) {
    ASSERT_TRUE(CommitNumberedKeys(*store, 90000));
    for (int i = 0; i < 90000; i += 3) store->Remove("key-" + std::to_string(i));
    ASSERT_TRUE(store->Commit().ok());
  }
  for (const int64_t version : {1, 2}) {
    const std::string path = on_real.PathOf(version, false);
    const std::string bytes = real.ReadFile(path).value();
    EXPECT_GT(bytes.size(), StateFileWriter::kPieceBytes);
    EXPECT_EQ(bytes, simulated.ReadFile(path).value()) << path;
  }
  StateStore reader = MakeStore(&real);
  ASSERT_TRUE(reader.Load(2).ok());
  EXPECT_EQ(reader.NumKeys(), 60000u);
  EXPECT_EQ(Contents(reader), Contents(on_sim));
}

// Counts the writes it is asked for, overriding WriteFile only, as the simulator's wrappers do.
class WriteRecorder : public FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  Status WriteFile(const std::string& path, std::string_view data) override {
    writes.push_back(path);
    return target()->WriteFile(path, data);
  }
  std::vector<std::string> writes;
};

// A file written in many pieces is one write to a wrapper: the simulator's crash points and
// injected faults see each state file whole.
TEST(StateStore, AWrapperSeesAStateFileAsOneWrite) {
  sim::SimDisk disk;
  WriteRecorder fs(&disk);
  StateStore store = MakeStore(&fs);
  ASSERT_TRUE(CommitNumberedKeys(store, 60000));
  EXPECT_EQ(fs.writes,
            std::vector<std::string>{AtomicPublisher::TempPathFor(store.PathOf(1, false))});
  EXPECT_GT(disk.ReadFile(store.PathOf(1, false)).value().size(), StateFileWriter::kPieceBytes);
}

// A store numbers its batches in 16 bits (an entry is written in this batch if it carries its
// number). When the numbers wrap, a key last written 65535 batches ago must not pass for one
// written in this batch: its write would be left out of the delta.
TEST(StateStore, AKeyWrittenLongAgoIsWrittenAgainAfterTheBatchNumbersWrap) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk, 1 << 30);
  ASSERT_TRUE(store.Load(0).ok());
  store.Put("old", "first");
  store.Put("tick", "0");
  ASSERT_TRUE(store.Commit().ok());  // batch 1: "old" last written here
  constexpr int kBatchesToTheWrap = 65534;
  for (int v = 1; v <= kBatchesToTheWrap; ++v) {
    store.Put("tick", std::to_string(v));
    ASSERT_TRUE(store.Commit().ok());
  }
  store.Put("old", "again");  // in batch 1 once more
  ASSERT_TRUE(store.Commit().ok());
  StateStore reader = MakeStore(&disk, 1 << 30);
  ASSERT_TRUE(reader.Load(store.version()).ok());
  ASSERT_NE(reader.Get("old"), nullptr);
  EXPECT_EQ(*reader.Get("old"), "again");
  EXPECT_EQ(*reader.Get("tick"), std::to_string(kBatchesToTheWrap));
}

// Fails every write, sync and rename from a chosen one on (counted from when it is armed).
class FailingFrom : public FileSystemWrapper {
 public:
  using FileSystemWrapper::FileSystemWrapper;
  void Arm(int first_failing_op) {
    ops_ = 0;
    first_failing_ = first_failing_op;
  }
  Status WriteFile(const std::string& p, std::string_view d) override {
    return Next() ? Status::IoError("injected") : target()->WriteFile(p, d);
  }
  Status SyncFile(const std::string& p) override {
    return Next() ? Status::IoError("injected") : target()->SyncFile(p);
  }
  Status RenameNoReplace(const std::string& f, const std::string& t) override {
    return Next() ? Status::IoError("injected") : target()->RenameNoReplace(f, t);
  }
  Status SyncDir(const std::string& d) override {
    return Next() ? Status::IoError("injected") : target()->SyncDir(d);
  }

 private:
  bool Next() { return first_failing_ > 0 && ++ops_ >= first_failing_; }
  int ops_ = 0;
  int first_failing_ = 0;
};

// A commit whose publish fails at any of its steps (the write, the file's sync, the rename, the
// directory's sync), then Abort, leaves the loaded version: its keys, values, count and size.
TEST(StateStore, AbortAfterAFailedCommitLeavesTheLoadedVersion) {
  for (int failing_op = 1; failing_op <= 4; ++failing_op) {
    sim::SimDisk disk;
    FailingFrom fs(&disk);
    StateStore store = MakeStore(&fs);
    ASSERT_TRUE(CommitNumberedKeys(store, 1000));
    StateStore reader = MakeStore(&disk);
    ASSERT_TRUE(reader.Load(1).ok());
    store.Put("key-1", "changed");
    store.Remove("key-2");
    store.Put("new", "1");
    const std::string* old = nullptr;
    *store.Upsert("key-3", &old) = "upserted";
    store.RemoveIf([](std::string_view key, const std::string&) { return key.ends_with("7"); });
    fs.Arm(failing_op);
    EXPECT_FALSE(store.Commit().ok()) << failing_op;
    fs.Arm(0);
    store.Abort();
    EXPECT_EQ(store.version(), 1) << failing_op;
    EXPECT_EQ(Contents(store), Contents(reader)) << failing_op;
    EXPECT_EQ(store.NumKeys(), reader.NumKeys()) << failing_op;
    EXPECT_EQ(store.MemoryBytes(), reader.MemoryBytes()) << failing_op;
  }
}

TEST(StateStore, HoldsAMillionLiveKeys) {
  sim::SimDisk disk;
  StateStore store = MakeStore(&disk);
  ASSERT_TRUE(store.Load(0).ok());
  constexpr int kKeys = 1000000;
  for (int i = 0; i < kKeys; ++i) store.Put("key-" + std::to_string(i), std::to_string(i * 7));
  ASSERT_TRUE(store.Commit().ok());
  EXPECT_EQ(store.NumKeys(), static_cast<size_t>(kKeys));
  StateStore reader = MakeStore(&disk);
  ASSERT_TRUE(reader.Load(1).ok());
  EXPECT_EQ(reader.NumKeys(), static_cast<size_t>(kKeys));
  EXPECT_EQ(*reader.Get("key-999999"), std::to_string(999999 * 7));
  // A small delta after a large one.
  store.Put("key-1", "one");
  ASSERT_TRUE(store.Commit().ok());
  ASSERT_TRUE(reader.Load(2).ok());
  EXPECT_EQ(reader.NumKeys(), static_cast<size_t>(kKeys));
  EXPECT_EQ(*reader.Get("key-1"), "one");
}

// The store against a model: a map per committed version. Every step is an explicit command, so
// a failure shrinks to the shortest sequence of puts, writes in place, removes, commits, aborts,
// reloads, evictions and maintenance runs that shows it.
RC_GTEST_PROP(StateStoreModel, EveryVersionReadsBackAsCommitted, ()) {
  sim::SimDisk disk;
  const int64_t interval = *rc::gen::inRange<int64_t>(1, 4);
  const int64_t retain = *rc::gen::inRange<int64_t>(1, 4);
  StateStore store = MakeStore(&disk, interval);
  RC_ASSERT(store.Load(0).ok());
  std::vector<std::map<std::string, std::string>> versions{{}};
  std::map<std::string, std::string> pending;
  const auto ops = *rc::gen::container<std::vector<int>>(rc::gen::inRange(0, 9));
  // Few keys, so that keys are written again and again; or many (op 8 writes them all), so that a
  // commit's removes are few beside the keys held (Commit then erases them one by one, not in one
  // pass).
  const int keys = *rc::gen::element(5, 300);
  for (int op : ops) {
    const std::string key = "k" + std::to_string(*rc::gen::inRange(0, keys));
    switch (op) {
      case 0:
      case 1: {
        const std::string value = std::to_string(*rc::gen::inRange(0, 100));
        store.Put(key, value);
        pending[key] = value;
        break;
      }
      case 2:
        store.Remove(key);
        pending.erase(key);
        break;
      case 3: {
        RC_ASSERT(store.Commit().ok());
        versions.push_back(pending);
        RC_ASSERT(store.Maintain(retain).ok());
        // The size a commit keeps count of is what a store that reads the version counts.
        StateStore reader = MakeStore(&disk, interval);
        RC_ASSERT(reader.Load(store.version()).ok());
        RC_ASSERT(store.MemoryBytes() == reader.MemoryBytes());
        break;
      }
      case 4:
        store.Abort();
        pending = versions.back();
        break;
      case 5: {  // a restart: a new store object reads the newest retained version from files
        store = MakeStore(&disk, interval);
        const int64_t v = static_cast<int64_t>(versions.size()) - 1;
        RC_ASSERT(store.Load(v).ok());
        pending = versions.back();
        break;
      }
      case 7: {  // a write in place: an aggregation's update of its group
        const std::string* old = nullptr;
        std::string* value = store.Upsert(key, &old);
        RC_ASSERT((old != nullptr) == pending.contains(key));
        if (old != nullptr) RC_ASSERT(*old == pending[key]);
        RC_ASSERT(old == value || value->empty());
        *value = std::to_string(*rc::gen::inRange(0, 100));
        pending[key] = *value;
        break;
      }
      case 8:  // a batch of many new groups: every key
        for (int k = 0; k < keys; ++k) {
          store.Put("k" + std::to_string(k), "1");
          pending["k" + std::to_string(k)] = "1";
        }
        break;
      case 6: {  // eviction: remove every key whose value is even
        const auto even = [](const std::string& v) { return std::stoi(v) % 2 == 0; };
        const size_t removed =
            store.RemoveIf([&](std::string_view, const std::string& v) { return even(v); });
        RC_ASSERT(removed == static_cast<size_t>(std::erase_if(
                                 pending, [&](const auto& kv) { return even(kv.second); })));
        break;
      }
    }
    RC_ASSERT(Contents(store) == pending);
    RC_ASSERT(store.NumKeys() == pending.size());
  }
  const int64_t newest = static_cast<int64_t>(versions.size()) - 1;
  for (int64_t v = std::max<int64_t>(0, newest + 1 - retain); v <= newest; ++v) {
    StateStore reader = MakeStore(&disk, interval);
    RC_ASSERT(reader.Load(v).ok());
    RC_ASSERT(Contents(reader) == versions[v]);
  }
}

}  // namespace
}  // namespace sluice::storage
