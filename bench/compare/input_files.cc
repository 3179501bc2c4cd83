#include "bench/compare/input_files.h"

namespace sluice::bench::compare {

using engine::RecordBatch;

namespace {
void PrintInt(std::FILE* f, int64_t v) { std::fprintf(f, "%lld", static_cast<long long>(v)); }
}  // namespace

Status WriteLongs(const Input& in, const std::string& dir, const char* header) {
  return WriteLines(dir + "/events.csv", header, in.batches,
                    [](std::FILE* f, const RecordBatch& b, size_t r) {
                      for (size_t c = 0; c < b.num_columns(); ++c) {
                        if (c > 0) std::fputc(',', f);
                        PrintInt(f, b.column(c).Int(r));
                      }
                    });
}

int64_t Input::rows() const {
  int64_t n = 0;
  for (const RecordBatch& b : batches) n += static_cast<int64_t>(b.num_rows());
  return n;
}

}  // namespace sluice::bench::compare
