// ConsoleSink (connectors/files/console_sink.cc): Spark's console sink, each batch under a
// `Batch: N` banner as a Dataset.show table; its options; and a streaming query writing to it.
#include "connectors/files/console_sink.h"

#include <gtest/gtest.h>

#include <sstream>

#include "connectors/files/show_string.h"
#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"

namespace sluice::connectors::files {
namespace {

using engine::DataType;
using engine::RecordBatch;
using engine::Schema;

const char kBanner[] = "-------------------------------------------\n";

RecordBatch Numbers(std::initializer_list<int64_t> values) {
  RecordBatch b(Schema{{{"v", DataType::kInt64}}});
  for (int64_t v : values) b.AppendRow({v});
  return b;
}

TEST(ConsoleSink, PrintsEachBatchUnderItsBannerOnce) {
  std::ostringstream out;
  ConsoleSink sink(&out, ConsoleSinkOptions{});
  ASSERT_TRUE(sink.AddBatch("q", 0, Numbers({1, 2}), engine::OutputMode::kAppend).ok());
  ASSERT_TRUE(sink.AddBatch("q", 0, Numbers({1, 2}), engine::OutputMode::kAppend).ok());  // again
  ASSERT_TRUE(sink.AddBatch("q", 1, Numbers({}), engine::OutputMode::kAppend).ok());
  EXPECT_EQ(out.str(), std::string(kBanner) + "Batch: 0\n" + kBanner +
                           ShowString(Numbers({1, 2}), 20, 20) + "\n" + kBanner + "Batch: 1\n" +
                           kBanner + "+---+\n|  v|\n+---+\n+---+\n\n");
}

TEST(ConsoleSink, NumRowsAndTruncateOptions) {
  auto options = ConsoleSinkOptions::Parse({{"numRows", "1"}, {"truncate", "false"}});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  std::ostringstream out;
  ConsoleSink sink(&out, options.value());
  EXPECT_EQ(sink.Describe(), "ConsoleWriter[numRows=1, truncate=false]");
  ASSERT_TRUE(sink.AddBatch("q", 3, Numbers({7, 8}), engine::OutputMode::kAppend).ok());
  EXPECT_EQ(out.str(), std::string(kBanner) + "Batch: 3\n" + kBanner +
                           "+---+\n|v  |\n+---+\n|7  |\n+---+\nonly showing top 1 row\n\n");
  EXPECT_EQ(ConsoleSink(&out, ConsoleSinkOptions{}).Describe(),
            "ConsoleWriter[numRows=20, truncate=true]");
}

TEST(ConsoleSink, OptionNamesAndBooleansIgnoreCase) {
  auto options = ConsoleSinkOptions::Parse({{"NUMROWS", "3"}, {"Truncate", "FALSE"}});
  ASSERT_TRUE(options.ok()) << options.status().ToString();
  EXPECT_EQ(options->num_rows, 3);
  EXPECT_FALSE(options->truncate);
}

TEST(ConsoleSink, BadOptionsAreRefusedByName) {
  auto rows = ConsoleSinkOptions::Parse({{"numRows", "ten"}});
  EXPECT_EQ(rows.status().message(), "console sink: option numRows is 'ten', must be an integer");
  auto truncate = ConsoleSinkOptions::Parse({{"truncate", "yes"}});
  EXPECT_EQ(truncate.status().message(),
            "console sink: option truncate is 'yes', must be 'true' or 'false'");
  auto unknown = ConsoleSinkOptions::Parse({{"rows", "5"}});
  EXPECT_EQ(unknown.status().message(),
            "console sink: unknown option rows (it takes numRows and truncate)");
}

TEST(ConsoleSink, AStreamingQueryPrintsItsBatches) {
  sim::SimDisk disk;
  sim::SimClock clock{1000000};
  engine::InlineScheduler scheduler;
  engine::Environment env;
  env.checkpoint_fs = &disk;
  env.clock = &clock;
  env.scheduler = &scheduler;
  env.new_id = [] { return std::string("id-0"); };
  auto source =
      std::make_shared<engine::MemorySource>("numbers", Schema{{{"v", DataType::kInt64}}}, 1);
  std::ostringstream out;
  auto sink = std::make_shared<ConsoleSink>(&out, ConsoleSinkOptions{});
  auto query = engine::DataStream::From(source)
                   .Select({(engine::Col("v") * engine::Lit(10)).As("ten_v")})
                   .WriteStream()
                   .To(sink)
                   .Start(env);
  ASSERT_TRUE(query.ok()) << query.status().ToString();
  ASSERT_TRUE(source->AddRows({{int64_t{1}}, {int64_t{2}}}).ok());
  ASSERT_TRUE(query.value()->ProcessAllAvailable().ok());
  EXPECT_EQ(out.str(), std::string(kBanner) + "Batch: 0\n" + kBanner +
                           "+-----+\n|ten_v|\n+-----+\n|   10|\n|   20|\n+-----+\n\n");
  auto progress = query.value()->LastProgress();
  ASSERT_TRUE(progress.has_value());
  EXPECT_EQ(progress->sink.description, "ConsoleWriter[numRows=20, truncate=true]");
}

}  // namespace
}  // namespace sluice::connectors::files
