#include "sim/world.h"

#include <algorithm>
#include <memory>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/coverage.h"
#include "sim/oracle.h"
#include "sim/payload.h"
#include "sim/script.h"
#include "sim/sim_environment.h"
#include "sim/stateful_oracle.h"
#include "sim/trace.h"
#include "sim/unavailable_source.h"

namespace sluice::sim {
namespace {

using engine::Col;
using engine::Lit;

constexpr int64_t kMs = 1000;
constexpr int64_t kSafetyEndUs = 3000 * kMs;
constexpr int64_t kLivenessBoundUs = 10000 * kMs;
constexpr int kLivenessBatches = 3;
constexpr int kMaxRestarts = 40;
constexpr int64_t kMaxEvents = 200000;

// Random streams of one seed: what the script does not say.
constexpr uint64_t kParamsStream = 3;   // workload parameters
constexpr uint64_t kRuntimeStream = 4;  // crash-state choices, restart delays, corruption

class World {
 public:
  World(const Script& script, Coverage* coverage)
      : script_(script),
        mutant_(script.mutant.empty() ? nullptr : FindMutant(script.mutant)),
        params_(Rng::ForStream(script.seed, kParamsStream)),
        rng_(Rng::ForStream(script.seed, kRuntimeStream)),
        sim_(Rng::ForStream(script.seed, 100), "sim-" + std::to_string(script.seed) + "-",
             [this](int64_t point, std::string_view where) {
               trace_.Add(static_cast<uint64_t>(point));
               trace_.Add(where);
             }),
        sink_(std::make_shared<RecordingSink>(mutant_ ? mutant_->idempotent_sink : true)),
        coverage_(coverage) {
    SLUICE_CHECK(script.mutant.empty() || mutant_, "a script names a known mutant");
    sim_.env.checkpoint_fs = &observer_;
    if (mutant_) sim_.env.checkpoint_fs = mutant_->Compose(sim_.env, &observer_, &mutant_fs_);
    if (mutant_ && mutant_->canary && CanaryArmed(script.seed)) sink_->ArmCanary();
    if (coverage_) sim_.listener.SetNext(coverage_);
  }

  SeedResult Run();

 private:
  void BuildStatelessWorkload();
  void BuildStatefulWorkload();
  int64_t RetainedBatches();
  void Schedule(const Command& c);
  void Add(const Command& c);
  void SetOutage(int64_t target, bool down);
  void ArmNextCrash();
  void RotEntry(int64_t pick);
  void StartQuery();
  void Trigger(int generation);
  void OnCrash(const faults::SimulatedCrash& crash);
  void ApplyCrash(const faults::SimulatedCrash& crash);
  void OnFailure(const Status& st);
  void ScheduleRestart();
  void Heal();
  void RunLiveness();
  int64_t LastCommittedOnDisk();
  void Mark(const std::string& mark, int64_t times = 1) {
    if (coverage_) coverage_->Hit(mark, times);
  }

  const Script& script_;
  const Mutant* mutant_;
  Rng params_;
  Rng rng_;
  TraceHash trace_;
  SimEnvironment sim_;
  std::shared_ptr<RecordingSink> sink_;
  Coverage* coverage_;
  CommitObserver observer_{&sim_.errors_fs, &sim_.disk};
  std::unique_ptr<storage::FileSystem> mutant_fs_;  // the mutant's wrapper of observer_, if any
  Oracle oracle_;
  StatefulWorkload stateful_workload_;
  std::shared_ptr<engine::MemorySource> sources_[2];
  std::shared_ptr<UnavailableSource> flaky_[2];
  std::optional<engine::DataStreamWriter> writer_;
  std::unique_ptr<engine::StreamingQuery> query_;
  std::vector<int64_t> crash_points_;  // ascending
  std::vector<std::string> rotted_;    // entries silently corrupted
  std::string last_failure_;
  int64_t next_id_ = 0;
  int generation_ = 0;
  int restarts_ = 0;
  int crashes_ = 0;
  bool healed_ = false;
  // Liveness phase: set once the last liveness input has arrived and a trigger found no work.
  int64_t last_input_us_ = 0;
  bool idle_after_input_ = false;
};

std::shared_ptr<engine::Source> Wrap(std::shared_ptr<UnavailableSource>& flaky,
                                     std::shared_ptr<engine::MemorySource> source) {
  flaky = std::make_shared<UnavailableSource>(std::move(source));
  return flaky;
}

// Drawn in swarm mode; a mutant whose mistake shows only with one retained batch sets it.
int64_t World::RetainedBatches() {
  const int64_t drawn = script_.mode == Mode::kSwarm ? params_.Range(1, 3) : 2;
  return mutant_ && mutant_->min_batches_to_retain > 0 ? mutant_->min_batches_to_retain : drawn;
}

void World::BuildStatefulWorkload() {
  using engine::DataType;
  const bool exhaustive = script_.mode == Mode::kExhaustive;
  sources_[0] = std::make_shared<engine::MemorySource>(
      "events",
      engine::Schema{
          {{"id", DataType::kInt64}, {"t", DataType::kTimestamp}, {"payload", PayloadType()}}},
      2);
  StatefulWorkload& w = stateful_workload_;
  w.window_us = (exhaustive ? 500 : params_.Range(2, 8) * 100) * kMs;
  w.delay_us = (exhaustive ? 200 : params_.Range(0, 8) * 100) * kMs;
  w.partitions.assign(2, {});
  engine::QueryOptions options;
  options.output_mode = engine::OutputMode::kAppend;
  options.trigger = engine::Trigger::ProcessingTime(engine::Millis(100));
  if (!exhaustive && params_.Chance(0.25)) options.trigger = engine::Trigger::Default();
  options.min_batches_to_retain = RetainedBatches();
  options.shuffle_partitions = 2;
  options.state_snapshot_interval = 2;
  writer_.emplace(
      engine::DataStream::From(Wrap(flaky_[0], sources_[0]))
          .WithWatermark("t", engine::Micros(w.delay_us))
          .DropDuplicates({"id", "t"})
          .Aggregate(
              {engine::GroupKey{Col("t"), "w", engine::WindowSpec{engine::Micros(w.window_us)}}},
              {engine::AggSpec{engine::AggFn::kCount, std::nullopt, "n"},
               engine::AggSpec{engine::AggFn::kSum, Col("id"), "ids"},
               engine::AggSpec{engine::AggFn::kMax, Col("payload"), "top"}})
          .WriteStream());
  writer_->Options(options).To(sink_).AddListener(&oracle_);
  oracle_.SkipRowIdentity();
}

void World::BuildStatelessWorkload() {
  const engine::Schema schema{{{"id", engine::DataType::kInt64},
                               {"keep", engine::DataType::kBool},
                               {"payload", PayloadType()}}};
  engine::ReadLimit limit;
  const bool exhaustive = script_.mode == Mode::kExhaustive;
  if (!exhaustive && params_.Chance(0.5)) limit.max_rows = params_.Range(2, 8);
  sources_[0] = std::make_shared<engine::MemorySource>("a", schema, 2, limit);
  sources_[1] = std::make_shared<engine::MemorySource>("b", schema, 1);
  auto side = [this](int i) {
    return engine::DataStream::From(Wrap(flaky_[i], sources_[i]))
        .WithColumn("doubled", Col("id") * Lit(2));
  };
  engine::QueryOptions options;
  options.trigger = engine::Trigger::ProcessingTime(engine::Millis(100));
  if (!exhaustive && params_.Chance(0.25)) options.trigger = engine::Trigger::Default();
  options.min_batches_to_retain = RetainedBatches();
  writer_.emplace(
      side(0)
          .Union(side(1))
          .Where(Col("keep"))
          .Select({Col("id").As("id"), Col("doubled").As("doubled"), Col("payload").As("payload")})
          .WriteStream());
  writer_->Options(options).To(sink_).AddListener(&oracle_);
  oracle_.CheckPayloads();
}

void World::Add(const Command& c) {
  std::vector<std::vector<engine::Value>> rows;
  for (const auto& [id, t_ms] : c.rows) {
    next_id_ = std::max(next_id_, id + 1);
    if (script_.stateful) {
      stateful_workload_.partitions[c.amount].push_back({id, t_ms * kMs});
      rows.push_back({id, t_ms * kMs, Payload(id)});
    } else {
      const bool keep = id % 5 != 3;
      oracle_.ExpectRow(id, keep);
      rows.push_back({id, keep, Payload(id)});
    }
  }
  if (rows.empty()) return;
  if (script_.stateful) {
    SLUICE_CHECK(sources_[0]->AddRowsTo(static_cast<int>(c.amount), rows).ok(), "sim rows fit");
  } else {
    SLUICE_CHECK(sources_[c.amount]->AddRows(rows).ok(), "sim rows fit the schema");
  }
  trace_.Add("add");
  trace_.Add(static_cast<uint64_t>(c.rows.front().first));
}

void World::Schedule(const Command& c) {
  const int64_t at = c.at_ms * kMs;
  switch (c.kind) {
    case CommandKind::kAdd:
      sim_.scheduler.At(at, [this, c] { Add(c); });
      break;
    case CommandKind::kCrash:
      crash_points_.push_back(c.point);
      break;
    case CommandKind::kIoFault:
      sim_.errors_fs.FailOperation(c.point, c.fault);
      break;
    case CommandKind::kSlowStorage:
      sim_.scheduler.At(at, [this, c] {
        if (healed_) return;
        Mark("fault: slow storage");
        trace_.Add("slow");
        sim_.slow_fs.SetDelay(c.amount);
      });
      sim_.scheduler.At(at + c.duration_ms * kMs, [this] { sim_.slow_fs.SetDelay(0); });
      break;
    case CommandKind::kClockJump:
      sim_.scheduler.At(at, [this, c] {
        if (healed_) return;
        Mark(c.amount >= 0 ? "fault: clock jump forward" : "fault: clock jump backward");
        trace_.Add("clock");
        sim_.skewed_clock.Jump(c.amount * kMs);
      });
      break;
    case CommandKind::kOutage:
      sim_.scheduler.At(at, [this, c] { SetOutage(c.amount, true); });
      sim_.scheduler.At(at + c.duration_ms * kMs, [this, c] { SetOutage(c.amount, false); });
      break;
    case CommandKind::kRot:
      sim_.scheduler.At(at, [this, c] {
        if (!healed_) RotEntry(c.amount);
      });
      break;
  }
}

// Outage of source 0 or 1, or of the sink (2). Healing ends every outage.
void World::SetOutage(int64_t target, bool down) {
  if (down && healed_) return;
  if (target == 2) {
    if (down) Mark("fault: sink outage");
    sink_->SetAvailable(!down);
  } else if (target >= 0 && target < 2 && flaky_[target]) {
    if (down) Mark("fault: source outage");
    flaky_[target]->SetAvailable(!down);
  } else {
    return;
  }
  if (down) trace_.Add("outage");
}

// Silent corruption of one of the entries recovery reads: offsets/L, offsets/L-1 or commits/C.
void World::RotEntry(int64_t pick) {
  std::vector<std::string> candidates;
  for (const char* dir : {storage::kOffsetsDir, storage::kCommitsDir}) {
    storage::MetadataLog log(&sim_.disk, nullptr, dir);
    auto ids = log.ListIds();
    if (!ids.ok() || ids->empty()) continue;
    candidates.push_back(log.PathOf(ids->back()));
    if (std::string(dir) == storage::kOffsetsDir && ids->size() > 1) {
      candidates.push_back(log.PathOf(ids.value()[ids->size() - 2]));
    }
  }
  if (candidates.empty()) return;
  const std::string& path = candidates[static_cast<size_t>(pick) % candidates.size()];
  auto original = sim_.disk.ReadFile(path);
  if (!original.ok() || !sim_.disk.RotDigit(path, rng_)) return;
  observer_.RememberOriginal(path, std::move(original).value());
  Mark("fault: corrupt entry");
  trace_.Add("rot");
  trace_.Add(path);
  rotted_.push_back(path);
  oracle_.ForgiveUnreadable(path);
}

void World::ArmNextCrash() {
  if (healed_ && script_.mode != Mode::kExhaustive) return sim_.points.Disarm();
  for (int64_t p : crash_points_) {
    if (p > sim_.points.passed()) {
      sim_.points.Arm(p);
      return;
    }
  }
  sim_.points.Disarm();
}

void World::StartQuery() {
  ++generation_;
  trace_.Add("start");
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

void World::Trigger(int generation) {
  if (generation != generation_ || !query_ || !query_->IsActive()) return;
  try {
    Result<bool> r = query_->RunTrigger();
    if (!r.ok()) return OnFailure(r.status());
    if (healed_ && !r.value() && sim_.clock.NowMicros() > last_input_us_) idle_after_input_ = true;
  } catch (const faults::SimulatedCrash& crash) {
    return OnCrash(crash);
  }
  sim_.scheduler.At(sim_.skewed_clock.ToTarget(query_->NextTriggerDueMicros()),
                    [this, generation] { Trigger(generation); });
}

void World::OnCrash(const faults::SimulatedCrash& crash) {
  ApplyCrash(crash);
  ArmNextCrash();
  ScheduleRestart();
}

// Drops the engine's memory and leaves the disk as the crash state says.
void World::ApplyCrash(const faults::SimulatedCrash& crash) {
  ++crashes_;
  Mark("fault: crash");
  trace_.Add("crash");
  trace_.Add(static_cast<uint64_t>(crash.point));
  query_.reset();
  faults::CrashState state;  // every choice drawn from the seed, unless the script fixes it
  for (const Command& c : script_.commands) {
    if (c.kind == CommandKind::kCrash && c.point == crash.point && c.crash_state)
      state = *c.crash_state;
  }
  sim_.disk.Crash(state, rng_);
}

void World::OnFailure(const Status& st) {
  trace_.Add("failure");
  trace_.Add(st.message());
  last_failure_ = st.message();
  query_.reset();
  ScheduleRestart();
}

void World::ScheduleRestart() {
  ++generation_;
  if (++restarts_ > kMaxRestarts) return;
  sim_.scheduler.At(sim_.clock.NowMicros() + rng_.Range(20, 300) * kMs, [this] { StartQuery(); });
}

int64_t World::LastCommittedOnDisk() {
  storage::MetadataLog commits(&sim_.disk, nullptr, storage::kCommitsDir);
  auto ids = commits.ListIds();
  return ids.ok() && !ids->empty() ? ids->back() : -1;
}

// Stops every fault; the one crash of an exhaustive case stays armed, since it may fall here.
void World::Heal() {
  healed_ = true;
  sim_.errors_fs.Clear();
  sim_.slow_fs.SetDelay(0);
  for (int64_t target = 0; target < 3; ++target) SetOutage(target, false);
  ArmNextCrash();
  restarts_ = 0;
  trace_.Add("heal");
}

// Three more inputs, a second apart; the query must commit three more batches and go idle after
// the last one within kLivenessBoundUs.
void World::RunLiveness() {
  const int64_t start_us = sim_.clock.NowMicros();
  const int64_t committed_before = LastCommittedOnDisk();
  ++generation_;  // pending triggers of the safety phase are void; one fresh start
  query_.reset();
  sim_.scheduler.At(start_us, [this] { StartQuery(); });
  for (int i = 0; i < kLivenessBatches; ++i) {
    Command c;
    // A second apart: a crash and restart between two inputs cannot merge them into one batch.
    c.at_ms = (start_us + (150 + 1000 * i) * kMs) / kMs;
    c.amount = i % 2;
    const int64_t id = next_id_ + 2 * i;
    c.rows = {{id, c.at_ms}, {id + 1, c.at_ms}};
    Schedule(c);
    last_input_us_ = c.at_ms * kMs;
  }
  int64_t events = 0;
  while (!sim_.scheduler.Empty() && sim_.scheduler.NextEventTime() <= start_us + kLivenessBoundUs &&
         !idle_after_input_) {
    SLUICE_CHECK(++events < kMaxEvents, "the liveness phase ends within its event bound");
    sim_.scheduler.RunNext();
  }
  if (query_) {
    try {
      query_->Stop();
    } catch (const faults::SimulatedCrash& crash) {  // an exhaustive case's crash, at the very end
      ApplyCrash(crash);
    }
  }
  const int64_t committed = LastCommittedOnDisk() - committed_before;
  if (committed >= kLivenessBatches && idle_after_input_) return;
  for (const std::string& path : rotted_) {
    if (last_failure_.find(path) != std::string::npos) {
      // The standard outcome of silent corruption: a refusal that names the file. Safety still
      // holds and is checked; delivery of everything cannot be.
      Mark("outcome: refused after corruption");
      oracle_.SafetyOnly();
      return;
    }
  }
  std::string why = "committed " + std::to_string(committed) + " of " +
                    std::to_string(kLivenessBatches) + " batches";
  if (!idle_after_input_) why += " and did not catch up";
  why += " within 10 s after faults stopped";
  if (!last_failure_.empty() && !query_) why += "; last failure: " + last_failure_;
  oracle_.LivenessFailed(why);
}

SeedResult World::Run() {
  trace_.Add(script_.stateful ? "stateful" : "stateless");
  if (script_.stateful) {
    BuildStatefulWorkload();
  } else {
    BuildStatelessWorkload();
  }
  for (const Command& c : script_.commands) Schedule(c);
  std::sort(crash_points_.begin(), crash_points_.end());
  ArmNextCrash();
  sim_.scheduler.At(0, [this] { StartQuery(); });
  int64_t events = 0;
  while (!sim_.scheduler.Empty() && sim_.scheduler.NextEventTime() <= kSafetyEndUs) {
    SLUICE_CHECK(++events < kMaxEvents, "the safety phase ends within its event bound");
    sim_.scheduler.RunNext();
  }
  Heal();
  RunLiveness();
  SeedResult result;
  result.batches_committed = LastCommittedOnDisk() + 1;
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  result.violations = oracle_.Check(*sink_, checkpoint);
  if (script_.stateful) {
    for (std::string& v : CheckStatefulRun(stateful_workload_, observer_.committed(),
                                           LastCommittedOnDisk(), *sink_)) {
      result.violations.push_back(std::move(v));
    }
  }
  result.trace_hash = trace_.value();
  result.crash_points = sim_.points.passed();
  result.crashes = crashes_;
  result.io_faults = static_cast<int>(sim_.errors_fs.injected());
  result.canary_fired = sink_->canary_fired();
  result.safety_only = oracle_.safety_only();
  result.simulated_us = sim_.clock.NowMicros();
  if (coverage_) {
    for (const auto& [kind, n] : sim_.errors_fs.injected_by_kind()) Mark("io: " + kind, n);
    for (const auto& [effect, n] : sim_.disk.crash_effects()) Mark("crash: " + effect, n);
    for (const auto& f : flaky_) {
      if (f) Mark("fault: source call refused", f->refused());
    }
    Mark("fault: sink call refused", sink_->refused());
  }
  return result;
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kLite:
      return "lite";
    case Mode::kSwarm:
      return "swarm";
    case Mode::kExhaustive:
      return "exhaustive";
  }
  return "?";
}

SeedResult RunScript(const Script& script, Coverage* coverage) {
  World world(script, coverage);
  return world.Run();
}

SeedResult RunSeed(const SeedConfig& config, Coverage* coverage) {
  return RunScript(GenerateScript(config), coverage);
}

std::string ReplayCommand(const SeedConfig& config) {
  std::string cmd = "sluice-sim --seed " + std::to_string(config.seed) + " --seeds 1 --mode " +
                    std::string(ModeName(config.mode));
  if (config.mutant) cmd += " --mutant " + std::string(config.mutant->name);
  if (config.workload != Workload::kDrawn) {
    cmd +=
        config.workload == Workload::kStateful ? " --workload stateful" : " --workload stateless";
  }
  if (config.crash_point) {
    cmd += " --crash-point " + std::to_string(*config.crash_point) + " --crash-state " +
           config.crash_state.Name();
  }
  return cmd;
}

}  // namespace sluice::sim
