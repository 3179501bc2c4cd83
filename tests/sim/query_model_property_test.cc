// A RapidCheck state-machine model of a query: add data, trigger, crash at a point with a crash
// state, fail a storage operation (EIO, ENOSPC, a failed fsync, Linux's lost-pages fsync), jump
// the clock, restart, stop, start. Faults are commands, so a failing schedule shrinks to the few
// commands that break exactly-once. Safety is checked after every command; at the end the query
// restarts without faults and must deliver every row exactly once.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <map>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/recording_sink.h"
#include "sim/sim_environment.h"

namespace sluice::sim {
namespace {

using engine::Col;

struct Model {
  int64_t rows_added = 0;
  bool running = false;
};

struct System {
  int64_t rows_added = 0;
  Status Start() {
    auto w = engine::DataStream::From(source).Where(Col("id") >= engine::Lit(0)).WriteStream();
    w.Trigger(engine::Trigger::ProcessingTime(engine::Millis(100))).To(sink).MinBatchesToRetain(1);
    auto q = w.Start(sim.env);
    if (!q.ok()) return q.status();
    query = std::move(q).value();
    return Status::Ok();
  }

  void AdvanceToNextTrigger() {
    sim.clock.AdvanceTo(sim.skewed_clock.ToTarget(query->NextTriggerDueMicros()));
  }

  void Crash(const faults::CrashState& state) {
    sim.points.Disarm();
    query.reset();
    sim.disk.Crash(state, rng);
  }

  // Every stored row was added, and none is stored twice.
  void CheckSafety(int64_t rows_added) const {
    std::map<int64_t, int> seen;
    for (const auto& [batch, rows] : sink->stored()) {
      for (size_t r = 0; r < rows.num_rows(); ++r) {
        const int64_t id = rows.column(0).Int(r);
        RC_ASSERT(id < rows_added);
        RC_ASSERT(++seen[id] == 1);
      }
    }
  }

  Rng rng{11};  // crash-state draws
  SimEnvironment sim{Rng(12), "model-"};
  std::shared_ptr<engine::MemorySource> source = std::make_shared<engine::MemorySource>(
      "input", engine::Schema{{{"id", engine::DataType::kInt64}}}, 2);
  std::shared_ptr<RecordingSink> sink = std::make_shared<RecordingSink>(true);
  std::unique_ptr<engine::StreamingQuery> query;
};

using Command = rc::state::Command<Model, System>;

struct AddData : Command {
  int64_t rows = *rc::gen::inRange<int64_t>(0, 6);
  void apply(Model& m) const override { m.rows_added += rows; }
  void run(const Model& m, System& s) const override {
    std::vector<std::vector<engine::Value>> batch;
    for (int64_t id = m.rows_added; id < m.rows_added + rows; ++id) batch.push_back({id});
    RC_ASSERT(s.source->AddRows(batch).ok());
    s.rows_added += rows;
  }
  void show(std::ostream& os) const override { os << "AddData(" << rows << ")"; }
};

struct StartQuery : Command {
  void checkPreconditions(const Model& m) const override { RC_PRE(!m.running); }
  void apply(Model& m) const override { m.running = true; }
  void run(const Model& m, System& s) const override {
    const Status st = s.Start();
    RC_ASSERT(st.ok());
  }
  void show(std::ostream& os) const override { os << "Start"; }
};

struct StopQuery : Command {
  void checkPreconditions(const Model& m) const override { RC_PRE(m.running); }
  void apply(Model& m) const override { m.running = false; }
  void run(const Model& m, System& s) const override {
    s.query->Stop();
    s.query.reset();
  }
  void show(std::ostream& os) const override { os << "Stop"; }
};

struct Trigger : Command {
  void checkPreconditions(const Model& m) const override { RC_PRE(m.running); }
  void run(const Model& m, System& s) const override {
    s.AdvanceToNextTrigger();
    RC_ASSERT(s.query->RunTrigger().ok());
    s.CheckSafety(m.rows_added);
  }
  void show(std::ostream& os) const override { os << "Trigger"; }
};

// Arms a crash `after` points ahead, runs triggers until it fires (or three triggers pass),
// then crashes in any case, leaving `state` on the disk.
struct CrashAt : Command {
  int64_t after = *rc::gen::inRange<int64_t>(1, 60);
  size_t variant = *rc::gen::inRange<size_t>(0, faults::AllCrashVariants().size());
  void checkPreconditions(const Model& m) const override { RC_PRE(m.running); }
  void apply(Model& m) const override { m.running = false; }
  void run(const Model& m, System& s) const override {
    s.sim.points.Arm(s.sim.points.passed() + after);
    try {
      for (int i = 0; i < 3; ++i) {
        s.AdvanceToNextTrigger();
        RC_ASSERT(s.query->RunTrigger().ok());
      }
    } catch (const faults::SimulatedCrash&) {
    }
    s.Crash(faults::AllCrashVariants()[variant]);
    s.CheckSafety(m.rows_added);
  }
  void show(std::ostream& os) const override {
    os << "CrashAt(+" << after << ", " << faults::AllCrashVariants()[variant].Name() << ")";
  }
};

// Fails storage operation `after` ahead with `fault` (Linux's lost-pages fsync among them), runs
// up to three triggers, and stops the query whether or not it failed.
struct IoFaultAt : Command {
  int64_t after = *rc::gen::inRange<int64_t>(1, 40);
  faults::IoFault fault =
      *rc::gen::element(faults::IoFault::kEio, faults::IoFault::kEnospc,
                        faults::IoFault::kSyncFailure, faults::IoFault::kSyncLosesData);
  void checkPreconditions(const Model& m) const override { RC_PRE(m.running); }
  void apply(Model& m) const override { m.running = false; }
  void run(const Model& m, System& s) const override {
    s.sim.errors_fs.FailOperation(s.sim.errors_fs.operations() + after, fault);
    for (int i = 0; i < 3 && s.query->IsActive(); ++i) {
      s.AdvanceToNextTrigger();
      if (!s.query->RunTrigger().ok()) break;
    }
    s.sim.errors_fs.Clear();
    s.query->Stop();
    s.query.reset();
    s.CheckSafety(m.rows_added);
  }
  void show(std::ostream& os) const override {
    os << "IoFaultAt(+" << after << ", " << faults::IoFaultName(fault) << ")";
  }
};

// Steps the clock the engine sees, forward or back.
struct ClockJump : Command {
  int64_t jump_ms = *rc::gen::inRange<int64_t>(-3000, 3000);
  void run(const Model& m, System& s) const override { s.sim.skewed_clock.Jump(jump_ms * 1000); }
  void show(std::ostream& os) const override { os << "ClockJump(" << jump_ms << " ms)"; }
};

RC_GTEST_PROP(QueryModel, CrashesNeverBreakExactlyOnce, ()) {
  Model model;
  System system;
  rc::state::check(model, system,
                   rc::state::gen::execOneOfWithArgs<AddData, StartQuery, StopQuery, Trigger,
                                                     CrashAt, IoFaultAt, ClockJump>());
  // Heal: restart without faults and catch up.
  const int64_t rows = system.rows_added;  // an empty add is an offset but no row
  if (!system.query) RC_ASSERT(system.Start().ok());
  RC_ASSERT(system.query->ProcessAllAvailable().ok());
  system.CheckSafety(rows);
  size_t stored = 0;
  for (const auto& [batch, b] : system.sink->stored()) stored += b.num_rows();
  RC_ASSERT(static_cast<int64_t>(stored) == rows);
}

}  // namespace
}  // namespace sluice::sim
