// Streaming deduplication: drop_duplicates(cols) and drop_duplicates_within_watermark(cols).
//
// drop_duplicates keeps the first row of each key (all columns when `cols` is empty) and
// remembers the key; with a watermarked column in the key, a key is forgotten once the watermark
// passes its time, otherwise never. drop_duplicates_within_watermark needs a watermarked column
// in its input: it remembers each key until the watermark passes the first row's event time plus
// the watermark delay. Both drop late rows (event time at or below the previous batch's
// watermark) before looking at state, counting them in numRowsDroppedByWatermark.
#pragma once

#include <string>
#include <vector>

#include "engine/state/stateful.h"

namespace sluice::engine {

std::shared_ptr<const StatefulOperator> MakeDropDuplicates(std::vector<std::string> cols);
std::shared_ptr<const StatefulOperator> MakeDropDuplicatesWithinWatermark(
    std::vector<std::string> cols);

}  // namespace sluice::engine
