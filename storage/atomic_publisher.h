// AtomicPublisher: makes one checkpoint entry durable by stepping the atomic-publish machine
// (spec/atomic_publish_machine.h): write a temporary file, sync it, rename it to its final name
// without replacing anything, sync the directory.
//
// Rules: an existing final name is never overwritten; it means another writer, and Publish fails
// with kAlreadyExists and a message that says so. The temporary file is `.<name>.tmp` in the same
// directory; readers ignore such names, and a leftover one is simply rewritten.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "spec/protocol.h"
#include "storage/file_system.h"

namespace sluice::storage {

class AtomicPublisher {
 public:
  // REQUIRES: `fs` and `table` outlive the publisher. `listener` may be null.
  AtomicPublisher(
      FileSystem* fs,
      const spec::MachineTable<spec::atomic_publish::State, spec::atomic_publish::Event>* table,
      spec::TransitionListener* listener)
      : fs_(fs), table_(table), listener_(listener) {}

  // Runs after the temporary file is written and before it is synced: the entry's caller syncs
  // there what the entry names (a file sink's part files), so that the device writes both at
  // once and the entry's sync finds its own bytes already on their way. Its error fails the
  // publish before anything is named, as a failed sync of the temporary file does. It runs once;
  // under a table without the temporary file's sync, before the rename.
  using BeforeTempSync = std::function<Status()>;

  // REQUIRES: the parent directory of `path` exists and is durable.
  Status Publish(const std::string& path, std::string_view bytes,
                 const BeforeTempSync& before_temp_sync = nullptr);
  // The same, with the bytes made a piece at a time as they are written (FileSystem::
  // WriteFileFrom): a large entry is never held whole in memory.
  Status Publish(const std::string& path, const ByteSource& source,
                 const BeforeTempSync& before_temp_sync = nullptr);

  static std::string TempPathFor(const std::string& path);

 private:
  // Writes the temporary file from `source` when it is not null, else from `bytes`.
  Status PublishFrom(const std::string& path, std::string_view bytes, const ByteSource* source,
                     const BeforeTempSync& before_temp_sync);

  FileSystem* fs_;
  const spec::MachineTable<spec::atomic_publish::State, spec::atomic_publish::Event>* table_;
  spec::TransitionListener* listener_;
};

}  // namespace sluice::storage
