#include "sim/pipeline_run.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <memory>
#include <sstream>

#include "connectors/files/file_uri.h"
#include "connectors/files/sink_file_status.h"
#include "connectors/files/source_options.h"
#include "connectors/files/text_lines.h"
#include "connectors/pipeline/pipeline.h"
#include "sim/sim_environment.h"
#include "sim/trace.h"
#include "storage/checkpoint.h"
#include "storage/metadata_log.h"

namespace sluice::sim {
namespace {

using connectors::files::SourceOptions;
using nlohmann::json;
using QState = spec::query::State;

constexpr int64_t kMs = 1000;
constexpr int64_t kSafetyEndUs = 3000 * kMs;
constexpr int64_t kLivenessBoundUs = 10000 * kMs;
constexpr int kLivenessBatches = 3;  // with a rate input, batches after the faults stop
constexpr int kMaxRestarts = 40;
constexpr int64_t kMaxEvents = 200000;
constexpr char kOutDir[] = "data/out";

// Random streams of one seed.
constexpr uint64_t kFaultStream = 11;    // which faults, where
constexpr uint64_t kRuntimeStream = 12;  // crash-state choices, restart delays

class PipelineRun {
 public:
  PipelineRun(const PipelineSpec& spec, const PipelineSeedConfig& config, int64_t fault_points)
      : spec_(spec),
        config_(config),
        fault_points_(fault_points),
        draws_(Rng::ForStream(config.seed, kFaultStream)),
        rng_(Rng::ForStream(config.seed, kRuntimeStream)),
        sim_(Rng::ForStream(config.seed, 100), "pipe-" + std::to_string(config.seed) + "-",
             [this](int64_t point, std::string_view where) {
               trace_.Add(static_cast<uint64_t>(point));
               trace_.Add(where);
             }) {}

  // Runs the pipeline; violations of liveness are in the result, the output is Committed's.
  SeedResult Run();
  // The committed output's rows, sorted, and what is wrong with the files the manifest lists.
  std::vector<std::string> Committed(std::vector<std::string>* violations);
  // What a console sink printed, over every restart (a crash does not take back what was shown).
  std::string ConsoleText() const { return console_.str(); }
  int64_t LastCommittedOnDisk();

 private:
  Status Build();
  void CopyInputs();
  bool rebuild_ = false;  // a crash killed the process: the next start builds the query anew
  void DrawFaults();
  void StartQuery();
  void Trigger(int generation);
  void AfterTrigger(int generation, bool ran_batch);
  void OnCrash(const faults::SimulatedCrash& crash);
  void OnFailure(const Status& st);
  void ScheduleRestart();
  void Heal();
  // Runs scheduled events until `until_us`, or until the query finished or caught up.
  void RunUntil(int64_t until_us);
  bool Done() const { return finished_ || caught_up_; }

  const PipelineSpec& spec_;
  const PipelineSeedConfig config_;
  const int64_t fault_points_;  // crash points of a fault-free run: where faults are drawn
  Rng draws_;
  Rng rng_;
  TraceHash trace_;
  SimEnvironment sim_;
  std::unique_ptr<storage::FileSystem> mutant_fs_;
  std::map<std::string, std::string> paths_;  // folder as the file gives it -> path on the disk
  std::ostringstream console_;
  std::optional<engine::DataStreamWriter> writer_;
  std::unique_ptr<engine::StreamingQuery> query_;
  std::vector<int64_t> crash_points_;  // ascending
  std::string last_failure_;
  int generation_ = 0;
  int restarts_ = 0;
  int crashes_ = 0;
  bool healed_ = false;
  bool restart_pending_ = false;
  bool finished_ = false;   // the query finished by itself (once, available now)
  bool caught_up_ = false;  // after the faults stopped: idle with nothing new, or enough batches
  int64_t committed_at_heal_ = -1;
};

// Copies each input folder's files onto the disk, one simulated millisecond apart, so that their
// modification times keep the order of their paths; maps the sink's folder and any
// sourceArchiveDir to folders of the disk too.
void PipelineRun::CopyInputs() {
  int k = 0;
  for (const auto& [folder, files] : spec_.folders) {
    const std::string dir = "data/in" + std::to_string(k++);
    paths_[folder] = dir;
    SLUICE_CHECK(storage::CreateDirsDurably(&sim_.disk, dir).ok(), "the disk makes a folder");
    for (const auto& [name, bytes] : files) {
      sim_.clock.AdvanceBy(kMs);
      const std::string path = dir + "/" + name;
      SLUICE_CHECK(storage::CreateDirsDurably(&sim_.disk, storage::ParentDir(path)).ok() &&
                       sim_.disk.WriteFile(path, bytes).ok() && sim_.disk.SyncFile(path).ok() &&
                       sim_.disk.SyncDir(storage::ParentDir(path)).ok(),
                   "the simulated disk takes an input file");
    }
  }
  int archives = 0;
  for (const json& input : spec_.pipeline["inputs"]) {
    const json options = input.value("options", json::object());
    for (const auto& [name, value] : options.items()) {
      if (SourceOptions::Lower(name) == "sourcearchivedir" && value.is_string()) {
        paths_[value.get<std::string>()] = "data/archive" + std::to_string(archives++);
      }
    }
  }
  const json& sink = spec_.pipeline["sink"];
  if (sink.contains("path") && sink["path"].is_string()) {
    paths_[sink["path"].get<std::string>()] = kOutDir;
  }
}

// The pipeline's query, as a new process builds it: new sources and a new sink over the disk.
Status PipelineRun::Build() {
  const Mutant* mutant = config_.mutant;
  connectors::pipeline::PipelineWorld world;
  world.data_fs = &sim_.errors_fs;
  world.clock = &sim_.skewed_clock;
  world.listener = &sim_.listener;
  world.console = &console_;
  world.resolve_path = [this](const std::string& path) -> Result<std::string> {
    auto it = paths_.find(path);
    if (it == paths_.end()) return Status::InvalidArgument("'" + path + "' is not simulated");
    return it->second;
  };
  if (mutant && mutant->wrap_source) world.wrap_source = mutant->wrap_source;
  SLUICE_ASSIGN_OR_RETURN(connectors::pipeline::Pipeline pipeline,
                          connectors::pipeline::BuildPipeline(spec_.pipeline, world));
  std::shared_ptr<engine::Sink> sink = pipeline.sink;
  if (mutant && mutant->wrap_sink) sink = mutant->wrap_sink(sink, &sim_.errors_fs, kOutDir);
  writer_.emplace(pipeline.stream.WriteStream());
  writer_->Options(pipeline.options).To(sink);
  if (auto* listener = dynamic_cast<engine::QueryListener*>(sink.get())) {
    writer_->AddListener(listener);
  }
  return Status::Ok();
}

// Lite: 1 to 3 crashes. Swarm: up to 3 crashes, up to 3 I/O errors, slow storage and a clock
// jump, each at a drawn place of a fault-free run. Exhaustive: the configured crash.
void PipelineRun::DrawFaults() {
  if (config_.mode == Mode::kExhaustive) {
    if (config_.crash_point) crash_points_.push_back(*config_.crash_point);
    return;
  }
  if (fault_points_ <= 0) return;
  const bool swarm = config_.mode == Mode::kSwarm;
  const int64_t crashes = swarm ? draws_.Range(0, 3) : draws_.Range(1, 3);
  for (int64_t i = 0; i < crashes; ++i) crash_points_.push_back(draws_.Range(1, fault_points_));
  if (!swarm) return;
  const faults::IoFault kinds[] = {faults::IoFault::kEio, faults::IoFault::kEnospc,
                                   faults::IoFault::kSyncFailure, faults::IoFault::kSyncLosesData};
  for (int64_t i = draws_.Range(0, 3); i > 0; --i) {
    const int64_t op = draws_.Range(1, fault_points_);  // drawn in order: op, then kind
    sim_.errors_fs.FailOperation(op, kinds[draws_.Range(0, 3)]);
  }
  if (draws_.Chance(0.3)) {
    const int64_t at = draws_.Range(0, 2000) * kMs, delay_us = draws_.Range(1, 20) * kMs;
    sim_.scheduler.At(at, [this, delay_us] {
      if (!healed_) sim_.slow_fs.SetDelay(delay_us);
    });
    sim_.scheduler.At(at + draws_.Range(100, 1000) * kMs, [this] { sim_.slow_fs.SetDelay(0); });
  }
  if (draws_.Chance(0.3)) {
    const int64_t at = draws_.Range(0, 2500) * kMs, jump_ms = draws_.Range(-2000, 5000);
    sim_.scheduler.At(at, [this, jump_ms] {
      if (healed_) return;
      trace_.Add("clock");
      sim_.skewed_clock.Jump(jump_ms * kMs);
    });
  }
}

void PipelineRun::StartQuery() {
  restart_pending_ = false;
  ++generation_;
  trace_.Add("start");
  if (rebuild_) {
    // A failed query is started again by the same process, with the same objects; a crashed
    // one is started by a new process.
    rebuild_ = false;
    Status built = Build();
    SLUICE_CHECK(built.ok(), "a pipeline that built once builds again");
  }
  try {
    auto q = writer_->Start(sim_.env);
    if (!q.ok()) return OnFailure(q.status());
    query_ = std::move(q).value();
  } catch (const faults::SimulatedCrash& crash) {
    return OnCrash(crash);
  }
  const int gen = generation_;
  sim_.scheduler.At(sim_.skewed_clock.ToTarget(query_->NextTriggerDueMicros()),
                    [this, gen] { Trigger(gen); });
}

void PipelineRun::Trigger(int generation) {
  if (generation != generation_ || !query_ || !query_->IsActive()) return;
  bool ran_batch = false;
  try {
    Result<bool> r = query_->RunTrigger();
    if (!r.ok()) return OnFailure(r.status());
    ran_batch = r.value();
  } catch (const faults::SimulatedCrash& crash) {
    return OnCrash(crash);
  }
  AfterTrigger(generation, ran_batch);
}

void PipelineRun::AfterTrigger(int generation, bool ran_batch) {
  if (query_->state() == QState::kFailed) return OnFailure(query_->exception());
  if (!query_->IsActive()) {
    finished_ = query_->state() == QState::kFinished;
    trace_.Add("finished");
    return;
  }
  if (healed_) {
    if (spec_.has_rate) {
      caught_up_ = LastCommittedOnDisk() - committed_at_heal_ >= kLivenessBatches;
    } else if (!ran_batch) {
      caught_up_ = true;  // the inputs are fixed: a trigger with nothing to do has caught up
    }
  }
  sim_.scheduler.At(sim_.skewed_clock.ToTarget(query_->NextTriggerDueMicros()),
                    [this, generation] { Trigger(generation); });
}

void PipelineRun::OnCrash(const faults::SimulatedCrash& crash) {
  ++crashes_;
  trace_.Add("crash");
  trace_.Add(static_cast<uint64_t>(crash.point));
  query_.reset();
  rebuild_ = true;
  faults::CrashState state;  // every choice drawn from the seed, unless exhaustive fixes it
  if (config_.mode == Mode::kExhaustive) state = config_.crash_state;
  sim_.disk.Crash(state, rng_);
  // The next crash point still ahead, if any (exhaustive: its one crash is spent).
  sim_.points.Disarm();
  if (config_.mode != Mode::kExhaustive && !healed_) {
    for (int64_t p : crash_points_) {
      if (p > sim_.points.passed()) {
        sim_.points.Arm(p);
        break;
      }
    }
  }
  ScheduleRestart();
}

void PipelineRun::OnFailure(const Status& st) {
  trace_.Add("failure");
  trace_.Add(st.message());
  last_failure_ = st.message();
  query_.reset();
  ScheduleRestart();
}

void PipelineRun::ScheduleRestart() {
  ++generation_;
  if (++restarts_ > kMaxRestarts) return;
  restart_pending_ = true;
  sim_.scheduler.At(sim_.clock.NowMicros() + rng_.Range(20, 300) * kMs, [this] { StartQuery(); });
}

int64_t PipelineRun::LastCommittedOnDisk() {
  storage::MetadataLog commits(&sim_.disk, nullptr, storage::kCommitsDir);
  auto ids = commits.ListIds();
  return ids.ok() && !ids->empty() ? ids->back() : -1;
}

// Stops every fault but an exhaustive case's one crash, which may still be ahead.
void PipelineRun::Heal() {
  healed_ = true;
  trace_.Add("heal");
  sim_.errors_fs.Clear();
  sim_.slow_fs.SetDelay(0);
  if (config_.mode != Mode::kExhaustive) sim_.points.Disarm();
  restarts_ = 0;
  committed_at_heal_ = LastCommittedOnDisk();
  if (!query_ && !restart_pending_) {
    restart_pending_ = true;
    sim_.scheduler.At(sim_.clock.NowMicros(), [this] { StartQuery(); });
  }
}

void PipelineRun::RunUntil(int64_t until_us) {
  int64_t events = 0;
  while (!Done() && !sim_.scheduler.Empty() && sim_.scheduler.NextEventTime() <= until_us) {
    SLUICE_CHECK(++events < kMaxEvents, "a pipeline run ends within its event bound");
    sim_.scheduler.RunNext();
  }
}

SeedResult PipelineRun::Run() {
  SeedResult result;
  CopyInputs();
  if (config_.mutant) {
    sim_.env.checkpoint_fs = config_.mutant->Compose(sim_.env, &sim_.errors_fs, &mutant_fs_);
  }
  Status built = Build();
  if (!built.ok()) {
    result.violations.push_back("the pipeline cannot be built: " + built.message());
    return result;
  }
  DrawFaults();
  std::sort(crash_points_.begin(), crash_points_.end());
  if (!crash_points_.empty()) sim_.points.Arm(crash_points_.front());
  const int64_t start_us = sim_.clock.NowMicros();
  sim_.scheduler.At(start_us, [this] { StartQuery(); });
  RunUntil(start_us + kSafetyEndUs);
  finished_ = false;  // a query that finished during the faults runs again after them
  if (query_) {
    try {
      query_->Stop();
    } catch (const faults::SimulatedCrash& crash) {
      OnCrash(crash);
    }
    query_.reset();
  }
  Heal();
  const int64_t heal_us = sim_.clock.NowMicros();
  RunUntil(heal_us + kLivenessBoundUs);
  if (!Done()) {
    std::string why =
        spec_.has_rate ? "committed fewer than 3 batches" : "did not finish or catch up";
    why += " within 10 s after faults stopped";
    if (!last_failure_.empty()) why += "; last failure: " + last_failure_;
    result.violations.push_back(why);
  }
  if (query_) {
    try {
      query_->Stop();
    } catch (const faults::SimulatedCrash& crash) {  // an exhaustive case's crash, at the very end
      ++crashes_;
      sim_.disk.Crash(config_.crash_state, rng_);
    }
  }
  result.batches_committed = LastCommittedOnDisk() + 1;
  result.crash_points = sim_.points.passed();
  result.crashes = crashes_;
  result.io_faults = static_cast<int>(sim_.errors_fs.injected());
  result.simulated_us = sim_.clock.NowMicros();
  result.trace_hash = trace_.value();
  return result;
}

std::vector<std::string> PipelineRun::Committed(std::vector<std::string>* violations) {
  std::vector<std::string> rows;
  auto files = connectors::files::ReadSinkManifest(&sim_.disk, kOutDir);
  if (!files.ok()) {
    violations->push_back("the committed output cannot be read: " + files.status().message());
    return rows;
  }
  for (const connectors::files::SinkFileStatus& f : files.value()) {
    Result<std::string> path = connectors::files::PathOfFileUri(f.uri);
    Result<std::string> bytes =
        path.ok() ? sim_.disk.ReadFile(path.value()) : Result<std::string>(path.status());
    if (!bytes.ok()) {
      violations->push_back("the manifest lists " + f.uri +
                            ", which cannot be read: " + bytes.status().message());
      continue;
    }
    if (static_cast<int64_t>(bytes.value().size()) != f.size_bytes) {
      violations->push_back("the manifest lists " + f.uri + " with " +
                            std::to_string(f.size_bytes) + " bytes; it holds " +
                            std::to_string(bytes.value().size()));
    }
    const std::string folder = storage::ParentDir(path.value());
    const std::string partition =
        folder == kOutDir ? "" : folder.substr(std::string(kOutDir).size() + 1) + " ";
    for (std::string_view line : connectors::files::SplitLines(bytes.value())) {
      rows.push_back(partition + std::string(line));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The rows whose counts differ, at most three, as violations.
void CompareRows(const std::vector<std::string>& got, const std::vector<std::string>& want,
                 std::vector<std::string>* violations) {
  std::map<std::string, std::pair<int, int>> counts;  // row -> (committed, fault-free)
  for (const std::string& r : got) ++counts[r].first;
  for (const std::string& r : want) ++counts[r].second;
  int reported = 0;
  for (const auto& [row, n] : counts) {
    if (n.first == n.second) continue;
    if (++reported > 3) break;
    violations->push_back("row " + row + " is in the committed output " + std::to_string(n.first) +
                          " times, " + std::to_string(n.second) + " in a fault-free run's");
  }
}

void CheckNoRowTwice(const std::vector<std::string>& rows, std::vector<std::string>* violations) {
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i] == rows[i - 1]) {
      violations->push_back("row " + rows[i] + " is in the committed output more than once");
      return;
    }
  }
}

// The batches a console sink printed: batch id -> each printing's lines, sorted (a re-run may
// order the rows of its tasks otherwise).
std::map<int64_t, std::vector<std::vector<std::string>>> PrintedBatches(const std::string& text) {
  const std::string rule(43, '-');
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::map<int64_t, std::vector<std::vector<std::string>>> batches;
  std::vector<std::string>* current = nullptr;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == rule && i + 2 < lines.size() && lines[i + 1].rfind("Batch: ", 0) == 0 &&
        lines[i + 2] == rule) {
      auto& printings = batches[std::stoll(lines[i + 1].substr(7))];
      printings.emplace_back();
      current = &printings.back();
      i += 2;
      continue;
    }
    if (current != nullptr && !lines[i].empty()) current->push_back(lines[i]);
  }
  for (auto& [id, printings] : batches) {
    for (auto& p : printings) std::sort(p.begin(), p.end());
  }
  return batches;
}

// At least once: every committed batch printed, and every printing of a batch the same rows.
void CheckConsole(const std::string& text, int64_t last_committed,
                  std::vector<std::string>* violations) {
  const auto printed = PrintedBatches(text);
  for (int64_t id = 0; id <= last_committed; ++id) {
    auto it = printed.find(id);
    if (it == printed.end()) {
      violations->push_back("batch " + std::to_string(id) +
                            " was committed but the console sink never printed it");
      return;
    }
    for (const auto& again : it->second) {
      if (again != it->second.front()) {
        violations->push_back("batch " + std::to_string(id) +
                              " was printed again after a restart with other rows");
        return;
      }
    }
  }
}

}  // namespace

Result<PipelineBaseline> RunPipelineBaseline(const PipelineSpec& spec) {
  PipelineSeedConfig config;
  config.mode = Mode::kExhaustive;  // with no crash point: no fault at all
  PipelineRun run(spec, config, 0);
  SeedResult r = run.Run();
  std::vector<std::string> problems = r.violations;
  PipelineBaseline baseline;
  if (spec.console) {
    CheckConsole(run.ConsoleText(), run.LastCommittedOnDisk(), &problems);
  } else {
    baseline.rows = run.Committed(&problems);
  }
  if (!problems.empty()) {
    return Status::FailedPrecondition(spec.name + ": a fault-free run fails: " + problems.front());
  }
  baseline.crash_points = r.crash_points;
  TraceHash hash;
  for (const std::string& row : baseline.rows) hash.Add(row);
  baseline.trace_hash = hash.value();
  return baseline;
}

SeedResult RunPipelineSeed(const PipelineSpec& spec, const PipelineBaseline& baseline,
                           const PipelineSeedConfig& config) {
  PipelineRun run(spec, config, baseline.crash_points);
  SeedResult r = run.Run();
  std::vector<std::string> rows;
  if (spec.console) {
    CheckConsole(run.ConsoleText(), run.LastCommittedOnDisk(), &r.violations);
  } else {
    rows = run.Committed(&r.violations);
    if (spec.has_rate) {
      CheckNoRowTwice(rows, &r.violations);
    } else {
      CompareRows(rows, baseline.rows, &r.violations);
    }
  }
  TraceHash hash;
  hash.Add(r.trace_hash);
  hash.Add(static_cast<uint64_t>(r.crash_points));
  hash.Add(static_cast<uint64_t>(r.crashes));
  for (const std::string& row : rows) hash.Add(row);
  r.trace_hash = hash.value();
  return r;
}

std::string PipelineReplayCommand(const std::string& pipeline_file,
                                  const PipelineSeedConfig& config) {
  std::string cmd = "sluice-sim ";
  cmd += pipeline_file.empty() ? "--workload pipeline" : "--pipeline " + pipeline_file;
  cmd += " --seed " + std::to_string(config.seed) + " --seeds 1 --mode " +
         std::string(ModeName(config.mode));
  if (config.mutant) cmd += " --mutant " + std::string(config.mutant->name);
  if (config.crash_point) {
    cmd += " --crash-point " + std::to_string(*config.crash_point) + " --crash-state " +
           config.crash_state.Name();
  }
  return cmd;
}

ExhaustiveSummary RunPipelineExhaustive(const PipelineSpec& spec, const PipelineBaseline& baseline,
                                        const std::string& pipeline_file, const Mutant* mutant,
                                        bool verbose) {
  ExhaustiveSummary summary;
  summary.crash_points = baseline.crash_points;
  TraceHash combined;
  combined.Add(baseline.trace_hash);
  const auto variants = faults::AllCrashVariants();
  PipelineSeedConfig config;
  config.mode = Mode::kExhaustive;
  config.mutant = mutant;
  for (int64_t point = 1; point <= baseline.crash_points; ++point) {
    for (const faults::CrashState& state : variants) {
      config.crash_point = point;
      config.crash_state = state;
      config.seed = static_cast<uint64_t>(point);
      const SeedResult r = RunPipelineSeed(spec, baseline, config);
      combined.Add(r.trace_hash);
      ++summary.cases;
      for (const std::string& v : r.violations) {
        std::printf("violation: %s | replay: %s\n", v.c_str(),
                    PipelineReplayCommand(pipeline_file, config).c_str());
      }
      summary.violations += r.violations.size();
      if (verbose) {
        std::printf("point=%" PRId64 " state=%s crashes=%d violations=%zu\n", point,
                    state.Name().c_str(), r.crashes, r.violations.size());
      }
    }
  }
  summary.trace_hash = combined.value();
  std::printf("exhaustive pipeline: crash_points=%" PRId64 " variants=%zu cases=%" PRIu64 "\n",
              summary.crash_points, variants.size(), summary.cases);
  return summary;
}

}  // namespace sluice::sim
