// `sluice run PIPELINE.json`: runs a pipeline file (connectors/pipeline/pipeline.h) for real, on
// the machine's files and clock, until it finishes (a once or available-now trigger) or is stopped
// (SIGINT or SIGTERM: a clean stop between batches).
//
// Rules: relative paths in the file (checkpoint, inputs, sink) are taken from the current folder,
// as Spark takes them. A bad pipeline file is refused before anything runs. The console sink
// writes to standard output; progress and errors go to standard error.
#pragma once

#include <cstdio>
#include <string>

namespace sluice::runtime {

struct RunOptions {
  std::string pipeline_path;
  std::string progress_log;  // empty: none; else each progress report appended as a JSON line
  int threads = 2;           // the thread pool that runs the batches' tasks
};

// The exit codes of `sluice run`.
inline constexpr int kExitFinished = 0;  // finished, or stopped by a signal
inline constexpr int kExitFailed = 1;    // the query failed while running
inline constexpr int kExitRefused = 2;   // the pipeline was refused before anything ran

// Runs the pipeline; returns the exit code, with the error (if any) written to `err`.
int RunPipelineFile(const RunOptions& options, std::FILE* err);

}  // namespace sluice::runtime
