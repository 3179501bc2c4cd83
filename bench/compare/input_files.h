// The compare workloads' input: rows generated into batches, and the files the DuckDB side reads.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/compare/workloads.h"

namespace sluice::bench::compare {

// Splits rows [0, rows) into `batches` consecutive ranges; `fill` appends row i to the batch.
template <typename Fill>
std::vector<engine::RecordBatch> Batches(const engine::Schema& schema, int64_t rows,
                                         int64_t batches, Fill fill) {
  std::vector<engine::RecordBatch> out;
  for (int64_t b = 0; b < batches; ++b) {
    const int64_t begin = rows * b / batches, end = rows * (b + 1) / batches;
    std::vector<engine::Column> columns;
    for (const engine::Field& f : schema.fields) {
      columns.emplace_back(f.type);
      columns.back().Reserve(static_cast<size_t>(end - begin));
    }
    for (int64_t i = begin; i < end; ++i) fill(i, columns);
    out.emplace_back(schema, std::move(columns));
  }
  return out;
}

// Writes one line per row of `parts` into `path`, after a `header` line unless it is null;
// `row` writes row r of a batch (no newline).
template <typename Row>
Status WriteLines(const std::string& path, const char* header,
                  const std::vector<engine::RecordBatch>& parts, Row row) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return Status::IoError("cannot create " + path);
  std::vector<char> buffer(1 << 20);
  std::setvbuf(f, buffer.data(), _IOFBF, buffer.size());
  if (header != nullptr) std::fprintf(f, "%s\n", header);
  for (const engine::RecordBatch& b : parts) {
    for (size_t r = 0; r < b.num_rows(); ++r) {
      row(f, b, r);
      std::fputc('\n', f);
    }
  }
  const bool failed = std::ferror(f) != 0;
  if (std::fclose(f) != 0 || failed) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

// The batches of `in`, every column a long or timestamp, as `dir`/events.csv: "a,b,c" lines.
Status WriteLongs(const Input& in, const std::string& dir, const char* header);

}  // namespace sluice::bench::compare
