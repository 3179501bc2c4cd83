#include "runtime/run_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>

#include "connectors/pipeline/pipeline.h"
#include "runtime/machine_path.h"
#include "runtime/progress_reporter.h"
#include "runtime/real_environment.h"
#include "runtime/stop_signals.h"
#include "storage/real_clock.h"

namespace sluice::runtime {
namespace {

int Refuse(std::FILE* err, const std::string& message) {
  std::fprintf(err, "sluice run: %s\n", message.c_str());
  return kExitRefused;
}

}  // namespace

int RunPipelineFile(const RunOptions& options, std::FILE* err) {
  MachineFileSystem machine;
  Result<std::string> file = MachinePath(options.pipeline_path);
  if (!file.ok()) return Refuse(err, file.status().message());
  Result<std::string> text = machine.ReadFile(file.value());
  if (!text.ok()) {
    return Refuse(err, "cannot read the pipeline file " + options.pipeline_path + ": " +
                           text.status().message());
  }
  storage::RealClock clock;
  connectors::pipeline::PipelineWorld world;
  world.data_fs = &machine;
  world.clock = &clock;
  world.console = &std::cout;
  world.resolve_path = MachinePath;
  Result<connectors::pipeline::Pipeline> pipeline =
      connectors::pipeline::LoadPipeline(text.value(), options.pipeline_path, world);
  if (!pipeline.ok()) return Refuse(err, pipeline.status().message());
  Result<std::string> checkpoint = MachinePath(pipeline.value().checkpoint);
  if (!checkpoint.ok()) {
    return Refuse(err, options.pipeline_path + ": checkpoint: " + checkpoint.status().message());
  }

  std::FILE* log = nullptr;
  if (!options.progress_log.empty()) {
    log = std::fopen(options.progress_log.c_str(), "a");
    if (log == nullptr) {
      return Refuse(err, "cannot open the progress log " + options.progress_log + ": " +
                             std::strerror(errno));
    }
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_closer(log, log ? std::fclose : nullptr);
  ProgressReporter reporter(stderr, isatty(fileno(stderr)) == 1, log);
  RealEnvironment real("/" + checkpoint.value(), options.threads);
  Result<std::unique_ptr<engine::StreamingQuery>> query = pipeline.value()
                                                              .stream.WriteStream()
                                                              .Options(pipeline.value().options)
                                                              .To(pipeline.value().sink)
                                                              .AddListener(&reporter)
                                                              .Start(real.env());
  if (!query.ok()) return Refuse(err, "cannot start: " + query.status().message());

  Status ended;
  {
    StopOnSignals stop([&] { query.value()->Stop(); });
    ended = query.value()->AwaitTermination();
  }
  std::cout.flush();
  if (!ended.ok()) {
    std::fprintf(err, "sluice run: the query failed: %s\n", ended.message().c_str());
    return kExitFailed;
  }
  return kExitFinished;
}

}  // namespace sluice::runtime
