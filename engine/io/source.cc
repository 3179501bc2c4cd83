#include "engine/io/source.h"

namespace sluice::engine {

Result<std::optional<SourceOffset>> Source::PrepareForAvailableNow(const SourceOffset& start) {
  SLUICE_ASSIGN_OR_RETURN(SourceOffset latest, LatestOffset(start, ReadLimit::All()));
  return std::optional<SourceOffset>(std::move(latest));
}

PartitionOffsets ApplyRowLimit(const PartitionOffsets& start, const PartitionOffsets& latest,
                               int64_t limit) {
  SLUICE_CHECK(start.size() == latest.size(), "one offset per partition");
  SLUICE_CHECK(limit >= 0, "a row limit is not negative");
  int64_t backlog_total = 0;
  for (size_t p = 0; p < start.size(); ++p) backlog_total += latest[p] - start[p];
  if (backlog_total <= limit) return latest;
  PartitionOffsets end = start;
  int64_t given = 0;
  for (size_t p = 0; p < start.size(); ++p) {
    const int64_t backlog = latest[p] - start[p];
    const int64_t share =
        static_cast<int64_t>(static_cast<__int128>(backlog) * limit / backlog_total);
    end[p] += share;
    given += share;
  }
  // Hand the rounding remainder out one row at a time, in partition order.
  for (size_t p = 0; given < limit; p = (p + 1) % start.size()) {
    if (end[p] < latest[p]) {
      ++end[p];
      ++given;
    }
  }
  return end;
}

}  // namespace sluice::engine
