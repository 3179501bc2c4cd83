// The workloads that `scripts/sluice.sh compare` runs on Sluice, DuckDB and a hand-written loop.
//
// Each workload generates its rows from a fixed seed (the same rows every run, on every side),
// writes them as CSV (or JSON lines) for DuckDB, runs as a Sluice streaming query through the
// public API, and runs as a hand-written C++ loop, the practical limit. Every side ends with the
// same one-row Summary; the comparison refuses figures whose summaries differ.
//
// The time-windowed workloads run in append mode with a watermark; their summary counts the
// groups whose window end is at or below the final watermark (the largest event time less the
// delay), which is what a streaming query has emitted once its input ends. Event times never fall
// on a window end, so `<` and `<=` agree.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/io/memory_source.h"
#include "engine/query/data_stream.h"

namespace sluice::bench::compare {

// The one-row result every side of a workload prints: named integers (exact) and doubles
// (compared to a relative 1e-9, since the order of a floating sum differs between sides).
struct Summary {
  std::vector<std::pair<std::string, std::variant<int64_t, double>>> values;

  // "name:value,name:value": integers exactly, doubles with 17 significant digits.
  std::string Text() const;
};

// Whether two summaries name the same values in the same order and agree: integers exactly,
// doubles to a relative 1e-9.
bool SameSummary(const Summary& a, const Summary& b);

// A workload's rows: one batch per micro-batch, in order, and the static table of a join.
struct Input {
  std::vector<engine::RecordBatch> batches;
  std::optional<engine::RecordBatch> table;
  int64_t rows() const;
};

// Folds the batches a Sluice query's sink receives into the workload's Summary.
class OutputFold {
 public:
  virtual ~OutputFold() = default;
  virtual void Add(const engine::RecordBatch& output) = 0;
  virtual Summary Finish() const = 0;
};

// One workload: see the table in workloads.cc.
struct Workload {
  std::string_view name;
  int64_t default_rows;
  int64_t batches;
  engine::Schema schema;
  Input (*generate)(int64_t rows, int64_t batches);
  // Writes `input` into `dir` as the files the DuckDB side reads (bench/compare/duckdb_side.mjs).
  Status (*write_files)(const Input& input, const std::string& dir);
  engine::DataStream (*query)(std::shared_ptr<engine::MemorySource> source, const Input& input);
  engine::OutputMode mode;
  std::unique_ptr<OutputFold> (*fold)();
  Summary (*kernel)(const Input& input);
};

const std::vector<Workload>& Workloads();
const Workload* FindWorkload(std::string_view name);

}  // namespace sluice::bench::compare
