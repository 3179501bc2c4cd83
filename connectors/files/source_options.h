// SourceOptions: a source's or sink's options (Spark's names to text values), read with Spark's
// messages for bad values, and refusing any option the reader did not take.
//
// Rules: option names are case-insensitive, as Spark's (`rowspersecond` is `rowsPerSecond`);
// each Take* removes the option it reads; Finish refuses whatever is left, naming it and the
// options the connector takes. Errors are InvalidArgument, naming the connector, the option and
// the value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/status.h"

namespace sluice::connectors::files {

class SourceOptions {
 public:
  // `what` names the connector in errors ("rate-micro-batch source").
  SourceOptions(std::string what, const std::map<std::string, std::string>& options);

  // An integer option within [min, max]; `fallback` when absent. `rule` is what Spark says of a
  // value out of range ("must be positive").
  Result<int64_t> TakeInteger(const std::string& name, int64_t fallback, int64_t min, int64_t max,
                              const std::string& rule);
  // A duration option in whole seconds, as Spark's timeStringAsSec reads it: an integer with an
  // optional unit (us, ms, s, m, min, h, d; seconds without one), cut to whole seconds ("900ms" is
  // 0); `fallback` when absent. A negative one is refused with `negative_rule`.
  Result<int64_t> TakeSeconds(const std::string& name, int64_t fallback,
                              const std::string& negative_rule);
  // A duration option in milliseconds, as Spark's timeStringAsMs reads it (the units of
  // TakeSeconds; milliseconds without one); `fallback` when absent. Negative is refused.
  Result<int64_t> TakeMillis(const std::string& name, int64_t fallback);
  // An optional count, as Spark's file source reads one: an integer in [min, INT32_MAX] (a long
  // when `is_long`), else "Invalid value 'v' for option 'name', must be a <what>".
  Result<std::optional<int64_t>> TakeCount(const std::string& name, int64_t min, bool is_long,
                                           const std::string& what);
  // A boolean option: 'true' or 'false', any case; `fallback` when absent.
  Result<bool> TakeBool(const std::string& name, bool fallback);
  // A text option as given; nullopt when absent.
  std::optional<std::string> TakeString(const std::string& name) { return Take(name); }
  // The connector, as errors name it.
  const std::string& what() const { return what_; }
  // Whether the option was given (before it is taken).
  bool Has(const std::string& name) const { return options_.count(Lower(name)) > 0; }
  // Spark's case-insensitive option key.
  static std::string Lower(std::string_view name);
  // Refuses every option not taken, naming it and `known`.
  Status Finish(const std::vector<std::string>& known) const;

 private:
  // The value of `name`, removed; nullopt when absent.
  std::optional<std::string> Take(const std::string& name);
  // A duration in microseconds (a number and an optional unit; `bare_unit_us` without one).
  Result<__int128> TakeMicros(const std::string& name, const std::string& value,
                              int64_t bare_unit_us) const;

  std::string what_;
  std::map<std::string, std::pair<std::string, std::string>> options_;  // lower key: (key, value)
};

}  // namespace sluice::connectors::files
