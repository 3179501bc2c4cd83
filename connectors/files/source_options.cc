#include "connectors/files/source_options.h"

#include <charconv>

namespace sluice::connectors::files {

Result<int64_t> SourceOptions::TakeInteger(const std::string& name, int64_t fallback, int64_t min,
                                           int64_t max, const std::string& rule) {
  auto it = options_.find(name);
  if (it == options_.end()) return fallback;
  const std::string value = it->second;
  options_.erase(it);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size()) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "' for option '" + name +
                                   "': not an integer");
  }
  if (n < min || n > max) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "'. The option '" + name +
                                   "' " + rule);
  }
  return n;
}

Status SourceOptions::Finish(const std::vector<std::string>& known) const {
  if (options_.empty()) return Status::Ok();
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return Status::InvalidArgument(what_ + ": unknown option '" + options_.begin()->first +
                                 "' (it takes " + list + ")");
}

}  // namespace sluice::connectors::files
