// sluice-crash-child: a real query for the real-crash tests (real_crash_test.cc). It runs the
// simulator's stateless workload (ids, a computed column, a filter) over the POSIX file system
// and the wall clock, into a file sink that publishes one file per batch atomically and skips a
// batch id it already holds (an exactly-once sink on a real disk). The parent kills it with
// SIGKILL at random moments and restarts it.
//
//   sluice-crash-child CHECKPOINT_DIR SINK_DIR ROWS MAX_ROWS_PER_BATCH [STOP_AFTER_BATCHES]
//
// The input is the same on every start (ids 0..ROWS-1 in one source of two partitions), so the
// offsets in the log keep their meaning across restarts. Exit status: 0 when everything (or
// STOP_AFTER_BATCHES batches) is committed; 3 with the error on stderr when the query fails.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "runtime/real_environment.h"
#include "storage/atomic_publisher.h"
#include "storage/posix_file_system.h"

namespace {

using namespace sluice;

// One file per batch, `<batch id>`, holding "id,doubled" lines, published atomically.
class FileSink : public engine::Sink {
 public:
  explicit FileSink(const std::string& dir)
      : fs_(dir), publisher_(&fs_, &spec::atomic_publish::kTable, nullptr) {}
  std::string Describe() const override { return "FileSink"; }
  Status AddBatch(const std::string& /*query_id*/, int64_t batch_id,
                  const engine::RecordBatch& rows, engine::OutputMode) override {
    std::string text;
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      text += std::to_string(rows.column(0).Int(r)) + "," + std::to_string(rows.column(1).Int(r)) +
              "\n";
    }
    Status st = publisher_.Publish(std::to_string(batch_id), text);
    if (st.code() == StatusCode::kAlreadyExists) return Status::Ok();  // a replay: already held
    return st;
  }

 private:
  storage::PosixFileSystem fs_;
  storage::AtomicPublisher publisher_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s CHECKPOINT_DIR SINK_DIR ROWS MAX_ROWS_PER_BATCH [STOP_AFTER]\n",
                 argv[0]);
    return 2;
  }
  const std::string checkpoint = argv[1], sink_dir = argv[2];
  const int64_t rows = std::atoll(argv[3]);
  engine::ReadLimit limit;
  limit.max_rows = std::atoll(argv[4]);
  const int64_t stop_after = argc > 5 ? std::atoll(argv[5]) : -1;

  const engine::Schema schema{
      {{"id", engine::DataType::kInt64}, {"keep", engine::DataType::kBool}}};
  auto source = std::make_shared<engine::MemorySource>("a", schema, 2, limit);
  std::vector<std::vector<engine::Value>> values;
  for (int64_t id = 0; id < rows; ++id) values.push_back({id, id % 5 != 3});
  if (sluice::Status st = source->AddRows(values); !st.ok()) {
    std::fprintf(stderr, "%s\n", st.ToString().c_str());
    return 2;
  }

  runtime::RealEnvironment real(checkpoint, 2);
  auto q = engine::DataStream::From(source)
               .WithColumn("doubled", engine::Col("id") * engine::Lit(2))
               .Where(engine::Col("keep"))
               .Select({engine::Col("id").As("id"), engine::Col("doubled").As("doubled")})
               .WriteStream()
               .Trigger(engine::Trigger::Default())
               .To(std::make_shared<FileSink>(sink_dir))
               .Start(real.env());
  if (!q.ok()) {
    std::fprintf(stderr, "%s\n", q.status().message().c_str());
    return 3;
  }
  engine::StreamingQuery& query = *q.value();
  while (stop_after < 0 || query.LastCommittedBatchId() + 1 < stop_after) {
    Result<bool> ran = query.RunTrigger();
    if (!ran.ok()) {
      std::fprintf(stderr, "%s\n", ran.status().message().c_str());
      return 3;
    }
    if (!ran.value()) break;  // everything is committed
  }
  query.Stop();
  return 0;
}
