// ProgressReporter: what `sluice run` shows of a running query. On a terminal it keeps one live
// line, rewritten after each batch; otherwise it writes one line per batch. Each line holds the
// batch id, the input and processed rows per second, the watermark, the state rows and the last
// batch's duration. With a progress log, each progress report is also appended to it as one JSON
// line (Spark's StreamingQueryProgress.json).
//
// Rules: called on the thread that drives the query. The live line is ended (a newline) when the
// query terminates, so that what follows starts on a fresh line.
#pragma once

#include <cstdio>
#include <string>

#include "engine/query/progress.h"

namespace sluice::runtime {

class ProgressReporter : public engine::QueryListener {
 public:
  // `out`: where the lines go; `live`: rewrite one line (a terminal) rather than add lines;
  // `log` (may be null): the progress log, already open for appending.
  // REQUIRES: out and log outlive the reporter.
  ProgressReporter(std::FILE* out, bool live, std::FILE* log) : out_(out), live_(live), log_(log) {}

  void OnQueryProgress(const engine::StreamingQueryProgress& p) override;
  void OnQueryTerminated(const engine::QueryTerminatedEvent& e) override;

  // The line shown for one progress report.
  static std::string Line(const engine::StreamingQueryProgress& p);

 private:
  std::FILE* out_;
  bool live_;
  std::FILE* log_;
  bool line_open_ = false;
};

}  // namespace sluice::runtime
