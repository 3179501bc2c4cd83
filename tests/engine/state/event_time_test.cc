// The event time of an encoded key cell, read without decoding the key, equals the event time of
// the decoded value: timestamps, windows, and their nulls.
#include <gtest/gtest.h>

#include "engine/state/stateful.h"
#include "engine/types/row_codec.h"
#include "engine/types/window_spec.h"

namespace sluice::engine {
namespace {

TEST(EventTimeOfCell, EqualsTheEventTimeOfTheDecodedValue) {
  const Value window{ValueList{Value{int64_t{10}}, Value{int64_t{20}}}};
  const Value open_window{ValueList{Value{int64_t{10}}, Value{}}};
  struct Case {
    Value value;
    bool window;
  };
  for (const Case& c : {Case{Value{int64_t{-5}}, false}, Case{Value{}, false}, Case{window, true},
                        Case{open_window, true}, Case{Value{}, true}}) {
    // A key of three cells, the event time in the middle.
    const std::string key = EncodeValues({Value{std::string("k")}, c.value, Value{1.5}});
    EXPECT_EQ(EventTimeOfCell(CellAt(key, 1), c.window), EventTimeOf(c.value))
        << ValueToString(c.value, c.window ? WindowType() : DataType::kTimestamp);
  }
  EXPECT_EQ(EventTimeOfCell(CellAt(EncodeValues({window}), 0), true), int64_t{20});
}

}  // namespace
}  // namespace sluice::engine
