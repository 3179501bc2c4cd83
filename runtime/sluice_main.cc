// sluice: the command line of the production runtime.
//
//   sluice run PIPELINE.json [--progress-log FILE] [--threads N]
//
// runs a pipeline file until it finishes or is stopped (runtime/run_command.h; docs/pipelines.md).
#include <CLI/CLI.hpp>

#include "runtime/malloc_tuning.h"
#include "runtime/run_command.h"

int main(int argc, char** argv) {
  sluice::runtime::TuneAllocator();
  CLI::App app{"Sluice: micro-batch stream processing"};
  app.require_subcommand(1);
  sluice::runtime::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Run a pipeline file until it finishes (once, available_now) or is stopped");
  run_cmd->add_option("pipeline", run.pipeline_path, "the pipeline file (JSON)")->required();
  run_cmd->add_option("--progress-log", run.progress_log,
                      "append each progress report to this file as one JSON line");
  run_cmd->add_option("--threads", run.threads, "threads that run the batches' tasks")
      ->check(CLI::Range(1, 1024));
  CLI11_PARSE(app, argc, argv);
  return sluice::runtime::RunPipelineFile(run, stderr);
}
