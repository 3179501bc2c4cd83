// Machine paths: how the production runtime names files to the connectors. The file connectors
// write URIs into their logs (`file:///data/in/a.json`) from paths of a file system whose root is
// the machine's `/`, so a production program gives them a PosixFileSystem rooted at `/`
// (MachineFileSystem) and paths relative to it (MachinePath).
#pragma once

#include <string>

#include "storage/posix_file_system.h"
#include "storage/status.h"

namespace sluice::runtime {

// `path` (absolute, or relative to the current folder as Spark takes it) as a path of the
// machine's root: absolute, normalized (`.` and `..` resolved, no trailing `/`), without its
// leading `/`. InvalidArgument for the root itself.
Result<std::string> MachinePath(const std::string& path);

// The file system the connectors' paths are paths of: the machine's, rooted at `/`.
class MachineFileSystem : public storage::PosixFileSystem {
 public:
  MachineFileSystem() : storage::PosixFileSystem("/") {}
};

}  // namespace sluice::runtime
