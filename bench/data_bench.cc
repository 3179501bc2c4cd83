// The engine's data kernels against their practical limits, measured in the same run (issue 10):
//
// - from_json over Yahoo streaming benchmark (YSB) events (7 string fields, about 250 bytes an
//   object) into a struct column, against simdjson's On-Demand API extracting the same 7 fields
//   from the same bytes into plain offset/byte buffers. A DOM variant separates the cost of the
//   DOM parse from the rest of the engine's kernel.
// - split + explode over text lines (the word count's first step) through the select operator,
//   against a hand-written loop that splits the same lines on spaces into string_views.
//
// All kernels run on one thread; figures are per core.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <array>
#include <cstdio>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "bench/ysb_events.h"
#include "engine/expr/expression.h"
#include "engine/ops/projection.h"
#include "engine/types/record_batch.h"
#include "engine/types/type_parser.h"

namespace {

using namespace sluice::engine;
using namespace sluice::bench;
using sluice::Result;

constexpr size_t kBatchRows = 10000;

// ---------------------------------------------------------------------------------------------
// YSB events.

struct YsbInput {
  RecordBatch batch{Schema{}};
  // The same texts, back to back, with simdjson's padding after the last one.
  std::string padded;
  std::vector<size_t> offsets;  // rows + 1
};

const YsbInput& Ysb() {
  static const YsbInput* input = [] {
    auto* in = new YsbInput;
    std::mt19937_64 rng(20261121);
    Column texts(DataType::kString);
    texts.Reserve(kBatchRows);
    in->offsets.push_back(0);
    for (size_t r = 0; r < kBatchRows; ++r) {
      const std::string e = YsbEvent(rng);
      texts.AppendString(e);
      in->padded += e;
      in->offsets.push_back(in->padded.size());
    }
    in->padded.append(simdjson::SIMDJSON_PADDING, ' ');
    in->batch = RecordBatch(Schema{{{"value", DataType::kString}}}, {std::move(texts)});
    return in;
  }();
  return *input;
}

// What a minimal kernel produces: per field, offsets and bytes (the Arrow string layout).
struct StringBuffers {
  std::vector<int64_t> offsets;
  std::string bytes;
  void Clear() {
    offsets.assign(1, 0);
    bytes.clear();
  }
  void Append(std::string_view v) {
    bytes.append(v);
    offsets.push_back(static_cast<int64_t>(bytes.size()));
  }
};

void SetYsbCounters(benchmark::State& state) {
  const YsbInput& in = Ysb();
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * in.offsets.back()));
  state.counters["bytes_per_event"] =
      static_cast<double>(in.offsets.back()) / static_cast<double>(kBatchRows);
}

// simdjson On-Demand over the texts of `in`, each field found by name in any order, copied into
// per-field string buffers. False if an event is not an object with the 7 string fields.
bool OnDemandYsb(const YsbInput& in, simdjson::ondemand::parser* parser,
                 std::array<StringBuffers, 7>* out) {
  for (StringBuffers& b : *out) b.Clear();
  for (size_t r = 0; r < kBatchRows; ++r) {
    const char* text = in.padded.data() + in.offsets[r];
    const size_t len = in.offsets[r + 1] - in.offsets[r];
    const size_t capacity = in.padded.size() - in.offsets[r];
    simdjson::ondemand::document doc;
    simdjson::ondemand::object object;
    if (parser->iterate(text, len, capacity).get(doc) || doc.get_object().get(object)) {
      return false;
    }
    for (size_t f = 0; f < kYsbFields.size(); ++f) {
      std::string_view v;
      if (object[kYsbFields[f]].get_string().get(v)) return false;
      (*out)[f].Append(v);
    }
  }
  return true;
}

// The engine: from_json(value, schema) evaluated over a batch of 10k events. Before timing, its
// output is checked against simdjson's.
void BM_FromJsonYsb(benchmark::State& state) {
  const YsbInput& in = Ysb();
  const Expr e = Call("from_json", {Col("value"), Lit(kYsbSchema)});
  if (!e.Bind(in.batch.schema()).ok()) {
    state.SkipWithError("from_json does not bind");
    return;
  }
  simdjson::ondemand::parser parser;
  std::array<StringBuffers, 7> expected;
  const Column check = e.Evaluate(in.batch).value();
  if (!OnDemandYsb(in, &parser, &expected) || check.size() != kBatchRows) {
    state.SkipWithError("the events do not parse");
    return;
  }
  for (size_t f = 0; f < kYsbFields.size(); ++f) {
    for (size_t r = 0; r < kBatchRows; ++r) {
      const auto begin = static_cast<size_t>(expected[f].offsets[r]);
      const auto end = static_cast<size_t>(expected[f].offsets[r + 1]);
      if (check.IsNull(r) || check.child(f).IsNull(r) ||
          check.child(f).String(r) !=
              std::string_view(expected[f].bytes).substr(begin, end - begin)) {
        state.SkipWithError("from_json and simdjson disagree");
        return;
      }
    }
  }
  for (auto _ : state) {
    Result<Column> out = e.Evaluate(in.batch);
    benchmark::DoNotOptimize(out.value().size());
  }
  SetYsbCounters(state);
}
BENCHMARK(BM_FromJsonYsb)->Unit(benchmark::kMillisecond);

// The practical limit: simdjson On-Demand over the same bytes, extracting the same 7 fields into
// per-field string buffers (the Arrow layout, what a minimal kernel must produce).
void BM_SimdjsonOnDemandYsb(benchmark::State& state) {
  const YsbInput& in = Ysb();
  simdjson::ondemand::parser parser;
  std::array<StringBuffers, 7> out;
  for (auto _ : state) {
    if (!OnDemandYsb(in, &parser, &out)) {
      state.SkipWithError("simdjson refused an event");
      return;
    }
    benchmark::DoNotOptimize(out[6].bytes.data());
  }
  SetYsbCounters(state);
}
BENCHMARK(BM_SimdjsonOnDemandYsb)->Unit(benchmark::kMillisecond);

// simdjson On-Demand appending straight into the engine's struct column (what from_json would
// cost without its per-row one-row column): the On-Demand figure plus the engine's Column appends.
void BM_SimdjsonOnDemandIntoColumnYsb(benchmark::State& state) {
  const YsbInput& in = Ysb();
  const DataType type = ParseDdlSchema(kYsbSchema).value();
  simdjson::ondemand::parser parser;
  for (auto _ : state) {
    Column out(type);
    out.Reserve(kBatchRows);
    for (size_t r = 0; r < kBatchRows; ++r) {
      const char* text = in.padded.data() + in.offsets[r];
      const size_t len = in.offsets[r + 1] - in.offsets[r];
      const size_t capacity = in.padded.size() - in.offsets[r];
      simdjson::ondemand::document doc;
      simdjson::ondemand::object object;
      if (parser.iterate(text, len, capacity).get(doc) || doc.get_object().get(object)) {
        state.SkipWithError("simdjson refused an event");
        return;
      }
      for (size_t f = 0; f < kYsbFields.size(); ++f) {
        std::string_view v;
        if (object[kYsbFields[f]].get_string().get(v)) {
          state.SkipWithError("a field is missing");
          return;
        }
        out.child(f).AppendString(v);
      }
      out.CloseStruct();
    }
    benchmark::DoNotOptimize(out.size());
  }
  SetYsbCounters(state);
}
BENCHMARK(BM_SimdjsonOnDemandIntoColumnYsb)->Unit(benchmark::kMillisecond);

// simdjson's DOM API (what from_json parses with), one parse per event, the fields looked up by
// name, copied into per-field string buffers: the engine's parser without the rest of its kernel.
void BM_SimdjsonDomYsb(benchmark::State& state) {
  const YsbInput& in = Ysb();
  simdjson::dom::parser parser;
  std::array<StringBuffers, 7> out;
  for (auto _ : state) {
    for (StringBuffers& b : out) b.Clear();
    for (size_t r = 0; r < kBatchRows; ++r) {
      const char* text = in.padded.data() + in.offsets[r];
      const size_t len = in.offsets[r + 1] - in.offsets[r];
      simdjson::dom::element doc;
      if (parser.parse(text, len, false).get(doc)) {
        state.SkipWithError("simdjson refused an event");
        return;
      }
      for (size_t f = 0; f < kYsbFields.size(); ++f) {
        std::string_view v;
        if (doc[kYsbFields[f]].get_string().get(v)) {
          state.SkipWithError("a field is missing");
          return;
        }
        out[f].Append(v);
      }
    }
    benchmark::DoNotOptimize(out[6].bytes.data());
  }
  SetYsbCounters(state);
}
BENCHMARK(BM_SimdjsonDomYsb)->Unit(benchmark::kMillisecond);

// ---------------------------------------------------------------------------------------------
// Lines of words.

constexpr size_t kWordsPerLine = 10;

const RecordBatch& Lines() {
  static const RecordBatch* batch = [] {
    std::mt19937_64 rng(20261122);
    std::vector<std::string> vocabulary;
    for (int i = 0; i < 1000; ++i) {
      std::string w(2 + rng() % 8, 'a');
      for (char& c : w) c = static_cast<char>('a' + rng() % 26);
      vocabulary.push_back(std::move(w));
    }
    Column lines(DataType::kString);
    lines.Reserve(kBatchRows);
    for (size_t r = 0; r < kBatchRows; ++r) {
      std::string line;
      for (size_t w = 0; w < kWordsPerLine; ++w) {
        if (w > 0) line += ' ';
        line += vocabulary[rng() % vocabulary.size()];
      }
      lines.AppendString(line);
    }
    return new RecordBatch(Schema{{{"line", DataType::kString}}}, {std::move(lines)});
  }();
  return *batch;
}

void SetLineCounters(benchmark::State& state, size_t words_per_batch) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kBatchRows));
  state.counters["words_per_s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * words_per_batch), benchmark::Counter::kIsRate);
}

// The engine: select explode(split(line, ' ')) as word.
void BM_SplitExplodeSelect(benchmark::State& state) {
  const RecordBatch& in = Lines();
  auto select = MakeSelect({Call("explode", {Call("split", {Col("line"), Lit(" ")})}).As("word")});
  if (!select->Bind(in.schema()).ok()) {
    state.SkipWithError("the select does not bind");
    return;
  }
  size_t words = 0;
  for (auto _ : state) {
    Result<RecordBatch> out = select->Apply(in);
    words = out.value().num_rows();
    benchmark::DoNotOptimize(words);
  }
  SetLineCounters(state, words);
}
BENCHMARK(BM_SplitExplodeSelect)->Unit(benchmark::kMillisecond);

// The practical limit: split the same lines on spaces into one vector of string_views.
void BM_HandSplitLines(benchmark::State& state) {
  const Column& lines = Lines().column(0);
  std::vector<std::string_view> words;
  words.reserve(kBatchRows * (kWordsPerLine + 1));
  for (auto _ : state) {
    words.clear();
    for (size_t r = 0; r < lines.size(); ++r) {
      const std::string_view line = lines.String(r);
      size_t begin = 0;
      while (true) {
        const size_t end = line.find(' ', begin);
        words.push_back(line.substr(begin, end == std::string_view::npos ? end : end - begin));
        if (end == std::string_view::npos) break;
        begin = end + 1;
      }
    }
    benchmark::DoNotOptimize(words.data());
  }
  SetLineCounters(state, words.size());
}
BENCHMARK(BM_HandSplitLines)->Unit(benchmark::kMillisecond);

}  // namespace
