// Stateful throughput: a windowed count with a watermark through the whole engine (shuffle,
// state store, commits on a simulated in-memory disk), against a plain in-memory hash
// aggregation of the same rows in the same run; and the durable cost of one state commit on the
// real disk against a raw atomic publish of the same bytes.
#include <benchmark/benchmark.h>

#include <boost/filesystem.hpp>
#include <random>
#include <span>
#include <unordered_map>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"
#include "engine/state/batch_groups.h"
#include "engine/state/stored_cells.h"
#include "engine/types/row_codec.h"
#include "sim/sim_clock.h"
#include "sim/sim_disk.h"
#include "storage/posix_file_system.h"
#include "storage/state_file.h"
#include "storage/state_store.h"

namespace {

using namespace sluice;
using namespace sluice::engine;

constexpr int64_t kRows = 10'000'000;
constexpr int64_t kBatches = 10;
constexpr int64_t kHourUs = 3'600'000'000LL;

// Row i: key i % keys, event time i microseconds (all in the first hour: one window per key).
std::vector<std::vector<Value>> BatchRows(int64_t batch, int64_t keys) {
  std::vector<std::vector<Value>> rows;
  const int64_t per = kRows / kBatches;
  rows.reserve(per);
  for (int64_t i = batch * per; i < (batch + 1) * per; ++i) rows.push_back({i % keys, i});
  return rows;
}

void BM_EngineWindowedCount(benchmark::State& state) {
  const int64_t keys = state.range(0);
  for (auto _ : state) {
    state.PauseTiming();
    sim::SimDisk disk;
    sim::SimClock clock(1000000);
    InlineScheduler scheduler;
    Environment env;
    env.checkpoint_fs = &disk;
    env.clock = &clock;
    env.scheduler = &scheduler;
    int ids = 0;
    env.new_id = [&] { return "bench-" + std::to_string(ids++); };
    auto source = std::make_shared<MemorySource>(
        "events", Schema{{{"k", DataType::kInt64}, {"t", DataType::kTimestamp}}}, 4);
    auto sink = std::make_shared<MemorySink>();
    QueryOptions options;
    options.output_mode = OutputMode::kAppend;
    options.shuffle_partitions = 4;
    auto query = DataStream::From(source)
                     .WithWatermark("t", Hours(1))
                     .Aggregate({GroupKey{Col("k"), "k", std::nullopt},
                                 GroupKey{Col("t"), "w", WindowSpec{Hours(1)}}},
                                {AggSpec{AggFn::kCount, std::nullopt, "n"}})
                     .WriteStream()
                     .Options(options)
                     .To(sink)
                     .Start(env)
                     .value();
    state.ResumeTiming();
    for (int64_t b = 0; b < kBatches; ++b) {
      state.PauseTiming();
      if (!source->AddRows(BatchRows(b, keys)).ok()) std::abort();
      state.ResumeTiming();
      if (!query->ProcessAllAvailable().ok()) std::abort();
    }
    state.PauseTiming();
    if (query->RecentProgress().back().state_operators[0].num_rows_total != keys) std::abort();
    query.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

// The same rows, counted per (key, window) in one std::unordered_map: the floor.
void BM_PlainHashAggregation(benchmark::State& state) {
  const int64_t keys = state.range(0);
  for (auto _ : state) {
    std::unordered_map<int64_t, std::unordered_map<int64_t, int64_t>> counts;
    for (int64_t b = 0; b < kBatches; ++b) {
      state.PauseTiming();
      auto rows = BatchRows(b, keys);
      state.ResumeTiming();
      for (const auto& r : rows) {
        const int64_t t = std::get<int64_t>(r[1]);
        ++counts[std::get<int64_t>(r[0])][t - t % kHourUs];
      }
    }
    benchmark::DoNotOptimize(counts.size());
    if (static_cast<int64_t>(counts.size()) != keys) std::abort();
  }
  state.SetItemsProcessed(state.iterations() * kRows);
}

boost::filesystem::path FreshDir() {
  auto dir = boost::filesystem::temp_directory_path() / boost::filesystem::unique_path();
  boost::filesystem::create_directories(dir);
  return dir;
}

// The bytes of key i and of a value v in a state store's files: a name and digits ("key-<i>",
// "<v>"), stored as they are; or cells as window_1m's aggregation writes them, (window(start,
// end), i) -> (count, sum), stored in their compact form.
struct StateShape {
  std::string (*key_of)(int i);
  std::string (*value_of)(int64_t v);
};
const StateShape kNamedKeys{[](int i) { return "key-" + std::to_string(i); },
                            [](int64_t v) { return std::to_string(v); }};
const StateShape kWindowKeys{
    [](int i) -> std::string {
      const int64_t start = kHourUs * (i % 24);
      return EncodeValues(
          {Value(ValueList{Value(start), Value(start + kHourUs)}), Value(int64_t{i})});
    },
    [](int64_t v) -> std::string {
      std::string stored, room;  // as the aggregation stores a count and a sum
      StoreValues(std::vector<Value>{Value(v % 7 + 1), Value(v)}, &stored, &room);
      return stored;
    }};

// Commits of a state store on the real disk, each after every one of `keys` keys of `shape` got a
// new value (`first_value`, then one more each iteration), published through the atomic-publish
// machine. The puts are timed only when `time_puts`.
void CommitsOfKeys(benchmark::State& state, int keys, int64_t first_value, bool time_puts,
                   const StateShape& shape = kNamedKeys) {
  const auto dir = FreshDir();
  storage::PosixFileSystem fs(dir.string());
  storage::StateStore store(&fs, spec::kStandardProtocol, nullptr, "state/0/0", {});
  if (!store.Load(0).ok()) std::abort();
  std::vector<std::string> names;
  for (int i = 0; i < keys; ++i) names.push_back(shape.key_of(i));
  int64_t v = first_value;
  for (auto _ : state) {
    if (!time_puts) state.PauseTiming();
    const std::string value = shape.value_of(v++);
    for (const std::string& name : names) store.Put(name, value);
    if (!time_puts) state.ResumeTiming();
    if (!store.Commit().ok()) std::abort();
  }
  boost::filesystem::remove_all(dir);
}

// One batch's state commit (1,000 updated keys), puts included.
void BM_StateCommitPerBatch(benchmark::State& state) { CommitsOfKeys(state, 1000, 0, true); }

// One atomic publish of the delta that `keys` keys of `shape` all holding value `v` make.
void RawPublishOfKeys(benchmark::State& state, int keys, int64_t v,
                      const StateShape& shape = kNamedKeys) {
  const auto dir = FreshDir();
  storage::PosixFileSystem fs(dir.string());
  storage::AtomicPublisher publisher(&fs, spec::kStandardProtocol.atomic_publish, nullptr);
  std::vector<std::string> names;
  for (int i = 0; i < keys; ++i) names.push_back(shape.key_of(i));
  const std::string value = shape.value_of(v);
  std::vector<storage::StateRecord> records;
  for (const std::string& name : names) records.push_back({name, value});
  const std::string bytes = storage::EncodeStateFile(false, 1, records);
  int64_t n = 0;
  for (auto _ : state) {
    if (!publisher.Publish(std::to_string(n++) + ".delta", bytes).ok()) std::abort();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
  boost::filesystem::remove_all(dir);
}

// The floor for the same bytes: one atomic publish of a delta-sized file.
void BM_RawPublishOfADelta(benchmark::State& state) { RawPublishOfKeys(state, 1000, 12345); }

// The issue 12 target: a state commit of a 1 M-key state (every key updated, as window_1m's
// batches create most of their keys) against one atomic publish of the same bytes. The puts are
// not timed. The WindowKeys pair does the same with window_1m's keys and values.
constexpr int kMillionKeys = 1'000'000;

void BM_StateCommit1MKeys(benchmark::State& state) {
  CommitsOfKeys(state, kMillionKeys, 10000, false);
}

void BM_RawPublish1MKeys(benchmark::State& state) { RawPublishOfKeys(state, kMillionKeys, 10000); }

void BM_StateCommit1MWindowKeys(benchmark::State& state) {
  CommitsOfKeys(state, kMillionKeys, 10000, false, kWindowKeys);
}

void BM_RawPublish1MWindowKeys(benchmark::State& state) {
  RawPublishOfKeys(state, kMillionKeys, 10000, kWindowKeys);
}

// The batch group table alone: a piece of 16 K rows keyed by (k, 1-hour window), k one of
// range(0) keys, the rows' windows range(1) (1 or 2, the second half of the piece in the next
// hour), grouped a range at a time from BatchKeys' words, as the aggregation does, into a table
// that holds every group already (as for every piece of a batch but its first ones); against a
// plain std::unordered_map from k and window start to a group id over the same rows.
RecordBatch WindowKeyedPiece(int64_t keys, int64_t windows) {
  RecordBatch piece(Schema{{{"k", DataType::kInt64}, {"w", WindowType()}}});
  std::mt19937_64 rng(7);
  for (int64_t i = 0; i < 16384; ++i) {
    const int64_t start = (i * windows / 16384) * kHourUs;
    piece.AppendRow({Value{static_cast<int64_t>(rng() % static_cast<uint64_t>(keys))},
                     Value{ValueList{Value{start}, Value{start + kHourUs}}}});
  }
  return piece;
}

void BM_GroupTableWindowKeys(benchmark::State& state) {
  const RecordBatch piece = WindowKeyedPiece(state.range(0), state.range(1));
  const std::vector<size_t> key_columns = {0, 1};
  BatchGroups groups(1);
  std::vector<uint32_t> group_of_row(piece.num_rows()), first_rows;
  const auto group = [&] {
    BatchKeys keys(piece, key_columns, KeyForm::kWordsWherePossible);
    for (size_t begin = 0; begin < piece.num_rows(); begin += BatchKeys::kRowsAtOnce) {
      keys.Encode(begin, std::min(piece.num_rows(), begin + BatchKeys::kRowsAtOnce));
      groups.FindOrAddRange(keys, group_of_row.data() + begin, &first_rows);
    }
  };
  group();
  for (auto _ : state) {
    group();
    benchmark::DoNotOptimize(group_of_row.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(piece.num_rows()));
}

void BM_PlainMapWindowKeys(benchmark::State& state) {
  const RecordBatch piece = WindowKeyedPiece(state.range(0), state.range(1));
  const std::span<const int64_t> k = piece.column(0).int64s();
  const std::span<const int64_t> start = piece.column(1).child(0).int64s();
  std::unordered_map<int64_t, uint32_t> ids;  // k * 64 + window index: k < 2^57
  std::vector<uint32_t> group_of_row(piece.num_rows());
  for (auto _ : state) {
    for (size_t r = 0; r < piece.num_rows(); ++r) {
      const auto [it, added] =
          ids.try_emplace(k[r] * 64 + start[r] / kHourUs, static_cast<uint32_t>(ids.size()));
      group_of_row[r] = it->second;
    }
    benchmark::DoNotOptimize(group_of_row.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(piece.num_rows()));
}

BENCHMARK(BM_GroupTableWindowKeys)->Args({1000, 1})->Args({1000, 2})->Args({100000, 2});
BENCHMARK(BM_PlainMapWindowKeys)->Args({1000, 1})->Args({1000, 2})->Args({100000, 2});

BENCHMARK(BM_StateCommit1MKeys)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_RawPublish1MKeys)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_StateCommit1MWindowKeys)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_RawPublish1MWindowKeys)->Unit(benchmark::kMillisecond)->Iterations(10);

BENCHMARK(BM_EngineWindowedCount)
    ->Arg(1000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PlainHashAggregation)
    ->Arg(1000)
    ->Arg(1000000)
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_StateCommitPerBatch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RawPublishOfADelta)->Unit(benchmark::kMicrosecond);

}  // namespace
