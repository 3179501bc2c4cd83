// Listing a file source's folder: the leaf files under it, as Spark's InMemoryFileIndex lists
// them for a streaming file source.
//
// Rules: every sub-folder is walked; names starting with '.' or with '_' (unless they hold '=',
// a partition folder), and names ending with `._COPYING_`, are hidden, files and folders alike;
// `pathGlobFilter` (a Hadoop glob: * ? [..] {a,b}) is matched against file names only. Files come
// in path order. A folder that cannot be listed is an error naming it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/file_system.h"

namespace sluice::connectors::files {

struct ListedFile {
  std::string path;  // relative to the file system's root
  int64_t modified_ms = 0;
  int64_t size_bytes = 0;
  bool operator==(const ListedFile&) const = default;
};

// A Hadoop glob over file names; InvalidArgument naming the option for a malformed one.
class NameGlob {
 public:
  static Result<NameGlob> Parse(const std::string& glob);
  bool Matches(const std::string& name) const;

 private:
  std::string pattern_;  // fnmatch's extended form: {a,b} becomes @(a|b)
};

Result<std::vector<ListedFile>> ListLeafFiles(storage::FileSystem* fs, const std::string& dir,
                                              const std::optional<NameGlob>& name_filter);

}  // namespace sluice::connectors::files
