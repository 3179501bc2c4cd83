#include "engine/types/duration.h"

#include <array>
#include <charconv>
#include <utility>

namespace sluice::engine {
namespace {

constexpr auto kUnits = std::to_array<std::pair<std::string_view, Duration>>({
    {"year", Days(12 * 31)},
    {"month", Days(31)},
    {"week", Days(7)},
    {"day", Days(1)},
    {"hour", Hours(1)},
    {"minute", Minutes(1)},
    {"second", Seconds(1)},
    {"millisecond", Millis(1)},
    {"microsecond", Micros(1)},
});

std::string_view NextWord(std::string_view& rest) {
  const size_t begin = rest.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    rest = {};
    return {};
  }
  rest.remove_prefix(begin);
  const size_t end = std::min(rest.find(' '), rest.size());
  const std::string_view word = rest.substr(0, end);
  rest.remove_prefix(end);
  return word;
}

}  // namespace

Result<Duration> ParseDuration(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return Status::InvalidArgument("duration '" + std::string(text) + "': " + why +
                                   " (write it as Spark does, e.g. '10 seconds' or "
                                   "'1 minute 30 seconds')");
  };
  std::string_view rest = text;
  Duration total{0};
  int pairs = 0;
  // Bounded: each pass consumes two words of a finite string.
  while (true) {
    const std::string_view number = NextWord(rest);
    if (number.empty()) break;
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || end != number.data() + number.size()) {
      return bad("'" + std::string(number) + "' is not a whole number");
    }
    std::string_view unit = NextWord(rest);
    if (unit.empty()) return bad("the number " + std::string(number) + " has no unit");
    if (unit.size() > 1 && unit.back() == 's') unit.remove_suffix(1);
    bool known = false;
    for (const auto& [name, size] : kUnits) {
      if (name != unit) continue;
      total += n * size;
      known = true;
    }
    if (!known) return bad("unknown unit '" + std::string(unit) + "'");
    ++pairs;
  }
  if (pairs == 0) return bad("no '<number> <unit>' pair");
  return total;
}

std::string DescribeDuration(Duration d) {
  if (d.count() == 0) return "0 seconds";
  for (const auto& [name, size] : kUnits) {
    if (name == "year" || name == "month" || name == "week") continue;  // not exact in Spark
    if (d.count() % size.count() != 0) continue;
    const int64_t n = d / size;
    return std::to_string(n) + " " + std::string(name) + (n == 1 || n == -1 ? "" : "s");
  }
  return "0 microseconds";
}

}  // namespace sluice::engine
