#include "connectors/files/seen_files.h"

#include <limits>

#include "connectors/files/file_uri.h"

namespace sluice::connectors::files {

std::string SeenFiles::KeyOf(const std::string& uri) const {
  return file_name_only_ ? FileNameOfUri(uri) : uri;
}

void SeenFiles::Add(const std::string& uri, int64_t modified_ms) {
  seen_[KeyOf(uri)] = modified_ms;
  if (modified_ms > latest_ms_) latest_ms_ = modified_ms;
}

bool SeenFiles::IsNew(const std::string& uri, int64_t modified_ms) const {
  return modified_ms >= purge_threshold_ms_ && !seen_.contains(KeyOf(uri));
}

int SeenFiles::Purge() {
  // Saturating: an age of Long.MAX (latestFirst with a limit) keeps everything.
  const __int128 threshold = static_cast<__int128>(latest_ms_) - max_age_ms_;
  purge_threshold_ms_ = threshold < std::numeric_limits<int64_t>::min()
                            ? std::numeric_limits<int64_t>::min()
                            : static_cast<int64_t>(threshold);
  int forgotten = 0;
  for (auto it = seen_.begin(); it != seen_.end();) {
    if (it->second < purge_threshold_ms_) {
      it = seen_.erase(it);
      ++forgotten;
    } else {
      ++it;
    }
  }
  return forgotten;
}

}  // namespace sluice::connectors::files
