#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "engine/ops/window.h"

namespace sluice::engine {
namespace {

// A tumbling window holds each row in [start, start + size) with start = origin + k * size: every
// row once, times before the epoch and on a window's edge included. Times without nulls take the
// one-pass path; the same rows with a null time added take the general one, which drops the null.
// Times are often near the row before, in its window or the next.
RC_GTEST_PROP(WindowAssign, TumblingWindowsEqualTheModel, ()) {
  const int64_t size = *rc::gen::element<int64_t>(1, 7, 1'000'000, 3'600'000'000);
  const int64_t origin = *rc::gen::inRange<int64_t>(-size + 1, size);
  const auto time = [&] {
    return *rc::gen::oneOf(rc::gen::inRange<int64_t>(-3 * size, 3 * size),
                           rc::gen::just(origin + size * *rc::gen::inRange<int64_t>(-3, 3)),
                           rc::gen::inRange<int64_t>(-(int64_t{1} << 50), int64_t{1} << 50));
  };
  const auto times = *rc::gen::container<std::vector<int64_t>>(rc::gen::just(0));
  std::vector<int64_t> ts;
  for (size_t i = 0; i < times.size(); ++i) {
    // Often close to the row before (the same window, the next, or the one before), as a
    // stream's times are: the one-pass path reuses the last row's window then.
    const bool near = i > 0 && *rc::gen::inRange(0, 3) > 0;
    ts.push_back(near ? ts.back() + *rc::gen::inRange<int64_t>(-size, size + 1) : time());
  }
  const bool with_null = *rc::gen::arbitrary<bool>();

  const Schema schema{{{"t", DataType::kTimestamp}}};
  Column t(DataType::kTimestamp);
  for (int64_t v : ts) t.AppendInt(v);
  if (with_null) t.AppendNull();
  const RecordBatch in(schema, {std::move(t)});
  const auto op =
      MakeWindowAssign("w", Col("t"), WindowSpec{Duration(size), Duration(0), Duration(origin)});
  const Result<RecordBatch> out = op->Apply(in);
  RC_ASSERT(out.ok());
  const RecordBatch& b = out.value();
  RC_ASSERT(b.num_rows() == ts.size());
  const Column& w = b.column(1);
  RC_ASSERT(w.null_count() == 0u);
  for (size_t r = 0; r < ts.size(); ++r) {
    const int64_t into = ((ts[r] - origin) % size + size) % size;
    RC_ASSERT(b.column(0).Int(r) == ts[r]);
    RC_ASSERT(w.child(0).Int(r) == ts[r] - into);
    RC_ASSERT(w.child(1).Int(r) == ts[r] - into + size);
  }
}

}  // namespace
}  // namespace sluice::engine
