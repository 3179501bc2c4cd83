// Small record batches that several engine tests share.
#pragma once

#include "engine/types/record_batch.h"

namespace sluice::engine::testing {

// Columns v (long) and s (string), three rows with a null in each column:
// (1, "a"), (4, null), (null, "c").
inline RecordBatch NumbersAndNulls() {
  RecordBatch b(Schema{{{"v", DataType::kInt64}, {"s", DataType::kString}}});
  b.AppendRow({int64_t{1}, std::string("a")});
  b.AppendRow({int64_t{4}, std::monostate{}});
  b.AppendRow({std::monostate{}, std::string("c")});
  return b;
}

}  // namespace sluice::engine::testing
