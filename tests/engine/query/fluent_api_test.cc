// The fluent API as a Spark user writes it (engine/query/functions.h): a Kafka-style JSON
// pipeline, the word count, and misuses refused at Start with the function or item named.
#include <gtest/gtest.h>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "tests/support/sim_query_env.h"

namespace sluice::engine {
namespace {

class FluentApiTest : public ::testing::Test {
 protected:
  testing::SimQueryEnv sim_;
  Environment& env_ = sim_.env;
  std::shared_ptr<MemorySink> sink_ = std::make_shared<MemorySink>();
};

// Kafka's value column is binary; the pipeline of every Kafka tutorial casts it, parses it, and
// counts per window and user with a watermark, in append mode.
TEST_F(FluentApiTest, AKafkaStyleJsonPipelineCountsAndSumsPerWindowAndUser) {
  auto kafka = std::make_shared<MemorySource>(
      "kafka", Schema{{{"key", DataType::kBinary}, {"value", DataType::kBinary}}}, 2);
  const std::string schema =
      "user STRING, t TIMESTAMP, amount DECIMAL(10,2), geo STRUCT<c: STRING>";
  auto q = DataStream::From(kafka)
               .Select({FromJson(Col("value").Cast("string"), schema).As("e")})
               .Select({Star("e"), Col("e.geo.c").As("country")})
               .Where(Col("user").IsNotNull())
               .WithWatermark("t", "10 minutes")
               .GroupBy(Window(Col("t"), "5 minutes"), Col("user"))
               .Agg(Count("*").As("n"), Sum(Col("amount")).As("total"), Max(Col("country")))
               .WriteStream()
               .OutputMode(OutputMode::kAppend)
               .To(sink_)
               .Start(env_);
  ASSERT_TRUE(q.ok()) << q.status().message();
  auto event = [](const char* json) {
    return std::vector<Value>{Value(std::string("k")), Value(std::string(json))};
  };
  ASSERT_TRUE(kafka
                  ->AddRows({event(R"({"user":"ann","t":"2026-01-01 10:01:00","amount":1.25,)"
                                   R"("geo":{"c":"fr"}})"),
                             event(R"({"user":"ann","t":"2026-01-01 10:03:00","amount":2.50})"),
                             event(R"({"user":"bob","t":"2026-01-01 10:04:59","amount":"x"})"),
                             event(R"({"user":"ann","t":)"),  // malformed: all fields null
                             event(R"({"user":"bob","t":"2026-01-01 10:06:00","amount":7})")})
                  .ok());
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_TRUE(sink_->AllRows().empty());  // the watermark has not passed a window yet
  ASSERT_TRUE(
      kafka->AddRows({event(R"({"user":"cat","t":"2026-01-01 10:30:00","amount":0})")}).ok());
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  const DataType window = WindowType(), money = DataType::Decimal(20, 2);
  EXPECT_EQ(
      testing::SortedRowText(
          {window, DataType::kString, DataType::kInt64, money, DataType::kString},
          sink_->AllRows()),
      (std::vector<std::string>{"{2026-01-01 10:00:00, 2026-01-01 10:05:00}|ann|2|3.75|fr",
                                "{2026-01-01 10:00:00, 2026-01-01 10:05:00}|bob|1|null|null",
                                "{2026-01-01 10:05:00, 2026-01-01 10:10:00}|bob|1|7.00|null"}));
}

TEST_F(FluentApiTest, TheWordCountOfEveryTutorial) {
  auto lines = std::make_shared<MemorySource>("lines", Schema{{{"line", DataType::kString}}}, 1);
  auto q = DataStream::From(lines)
               .Select({Explode(Split(Col("line"), " ")).As("word")})
               .Where(Length(Col("word")) > Lit(0))
               .GroupBy(Lower(Col("word")).As("word"))
               .Agg(Count("*"))
               .WriteStream()
               .OutputMode(OutputMode::kComplete)
               .To(sink_)
               .Start(env_);
  ASSERT_TRUE(q.ok()) << q.status().message();
  ASSERT_TRUE(
      lines->AddRows({{Value(std::string("the cat  the"))}, {Value(std::string(""))}}).ok());
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  ASSERT_TRUE(lines->AddRows({{Value(std::string("The dog"))}}).ok());
  ASSERT_TRUE(q.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(testing::SortedRowText({DataType::kString, DataType::kInt64}, sink_->LastBatchRows()),
            (std::vector<std::string>{"cat|1", "dog|1", "the|3"}));
}

TEST_F(FluentApiTest, MisusesAreRefusedAtStartNamingTheFunctionOrItem) {
  auto source = std::make_shared<MemorySource>(
      "s", Schema{{{"x", DataType::kInt64}, {"t", DataType::kTimestamp}}}, 1);
  auto start = [&](const DataStream& s) {
    return s.WriteStream().OutputMode(OutputMode::kUpdate).To(sink_).Start(env_);
  };
  struct Case {
    DataStream stream;
    const char* message;
  };
  const DataStream in = DataStream::From(source);
  const std::vector<Case> cases{
      {in.Select({Col("x").Cast("strng")}), "'strng'"},
      {in.Select({Sum(Col("x"))}), "function sum is an aggregate"},
      {in.GroupBy(Col("x")).Agg(Col("t")), "agg: t is not an aggregate"},
      {in.GroupBy(Window(Col("t"), "five minutes")).Agg(Count("*")), "window duration"},
      {in.Select({FromJson(Col("x"), "a INT")}), "function from_json: argument 1 (long)"},
  };
  for (const Case& c : cases) {
    auto q = start(c.stream);
    ASSERT_FALSE(q.ok()) << c.message;
    EXPECT_NE(q.status().message().find(c.message), std::string::npos) << q.status().message();
  }
}

// Each wrapper names a function the registry has, with arguments it accepts: a typo in a name or
// an argument order fails here, naming the wrapper's expression.
TEST(FluentFunctions, EveryWrapperBindsToItsFunction) {
  const Schema schema{{{"s", DataType::kString},
                       {"i", DataType::kInt32},
                       {"d", DataType::kDouble},
                       {"t", DataType::kTimestamp},
                       {"a", DataType::Array(DataType::kString)},
                       {"m", DataType::Map(DataType::kString, DataType::kInt32)}}};
  const Expr s = Col("s"), i = Col("i"), d = Col("d"), t = Col("t"), a = Col("a"), m = Col("m");
  const std::vector<Expr> all{WindowTime(Call("named_struct", {Lit("start"), t, Lit("end"), t})),
                              FromJson(s, "x INT", {{"mode", "PERMISSIVE"}}),
                              ToJson(Struct({s, i})),
                              GetJsonObject(s, "$.x"),
                              FromCsv(s, "x INT, y STRING"),
                              ToCsv(Struct({s, i})),
                              Split(s, ","),
                              Concat({s, s}),
                              ConcatWs("-", {s, s}),
                              Length(s),
                              Lower(s),
                              Upper(s),
                              Trim(s),
                              LTrim(s),
                              RTrim(s),
                              Substring(s, 1, 2),
                              RegexpExtract(s, "(a)", 1),
                              RegexpReplace(s, "a", "b"),
                              Like(s, "a%"),
                              RLike(s, "a+"),
                              StartsWith(s, Lit("a")),
                              EndsWith(s, Lit("a")),
                              Contains(s, Lit("a")),
                              Instr(s, "a"),
                              Lpad(s, 5),
                              Rpad(s, 5, "*"),
                              Replace(s, "a"),
                              ToDate(s),
                              ToTimestamp(s, "yyyy-MM-dd"),
                              DateFormat(t, "yyyy"),
                              DateAdd(ToDate(s), i),
                              DateDiff(t, t),
                              DateTrunc("hour", t),
                              Year(t),
                              Month(t),
                              DayOfMonth(t),
                              Hour(t),
                              Minute(t),
                              Second(t),
                              UnixTimestamp(s),
                              FromUnixtime(Lit(int64_t{0})),
                              Coalesce({s, Lit("x")}),
                              When(i > Lit(1), s, Lit("x")),
                              If(i > Lit(1), i, Lit(2)),
                              NullIf(i, Lit(3)),
                              In(i, {Lit(1), Lit(2)}),
                              Abs(d),
                              Round(d, 2),
                              Floor(d),
                              Ceil(d),
                              Pow(d, d),
                              Sqrt(d),
                              Log(d),
                              Exp(d),
                              Pmod(i, Lit(3)),
                              Greatest({i, Lit(4)}),
                              Least({d, d}),
                              Hash({s, i}),
                              XxHash64({s}),
                              Md5(s),
                              Sha2(s, 256),
                              Crc32(s),
                              Array({s, s}),
                              Size(a),
                              ElementAt(a, Lit(1)),
                              ElementAt(m, Lit("k")),
                              ArrayContains(a, Lit("x")),
                              MapKeys(m),
                              MapValues(m)};
  for (const Expr& e : all) {
    Result<DataType> type = e.Bind(schema);
    EXPECT_TRUE(type.ok()) << e.ToString() << ": " << type.status().message();
  }
}

}  // namespace
}  // namespace sluice::engine
