#include <gtest/gtest.h>

#include <set>

#include "spec/protocol.h"

namespace sluice::spec {
namespace {

struct Recorder : TransitionListener {
  std::vector<std::tuple<MachineId, int, int, int>> seen;
  void OnTransition(MachineId m, int from, int event, int to) override {
    seen.emplace_back(m, from, event, to);
  }
};

// The standard micro-batch table, followed on kOk alone, visits the phases in design.md's order.
TEST(MicroBatchMachine, StandardOrderOfDurableEffects) {
  namespace mb = micro_batch;
  Stepper<mb::State, mb::Event> s(mb::kTable, mb::State::kIdle, nullptr);
  s.Step(mb::Event::kNewTrigger);
  s.Step(mb::Event::kOk);
  s.Step(mb::Event::kOk);
  std::vector<DurableEffect> effects;
  while (s.state() != mb::State::kDone) {
    effects.push_back(mb::kTable.Find(s.state(), mb::Event::kOk)->effect);
    s.Step(mb::Event::kOk);
  }
  const std::vector<DurableEffect> want{DurableEffect::kOffsetsEntryDurable,
                                        DurableEffect::kSourcesAcknowledged,
                                        DurableEffect::kNone,
                                        DurableEffect::kNone,
                                        DurableEffect::kSinkHoldsBatch,
                                        DurableEffect::kStateCommitted,
                                        DurableEffect::kCommitEntryDurable,
                                        DurableEffect::kLogsPurged,
                                        DurableEffect::kStateMaintained,
                                        DurableEffect::kNone,
                                        DurableEffect::kNone};
  EXPECT_EQ(effects, want);
}

// A source's own records (a file source's seen-files entry) are durable when planning ends,
// before offsets/N can name them.
TEST(Machines, SourceRecordsAreDurableBeforeOffsetsCanNameThem) {
  namespace mb = micro_batch;
  EXPECT_EQ(mb::kTable.Find(mb::State::kPlanning, mb::Event::kOk)->effect,
            DurableEffect::kSourceRecordsDurable);
  EXPECT_EQ(DurableEffectName(DurableEffect::kSourceRecordsDurable), "source_records_durable");
}

TEST(MicroBatchMachine, EveryWorkingStateCanFail) {
  namespace mb = micro_batch;
  for (int s = static_cast<int>(mb::State::kPlanning); s <= static_cast<int>(mb::State::kReporting);
       ++s) {
    const auto* t = mb::kTable.Find(static_cast<mb::State>(s), mb::Event::kError);
    ASSERT_NE(t, nullptr) << mb::StateName(static_cast<mb::State>(s));
    EXPECT_EQ(t->to, mb::State::kFailed);
  }
}

TEST(Stepper, ReportsEveryTransitionToTheListener) {
  namespace ap = atomic_publish;
  Recorder r;
  Stepper<ap::State, ap::Event> s(ap::kTable, ap::State::kStart, &r);
  s.Step(ap::Event::kBegin);
  s.Step(ap::Event::kOk);
  ASSERT_EQ(r.seen.size(), 2u);
  EXPECT_EQ(std::get<3>(r.seen[1]), static_cast<int>(ap::State::kSyncingTemp));
}

TEST(StepperDeathTest, RefusesATransitionNotInTheTable) {
  namespace ap = atomic_publish;
  Stepper<ap::State, ap::Event> s(ap::kTable, ap::State::kStart, nullptr);
  EXPECT_DEATH(s.Step(ap::Event::kOk), "transition not in the machine's table");
}

TEST(Tables, NoStateHasTwoTransitionsOnOneEvent) {
  std::set<std::pair<int, int>> seen;
  for (const auto& t : micro_batch::kTransitions) {
    EXPECT_TRUE(seen.emplace(static_cast<int>(t.from), static_cast<int>(t.event)).second);
  }
}

}  // namespace
}  // namespace sluice::spec
