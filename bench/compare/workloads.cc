#include "bench/compare/workloads.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <random>
#include <unordered_map>

#include "bench/compare/flat_map.h"
#include "bench/compare/input_files.h"
#include "bench/ysb_events.h"
#include "engine/query/functions.h"

namespace sluice::bench::compare {
namespace {

using namespace sluice::engine;

constexpr uint64_t kSeed = 42;
constexpr int64_t kHourUs = 3'600'000'000;
constexpr int64_t kTenSecondsUs = 10'000'000;
// Event times start off a window boundary, so that no final watermark falls on a window end.
constexpr int64_t kFirstTimeUs = 1'234'567;

// ---- Summaries -------------------------------------------------------------------------------

Summary Ints(std::initializer_list<std::pair<const char*, int64_t>> values) {
  Summary s;
  for (const auto& [name, v] : values) s.values.emplace_back(name, v);
  return s;
}

// ---- filter_project: price > 10 AND id % 3 != 0, then id, price * 1.2 ------------------------

const Schema kPrices{{{"id", DataType::kInt64}, {"price", DataType::kDouble}}};

Input FilterGenerate(int64_t rows, int64_t batches) {
  std::mt19937_64 rng(kSeed);
  return {Batches(kPrices, rows, batches,
                  [&](int64_t i, std::vector<Column>& c) {
                    c[0].AppendInt(i);
                    c[1].AppendDouble(static_cast<double>(rng() % 10000) / 100.0);
                  }),
          std::nullopt};
}

Status FilterFiles(const Input& in, const std::string& dir) {
  return WriteLines(dir + "/events.csv", "id,price", in.batches,
                    [](std::FILE* f, const RecordBatch& b, size_t r) {
                      std::fprintf(f, "%lld,%.2f", static_cast<long long>(b.column(0).Int(r)),
                                   b.column(1).Double(r));
                    });
}

DataStream FilterQuery(std::shared_ptr<MemorySource> source, const Input&) {
  return DataStream::From(std::move(source))
      .Where(Col("price") > Lit(10) && Col("id") % Lit(3) != Lit(0))
      .Select({Col("id"), (Col("price") * Lit(1.2)).As("value")});
}

class FilterFold : public OutputFold {
 public:
  void Add(const RecordBatch& out) override {
    const auto ids = out.column(0).int64s();
    const auto values = out.column(1).doubles();
    rows_ += static_cast<int64_t>(out.num_rows());
    for (size_t r = 0; r < out.num_rows(); ++r) {
      sum_id_ += ids[r];
      sum_value_ += values[r];
    }
  }
  Summary Finish() const override {
    Summary s = Ints({{"rows", rows_}, {"sum_id", sum_id_}});
    s.values.emplace_back("sum_value", sum_value_);
    return s;
  }

 private:
  int64_t rows_ = 0, sum_id_ = 0;
  double sum_value_ = 0;
};

// The output materialized into plain arrays, as a sink would receive it, then summed.
Summary FilterKernel(const Input& in) {
  int64_t rows = 0, sum_id = 0;
  double sum_value = 0;
  std::vector<int64_t> id;
  std::vector<double> value;
  for (const RecordBatch& b : in.batches) {
    const auto ids = b.column(0).int64s();
    const auto prices = b.column(1).doubles();
    id.clear();
    value.clear();
    for (size_t r = 0; r < b.num_rows(); ++r) {
      if (prices[r] > 10 && ids[r] % 3 != 0) {
        id.push_back(ids[r]);
        value.push_back(prices[r] * 1.2);
      }
    }
    rows += static_cast<int64_t>(id.size());
    for (size_t r = 0; r < id.size(); ++r) {
      sum_id += id[r];
      sum_value += value[r];
    }
  }
  Summary s = Ints({{"rows", rows}, {"sum_id", sum_id}});
  s.values.emplace_back("sum_value", sum_value);
  return s;
}

// ---- window_1k, window_1m: count and sum per (k, 1-hour window), 1-hour watermark ------------

const Schema kKeyed{
    {{"k", DataType::kInt64}, {"t", DataType::kTimestamp}, {"v", DataType::kInt64}}};

// Row i: a random key of `keys`, time spread evenly over 10 hours, a value below 1000.
Input KeyedGenerate(int64_t rows, int64_t batches, int64_t keys) {
  std::mt19937_64 rng(kSeed);
  return {Batches(kKeyed, rows, batches,
                  [&](int64_t i, std::vector<Column>& c) {
                    c[0].AppendInt(static_cast<int64_t>(rng() % static_cast<uint64_t>(keys)));
                    c[1].AppendInt(kFirstTimeUs + i * (10 * kHourUs) / rows);
                    c[2].AppendInt(static_cast<int64_t>(rng() % 1000));
                  }),
          std::nullopt};
}

Input Window1kGenerate(int64_t rows, int64_t batches) { return KeyedGenerate(rows, batches, 1000); }
Input Window1mGenerate(int64_t rows, int64_t batches) {
  return KeyedGenerate(rows, batches, 1'000'000);
}

Status KeyedFiles(const Input& in, const std::string& dir) { return WriteLongs(in, dir, "k,t,v"); }

DataStream WindowQuery(std::shared_ptr<MemorySource> source, const Input&) {
  return DataStream::From(std::move(source))
      .WithWatermark("t", "1 hour")
      .GroupBy(Col("k"), Window(Col("t"), "1 hour"))
      .Agg(Count("*").As("n"), Sum(Col("v")).As("s"));
}

// Sums the emitted groups: every output row is one group (append mode emits each once).
class GroupsFold : public OutputFold {
 public:
  explicit GroupsFold(bool with_sum) : with_sum_(with_sum) {}
  void Add(const RecordBatch& out) override {
    groups_ += static_cast<int64_t>(out.num_rows());
    const auto n = out.column(*out.schema().IndexOf("n")).int64s();
    for (int64_t c : n) sum_count_ += c;
    if (with_sum_) {
      for (int64_t s : out.column(*out.schema().IndexOf("s")).int64s()) sum_v_ += s;
    }
  }
  Summary Finish() const override {
    if (!with_sum_) return Ints({{"groups", groups_}, {"sum_count", sum_count_}});
    return Ints({{"groups", groups_}, {"sum_count", sum_count_}, {"sum_v", sum_v_}});
  }

 private:
  bool with_sum_;
  int64_t groups_ = 0, sum_count_ = 0, sum_v_ = 0;
};

struct CountSum {
  int64_t n = 0, s = 0;
};

// The groups of `counts` (keyed by group << 8 | window index) whose window ends by the watermark.
Summary EmittedGroups(const FlatMap<CountSum>& counts, int64_t width_us, int64_t max_time_us,
                      int64_t delay_us, bool with_sum) {
  const int64_t watermark = max_time_us - delay_us;
  int64_t groups = 0, sum_count = 0, sum_v = 0;
  counts.ForEach([&](uint64_t key, const CountSum& c) {
    const int64_t w = static_cast<int64_t>(key & 0xff);
    if ((w + 1) * width_us > watermark) return;
    ++groups;
    sum_count += c.n;
    sum_v += c.s;
  });
  if (!with_sum) return Ints({{"groups", groups}, {"sum_count", sum_count}});
  return Ints({{"groups", groups}, {"sum_count", sum_count}, {"sum_v", sum_v}});
}

Summary WindowKernel(const Input& in) {
  FlatMap<CountSum> counts(1 << 16);
  int64_t max_time = std::numeric_limits<int64_t>::min();
  for (const RecordBatch& b : in.batches) {
    const auto k = b.column(0).int64s(), t = b.column(1).int64s(), v = b.column(2).int64s();
    for (size_t r = 0; r < b.num_rows(); ++r) {
      CountSum& c =
          counts[static_cast<uint64_t>(k[r]) << 8 | static_cast<uint64_t>(t[r] / kHourUs)];
      ++c.n;
      c.s += v[r];
      max_time = std::max(max_time, t[r]);
    }
  }
  return EmittedGroups(counts, kHourUs, max_time, kHourUs, true);
}

// ---- ysb: view events joined with 1,000 ads, a 10-second window count per campaign -----------

const Schema kYsbEvents{
    {{"ad_id", DataType::kString}, {"event_type", DataType::kString}, {"t", DataType::kTimestamp}}};
const Schema kAds{{{"ad_id", DataType::kString}, {"campaign_id", DataType::kInt64}}};
constexpr int64_t kAdCount = 1000;
constexpr std::array<std::string_view, 3> kEventTypes = {"view", "click", "purchase"};

// 1,000 ads in 100 campaigns; events over 100 seconds, each of a random ad and event type.
Input YsbGenerate(int64_t rows, int64_t batches) {
  std::mt19937_64 rng(kSeed);
  RecordBatch ads(kAds);
  std::vector<std::string> ad_ids;
  for (int64_t a = 0; a < kAdCount; ++a) {
    ad_ids.push_back(Uuid(rng));
    ads.AppendRow({ad_ids.back(), a / 10});
  }
  Input in{Batches(kYsbEvents, rows, batches,
                   [&](int64_t i, std::vector<Column>& c) {
                     c[0].AppendString(ad_ids[rng() % kAdCount]);
                     c[1].AppendString(kEventTypes[rng() % kEventTypes.size()]);
                     c[2].AppendInt(kFirstTimeUs + i * (10 * kTenSecondsUs) / rows);
                   }),
           std::move(ads)};
  return in;
}

Status YsbFiles(const Input& in, const std::string& dir) {
  SLUICE_RETURN_IF_ERROR(WriteLines(dir + "/events.csv", "ad_id,event_type,t", in.batches,
                                    [](std::FILE* f, const RecordBatch& b, size_t r) {
                                      const std::string_view ad = b.column(0).String(r);
                                      const std::string_view type = b.column(1).String(r);
                                      std::fprintf(f, "%.*s,%.*s,%lld", static_cast<int>(ad.size()),
                                                   ad.data(), static_cast<int>(type.size()),
                                                   type.data(),
                                                   static_cast<long long>(b.column(2).Int(r)));
                                    }));
  return WriteLines(dir + "/ads.csv", "ad_id,campaign_id", {*in.table},
                    [](std::FILE* f, const RecordBatch& b, size_t r) {
                      const std::string_view ad = b.column(0).String(r);
                      std::fprintf(f, "%.*s,%lld", static_cast<int>(ad.size()), ad.data(),
                                   static_cast<long long>(b.column(1).Int(r)));
                    });
}

DataStream YsbQuery(std::shared_ptr<MemorySource> source, const Input& in) {
  return DataStream::From(std::move(source))
      .WithWatermark("t", "10 seconds")
      .Where(Col("event_type") == Lit("view"))
      .Join(StaticTable{"ads", *in.table}, JoinType::kInner,
            Col("left.ad_id") == Col("right.ad_id"))
      .GroupBy(Col("campaign_id"), Window(Col("t"), "10 seconds"))
      .Agg(Count("*").As("n"));
}

Summary YsbKernel(const Input& in) {
  std::unordered_map<std::string_view, int64_t> campaign_of;
  const RecordBatch& ads = *in.table;
  for (size_t r = 0; r < ads.num_rows(); ++r) {
    campaign_of.emplace(ads.column(0).String(r), ads.column(1).Int(r));
  }
  FlatMap<CountSum> counts(1 << 12);
  int64_t max_time = std::numeric_limits<int64_t>::min();
  for (const RecordBatch& b : in.batches) {
    const auto t = b.column(2).int64s();
    for (size_t r = 0; r < b.num_rows(); ++r) {
      max_time = std::max(max_time, t[r]);
      if (b.column(1).String(r) != "view") continue;
      const auto it = campaign_of.find(b.column(0).String(r));
      if (it == campaign_of.end()) continue;
      ++counts[static_cast<uint64_t>(it->second) << 8 | static_cast<uint64_t>(t[r] / kTenSecondsUs)]
            .n;
    }
  }
  return EmittedGroups(counts, kTenSecondsUs, max_time, kTenSecondsUs, false);
}

// ---- dedup: drop_duplicates(k, t) with a 10-second watermark, 1 M keys -----------------------

const Schema kDedup{{{"k", DataType::kInt64}, {"t", DataType::kTimestamp}}};

// 1,000 rows a second (from kFirstTimeUs: a row at time 0 is late in batch 0, whose watermark
// is 0, as in Spark); in second s, keys from 2,000 * (s % 500) on, 2,000 of them: 1 M keys
// in all, and about one row in five repeats a (k, t) pair of its second.
Input DedupGenerate(int64_t rows, int64_t batches) {
  std::mt19937_64 rng(kSeed);
  return {Batches(kDedup, rows, batches,
                  [&](int64_t i, std::vector<Column>& c) {
                    const int64_t second = i / 1000;
                    c[0].AppendInt(static_cast<int64_t>(rng() % 2000) + (second % 500) * 2000);
                    c[1].AppendInt(kFirstTimeUs + second * 1'000'000);
                  }),
          std::nullopt};
}

Status DedupFiles(const Input& in, const std::string& dir) { return WriteLongs(in, dir, "k,t"); }

DataStream DedupQuery(std::shared_ptr<MemorySource> source, const Input&) {
  return DataStream::From(std::move(source))
      .WithWatermark("t", "10 seconds")
      .DropDuplicates({"k", "t"});
}

class DedupFold : public OutputFold {
 public:
  void Add(const RecordBatch& out) override {
    rows_ += static_cast<int64_t>(out.num_rows());
    for (int64_t k : out.column(0).int64s()) sum_k_ += k;
    for (int64_t t : out.column(1).int64s()) sum_t_ += t;
  }
  Summary Finish() const override {
    return Ints({{"rows", rows_}, {"sum_k", sum_k_}, {"sum_t", sum_t_}});
  }

 private:
  int64_t rows_ = 0, sum_k_ = 0, sum_t_ = 0;
};

Summary DedupKernel(const Input& in) {
  FlatMap<char> seen(1 << 20);
  int64_t rows = 0, sum_k = 0, sum_t = 0;
  for (const RecordBatch& b : in.batches) {
    const auto k = b.column(0).int64s(), t = b.column(1).int64s();
    for (size_t r = 0; r < b.num_rows(); ++r) {
      // k < 2^20 and t / 1 s < 2^40: one 64-bit key.
      if (!seen.Insert(static_cast<uint64_t>(t[r] / 1'000'000) << 20 | static_cast<uint64_t>(k[r])))
        continue;
      ++rows;
      sum_k += k[r];
      sum_t += t[r];
    }
  }
  return Ints({{"rows", rows}, {"sum_k", sum_k}, {"sum_t", sum_t}});
}

// ---- stream_100: 100 batches, count and sum per key over 100 K keys, update mode --------------

const Schema kStream{{{"k", DataType::kInt64}, {"v", DataType::kInt64}}};
constexpr int64_t kStreamKeys = 100'000;

Input StreamGenerate(int64_t rows, int64_t batches) {
  std::mt19937_64 rng(kSeed);
  return {Batches(kStream, rows, batches,
                  [&](int64_t, std::vector<Column>& c) {
                    c[0].AppendInt(static_cast<int64_t>(rng() % kStreamKeys));
                    c[1].AppendInt(static_cast<int64_t>(rng() % 1000));
                  }),
          std::nullopt};
}

Status StreamFiles(const Input& in, const std::string& dir) {
  std::vector<RecordBatch> numbered;
  for (size_t b = 0; b < in.batches.size(); ++b) {
    Column batch(DataType::kInt64);
    for (size_t r = 0; r < in.batches[b].num_rows(); ++r) batch.AppendInt(static_cast<int64_t>(b));
    std::vector<Column> columns{std::move(batch), in.batches[b].column(0), in.batches[b].column(1)};
    numbered.emplace_back(
        Schema{{{"batch", DataType::kInt64}, {"k", DataType::kInt64}, {"v", DataType::kInt64}}},
        std::move(columns));
  }
  return WriteLongs(Input{std::move(numbered), std::nullopt}, dir, "batch,k,v");
}

DataStream StreamQuery(std::shared_ptr<MemorySource> source, const Input&) {
  return DataStream::From(std::move(source))
      .GroupBy(Col("k"))
      .Agg(Count("*").As("n"), Sum(Col("v")).As("s"));
}

// Update mode emits a key's new totals each batch it changes: the last ones are the state.
class LatestPerKeyFold : public OutputFold {
 public:
  void Add(const RecordBatch& out) override {
    const auto k = out.column(0).int64s(), n = out.column(1).int64s(), s = out.column(2).int64s();
    for (size_t r = 0; r < out.num_rows(); ++r) latest_[static_cast<uint64_t>(k[r])] = {n[r], s[r]};
  }
  Summary Finish() const override {
    int64_t sum_count = 0, sum_v = 0;
    latest_.ForEach([&](uint64_t, const CountSum& c) {
      sum_count += c.n;
      sum_v += c.s;
    });
    return Ints({{"keys", static_cast<int64_t>(latest_.size())},
                 {"sum_count", sum_count},
                 {"sum_v", sum_v}});
  }

 private:
  FlatMap<CountSum> latest_{kStreamKeys};
};

Summary StreamKernel(const Input& in) {
  std::vector<CountSum> state(kStreamKeys);
  std::vector<uint8_t> present(kStreamKeys);
  for (const RecordBatch& b : in.batches) {
    const auto k = b.column(0).int64s(), v = b.column(1).int64s();
    for (size_t r = 0; r < b.num_rows(); ++r) {
      CountSum& c = state[static_cast<size_t>(k[r])];
      ++c.n;
      c.s += v[r];
      present[static_cast<size_t>(k[r])] = 1;
    }
  }
  int64_t keys = 0, sum_count = 0, sum_v = 0;
  for (int64_t k = 0; k < kStreamKeys; ++k) {
    keys += present[static_cast<size_t>(k)];
    sum_count += state[static_cast<size_t>(k)].n;
    sum_v += state[static_cast<size_t>(k)].s;
  }
  return Ints({{"keys", keys}, {"sum_count", sum_count}, {"sum_v", sum_v}});
}

// ---- kafka_json: from_json of YSB events, a 10-second window count per ad type ----------------

const Schema kJsonLines{{{"value", DataType::kString}}};
constexpr int64_t kFirstEventMs = 1'700'000'000'000;

// YSB events as the YSB generator writes them, event times (milliseconds) spread over 100 s.
Input JsonGenerate(int64_t rows, int64_t batches) {
  std::mt19937_64 rng(kSeed);
  return {Batches(kJsonLines, rows, batches,
                  [&](int64_t i, std::vector<Column>& c) {
                    std::string event = YsbEvent(rng);
                    const size_t at = event.find("\"event_time\": \"") + 15;
                    const size_t end = event.find('"', at);
                    event.replace(at, end - at, std::to_string(kFirstEventMs + i * 100'000 / rows));
                    c[0].AppendString(event);
                  }),
          std::nullopt};
}

Status JsonFiles(const Input& in, const std::string& dir) {
  return WriteLines(dir + "/events.jsonl", nullptr, in.batches,
                    [](std::FILE* f, const RecordBatch& b, size_t r) {
                      const std::string_view line = b.column(0).String(r);
                      std::fwrite(line.data(), 1, line.size(), f);
                    });
}

DataStream JsonQuery(std::shared_ptr<MemorySource> source, const Input&) {
  return DataStream::From(std::move(source))
      .Select({FromJson(Col("value"), kYsbSchema).As("e")})
      .Select({Star("e")})
      .Select(
          {Col("ad_type"), (Col("event_time").Cast("long") / Lit(1000)).Cast("timestamp").As("t")})
      .WithWatermark("t", "10 seconds")
      .GroupBy(Col("ad_type"), Window(Col("t"), "10 seconds"))
      .Agg(Count("*").As("n"));
}

Summary JsonKernel(const Input& in) {
  simdjson::ondemand::parser parser;
  std::string padded;
  std::unordered_map<std::string, int64_t> type_ids;
  FlatMap<CountSum> counts(1 << 8);
  int64_t max_ms = std::numeric_limits<int64_t>::min();
  for (const RecordBatch& b : in.batches) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      const std::string_view line = b.column(0).String(r);
      padded.assign(line);
      padded.append(simdjson::SIMDJSON_PADDING, '\0');
      simdjson::ondemand::document doc =
          parser.iterate(simdjson::padded_string_view(padded.data(), line.size(), padded.size()));
      const std::string_view type = doc["ad_type"].get_string().value();
      const std::string_view time = doc["event_time"].get_string().value();
      int64_t ms = 0;
      for (char ch : time) ms = ms * 10 + (ch - '0');
      max_ms = std::max(max_ms, ms);
      const auto [it, added] = type_ids.try_emplace(std::string(type), type_ids.size());
      ++counts[static_cast<uint64_t>(it->second) << 8 |
               static_cast<uint64_t>(ms / 10'000 - kFirstEventMs / 10'000)]
            .n;
    }
  }
  // Windows indexed from the first event's: shift the times the same way.
  const int64_t first_window_ms = kFirstEventMs / 10'000 * 10'000;
  return EmittedGroups(counts, 10'000, max_ms - first_window_ms, 10'000, false);
}

}  // namespace

const std::vector<Workload>& Workloads() {
  static const std::vector<Workload> kAll = {
      {"filter_project", 10'000'000, 10, kPrices, FilterGenerate, FilterFiles, FilterQuery,
       OutputMode::kAppend, [] { return std::unique_ptr<OutputFold>(new FilterFold); },
       FilterKernel},
      {"window_1k", 10'000'000, 10, kKeyed, Window1kGenerate, KeyedFiles, WindowQuery,
       OutputMode::kAppend, [] { return std::unique_ptr<OutputFold>(new GroupsFold(true)); },
       WindowKernel},
      {"window_1m", 10'000'000, 10, kKeyed, Window1mGenerate, KeyedFiles, WindowQuery,
       OutputMode::kAppend, [] { return std::unique_ptr<OutputFold>(new GroupsFold(true)); },
       WindowKernel},
      {"ysb", 10'000'000, 10, kYsbEvents, YsbGenerate, YsbFiles, YsbQuery, OutputMode::kAppend,
       [] { return std::unique_ptr<OutputFold>(new GroupsFold(false)); }, YsbKernel},
      {"dedup", 10'000'000, 10, kDedup, DedupGenerate, DedupFiles, DedupQuery, OutputMode::kAppend,
       [] { return std::unique_ptr<OutputFold>(new DedupFold); }, DedupKernel},
      {"stream_100", 10'000'000, 100, kStream, StreamGenerate, StreamFiles, StreamQuery,
       OutputMode::kUpdate, [] { return std::unique_ptr<OutputFold>(new LatestPerKeyFold); },
       StreamKernel},
      {"kafka_json", 2'000'000, 10, kJsonLines, JsonGenerate, JsonFiles, JsonQuery,
       OutputMode::kAppend, [] { return std::unique_ptr<OutputFold>(new GroupsFold(false)); },
       JsonKernel},
  };
  return kAll;
}

const Workload* FindWorkload(std::string_view name) {
  for (const Workload& w : Workloads()) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

}  // namespace sluice::bench::compare
