// Spark's JSON-files example through Sluice's C++ API: clicks read from a folder of JSON-lines
// files, one file per trigger, counted per page in 5-minute windows behind a 10-minute watermark,
// written as JSON files with Spark's `_spark_metadata` manifest. The same query as
// examples/pipelines/json_window_count.json.
//
//   clicks_per_window INPUT_DIR OUTPUT_DIR CHECKPOINT_DIR
//
// Runs until every file in INPUT_DIR is read (Trigger.AvailableNow); run it again after adding
// files and it reads only the new ones.
#include <cstdio>
#include <string>

#include "connectors/files/file_sink.h"
#include "connectors/files/file_source.h"
#include "engine/query/data_stream.h"
#include "engine/query/functions.h"
#include "runtime/machine_path.h"
#include "runtime/real_environment.h"
#include "storage/real_clock.h"

using namespace sluice::engine;
using sluice::Result;
using sluice::connectors::files::FileSink;
using sluice::connectors::files::FileSource;
using sluice::runtime::MachinePath;

int Fail(const std::string& what, const sluice::Status& st) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), st.ToString().c_str());
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s INPUT_DIR OUTPUT_DIR CHECKPOINT_DIR\n", argv[0]);
    return 2;
  }
  Result<std::string> in = MachinePath(argv[1]), out = MachinePath(argv[2]),
                      checkpoint = MachinePath(argv[3]);
  for (const auto* path : {&in, &out, &checkpoint}) {
    if (!path->ok()) return Fail("path", path->status());
  }
  sluice::runtime::MachineFileSystem machine;  // the connectors' paths are paths of it
  sluice::storage::RealClock clock;
  auto clicks =
      FileSource::Create("clicks", &machine, in.value(), "json",
                         "user STRING, page STRING, time TIMESTAMP", {{"maxFilesPerTrigger", "1"}});
  if (!clicks.ok()) return Fail("source", clicks.status());
  auto files = FileSink::Create(&machine, out.value(), "json", /*partition_by=*/{},
                                /*options=*/{}, &clock);
  if (!files.ok()) return Fail("sink", files.status());

  sluice::runtime::RealEnvironment real("/" + checkpoint.value(), /*threads=*/2);
  auto query = DataStream::From(clicks.value())
                   .WithWatermark("time", "10 minutes")
                   .GroupBy(Window(Col("time"), "5 minutes").As("window"), Col("page"))
                   .Agg(Count("*").As("clicks"))
                   .WriteStream()
                   .OutputMode(OutputMode::kAppend)
                   .Trigger(Trigger::AvailableNow())
                   .To(files.value())
                   .Start(real.env());
  if (!query.ok()) return Fail("start", query.status());
  sluice::Status ended = query.value()->AwaitTermination();
  if (!ended.ok()) return Fail("query", ended);
  std::printf("committed batches 0..%lld\n",
              static_cast<long long>(query.value()->LastCommittedBatchId()));
  return 0;
}
