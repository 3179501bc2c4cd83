// GroupAccumulators: an aggregation's aggregates updated over a batch's rows, given a piece of
// rows at a time, into the buffers of the batch's groups (BatchGroups).
//
// Rules: Update takes pieces in row order; every group a piece's row names exists in `groups`;
// WriteBack, once after the last piece, leaves each group's buffer as updating it row by row with
// BoundAgg::Update would. Between them a buffer may be stale: count, and sum of a long or double
// column without nulls, add into one typed number per group, kept across pieces and written back
// once. An aggregate whose piece has nulls goes row by row through BoundAgg::Update from then on
// in the batch (its typed numbers written back first), so that a typed number always belongs to
// a group that had a row with a value. One object serves one batch.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/state/aggregate_function.h"
#include "engine/state/batch_groups.h"
#include "engine/types/record_batch.h"

namespace sluice::engine {

// A row whose group is late (dropped), in a row-to-group map: no aggregate sees it.
inline constexpr uint32_t kLateRow = UINT32_MAX;

class GroupAccumulators {
 public:
  // `aggs[a]`'s buffer starts at `offsets[a]` in a group's. Both outlive the object.
  GroupAccumulators(const std::vector<BoundAgg>& aggs, const std::vector<size_t>& offsets);

  // Updates each aggregate over `rows`, row r going to group `group_of_row[r]` (kLateRow: none;
  // `any_late` says whether some row is).
  void Update(const RecordBatch& rows, std::span<const uint32_t> group_of_row, bool any_late,
              BatchGroups& groups);
  // Writes the typed numbers back into the groups' buffers. Call once, after the last Update.
  void WriteBack(BatchGroups& groups);

 private:
  // An aggregate's typed numbers: none yet, longs, doubles, or none again for the rest of the
  // batch (kByValue).
  enum class Kind : uint8_t { kNone, kLong, kDouble, kByValue };
  struct Typed {
    Kind kind = Kind::kNone;
    std::vector<int64_t> longs;   // per group, with kLong
    std::vector<double> doubles;  // per group, with kDouble
  };

  // The kind of typed number aggregate `a` adds into over `arg` (its argument column, or null),
  // or kByValue.
  Kind TypedKind(size_t a, const Column* arg) const;
  void WriteBackOne(size_t a, BatchGroups& groups);

  const std::vector<BoundAgg>& aggs_;
  const std::vector<size_t>& offsets_;
  std::vector<Typed> typed_;  // per aggregate
};

}  // namespace sluice::engine
