#include "sim/world.h"

#include <memory>

#include "engine/data_stream.h"
#include "engine/memory_source.h"
#include "sim/oracle.h"
#include "sim/sim_environment.h"
#include "sim/stateful_oracle.h"
#include "sim/trace.h"

namespace sluice::sim {
namespace {

using engine::Col;
using engine::Lit;

constexpr int64_t kMs = 1000;
constexpr int64_t kSafetyEndUs = 3000 * kMs;
constexpr int kMaxRestarts = 40;
constexpr int64_t kMaxEvents = 200000;
constexpr int kMaxCrashesPerSeed = 3;

// Input added at a time to one source: `rows` consecutive row ids starting at `first_id`.
struct AddEvent {
  int64_t at_us;
  int source;
  int64_t first_id;
  int rows;
};

class World {
 public:
  explicit World(const SeedConfig& config)
      : config_(config),
        rng_(Rng::ForStream(config.seed, 1 + static_cast<uint64_t>(config.mode))),
        sim_(Rng::ForStream(config.seed, 100), "sim-" + std::to_string(config.seed) + "-",
             [this](int64_t point, std::string_view where) {
               trace_.Add(static_cast<uint64_t>(point));
               trace_.Add(where);
             }),
        sink_(std::make_shared<RecordingSink>(config.mutant ? config.mutant->idempotent_sink
                                                            : true)) {
    sim_.env.protocol = config.mutant ? &config.mutant->protocol : &spec::kStandardProtocol;
    if (config.mutant) sim_.env.deviations = config.mutant->deviations;
    sim_.env.checkpoint_fs = &observer_;
  }

  SeedResult Run();

 private:
  void BuildWorkload();
  void BuildStatelessWorkload();
  void BuildStatefulWorkload();
  void StartQuery();
  void Trigger(int generation);
  void OnCrash(const faults::SimulatedCrash& crash);
  // Records the crash, drops the engine's memory and applies the crash state to the disk.
  void ApplyCrash(const faults::SimulatedCrash& crash);
  void OnFailure(const Status& st);
  void ScheduleRestart();
  void DrawFaults();
  void Heal();

  SeedConfig config_;
  Rng rng_;
  TraceHash trace_;
  SimEnvironment sim_;
  std::shared_ptr<RecordingSink> sink_;
  CommitObserver observer_{&sim_.errors_fs, &sim_.disk};
  Oracle oracle_;
  bool stateful_ = false;
  StatefulWorkload stateful_workload_;
  std::shared_ptr<engine::MemorySource> sources_[2];
  std::optional<engine::DataStreamWriter> writer_;
  std::unique_ptr<engine::StreamingQuery> query_;
  int generation_ = 0;
  int restarts_ = 0;
  int crashes_ = 0;
  bool faults_on_ = true;
};

void World::BuildWorkload() {
  stateful_ = config_.workload == Workload::kDrawn ? rng_.Chance(0.5)
                                                    : config_.workload == Workload::kStateful;
  trace_.Add(stateful_ ? "stateful" : "stateless");
  if (stateful_) return BuildStatefulWorkload();
  BuildStatelessWorkload();
}

void World::BuildStatefulWorkload() {
  using engine::DataType;
  const bool exhaustive = config_.mode == Mode::kExhaustive;
  auto source = std::make_shared<engine::MemorySource>(
      "events", engine::Schema{{{"id", DataType::kInt64}, {"t", DataType::kTimestamp}}}, 2);
  StatefulWorkload& w = stateful_workload_;
  w.window_us = (exhaustive ? 500 : rng_.Range(2, 8) * 100) * kMs;
  w.delay_us = (exhaustive ? 200 : rng_.Range(0, 8) * 100) * kMs;
  w.partitions.assign(2, {});
  engine::QueryOptions options;
  options.output_mode = engine::OutputMode::kAppend;
  options.trigger = engine::Trigger::ProcessingTime(100);
  if (!exhaustive && rng_.Chance(0.25)) options.trigger = engine::Trigger::Default();
  options.min_batches_to_retain = config_.mode == Mode::kSwarm ? rng_.Range(1, 3) : 2;
  options.shuffle_partitions = 2;
  options.state_snapshot_interval = 2;
  writer_.emplace(engine::DataStream::From(source)
                      .WithWatermark("t", w.delay_us)
                      .DropDuplicates({"id", "t"})
                      .Aggregate({engine::GroupKey{Col("t"), "w", engine::WindowSpec{w.window_us, 0, 0}}},
                                 {engine::AggSpec{engine::AggFn::kCount, std::nullopt, "n"},
                                  engine::AggSpec{engine::AggFn::kSum, Col("id"), "ids"}})
                      .WriteStream());
  writer_->Options(options).To(sink_).AddListener(&oracle_);
  oracle_.SkipRowIdentity();

  // Adds: new rows with event times near the time they arrive (some late), and repeats.
  struct Add {
    int64_t at_us;
    int partition;
    std::vector<EventRow> rows;
  };
  std::vector<Add> adds;
  int64_t next_id = 0;
  std::vector<EventRow> all;
  const int count = exhaustive ? 4 : static_cast<int>(rng_.Range(6, 14));
  for (int i = 0; i < count; ++i) {
    Add a;
    a.at_us = exhaustive ? (i * 300 + 50) * kMs : rng_.Range(0, 2500) * kMs;
    a.partition = i % 2;
    const int rows = exhaustive ? 2 : static_cast<int>(rng_.Range(1, 5));
    for (int r = 0; r < rows; ++r) {
      if (!all.empty() && (exhaustive ? r == 1 && i == 2 : rng_.Chance(0.2))) {
        a.rows.push_back(all[exhaustive ? 0 : rng_.Uniform(all.size())]);  // a duplicate
        continue;
      }
      const int64_t skew_ms = exhaustive ? -100 * r : rng_.Range(-1200, 300);
      a.rows.push_back({next_id++, std::max<int64_t>(1, a.at_us / kMs + skew_ms) * kMs});
      all.push_back(a.rows.back());
    }
    adds.push_back(std::move(a));
  }
  std::sort(adds.begin(), adds.end(), [](const Add& x, const Add& y) { return x.at_us < y.at_us; });
  for (const Add& a : adds) {
    for (const EventRow& r : a.rows) w.partitions[a.partition].push_back(r);
    sim_.scheduler.At(a.at_us, [this, a, source] {
      std::vector<std::vector<engine::Value>> rows;
      for (const EventRow& r : a.rows) rows.push_back({r.id, r.time_us});
      source->AddRowsTo(a.partition, rows);
      trace_.Add("add");
      trace_.Add(static_cast<uint64_t>(a.rows.front().id));
    });
  }
}

void World::BuildStatelessWorkload() {
  const engine::Schema schema{{{"id", engine::DataType::kInt64}, {"keep", engine::DataType::kBool}}};
  const bool swarm = config_.mode == Mode::kSwarm;
  engine::ReadLimit limit;
  if (config_.mode != Mode::kExhaustive && rng_.Chance(0.5)) limit.max_rows = rng_.Range(2, 8);
  sources_[0] = std::make_shared<engine::MemorySource>("a", schema, 2, limit);
  sources_[1] = std::make_shared<engine::MemorySource>("b", schema, 1);
  auto side = [](const std::shared_ptr<engine::MemorySource>& s) {
    return engine::DataStream::From(s).WithColumn("doubled", Col("id") * Lit(2));
  };
  engine::QueryOptions options;
  options.trigger = engine::Trigger::ProcessingTime(100);
  if (config_.mode != Mode::kExhaustive && rng_.Chance(0.25)) options.trigger = engine::Trigger::Default();
  options.min_batches_to_retain = swarm ? rng_.Range(1, 3) : 2;
  writer_.emplace(side(sources_[0])
                      .Union(side(sources_[1]))
                      .Where(Col("keep"))
                      .Select({Col("id").As("id"), Col("doubled").As("doubled")})
                      .WriteStream());
  writer_->Options(options).To(sink_).AddListener(&oracle_);

  std::vector<AddEvent> adds;
  int64_t next_id = 0;
  if (config_.mode == Mode::kExhaustive) {
    // The reference pipeline: three batches, each with input from both sources.
    for (int b = 0; b < 3; ++b) {
      adds.push_back({(b * 300 + 50) * kMs, 0, next_id, 3});
      next_id += 3;
      adds.push_back({(b * 300 + 60) * kMs, 1, next_id, 2});
      next_id += 2;
    }
  } else {
    const int count = static_cast<int>(rng_.Range(6, 14));
    for (int i = 0; i < count; ++i) {
      const int rows = static_cast<int>(rng_.Range(1, 6));
      adds.push_back({rng_.Range(0, 2500) * kMs, static_cast<int>(rng_.Uniform(2)), next_id, rows});
      next_id += rows;
    }
  }
  for (const AddEvent& a : adds) {
    sim_.scheduler.At(a.at_us, [this, a] {
      std::vector<std::vector<engine::Value>> rows;
      for (int64_t id = a.first_id; id < a.first_id + a.rows; ++id) {
        const bool keep = id % 5 != 3;
        oracle_.ExpectRow(id, keep);
        rows.push_back({id, keep});
      }
      sources_[a.source]->AddRows(rows);
      trace_.Add("add");
      trace_.Add(static_cast<uint64_t>(a.first_id));
    });
  }
}

void World::DrawFaults() {
  if (!faults_on_) return;
  if (config_.mode == Mode::kExhaustive) return;  // armed once, up front
  if (crashes_ < kMaxCrashesPerSeed && rng_.Chance(0.75)) {
    sim_.points.Arm(sim_.points.passed() + rng_.Range(1, 150));
  }
  if (config_.mode == Mode::kSwarm && rng_.Chance(0.5)) {
    static constexpr faults::IoFault kFaults[] = {faults::IoFault::kEio, faults::IoFault::kEnospc,
                                                  faults::IoFault::kSyncFailure};
    sim_.errors_fs.FailOperation(sim_.errors_fs.operations() + rng_.Range(1, 60), kFaults[rng_.Uniform(3)]);
  }
}

void World::StartQuery() {
  ++generation_;
  DrawFaults();
  trace_.Add("start");
  try {
    auto q = writer_->Start(sim_.env);
    if (!q.ok()) return OnFailure(q.status());
    query_ = std::move(q).value();
  } catch (const faults::SimulatedCrash& crash) {
    return OnCrash(crash);
  }
  const int gen = generation_;
  sim_.scheduler.At(query_->NextTriggerDueMicros(), [this, gen] { Trigger(gen); });
}

void World::Trigger(int generation) {
  if (generation != generation_ || !query_ || !query_->IsActive()) return;
  try {
    Result<bool> r = query_->RunTrigger();
    if (!r.ok()) return OnFailure(r.status());
  } catch (const faults::SimulatedCrash& crash) {
    return OnCrash(crash);
  }
  sim_.scheduler.At(query_->NextTriggerDueMicros(), [this, generation] { Trigger(generation); });
}

void World::ApplyCrash(const faults::SimulatedCrash& crash) {
  ++crashes_;
  trace_.Add("crash");
  trace_.Add(static_cast<uint64_t>(crash.point));
  query_.reset();
  // Lite and swarm leave config_.crash_state at its default: every choice drawn from the seed.
  sim_.disk.Crash(config_.crash_state, rng_);
}

void World::OnCrash(const faults::SimulatedCrash& crash) {
  ApplyCrash(crash);
  ScheduleRestart();
}

void World::OnFailure(const Status& st) {
  trace_.Add("failure");
  trace_.Add(st.message());
  query_.reset();
  ScheduleRestart();
}

void World::ScheduleRestart() {
  ++generation_;
  if (++restarts_ > kMaxRestarts) return;  // the liveness phase tries once more
  sim_.scheduler.At(sim_.clock.NowMicros() + rng_.Range(20, 300) * kMs, [this] { StartQuery(); });
}

void World::Heal() {
  faults_on_ = false;
  sim_.errors_fs.Clear();
  // Exhaustive mode keeps its one crash armed: it may fall in the liveness phase.
  if (config_.mode != Mode::kExhaustive) sim_.points.Disarm();
  ++generation_;  // pending trigger events of the safety phase are void
  // Bounded: at most one armed crash can fire here, so the second attempt runs fault-free.
  for (int attempt = 0; attempt < 3; ++attempt) {
    try {
      if (!query_ || !query_->IsActive()) {
        query_.reset();
        auto q = writer_->Start(sim_.env);
        if (!q.ok()) {
          return oracle_.LivenessFailed("the query cannot restart once faults stopped: " +
                                        q.status().message());
        }
        query_ = std::move(q).value();
      }
      Status st = query_->ProcessAllAvailable();
      if (!st.ok()) return oracle_.LivenessFailed("the healed query failed: " + st.message());
      query_->Stop();
      return;
    } catch (const faults::SimulatedCrash& crash) {
      ApplyCrash(crash);
    }
  }
  oracle_.LivenessFailed("the query did not catch up within 3 attempts");
}

SeedResult World::Run() {
  BuildWorkload();
  if (config_.crash_point) sim_.points.Arm(*config_.crash_point);
  sim_.scheduler.At(0, [this] { StartQuery(); });
  int64_t events = 0;
  while (!sim_.scheduler.Empty() && sim_.scheduler.NextEventTime() <= kSafetyEndUs) {
    SLUICE_CHECK(++events < kMaxEvents, "the safety phase ends within its event bound");
    sim_.scheduler.RunNext();
  }
  Heal();
  SeedResult result;
  result.batches_committed = query_ ? query_->LastCommittedBatchId() + 1 : 0;
  storage::Checkpoint checkpoint(&sim_.disk, spec::kStandardProtocol, nullptr);
  result.violations = oracle_.Check(*sink_, checkpoint);
  if (stateful_) {
    auto commits = checkpoint.commits().ListIds();
    const int64_t last = commits.ok() && !commits->empty() ? commits->back() : -1;
    for (std::string& v : CheckStatefulRun(stateful_workload_, observer_.committed(), last, *sink_)) {
      result.violations.push_back(std::move(v));
    }
  }
  result.trace_hash = trace_.value();
  result.crash_points = sim_.points.passed();
  result.crashes = crashes_;
  result.io_faults = static_cast<int>(sim_.errors_fs.injected());
  return result;
}

}  // namespace

std::string_view ModeName(Mode mode) {
  switch (mode) {
    case Mode::kLite: return "lite";
    case Mode::kSwarm: return "swarm";
    case Mode::kExhaustive: return "exhaustive";
  }
  return "?";
}

SeedResult RunSeed(const SeedConfig& config) {
  World world(config);
  return world.Run();
}

std::string ReplayCommand(const SeedConfig& config) {
  std::string cmd = "sluice-sim --seed " + std::to_string(config.seed) + " --seeds 1 --mode " +
                    std::string(ModeName(config.mode));
  if (config.mutant) cmd += " --mutant " + std::string(config.mutant->name);
  if (config.workload != Workload::kDrawn) {
    cmd += config.workload == Workload::kStateful ? " --workload stateful" : " --workload stateless";
  }
  if (config.crash_point) {
    cmd += " --crash-point " + std::to_string(*config.crash_point) + " --crash-state " +
           config.crash_state.Name();
  }
  return cmd;
}

}  // namespace sluice::sim
