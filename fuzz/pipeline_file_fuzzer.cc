// The pipeline-file reader (connectors/pipeline/pipeline.h) on any bytes: JSON syntax, the keys,
// then the query, its connectors and their options, built over a file system that is never
// touched (building a pipeline does no I/O).
//
// Property: no crash, no exception and no sanitizer report; a refusal is a Status whose message
// is not empty.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "connectors/pipeline/pipeline.h"
#include "spec/check.h"
#include "storage/posix_file_system.h"
#include "storage/real_clock.h"

namespace sluice {
namespace {

void Fuzz(const uint8_t* data, size_t size) {
  static storage::PosixFileSystem untouched("/nonexistent-sluice-fuzz-root");
  static storage::RealClock clock;
  static std::ostringstream console;
  connectors::pipeline::PipelineWorld world;
  world.data_fs = &untouched;
  world.clock = &clock;
  world.console = &console;
  world.resolve_path = [](const std::string& path) -> Result<std::string> {
    if (path.empty() || path[0] == '/') return Status::InvalidArgument("not a relative path");
    return path;
  };
  const std::string text(reinterpret_cast<const char*>(data), size);
  Result<connectors::pipeline::Pipeline> pipeline =
      connectors::pipeline::LoadPipeline(text, "fuzz.json", world);
  SLUICE_CHECK(pipeline.ok() || !pipeline.status().message().empty(),
               "a refused pipeline says why");
}

}  // namespace
}  // namespace sluice

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::Fuzz(data, size);
  return 0;
}
