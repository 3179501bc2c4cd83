// EventTimeStats: a column added at once gives the statistics of its rows added one by one, in any
// split and merge order, and the mean is the exact mean truncated toward zero.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <vector>

#include "engine/state/watermark.h"
#include "engine/types/duration.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {
namespace {

// Event times in microseconds, near zero (where truncation and flooring differ), near the ends of
// the long range, and ordinary; nullopt for a null cell.
rc::Gen<std::optional<int64_t>> GenEventTime() {
  return rc::gen::weightedOneOf<std::optional<int64_t>>({
      {1, rc::gen::just(std::optional<int64_t>())},
      {3, rc::gen::map(rc::gen::inRange<int64_t>(-5000, 5000),
                       [](int64_t v) { return std::optional<int64_t>(v); })},
      {2, rc::gen::map(rc::gen::arbitrary<int64_t>(),
                       [](int64_t v) { return std::optional<int64_t>(v); })},
      {4, rc::gen::map(rc::gen::inRange<int64_t>(1'700'000'000'000'000, 1'700'000'100'000'000),
                       [](int64_t v) { return std::optional<int64_t>(v); })},
  });
}

Column TimestampColumn(const std::vector<std::optional<int64_t>>& micros) {
  Column c(DataType::kTimestamp);
  for (const std::optional<int64_t>& us : micros) {
    if (us) {
      c.AppendInt(*us);
    } else {
      c.AppendNull();
    }
  }
  return c;
}

// The model: each non-null row's milliseconds, and their exact sum.
EventTimeStats ModelOf(const std::vector<std::optional<int64_t>>& micros) {
  EventTimeStats s;
  for (const std::optional<int64_t>& us : micros) {
    if (!us) continue;
    const int64_t ms = MillisFromMicros(*us);
    s.min_ms = s.count == 0 ? ms : std::min(s.min_ms, ms);
    s.max_ms = s.count == 0 ? ms : std::max(s.max_ms, ms);
    s.sum_ms += ms;
    ++s.count;
  }
  return s;
}

void ExpectSame(const EventTimeStats& got, const EventTimeStats& want) {
  RC_ASSERT(got.count == want.count);
  if (want.count == 0) return;
  RC_ASSERT(got.min_ms == want.min_ms);
  RC_ASSERT(got.max_ms == want.max_ms);
  RC_ASSERT(got.sum_ms == want.sum_ms);
  RC_ASSERT(got.avg_ms() == static_cast<int64_t>(want.sum_ms / want.count));
}

RC_GTEST_PROP(EventTimeStats, AColumnAtOnceEqualsItsRowsOneByOne, ()) {
  const auto micros = *rc::gen::container<std::vector<std::optional<int64_t>>>(GenEventTime());
  const EventTimeStats want = ModelOf(micros);

  EventTimeStats one_by_one;
  for (const std::optional<int64_t>& us : micros) {
    if (us) one_by_one.Add(MillisFromMicros(*us));
  }
  ExpectSame(one_by_one, want);

  EventTimeStats at_once;
  at_once.AddMicros(TimestampColumn(micros));
  ExpectSame(at_once, want);

  // Split in two, each half added at once, merged in either order.
  const auto cut = *rc::gen::inRange<size_t>(0, micros.size() + 1);
  const std::vector<std::optional<int64_t>> head(micros.begin(), micros.begin() + cut);
  const std::vector<std::optional<int64_t>> tail(micros.begin() + cut, micros.end());
  EventTimeStats a;
  a.AddMicros(TimestampColumn(head));
  EventTimeStats b;
  b.AddMicros(TimestampColumn(tail));
  EventTimeStats ab = a;
  ab.Merge(b);
  EventTimeStats ba = b;
  ba.Merge(a);
  ExpectSame(ab, want);
  ExpectSame(ba, want);
}

// A long column without nulls crosses the summing blocks; values near the long range's ends
// would overflow a plain int64 sum.
TEST(EventTimeStats, SumsALongColumnExactly) {
  std::vector<std::optional<int64_t>> micros;
  for (int i = 0; i < 10'000; ++i) micros.push_back(INT64_MAX - i);
  EventTimeStats s;
  s.AddMicros(TimestampColumn(micros));
  EXPECT_EQ(s.count, 10'000);
  EXPECT_EQ(s.max_ms, MillisFromMicros(INT64_MAX));
  EXPECT_EQ(s.min_ms, MillisFromMicros(INT64_MAX - 9'999));
  EXPECT_EQ(s.avg_ms(), static_cast<int64_t>(ModelOf(micros).sum_ms / 10'000));
}

// A window column's event time is its end; a null window or a null end has none.
TEST(EventTimeStats, AWindowColumnCountsEachWindowsEnd) {
  Column windows(WindowType());
  const auto add = [&](std::optional<int64_t> start, std::optional<int64_t> end) {
    for (size_t i = 0; i < 2; ++i) {
      const std::optional<int64_t> v = i == 0 ? start : end;
      if (v) {
        windows.child(i).AppendInt(*v);
      } else {
        windows.child(i).AppendNull();
      }
    }
    windows.CloseStruct();
  };
  add(10'000, 20'000);
  add(30'000, 45'000);
  add(50'000, std::nullopt);
  windows.AppendNull();
  EventTimeStats s;
  s.AddMicros(windows);
  EXPECT_EQ(s.count, 2);
  EXPECT_EQ(s.min_ms, 20);
  EXPECT_EQ(s.max_ms, 45);
  EXPECT_EQ(s.avg_ms(), 32);  // 32.5 truncated
}

}  // namespace
}  // namespace sluice::engine
