// The catalogue of known-wrong protocol variants. Each one is a different machine table
// (sim/protocol_variants.h), a different strategy object the simulator composes into the engine
// (sim/mutant_rules.h), or a wrapper of the checkpoint's file system (sim/mutant_file_systems.h);
// the simulator must report violations for every one of them. Production code has no trace of
// them: it only ever gets the standard tables and strategies.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/io/sink.h"
#include "engine/io/source.h"
#include "engine/query/environment.h"
#include "spec/protocol.h"
#include "storage/file_system.h"

namespace sluice::sim {

struct Mutant {
  std::string_view name;
  std::string_view breaks;  // what it breaks, one line
  spec::Protocol protocol = spec::kStandardProtocol;
  bool idempotent_sink = true;
  // Wraps the file system the engine's checkpoint sees (null: none).
  std::function<std::unique_ptr<storage::FileSystem>(storage::FileSystem*)> wrap_checkpoint_fs;
  const engine::BatchRules* batch_rules = nullptr;  // null: the standard rules
  engine::StateStoreFactory open_state_store;       // empty: the standard store
  // The workloads' min_batches_to_retain, when the mistake shows only with one retained batch
  // (0: the workload's own).
  int64_t min_batches_to_retain = 0;
  // The canary: the sink alters one stored batch in a known fraction of seeds (kCanaryFraction),
  // chosen by CanaryArmed. The simulator must report exactly those seeds.
  bool canary = false;
  // Pipeline mutants act on a pipeline's file sink or file source (sim/mutant_pipeline_parts.h);
  // their default run (sluice-sim --mutant NAME) is the reference pipeline (sim/pipeline_run.h).
  bool pipeline = false;
  // Wraps the pipeline's sink, whose output folder is `dir` of `data_fs` (empty: none).
  std::function<std::shared_ptr<engine::Sink>(std::shared_ptr<engine::Sink> sink,
                                              storage::FileSystem* data_fs, const std::string& dir)>
      wrap_sink;
  // Wraps each of the pipeline's sources (empty: none).
  std::function<std::shared_ptr<engine::Source>(std::shared_ptr<engine::Source>)> wrap_source;

  // Composes the mutant into `env`: its tables, rules and state stores. `checkpoint_fs` is the
  // file system the query would see; the result is the one it sees with the mutant (a wrapper
  // this mutant owns in `*wrapper`, or `checkpoint_fs` itself).
  storage::FileSystem* Compose(engine::Environment& env, storage::FileSystem* checkpoint_fs,
                               std::unique_ptr<storage::FileSystem>* wrapper) const;
};

inline constexpr double kCanaryFraction = 0.1;
bool CanaryArmed(uint64_t seed);

const std::vector<Mutant>& AllMutants();
const Mutant* FindMutant(std::string_view name);

}  // namespace sluice::sim
