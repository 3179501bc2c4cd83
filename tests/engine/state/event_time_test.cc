// The event time of an encoded key cell, read without decoding the key, equals the event time of
// the decoded value: timestamps, windows, and their nulls. NoRowIsLate, which reads a column (or
// a range of its rows) a vector at a time, agrees with testing each row's EventTimeAt.
// KeyEventTime, which reads keys of one width at a fixed place, agrees with reading the cell.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

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

// A column of timestamps, or of windows (whose end is the event time), with or without nulls.
RC_GTEST_PROP(NoRowIsLate, AgreesWithTestingEachRow, ()) {
  const bool window = *rc::gen::arbitrary<bool>();
  const bool nulls = *rc::gen::arbitrary<bool>();
  // Times near whole milliseconds, so that some fall on the watermark and either side of it.
  const auto times = *rc::gen::container<std::vector<int64_t>>(rc::gen::map(
      rc::gen::pair(rc::gen::inRange<int64_t>(-4, 5), rc::gen::inRange<int64_t>(-1, 2)),
      [](std::pair<int64_t, int64_t> p) { return p.first * 1000 + p.second; }));
  Column column(window ? WindowType() : DataType::kTimestamp);
  for (const int64_t t : times) {
    const int kind = nulls ? *rc::gen::inRange(0, 3) : 0;  // 1: a null row, 2: a window's null end
    if (kind == 1) {
      column.AppendNull();
    } else if (window) {
      column.Append(Value{ValueList{Value{t - 1000}, kind == 2 ? Value{} : Value{t}}});
    } else {
      column.AppendInt(t);
    }
  }
  const int64_t late_ms = *rc::gen::inRange<int64_t>(-4, 4);
  const auto none_late_in = [&](size_t begin, size_t end) {
    for (size_t r = begin; r < end; ++r) {
      const std::optional<int64_t> t = EventTimeAt(column, r);
      if (t && *t <= late_ms * 1000) return false;
    }
    return true;
  };
  RC_ASSERT(NoRowIsLate(column, late_ms) == none_late_in(0, column.size()));
  // And over a range of the rows.
  const auto begin = *rc::gen::inRange<size_t>(0, column.size() + 1);
  const auto end = *rc::gen::inRange<size_t>(begin, column.size() + 1);
  RC_ASSERT(NoRowIsLate(column, begin, end, late_ms) == none_late_in(begin, end));
}

// Keys of fixed-width cells around the eviction cell (a timestamp or a window), each cell null
// sometimes (a window's end, a struct's bool field too), and keys with a string, which have no
// one width: the time read at a fixed place, where the key has the full width, is the time read
// cell by cell.
RC_GTEST_PROP(KeyEventTime, AgreesWithReadingTheCell, ()) {
  const bool window = *rc::gen::arbitrary<bool>();
  const DataType time_type = window ? WindowType() : DataType(DataType::kTimestamp);
  const DataType flagged = DataType::Struct({{"on", DataType::kBool}, {"n", DataType::kInt64}});
  std::vector<DataType> types = *rc::gen::container<std::vector<DataType>>(
      *rc::gen::inRange<size_t>(0, 4),
      rc::gen::element(DataType(DataType::kBool), DataType(DataType::kInt32),
                       DataType(DataType::kDouble), DataType(DataType::kString), WindowType(),
                       flagged));
  const auto index = *rc::gen::inRange<size_t>(0, types.size() + 1);
  types.insert(types.begin() + static_cast<std::ptrdiff_t>(index), time_type);
  const KeyEventTime time_of(types, index);
  for (int k = 0; k < 20; ++k) {
    std::vector<Value> cells;
    for (const DataType& type : types) {
      const bool null = *rc::gen::inRange(0, 4) == 0;
      const int64_t t = *rc::gen::inRange<int64_t>(-3, 4);
      if (null) {
        cells.emplace_back();
      } else if (type == WindowType()) {
        const bool open = *rc::gen::inRange(0, 4) == 0;
        cells.push_back(Value{ValueList{Value{t - 10}, open ? Value{} : Value{t}}});
      } else if (type == DataType::kBool) {
        cells.push_back(Value{t > 0});
      } else if (type == DataType::kInt32) {
        cells.push_back(Value{static_cast<int32_t>(t)});
      } else if (type == DataType::kDouble) {
        cells.push_back(Value{static_cast<double>(t)});
      } else if (type == DataType::kString) {
        cells.push_back(Value{std::string(static_cast<size_t>(t + 3), 's')});
      } else if (type == flagged) {
        const bool null_flag = *rc::gen::arbitrary<bool>();
        cells.push_back(Value{ValueList{null_flag ? Value{} : Value{t > 0}, Value{t}}});
      } else {
        cells.push_back(Value{t});
      }
    }
    const std::string key = EncodeValues(cells);
    RC_ASSERT(time_of(key) == EventTimeOfCell(CellAt(key, index), window));
  }
}

}  // namespace
}  // namespace sluice::engine
