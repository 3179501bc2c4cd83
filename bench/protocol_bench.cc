// The durable cost of the checkpoint protocol per batch on the real disk, against the floor it
// cannot beat: two raw atomic publishes (offsets/N and commits/N), measured in the same run.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <boost/filesystem.hpp>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "storage/posix_file_system.h"
#include "storage/real_clock.h"

namespace {

using namespace sluice;

boost::filesystem::path FreshDir() {
  auto dir = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
  boost::filesystem::create_directories(dir);
  return dir;
}

// write a temporary file, fsync it, rename it, fsync the directory: one atomic publish.
void RawPublish(const std::string& dir, int64_t n, const std::string& bytes) {
  const std::string tmp = dir + "/.tmp", dst = dir + "/" + std::to_string(n);
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0 || ::write(fd, bytes.data(), bytes.size()) < 0 || ::fsync(fd) != 0) std::abort();
  ::close(fd);
  if (::rename(tmp.c_str(), dst.c_str()) != 0) std::abort();
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd < 0 || ::fsync(dfd) != 0) std::abort();
  ::close(dfd);
}

void BM_TwoRawAtomicPublishes(benchmark::State& state) {
  const auto dir = FreshDir();
  const std::string bytes(160, 'x');  // about the size of an offsets entry
  int64_t n = 0;
  for (auto _ : state) {
    RawPublish(dir.string(), n, bytes);
    RawPublish(dir.string(), n + 1, bytes);
    n += 2;
  }
  boost::filesystem::remove_all(dir);
}
BENCHMARK(BM_TwoRawAtomicPublishes)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_DurableBatchOnPosix(benchmark::State& state) {
  const auto dir = FreshDir();
  storage::PosixFileSystem fs(dir.string());
  storage::RealClock clock;
  engine::InlineScheduler scheduler;
  engine::Environment env;
  env.checkpoint_fs = &fs;
  env.clock = &clock;
  env.scheduler = &scheduler;
  int ids = 0;
  env.new_id = [&] { return "bench-" + std::to_string(ids++); };
  auto source = std::make_shared<engine::MemorySource>(
      "in", engine::Schema{{{"v", engine::DataType::kInt64}}}, 1);
  auto sink = std::make_shared<engine::MemorySink>();
  auto query = engine::DataStream::From(source).WriteStream().To(sink).Start(env).value();
  int64_t v = 0;
  for (auto _ : state) {
    // One row: the batch is all protocol, no data work.
    if (!source->AddRows({{v++}}).ok()) {
      state.SkipWithError("the row does not fit the source's schema");
      break;
    }
    if (!query->RunTrigger().value()) state.SkipWithError("no batch ran");
  }
  state.counters["batches"] = static_cast<double>(query->LastCommittedBatchId() + 1);
  boost::filesystem::remove_all(dir);
}
BENCHMARK(BM_DurableBatchOnPosix)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
