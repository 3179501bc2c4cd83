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
  // Whether the option was given (before it is taken).
  bool Has(const std::string& name) const { return options_.count(Lower(name)) > 0; }
  // Spark's case-insensitive option key.
  static std::string Lower(std::string_view name);
  // Refuses every option not taken, naming it and `known`.
  Status Finish(const std::vector<std::string>& known) const;

 private:
  // The value of `name`, removed; nullopt when absent.
  std::optional<std::string> Take(const std::string& name);

  std::string what_;
  std::map<std::string, std::pair<std::string, std::string>> options_;  // lower key: (key, value)
};

}  // namespace sluice::connectors::files
