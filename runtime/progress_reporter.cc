#include "runtime/progress_reporter.h"

#include <cinttypes>

namespace sluice::runtime {

std::string ProgressReporter::Line(const engine::StreamingQueryProgress& p) {
  int64_t state_rows = 0;
  for (const engine::StateOperatorProgress& op : p.state_operators) state_rows += op.num_rows_total;
  auto watermark = p.event_time.find("watermark");
  char line[320];
  std::snprintf(
      line, sizeof(line),
      "batch %" PRId64
      " | input %.1f rows/s | processed %.1f rows/s | watermark %s | "
      "state rows %" PRId64 " | batch %" PRId64 " ms",
      p.batch_id, p.input_rows_per_second, p.processed_rows_per_second,
      watermark == p.event_time.end() ? "-" : engine::FormatIsoMillis(watermark->second).c_str(),
      state_rows, p.batch_duration_ms);
  return line;
}

void ProgressReporter::OnQueryProgress(const engine::StreamingQueryProgress& p) {
  const std::string line = Line(p);
  if (live_) {
    // Back to the line's start and clear it, so a shorter line leaves nothing behind.
    std::fprintf(out_, "\r\033[K%s", line.c_str());
    line_open_ = true;
  } else {
    std::fprintf(out_, "%s\n", line.c_str());
  }
  std::fflush(out_);
  if (log_ != nullptr) {
    std::fprintf(log_, "%s\n", p.ToJson().c_str());
    std::fflush(log_);
  }
}

void ProgressReporter::OnQueryTerminated(const engine::QueryTerminatedEvent&) {
  if (line_open_) std::fputc('\n', out_);
  line_open_ = false;
  std::fflush(out_);
}

}  // namespace sluice::runtime
