#include "connectors/files/console_sink.h"

#include <charconv>

#include "connectors/files/show_string.h"
#include "connectors/files/source_options.h"

namespace sluice::connectors::files {
namespace {

// Spark's `truncate = true`: cells cut at 20 characters.
constexpr int kTruncateChars = 20;

Status BadOption(const std::string& name, const std::string& value, const std::string& want) {
  return Status::InvalidArgument("console sink: option " + name + " is '" + value + "', " + want);
}

}  // namespace

Result<ConsoleSinkOptions> ConsoleSinkOptions::Parse(
    const std::map<std::string, std::string>& options) {
  ConsoleSinkOptions parsed;
  for (const auto& [given, value] : options) {
    const std::string name = given;
    const std::string key = SourceOptions::Lower(given);  // Spark's option names ignore case
    if (key == "numrows") {
      int n = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return BadOption(name, value, "must be an integer");
      }
      parsed.num_rows = n;
    } else if (key == "truncate") {
      const std::string lower = SourceOptions::Lower(value);
      if (lower != "true" && lower != "false") {
        return BadOption(name, value, "must be 'true' or 'false'");
      }
      parsed.truncate = lower == "true";
    } else {
      return Status::InvalidArgument("console sink: unknown option " + name +
                                     " (it takes numRows and truncate)");
    }
  }
  return parsed;
}

std::string ConsoleSink::Describe() const {
  return "ConsoleWriter[numRows=" + std::to_string(options_.num_rows) +
         ", truncate=" + (options_.truncate ? "true" : "false") + "]";
}

Status ConsoleSink::AddBatch(const std::string& /*query_id*/, int64_t batch_id,
                             const engine::RecordBatch& rows, engine::OutputMode /*mode*/) {
  std::lock_guard<std::mutex> lock(mu_);
  if (last_printed_ && batch_id <= *last_printed_) return Status::Ok();
  const std::string rule(43, '-');
  *out_ << rule << "\nBatch: " << batch_id << "\n"
        << rule << "\n"
        << ShowString(rows, options_.num_rows, options_.truncate ? kTruncateChars : 0) << "\n";
  out_->flush();
  if (!*out_)
    return Status::IoError("console sink: cannot write batch " + std::to_string(batch_id));
  last_printed_ = batch_id;
  return Status::Ok();
}

}  // namespace sluice::connectors::files
