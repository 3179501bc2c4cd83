// A pipeline file: the `query` object of the scenario format (tests/scenarios/FORMAT.md: inputs,
// static tables, frames or ops, output mode, trigger, conf) whose inputs and sink are connectors,
// with the checkpoint folder it runs over. `sluice run` runs one for real; `sluice-sim --pipeline`
// runs the same query on a simulated disk. docs/pipelines.md is the reference.
//
//   {"checkpoint": "ckpt",
//    "inputs": [{"name": "events", "format": "json", "path": "in",
//                "schema": "user STRING, time TIMESTAMP", "options": {"maxFilesPerTrigger": 1}}],
//    "ops": [...], "output_mode": "append", "trigger": {"kind": "available_now"},
//    "sink": {"format": "json", "path": "out", "partition_by": ["user"]}}
//
// Rules: everything is checked before anything runs. Unknown keys and unknown options are errors,
// never ignored, and every error names the key path (`inputs[0].options.maxFilesPerTrigger`) and
// what was expected. Option values may be strings, numbers or booleans (Spark's DataStreamReader
// takes each as text). A query that needs what Sluice has not built is refused, naming it.
#pragma once

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "engine/io/sink.h"
#include "engine/query/data_stream.h"
#include "engine/query/query_options.h"
#include "spec/protocol.h"
#include "storage/clock.h"
#include "storage/file_system.h"
#include "storage/status.h"

namespace sluice::connectors::pipeline {

// What a pipeline runs against, chosen by the composition root (runtime/ or sim/).
// REQUIRES: every pointer outlives the pipeline's query.
struct PipelineWorld {
  storage::FileSystem* data_fs = nullptr;        // inputs' and the sink's folders
  storage::Clock* clock = nullptr;               // the file sink's manifest expiry
  spec::TransitionListener* listener = nullptr;  // may be null: sees the sink's atomic publishes
  std::ostream* console = nullptr;               // the console sink's output
  // A folder as the file gives it to a path of data_fs; an error names the path.
  std::function<Result<std::string>(const std::string& path)> resolve_path;
  // May wrap each source the pipeline makes (the simulator's fault wrappers); empty: none.
  std::function<std::shared_ptr<engine::Source>(std::shared_ptr<engine::Source>)> wrap_source;
};

// A pipeline, built: the query to start, and its checkpoint folder as the file gives it.
struct Pipeline {
  std::string checkpoint;
  engine::DataStream stream;
  engine::QueryOptions options;
  std::shared_ptr<engine::Sink> sink;
};

// The JSON of a pipeline file's text; a syntax error names `file_name`, the line and the column.
Result<nlohmann::json> ParsePipelineJson(const std::string& text, const std::string& file_name);

// The keys of a pipeline (names and shapes; values are BuildPipeline's).
Status CheckPipelineKeys(const nlohmann::json& pipeline);

// The query of a pipeline whose keys passed CheckPipelineKeys, over `world`: each input and the
// sink made from its format, path, schema and options.
Result<Pipeline> BuildPipeline(const nlohmann::json& pipeline, const PipelineWorld& world);

// ParsePipelineJson, CheckPipelineKeys and BuildPipeline, with errors prefixed by `file_name`.
Result<Pipeline> LoadPipeline(const std::string& text, const std::string& file_name,
                              const PipelineWorld& world);

}  // namespace sluice::connectors::pipeline
