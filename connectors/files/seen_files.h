// SeenFiles: which files a file source has already taken, and from which modification time on a
// file counts as new (Spark's FileStreamSource.SeenFilesMap).
//
// Rules: a file is new when its key (its URI, or its name alone with fileNameOnly) is not seen
// and its modification time is not below the purge threshold. Purge sets that threshold to the
// newest seen time minus the maximum file age, and forgets the files below it: the age is
// measured from the files already taken, not from the clock or the latest listing. Until the
// first purge the threshold is 0 (nothing is too old).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

namespace sluice::connectors::files {

class SeenFiles {
 public:
  SeenFiles(int64_t max_age_ms, bool file_name_only)
      : max_age_ms_(max_age_ms), file_name_only_(file_name_only) {}

  void Add(const std::string& uri, int64_t modified_ms);
  bool IsNew(const std::string& uri, int64_t modified_ms) const;
  // Returns how many files were forgotten.
  int Purge();
  size_t size() const { return seen_.size(); }

 private:
  std::string KeyOf(const std::string& uri) const;

  int64_t max_age_ms_;
  bool file_name_only_;
  std::unordered_map<std::string, int64_t> seen_;  // key -> modification time, ms
  int64_t latest_ms_ = 0;
  int64_t purge_threshold_ms_ = 0;
};

}  // namespace sluice::connectors::files
