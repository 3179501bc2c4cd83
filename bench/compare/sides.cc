#include "bench/compare/sides.h"

#include <chrono>
#include <cstdio>

#include "runtime/real_environment.h"

namespace sluice::bench::compare {

using engine::MemorySource;
using engine::QueryOptions;
using engine::RecordBatch;
using engine::StreamingQuery;

namespace {

// Prints to stderr the progress JSON of each recent batch after `printed_batch`; returns the last
// batch printed.
int64_t PrintProgressAfter(const StreamingQuery& query, int64_t printed_batch) {
  for (const engine::StreamingQueryProgress& p : query.RecentProgress()) {
    if (p.batch_id <= printed_batch) continue;
    std::fprintf(stderr, "%s\n", p.ToJson().c_str());
    printed_batch = p.batch_id;
  }
  return printed_batch;
}

}  // namespace

Result<Timed> RunSluice(const Workload& w, const Input& in, int threads,
                        const std::string& checkpoint, bool progress) {
  runtime::RealEnvironment real(checkpoint, threads);
  auto source = std::make_shared<MemorySource>(std::string(w.name), w.schema, threads);
  std::unique_ptr<OutputFold> fold = w.fold();
  QueryOptions options;
  options.shuffle_partitions = threads;
  options.output_mode = w.mode;
  auto started = w.query(source, in)
                     .WriteStream()
                     .Options(options)
                     .ForeachBatch([&](const RecordBatch& rows, int64_t) {
                       fold->Add(rows);
                       return Status::Ok();
                     })
                     .Start(real.env());
  if (!started.ok()) return started.status();
  StreamingQuery& query = *started.value();
  Timed out;
  int64_t printed_batch = -1;  // the last batch whose progress went to stderr
  for (const RecordBatch& batch : in.batches) {
    for (int p = 0; p < threads; ++p) {
      const size_t begin = batch.num_rows() * p / threads;
      const size_t end = batch.num_rows() * (p + 1) / threads;
      SLUICE_RETURN_IF_ERROR(source->AddBatchTo(p, batch.Slice(begin, end)));
    }
    const auto start = std::chrono::steady_clock::now();
    SLUICE_RETURN_IF_ERROR(query.ProcessAllAvailable());
    out.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (progress) printed_batch = PrintProgressAfter(query, printed_batch);
  }
  query.Stop();
  out.summary = fold->Finish();
  return out;
}

Timed RunKernel(const Workload& w, const Input& in) {
  const auto start = std::chrono::steady_clock::now();
  Timed out;
  out.summary = w.kernel(in);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace sluice::bench::compare
