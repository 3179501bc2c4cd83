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

Result<__int128> SourceOptions::TakeMicros(const std::string& name, const std::string& value,
                                           int64_t bare_unit_us) const {
  const size_t first = value.find_first_not_of(" \t\n\r");
  const size_t last = value.find_last_not_of(" \t\n\r");
  const std::string text = first == std::string::npos ? "" : value.substr(first, last - first + 1);
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  std::string unit(end, text.data() + text.size());
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Microseconds per unit.
  static const std::map<std::string, int64_t> kUnits = {
      {"us", 1},         {"ms", 1000},        {"s", 1000000},      {"m", 60000000},
      {"min", 60000000}, {"h", 3600000000LL}, {"d", 86400000000LL}};
  auto u = kUnits.find(unit);
  if (ec != std::errc() || end == text.data() || (!unit.empty() && u == kUnits.end())) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "' for option '" + name +
                                   "': not a duration (a number with us, ms, s, m, min, h or d)");
  }
  return static_cast<__int128>(n) * (unit.empty() ? bare_unit_us : u->second);
}

Result<int64_t> SourceOptions::TakeSeconds(const std::string& name, int64_t fallback,
                                           const std::string& negative_rule) {
  const std::optional<std::string> given = Take(name);
  if (!given) return fallback;
  SLUICE_ASSIGN_OR_RETURN(__int128 micros, TakeMicros(name, *given, 1000000));
  // Converted first, as Spark's timeStringAs: "-900ms" is 0 seconds, and not negative.
  const __int128 seconds = micros / 1000000;
  if (seconds < 0) {
    return Status::InvalidArgument(what_ + ": invalid value '" + *given + "'. The option '" + name +
                                   "' " + negative_rule);
  }
  if (seconds > std::numeric_limits<int64_t>::max()) {
    return Status::InvalidArgument(what_ + ": invalid value '" + *given + "' for option '" + name +
                                   "': too long");
  }
  return static_cast<int64_t>(seconds);
}

Result<int64_t> SourceOptions::TakeMillis(const std::string& name, int64_t fallback) {
  const std::optional<std::string> given = Take(name);
  if (!given) return fallback;
  SLUICE_ASSIGN_OR_RETURN(__int128 micros, TakeMicros(name, *given, 1000));
  const __int128 millis = micros / 1000;
  if (millis < 0 || millis > std::numeric_limits<int64_t>::max()) {
    return Status::InvalidArgument(what_ + ": invalid value '" + *given + "' for option '" + name +
                                   "': " + (millis < 0 ? "negative" : "too long"));
  }
  return static_cast<int64_t>(millis);
}

Result<std::optional<int64_t>> SourceOptions::TakeCount(const std::string& name, int64_t min,
                                                        bool is_long, const std::string& what) {
  const std::optional<std::string> given = Take(name);
  if (!given) return std::optional<int64_t>();
  const std::string& value = *given;
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  const int64_t max = is_long ? std::numeric_limits<int64_t>::max() : INT32_MAX;
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return Status::InvalidArgument(what_ + ": invalid value '" + value + "' for option '" + name +
                                   "', must be a " + what);
  }
  return std::optional<int64_t>(n);
}

Result<bool> SourceOptions::TakeBool(const std::string& name, bool fallback) {
  const std::optional<std::string> given = Take(name);
  if (!given) return fallback;
  const std::string value = Lower(*given);
  if (value == "true") return true;
  if (value == "false") return false;
  return Status::InvalidArgument(what_ + ": invalid value '" + *given + "' for option '" + name +
                                 "', must be 'true' or 'false'");
}

Status SourceOptions::Finish(const std::vector<std::string>& known) const {
  if (options_.empty()) return Status::Ok();
  std::string list;
  for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
  return Status::InvalidArgument(what_ + ": unknown option '" + options_.begin()->second.first +
                                 "' (it takes " + list + ")");
}

}  // namespace sluice::connectors::files
