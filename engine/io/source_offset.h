// SourceOffset: a position in a source, as the JSON text the source writes in `offsets/N`.
//
// Rules: the text is one line of JSON in the shape Spark's source of the same kind writes
// (`{"partitions":[3,5]}` for the memory source, a number for `rate`, `{"logOffset":4}` for a file
// source); only its source reads it. The source makes it canonical (one text per position), so
// two offsets of one source are the same position exactly when their texts are equal.
#pragma once

#include <string>

namespace sluice::engine {

struct SourceOffset {
  std::string json;
  bool operator==(const SourceOffset&) const = default;
};

}  // namespace sluice::engine
