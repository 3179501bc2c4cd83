// Pipeline files: what is refused before anything runs, and how the refusal names the place.
#include "connectors/pipeline/pipeline.h"

#include <gtest/gtest.h>

#include <sstream>

#include "storage/posix_file_system.h"
#include "storage/real_clock.h"

namespace sluice::connectors::pipeline {
namespace {

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() {
    world_.data_fs = &untouched_;
    world_.clock = &clock_;
    world_.console = &console_;
    world_.resolve_path = [](const std::string& path) -> Result<std::string> { return path; };
  }

  // The error of loading `text`; "" when it loads.
  std::string Error(const std::string& text) {
    Result<Pipeline> p = LoadPipeline(text, "p.json", world_);
    return p.ok() ? "" : p.status().message();
  }

  // A valid pipeline with `input` as its one input and `sink` as its sink.
  static std::string With(const std::string& input, const std::string& sink,
                          const std::string& more = "") {
    return R"({"checkpoint": "ckpt", "inputs": [)" + input + R"(], "ops": [])" + more +
           R"(, "sink": )" + sink + "}";
  }

  storage::PosixFileSystem untouched_{"/nonexistent-sluice-test-root"};  // building does no I/O
  storage::RealClock clock_;
  std::ostringstream console_;
  PipelineWorld world_;
};

const char* kJsonInput =
    R"({"name": "in", "format": "json", "path": "in", "schema": "a INT, t TIMESTAMP"})";
const char* kConsole = R"({"format": "console"})";

TEST_F(PipelineTest, AValidPipelineBuildsItsQuery) {
  Result<Pipeline> p =
      LoadPipeline(With(kJsonInput, R"({"format": "json", "path": "out", "partition_by": ["a"]})",
                        R"(, "trigger": {"kind": "available_now"}, "name": "q")"),
                   "p.json", world_);
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p.value().checkpoint, "ckpt");
  EXPECT_EQ(p.value().options.name, "q");
  EXPECT_EQ(p.value().sink->Describe(), "FileSink[file:///out]");
}

TEST_F(PipelineTest, ErrorsNameTheKeyPathAndWhatWasExpected) {
  EXPECT_EQ(Error(With(R"({"name": "in", "format": "json", "path": "in", "schema": "a INT",
                           "options": {"maxFilesPerTrigger": "x"}})",
                       kConsole)),
            "p.json: inputs[0].options.maxFilesPerTrigger: file source 'in': invalid value 'x' "
            "for option 'maxFilesPerTrigger', must be a positive integer");
  EXPECT_EQ(Error(With(R"({"name": "in", "format": "json", "path": "in", "schema": "a INT",
                           "options": {"nosuchoption": 1}})",
                       kConsole))
                .rfind("p.json: inputs[0].options.nosuchoption: file source 'in': unknown option "
                       "'nosuchoption' (it takes maxFilesPerTrigger, ",
                       0),
            0u);
  EXPECT_EQ(Error(With(kJsonInput, R"({"format": "console", "colour": 1})")),
            "p.json: sink: unknown key 'colour' (known: format, options, partition_by, path)");
  EXPECT_EQ(Error(With(R"({"name": "in", "format": "parquet", "path": "in"})", kConsole)),
            "p.json: inputs[0].format: unknown source format 'parquet' (known: csv, json, rate, "
            "rate-micro-batch, text)");
  EXPECT_EQ(Error(With(R"({"name": "in", "format": "json", "path": "in"})", kConsole)),
            "p.json: inputs[0]: format 'json' needs 'schema', a DDL string such as \"id INT, name "
            "STRING\" (Spark's file streams take no schema inference)");
  EXPECT_NE(
      Error(With(R"({"name": "in", "format": "json", "path": "in", "schema": "a INTT"})", kConsole))
          .find("p.json: inputs[0].schema: "),
      std::string::npos);
  EXPECT_EQ(Error(With(R"({"name": "r", "format": "rate", "path": "in"})", kConsole)),
            "p.json: inputs[0].path: format 'rate' reads no folder");
  EXPECT_EQ(Error(With(kJsonInput, kConsole, R"(, "trigger": {"kind": "processing_time"})")),
            "p.json: trigger.interval_ms: expected a whole number of milliseconds from 0 to a year "
            "(31622400000), got null");
  EXPECT_EQ(Error(With(kJsonInput, R"({"format": "json", "path": "o", "partition_by": "a"})")),
            "p.json: sink.partition_by: expected a list of column names, got \"a\"");
  EXPECT_EQ(Error(With(kJsonInput, kConsole, R"(, "conf": {"shuffle_partitions": 0})")),
            "p.json: conf.shuffle_partitions: expected a whole number from 1 to 100000, got 0");
  EXPECT_EQ(Error(R"({"checkpoint": "c", "inputs": [], "ops": [], "sink": {"format": "console"},
                      "extra": 1})"),
            "p.json: the pipeline file: unknown key 'extra' (known: checkpoint, clock, conf, "
            "frames, inputs, name, ops, output_mode, sink, static, trigger)");
}

TEST_F(PipelineTest, AnOperatorsErrorNamesItsPlace) {
  const auto in_ops = [](const std::string& ops) {
    return R"({"checkpoint": "c", "inputs": [{"name": "in", "format": "rate"}], "ops": )" + ops +
           R"(, "sink": {"format": "console"}})";
  };
  EXPECT_NE(Error(in_ops(R"([{"op": "where", "cond": {"col": 5}}])"))
                .find("p.json: ops[0] (where): a value of the wrong type"),
            std::string::npos);
  EXPECT_NE(Error(in_ops(R"([{"op": "select", "items": []}, {"op": "union", "with": "nope"}])"))
                .find("p.json: ops[1] (union): no input or frame named 'nope'"),
            std::string::npos);
  EXPECT_EQ(Error(in_ops(R"([{"op": "group_by", "keys": []}])")),
            "p.json: ops: group_by without agg");
  EXPECT_EQ(Error(R"({"checkpoint": "", "inputs": [], "ops": [], "sink": {"format": "console"}})"),
            "p.json: checkpoint: expected a folder path, got \"\"");
}

TEST_F(PipelineTest, MalformedJsonIsRefusedWithItsLineAndColumn) {
  EXPECT_EQ(Error("{\"checkpoint\": \"c\",\n  \"inputs\": [}"),
            "p.json:2:14: not JSON: syntax error while parsing value - unexpected '}'; expected "
            "'[', '{', or a literal");
}

TEST_F(PipelineTest, AQueryNeedingWhatSluiceLacksIsRefusedNamingIt) {
  EXPECT_EQ(Error(R"({"checkpoint": "c", "inputs": [{"name": "in", "format": "rate"}],
                      "ops": [{"op": "limit", "n": 3}], "sink": {"format": "console"}})"),
            "p.json: the query needs streaming limit, which Sluice does not have yet");
  EXPECT_EQ(Error(R"({"checkpoint": "c", "inputs": [{"name": "in", "format": "rate"}],
                      "ops": [], "clock": "manual", "sink": {"format": "console"}})"),
            "p.json: clock: expected \"system\" (a pipeline runs on the real clock; \"manual\" is "
            "for scenarios), got \"manual\"");
}

}  // namespace
}  // namespace sluice::connectors::pipeline
