// ConsoleSink: Spark's console sink. Each batch is written to a stream as
//
//   -------------------------------------------
//   Batch: N
//   -------------------------------------------
//   <ShowString of the batch's rows>
//
// followed by an empty line (Spark prints the table with println). In complete mode the rows are
// the whole result, in append and update mode the batch's.
//
// Rules: at least once across restarts, as Spark's: a batch run again after a crash is printed
// again. Within one sink object a batch id at or below the last one printed is skipped, as the
// Sink contract asks. Options (ConsoleSinkOptions::Parse): `numRows` (an integer, 20 by default;
// as in Spark, 0 or less shows no rows) and `truncate` (`true` or `false`, true by default: cells
// cut at 20 characters).
// Thread-safe: one batch is written at a time.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <ostream>
#include <string>

#include "engine/io/sink.h"
#include "storage/status.h"

namespace sluice::connectors::files {

struct ConsoleSinkOptions {
  int num_rows = 20;
  bool truncate = true;

  // From Spark's option names; an unknown option or a malformed value is InvalidArgument naming
  // the option and the value.
  static Result<ConsoleSinkOptions> Parse(const std::map<std::string, std::string>& options);
};

class ConsoleSink : public engine::Sink {
 public:
  // REQUIRES: `out` outlives the sink.
  ConsoleSink(std::ostream* out, ConsoleSinkOptions options) : out_(out), options_(options) {}

  // Spark's console sink has no stable description (an object's hash); this names the writer
  // and its options instead.
  std::string Describe() const override;
  Status AddBatch(const std::string& query_id, int64_t batch_id, const engine::RecordBatch& rows,
                  engine::OutputMode mode) override;

 private:
  std::ostream* out_;
  ConsoleSinkOptions options_;
  std::mutex mu_;
  std::optional<int64_t> last_printed_;
};

}  // namespace sluice::connectors::files
