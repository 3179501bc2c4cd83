// The cells of string and binary columns, read straight from a column's buffers, for kernels
// and joins that read many of them in a loop.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/types/column.h"

namespace sluice::engine {

inline bool IsBytesType(const DataType& t) {
  return t.id() == TypeId::kString || t.id() == TypeId::kBinary;
}

// Row r's bytes of a string or binary column, read from its buffers without a type or bounds
// check. Rules: it views the column's buffers, so it lasts as long as the column does, unchanged.
struct EveryBytes {
  explicit EveryBytes(const Column& c) : offsets(c.offsets().data()), bytes(c.bytes().data()) {}
  EveryBytes(const int64_t* offsets_in, const char* bytes_in)
      : offsets(offsets_in), bytes(bytes_in) {}
  std::string_view operator()(size_t r) const {
    return {bytes + offsets[r], static_cast<size_t>(offsets[r + 1] - offsets[r])};
  }
  const int64_t* offsets;
  const char* bytes;
};

}  // namespace sluice::engine
