// PipelineSpec: a pipeline file (connectors/pipeline/pipeline.h) as the simulator runs it, with
// the files of its input folders, which the simulated run copies onto its disk; and the reference
// pipeline, which `sluice-sim --workload pipeline` and the pipeline mutants run.
//
// Rules: a spec's pipeline passed CheckPipelineKeys. Its sink writes files (json or csv), whose
// committed output the oracle reads, or prints to the console, which is at least once: the
// oracle then checks what was printed (sim/pipeline_run.h).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "storage/status.h"

namespace sluice::sim {

struct PipelineSpec {
  std::string name;         // the file, or "the reference pipeline"
  nlohmann::json pipeline;  // the pipeline file's object
  // Per input folder, as the file gives it: every file below it (path relative to it, bytes), in
  // path order.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> folders;
  bool has_rate = false;  // a rate input: output depends on timing, compared for duplicates only
  bool console = false;   // the sink prints to the console
};

// Reads a pipeline file and its input folders from the machine's disk (relative paths from the
// current folder, as `sluice run` takes them). Errors name the file, the key path or the folder.
Result<PipelineSpec> LoadPipelineSpec(const std::string& file);

// The reference pipeline: clicks as JSON lines in 6 files, read one file per trigger with
// cleanSource delete, a 10-minute watermark and a 5-minute window count per page, into JSON files,
// under Trigger.AvailableNow.
PipelineSpec ReferencePipelineSpec();

}  // namespace sluice::sim
