// AtomicPublisher: makes one checkpoint entry durable by stepping the atomic-publish machine
// (spec/atomic_publish_machine.h): write a temporary file, sync it, rename it to its final name
// without replacing anything, sync the directory.
//
// Rules: an existing final name is never overwritten; it means another writer, and Publish fails
// with kAlreadyExists and a message that says so. The temporary file is `.<name>.tmp` in the same
// directory; readers ignore such names, and a leftover one is simply rewritten.
#pragma once

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

  // REQUIRES: the parent directory of `path` exists and is durable.
  Status Publish(const std::string& path, std::string_view bytes);

  static std::string TempPathFor(const std::string& path);

 private:
  FileSystem* fs_;
  const spec::MachineTable<spec::atomic_publish::State, spec::atomic_publish::Event>* table_;
  spec::TransitionListener* listener_;
};

}  // namespace sluice::storage
