#include "sim/pipeline_spec.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connectors/pipeline/pipeline.h"
#include "sim/rng.h"

namespace sluice::sim {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Result<std::string> ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<PipelineSpec> LoadPipelineSpec(const std::string& file) {
  SLUICE_ASSIGN_OR_RETURN(std::string text, ReadText(file));
  PipelineSpec spec;
  spec.name = file;
  SLUICE_ASSIGN_OR_RETURN(spec.pipeline, connectors::pipeline::ParsePipelineJson(text, file));
  SLUICE_RETURN_IF_ERROR(connectors::pipeline::CheckPipelineKeys(spec.pipeline).WithContext(file));
  spec.console = spec.pipeline["sink"].value("format", json("")) == "console";
  const json& inputs = spec.pipeline["inputs"];
  for (size_t i = 0; inputs.is_array() && i < inputs.size(); ++i) {
    const json& input = inputs[i];
    const json format = input.value("format", json(""));
    if (format == "rate" || format == "rate-micro-batch") spec.has_rate = true;
    if (!input.contains("path") || !input["path"].is_string()) continue;
    const std::string folder = input["path"].get<std::string>();
    if (spec.folders.contains(folder)) continue;
    // Every file below the folder, at its path relative to it: sub-folders, partition folders
    // and a file sink's `_spark_metadata/` are read by the source as they are on the disk.
    std::error_code ec;
    std::vector<fs::path> paths;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
      if (it->is_regular_file()) paths.push_back(it->path());
    }
    if (ec) {
      return Status::NotFound(file + ": inputs[" + std::to_string(i) + "].path: cannot list " +
                              folder + ": " + ec.message());
    }
    std::sort(paths.begin(), paths.end());
    auto& files = spec.folders[folder];
    for (const fs::path& p : paths) {
      SLUICE_ASSIGN_OR_RETURN(std::string bytes, ReadText(p));
      files.emplace_back(fs::relative(p, folder).string(), std::move(bytes));
    }
  }
  return spec;
}

PipelineSpec ReferencePipelineSpec() {
  PipelineSpec spec;
  spec.name = "the reference pipeline";
  spec.pipeline = json::parse(R"({
    "checkpoint": "checkpoint",
    "inputs": [{"name": "clicks", "format": "json", "path": "clicks",
                "schema": "user STRING, page STRING, time TIMESTAMP",
                "options": {"maxFilesPerTrigger": 1, "cleanSource": "delete"}}],
    "ops": [{"op": "with_watermark", "col": "time", "delay": "10 minutes"},
            {"op": "group_by", "keys": [
              {"expr": {"fn": "window", "args": [{"col": "time"}], "duration": "5 minutes"},
               "as": "window"},
              {"expr": {"col": "page"}, "as": "page"}]},
            {"op": "agg", "aggs": [{"fn": "count", "arg": "*", "as": "clicks"}]}],
    "output_mode": "append",
    "trigger": {"kind": "available_now"},
    "sink": {"format": "json", "path": "out"}})");
  // Six files of clicks, ten minutes of clicks each, drawn from a fixed seed.
  Rng rng(20261203);
  const char* pages[] = {"home", "cart", "checkout"};
  auto& files = spec.folders["clicks"];
  for (int f = 0; f < 6; ++f) {
    std::string text;
    for (int i = 0; i < 8; ++i) {
      // Drawn one by one, in this order (an argument list's order is the compiler's).
      const int64_t minute = f * 10 + rng.Range(0, 9);
      const int64_t second = rng.Range(1, 59);
      const int64_t user = rng.Range(0, 4);
      const char* page = pages[rng.Range(0, 2)];
      char line[128];
      std::snprintf(line, sizeof(line),
                    "{\"user\":\"u%d\",\"page\":\"%s\",\"time\":\"2026-12-03T%02d:%02d:%02dZ\"}\n",
                    static_cast<int>(user), page, static_cast<int>(10 + minute / 60),
                    static_cast<int>(minute % 60), static_cast<int>(second));
      text += line;
    }
    files.emplace_back("clicks-" + std::to_string(f) + ".json", std::move(text));
  }
  return spec;
}

}  // namespace sluice::sim
