// A streaming query over a real checkpoint directory: words with a count arrive in a memory
// source, the query keeps those whose scaled count exceeds 15, and a foreach-batch sink prints
// each batch with its id. Run it twice with the same directory: the second run resumes from the
// checkpoint and finds nothing new to do.
//
//   build/bin/sluice-example-foreach-batch /tmp/sluice-example
#include <cstdio>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "runtime/real_environment.h"

using namespace sluice::engine;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CHECKPOINT_DIR\n", argv[0]);
    return 2;
  }
  sluice::runtime::RealEnvironment real(argv[1], /*threads=*/2);
  auto words = std::make_shared<MemorySource>(
      "words", Schema{{{"word", DataType::kString}, {"n", DataType::kInt64}}}, 2);
  const sluice::Status added = words->AddRows({{std::string("stream"), int64_t{1}},
                                               {std::string("a"), int64_t{2}},
                                               {std::string("checkpoint"), int64_t{3}},
                                               {std::string("exactly"), int64_t{4}}});
  if (!added.ok()) {
    std::fprintf(stderr, "cannot add rows: %s\n", added.ToString().c_str());
    return 1;
  }

  auto started =
      DataStream::From(words)
          .Where(Col("n") > Lit(0))
          .Where(Col("n") * Lit(10) > Lit(15))
          .Select({Col("word").As("word"), (Col("n") * Lit(10)).As("n10")})
          .WriteStream()
          .QueryName("scaled_counts")
          .Trigger(Trigger::AvailableNow())
          .ForeachBatch([](const RecordBatch& rows, int64_t batch_id) {
            std::printf("batch %lld:\n%s", static_cast<long long>(batch_id), rows.Encode().c_str());
            return sluice::Status::Ok();
          })
          .Start(real.env());
  if (!started.ok()) {
    std::fprintf(stderr, "cannot start: %s\n", started.status().ToString().c_str());
    return 1;
  }
  auto& query = *started.value();
  sluice::Status st = query.AwaitTermination();
  if (!st.ok()) {
    std::fprintf(stderr, "query failed: %s\n", st.ToString().c_str());
    return 1;
  }
  if (auto p = query.LastProgress()) std::printf("last progress: %s\n", p->ToJson().c_str());
  std::printf("query %s committed up to batch %lld\n", query.id().c_str(),
              static_cast<long long>(query.LastCommittedBatchId()));
  return 0;
}
