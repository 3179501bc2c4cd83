// map's keys as Spark's map builder stores them (engine/expr/functions/nested_functions.cc).
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::CallFunction;
using testing::LiteralOf;

// map(k, 'v'): the one key it stores.
double StoredKey(double k) {
  const Result<Column> m = CallFunction(
      "map", {LiteralOf(DataType::kDouble, Value{k}), LiteralOf(DataType::kString, Value{"v"})}, 1);
  EXPECT_TRUE(m.ok()) << m.status().message();
  if (!m.ok()) return 0;
  EXPECT_EQ(m.value().child(0).size(), 1u);
  return m.value().child(0).Double(0);
}

TEST(MapFunction, StoresMinusZeroAsZeroAndEveryNaNAsOne) {
  EXPECT_FALSE(std::signbit(StoredKey(-0.0)));
  const double canonical = std::numeric_limits<double>::quiet_NaN();
  const double stored = StoredKey(-std::nan("7"));
  ASSERT_TRUE(std::isnan(stored));
  EXPECT_EQ(std::memcmp(&stored, &canonical, sizeof(double)), 0);
  EXPECT_EQ(StoredKey(2.5), 2.5);
}

// A key given twice in one row fails, as under Spark's default mapKeyDedupPolicy (EXCEPTION); 0.0
// and -0.0, or two NaNs, are the same key.
TEST(MapFunction, ARepeatedKeyFailsNamingIt) {
  const auto two = [](DataType type, Value a, Value b) {
    return CallFunction("map",
                        {LiteralOf(type, a), LiteralOf(DataType::kString, Value{"x"}),
                         LiteralOf(type, b), LiteralOf(DataType::kString, Value{"y"})},
                        2);
  };
  for (const auto& [a, b] : {std::pair{Value{0.0}, Value{-0.0}},
                             std::pair{Value{std::nan("1")}, Value{std::nan("2")}}}) {
    const Result<Column> m = two(DataType::kDouble, a, b);
    ASSERT_FALSE(m.ok());
    EXPECT_NE(m.status().message().find("DUPLICATED_MAP_KEY"), std::string::npos)
        << m.status().message();
  }
  const Result<Column> ints = two(DataType::kInt64, Value{int64_t{1}}, Value{int64_t{1}});
  ASSERT_FALSE(ints.ok());
  EXPECT_NE(ints.status().message().find("key 2 (1) of row 0"), std::string::npos)
      << ints.status().message();
  const Result<Column> distinct = two(DataType::kInt64, Value{int64_t{1}}, Value{int64_t{2}});
  ASSERT_TRUE(distinct.ok()) << distinct.status().message();
  EXPECT_EQ(distinct.value().child(0).size(), 4u);  // two rows of two entries
}

}  // namespace
}  // namespace sluice::engine
