// An aggregation given a batch's rows in pieces (BoundStateful::Start, PiecewiseRun) gives, batch
// after batch, the output, the state files and the metrics that Run gives over the whole batch:
// in every output mode, with late groups, empty pieces, pieces of one row, and arguments whose
// nulls appear in some pieces only, so that typed sums give way to sums of values in mid-batch.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/state/aggregate.h"
#include "tests/support/aggregate_rows.h"
#include "tests/support/stateful_runs.h"

namespace sluice::engine {
namespace {

using testing::Bind;
using testing::DrawRows;
using testing::PreShuffle;

RC_GTEST_PROP(AggregationInPieces, GivesWhatTheWholeBatchGives, ()) {
  const bool windowed = *rc::gen::arbitrary<bool>();
  std::vector<GroupKey> keys{GroupKey{Col("k"), "k", std::nullopt}};
  if (windowed) keys.push_back(GroupKey{Col("t"), "w", WindowSpec{Seconds(10)}});
  const auto agg =
      Bind(keys, {AggSpec{AggFn::kCount, std::nullopt, "n"}, AggSpec{AggFn::kCount, Col("x"), "nx"},
                  AggSpec{AggFn::kSum, Col("x"), "sx"}, AggSpec{AggFn::kSum, Col("d"), "sd"},
                  AggSpec{AggFn::kMin, Col("d"), "lo"}, AggSpec{AggFn::kMax, Col("s"), "hi"},
                  AggSpec{AggFn::kAvg, Col("x"), "ax"}, AggSpec{AggFn::kSum, Col("i"), "si"}});
  RC_ASSERT(agg->TakesPieces());
  const auto mode =
      *rc::gen::element(OutputMode::kAppend, OutputMode::kUpdate, OutputMode::kComplete);
  RC_PRE(windowed || mode == OutputMode::kComplete || mode == OutputMode::kUpdate);

  testing::StatefulRunSide whole, pieces;
  std::unique_ptr<RunScratch> kept;  // the pieces' side keeps its scratch across batches
  int64_t watermark_ms = 0;
  const auto batches = *rc::gen::inRange(1, 4);
  for (int64_t b = 0; b < batches; ++b) {
    const RecordBatch rows =
        PreShuffle(*agg, DrawRows(*rc::gen::inRange<size_t>(0, 300), *rc::gen::inRange(1, 30)));
    StatefulContext ctx = testing::DrawBatchContext(b, mode, &watermark_ms);
    whole.Begin(b);
    pieces.Begin(b);
    whole.out = agg->Run(rows, whole.store, ctx, &whole.progress);
    ctx.scratch = &kept;
    const std::unique_ptr<PiecewiseRun> run = agg->Start(pieces.store, ctx, &pieces.progress);
    RC_ASSERT(run != nullptr);
    // The batch cut into 1-7 pieces: some empty, some of one or two rows, some large.
    size_t begin = 0;
    const auto cuts = *rc::gen::inRange(0, 7);
    for (int i = 0; i <= cuts; ++i) {
      const size_t left = rows.num_rows() - begin;
      const size_t size =
          i == cuts ? left
                    : std::min(left, *rc::gen::oneOf(rc::gen::inRange<size_t>(0, 3),
                                                     rc::gen::inRange<size_t>(0, left + 1)));
      RC_ASSERT(run->Add(rows.Slice(begin, begin + size)).ok());
      begin += size;
    }
    pieces.out = run->Finish();
    testing::AssertSameBatch(b, whole, pieces);
  }
}

}  // namespace
}  // namespace sluice::engine
