// QueryRuntime: everything one run of a query holds between triggers. Owned by StreamingQuery,
// read and advanced by recovery and by the micro-batch runner.
//
// Invariants: committed_ends has one entry per source, an offset of that source;
// next_batch_id is one past the last committed batch; a pending replay is batch next_batch_id.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/io/sink.h"
#include "engine/plan/execute.h"
#include "engine/query/environment.h"
#include "engine/query/query_options.h"
#include "engine/state/watermark.h"
#include "storage/checkpoint.h"
#include "storage/state_store.h"

namespace sluice::engine {

// One batch, as logged in offsets/N: what it reads and the times it runs with.
struct BatchSpec {
  int64_t batch_id = 0;
  std::vector<SourceOffset> start;  // the end of batch N-1 (or the initial offset), per source
  std::vector<SourceOffset> end;
  int64_t watermark_ms = 0;
  int64_t timestamp_ms = 0;
};

struct QueryRuntime {
  QueryRuntime(const Environment& e, QueryOptions o, CompiledPlan p, std::shared_ptr<Sink> s)
      : env(e),
        options(std::move(o)),
        plan(std::move(p)),
        sink(std::move(s)),
        checkpoint(e.checkpoint_fs, *e.protocol, e.transition_listener) {}

  Environment env;
  QueryOptions options;
  CompiledPlan plan;
  std::shared_ptr<Sink> sink;
  storage::Checkpoint checkpoint;

  std::string query_id;
  std::string run_id;
  int64_t next_batch_id = 0;
  std::vector<SourceOffset> committed_ends;
  // Per source, its directory of the checkpoint (SourceContext::log points here).
  std::vector<std::unique_ptr<storage::SourceLog>> source_logs;
  // The global watermark the next batch runs with (batch_watermark_ms of offsets/next).
  WatermarkTracker watermark;
  // The watermark the last batch ran with: the late-row filter of the next batch, and the
  // eviction watermark a watermark move is measured against when deciding on a no-data batch.
  int64_t previous_batch_watermark_ms = 0;
  std::map<std::string, std::string> pinned_conf;
  int shuffle_partitions = 1;  // the pinned value
  // One store per stateful operator and shuffle partition, created after recovery.
  std::vector<std::vector<std::unique_ptr<storage::StateStore>>> state_stores;
  // Beside each store, its operator's memory kept from batch to batch (RunScratch).
  std::vector<std::vector<std::unique_ptr<RunScratch>>> state_scratch;
  std::optional<BatchSpec> pending_replay;
  // AvailableNow: the end offsets fixed at start; batches never read past them.
  std::optional<std::vector<std::optional<SourceOffset>>> available_now_cap;
};

}  // namespace sluice::engine
