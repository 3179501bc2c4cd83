#include "runtime/run_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "connectors/pipeline/pipeline.h"
#include "runtime/progress_reporter.h"
#include "runtime/real_environment.h"
#include "runtime/stop_signals.h"
#include "storage/posix_file_system.h"
#include "storage/real_clock.h"

namespace sluice::runtime {
namespace {

namespace fs = std::filesystem;

// A path of the file as a path of the machine's root: absolute from the current folder,
// normalized, without its leading '/'.
Result<std::string> MachinePath(const std::string& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(fs::path(path), ec);
  if (ec) return Status::InvalidArgument("cannot resolve '" + path + "': " + ec.message());
  std::string normal = absolute.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  if (normal == "/") return Status::InvalidArgument("'" + path + "' is the root folder");
  return normal.substr(1);
}

int Refuse(std::FILE* err, const std::string& message) {
  std::fprintf(err, "sluice run: %s\n", message.c_str());
  return kExitRefused;
}

}  // namespace

int RunPipelineFile(const RunOptions& options, std::FILE* err) {
  storage::PosixFileSystem machine("/");
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
