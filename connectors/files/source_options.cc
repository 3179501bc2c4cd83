#include "connectors/files/source_options.h"

#include <cctype>
#include <charconv>
#include <limits>

namespace sluice::connectors::files {

std::string SourceOptions::Lower(std::string_view name) {
  std::string out(name);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

SourceOptions::SourceOptions(std::string what, const std::map<std::string, std::string>& options)
    : what_(std::move(what)) {
  for (const auto& [key, value] : options) options_[Lower(key)] = {key, value};
}

std::optional<std::string> SourceOptions::Take(const std::string& name) {
  auto it = options_.find(Lower(name));
  if (it == options_.end()) return std::nullopt;
  std::string value = it->second.second;
  options_.erase(it);
  return value;
}

Result<int64_t> SourceOptions::TakeInteger(const std::string& name, int64_t fallback, int64_t min,
                                           int64_t max, const std::string& rule) {
  const std::optional<std::string> given = Take(name);
  if (!given) return fallback;
  const std::string& value = *given;
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

Result<int64_t> SourceOptions::TakeSeconds(const std::string& name, int64_t fallback,
                                           const std::string& negative_rule) {
  const std::optional<std::string> given = Take(name);
  if (!given) return fallback;
  const std::string& value = *given;
  const size_t first = value.find_first_not_of(" \t\n\r");
  const size_t last = value.find_last_not_of(" \t\n\r");
  const std::string text = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Microseconds per unit; seconds without one.
  static const std::map<std::string, int64_t> kUnits = {
      {"", 1000000},   {"us", 1},         {"ms", 1000},        {"s", 1000000},
      {"m", 60000000}, {"min", 60000000}, {"h", 3600000000LL}, {"d", 86400000000LL}};
  auto u = kUnits.find(unit);
  if (ec != std::errc() || end == text.data() || u == kUnits.end()) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "' for option '" + name +
                                   "': not a duration (a number with us, ms, s, m, min, h or d)");
  }
  // Converted first, as Spark's timeStringAs: "-900ms" is 0 seconds, and not negative.
  const __int128 micros = static_cast<__int128>(n) * u->second;
  const __int128 seconds = micros / 1000000;
  if (seconds < 0) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "'. The option '" + name +
                                   "' " + negative_rule);
  }
  if (seconds > std::numeric_limits<int64_t>::max()) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "' for option '" + name +
                                   "': too long");
  }
  return static_cast<int64_t>(seconds);
}

Status SourceOptions::Finish(const std::vector<std::string>& known) const {
  if (options_.empty()) return Status::Ok();
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return Status::InvalidArgument(what_ + ": unknown option '" + options_.begin()->second.first +
                                 "' (it takes " + list + ")");
}

}  // namespace sluice::connectors::files
