// Private to engine/types' row codec files (row_codec.cc encodes, row_decode.cc decodes and
// reads cells, row_hash.cc hashes rows as their encoded bytes): the helpers that both sides of
// the format must agree on, and the cell tags (storage/cell_tags.h, which the state file reads
// too). Nothing outside those files includes it.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "engine/types/row_codec.h"
#include "storage/cell_tags.h"

namespace sluice::engine::row_codec_detail {

// Eight bytes, little-endian.
inline uint64_t GetU64(std::string_view bytes, size_t pos) {
  uint64_t v;
  std::memcpy(&v, bytes.data() + pos, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// The bits a key double is encoded by: -0.0 as 0.0, every NaN as one.
inline uint64_t NormalizedBits(double v) {
  v = NormalizedKeyDouble(v);
  uint64_t bits;
  std::memcpy(&bits, &v, sizeof(bits));
  return bits;
}

}  // namespace sluice::engine::row_codec_detail
