// The hash functions of the registry (engine/expr/functions/hash_functions.cc), against Spark's
// answers and the fold that spark_hash.h describes.
#include <gtest/gtest.h>

#include "engine/expr/spark_hash.h"
#include "tests/engine/expr/functions/function_test_util.h"

namespace sluice::engine {
namespace {

using testing::ColumnOf;
using testing::Eval;
using testing::LiteralOf;
using testing::NullLiteral;
using V = std::vector<Value>;
using M = SparkMurmur3;
using X = SparkXxHash64;

const Value kNull;
const DataType kStr = DataType::kString;
Value I(int64_t v) { return Value(v); }
Value S(std::string s) { return Value(std::move(s)); }
Value L(ValueList v) { return Value(std::move(v)); }

// functions-102 and the examples of Spark's hash and xxhash64: ('Spark', array(123), 2).
TEST(HashFunctions, SparkExamples) {
  const auto s = ColumnOf(kStr, {S("Spark")});
  const auto a = ColumnOf(DataType::Array(DataType::kInt32), {L({I(123)})});
  const auto n = ColumnOf(DataType::kInt32, {I(2)});
  EXPECT_EQ(Eval("hash", {s, a, n}, 1), (V{I(-1321691492)}));
  EXPECT_EQ(Eval("xxhash64", {s, a, n}, 1), (V{I(5602566077635097486LL)}));
  // HashExpressionsSuite: "AAA" takes the legacy byte tail.
  EXPECT_EQ(Eval("hash", {LiteralOf(kStr, S("AAA"))}, 1), (V{I(22125783)}));
  EXPECT_EQ(Eval("xxhash64", {LiteralOf(kStr, S("AAA"))}, 1), (V{I(3965631622972380050LL)}));
}

TEST(HashFunctions, NullsLeaveTheHashUnchanged) {
  const auto n = ColumnOf(DataType::kInt32, {kNull, I(1)});
  EXPECT_EQ(Eval("hash", {n}, 2), (V{I(42), I(M::HashInt(1, 42))}));
  EXPECT_EQ(Eval("xxhash64", {n, NullLiteral()}, 2), (V{I(42), I(X::HashInt(1, 42))}));
  const auto arr = ColumnOf(DataType::Array(DataType::kInt64), {L({I(1), kNull, I(2)}), L({})});
  const int32_t h12 = M::HashLong(2, M::HashLong(1, 42));
  EXPECT_EQ(Eval("hash", {arr}, 2), (V{I(h12), I(42)}));
  EXPECT_FALSE(testing::BindCall("hash", {}).ok());
}

TEST(HashFunctions, EveryScalarTypeAndChaining) {
  const auto b = ColumnOf(DataType::kBool, {Value(true)});
  const auto d = ColumnOf(DataType::kDate, {I(16000)});
  const auto t = ColumnOf(DataType::kTimestamp, {I(1437732000000000)});
  const auto f = ColumnOf(DataType::kFloat, {Value(-0.0)});
  const auto x = ColumnOf(DataType::kDouble, {Value(1.5)});
  const auto small = ColumnOf(DataType::Decimal(10, 2), {Value(Decimal128{1234})});
  const auto big = ColumnOf(DataType::Decimal(38, 2), {Value(Decimal128{1234})});
  const auto bin = ColumnOf(DataType::kBinary, {S(std::string("\x01\x02\x03", 3))});
  int32_t h = M::HashInt(1, 42);
  h = M::HashInt(16000, h);
  h = M::HashLong(1437732000000000, h);
  h = M::HashInt(0, h);  // -0.0 hashes as 0.0
  h = SparkHashDouble<M>(1.5, h);
  h = M::HashLong(1234, h);
  h = M::HashUnsafeBytes(DecimalUnscaledBytes(1234).View(), h);
  h = M::HashUnsafeBytes(std::string("\x01\x02\x03", 3), h);
  EXPECT_EQ(Eval("hash", {b, d, t, f, x, small, big, bin}, 1), (V{I(h)}));
  int64_t g = X::HashInt(16000, 42);
  g = X::HashUnsafeBytes(DecimalUnscaledBytes(1234).View(), g);
  EXPECT_EQ(Eval("xxhash64", {d, big}, 1), (V{I(g)}));
}

TEST(HashFunctions, StructsArraysAndNoMaps) {
  const DataType st = DataType::Struct({{"a", DataType::kInt32}, {"b", kStr}});
  const auto s = ColumnOf(st, {L({I(7), S("x")}), L({kNull, S("x")}), kNull});
  const int32_t both = M::HashUnsafeBytes("x", M::HashInt(7, 42));
  EXPECT_EQ(Eval("hash", {s}, 3), (V{I(both), I(M::HashUnsafeBytes("x", 42)), I(42)}));
  const DataType mt = DataType::Map(kStr, DataType::kInt32);
  // Spark 3+ refuses maps, at any depth (HASH_MAP_TYPE).
  const auto m = ColumnOf(mt, {L({L({S("k"), I(1)}), L({S("j"), kNull})})});
  const auto refused = testing::BindCall("xxhash64", {s, m});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("argument 2"), std::string::npos);
  EXPECT_FALSE(testing::BindCall("hash", {ColumnOf(DataType::Array(mt), {})}).ok());
  const auto nested = ColumnOf(DataType::Array(st), {L({L({I(7), S("x")})})});
  EXPECT_EQ(Eval("hash", {nested}, 1), (V{I(both)}));
}

// functions-100: md5, sha2 and crc32 of a string's UTF-8 bytes and of a binary.
TEST(HashFunctions, DigestsOfStringsAndBinaries) {
  const auto a = ColumnOf(kStr, {S("ABC"), kNull});
  const auto b = ColumnOf(DataType::kBinary, {S("\x01\x02\x03\x04\x05\x06"), kNull});
  EXPECT_EQ(Eval("md5", {a}, 2), (V{S("902fbdd2b1df0c4f70b4a5d23525e932"), kNull}));
  EXPECT_EQ(Eval("md5", {b}, 2), (V{S("6ac1e56bc78f031059be7be854522c4c"), kNull}));
  const auto bits = LiteralOf(DataType::kInt32, I(256));
  EXPECT_EQ(Eval("sha2", {a, bits}, 2),
            (V{S("b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78"), kNull}));
  EXPECT_EQ(Eval("sha2", {b, bits}, 2),
            (V{S("7192385c3c0605de55bb9476ce1d90748190ecb32a8eed7f5207b30cf6a1fe89"), kNull}));
  EXPECT_EQ(Eval("crc32", {a}, 2), (V{I(2743272264), kNull}));
  EXPECT_EQ(Eval("crc32", {b}, 2), (V{I(2180413220), kNull}));
  EXPECT_EQ(Eval("md5", {LiteralOf(kStr, S(""))}, 1), (V{S("d41d8cd98f00b204e9800998ecf8427e")}));
  EXPECT_EQ(Eval("crc32", {NullLiteral()}, 1), (V{kNull}));
  EXPECT_FALSE(testing::BindCall("md5", {ColumnOf(DataType::kInt32, {})}).ok());
  EXPECT_FALSE(testing::BindCall("crc32", {a, a}).ok());
}

TEST(HashFunctions, Sha2Widths) {
  const auto e = ColumnOf(kStr, {S("ABC"), S("ABC"), S("ABC"), S("ABC"), S("ABC"), S("ABC")});
  const auto bits = ColumnOf(DataType::kInt32, {I(0), I(224), I(384), I(512), I(100), kNull});
  const V out = Eval("sha2", {e, bits}, 6);
  ASSERT_EQ(out.size(), 6u);
  EXPECT_EQ(out[0], S("b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78"));
  EXPECT_EQ(std::get<std::string>(out[1]).size(), 56u);
  EXPECT_EQ(std::get<std::string>(out[2]).size(), 96u);
  EXPECT_EQ(std::get<std::string>(out[3]).size(), 128u);
  EXPECT_EQ(out[4], kNull);
  EXPECT_EQ(out[5], kNull);
  EXPECT_EQ(Eval("sha2", {e, NullLiteral()}, 6), V(6, kNull));
  EXPECT_FALSE(testing::BindCall("sha2", {e, LiteralOf(DataType::kDouble, 256.0)}).ok());
}

}  // namespace
}  // namespace sluice::engine
