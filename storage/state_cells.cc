#include "storage/state_cells.h"

#include <bit>
#include <cstdint>
#include <cstring>

#include "storage/cell_tags.h"
#include "storage/varint.h"

namespace sluice::storage {
namespace {

using enum cell_tags::CellTag;

uint64_t LoadU64(const char* at) {
  uint64_t v;
  std::memcpy(&v, at, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}
void StoreU64(char* at, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(at, &v, 8);
}

}  // namespace

using state_cells_detail::KeptPayloadBytes;

size_t CompactCells(std::string_view cells, char* out) {
  const char* at = cells.data();
  const char* const end = at + cells.size();
  char* o = out;
  char* const out_end = out + cells.size();  // a longer form is refused
  while (at < end) {
    const char tag = *at++;
    if (tag == kInt || tag == kList || tag == kString) {
      if (end - at < 8) return kNoCompactForm;
      const uint64_t word = LoadU64(at);
      at += 8;
      const uint64_t varint = CompactHeaderVarint(tag, word);
      const size_t varint_bytes = VarintBytes(varint);
      // The room after out_end (kCompactSlackBytes) takes the wide store's garbage.
      if (out_end - o < static_cast<ptrdiff_t>(1 + varint_bytes)) return kNoCompactForm;
      o = PutCompactHeader(tag, varint, varint_bytes, o);
      if (tag == kString) {
        if (static_cast<uint64_t>(end - at) < word || static_cast<uint64_t>(out_end - o) < word) {
          return kNoCompactForm;
        }
        std::memcpy(o, at, word);
        at += word;
        o += word;
      }
      continue;
    }
    const int kept = KeptPayloadBytes(tag);
    if (kept < 0 || end - at < kept || out_end - o < 1 + kept) return kNoCompactForm;
    *o++ = tag;
    std::memcpy(o, at, static_cast<size_t>(kept));
    at += kept;
    o += kept;
  }
  return static_cast<size_t>(o - out);
}

bool ExpandCells(std::string_view compact, std::string* out) {
  const size_t start = out->size();
  const char* at = compact.data();
  const char* const end = at + compact.size();
  CompactCell cell;
  while (at < end) {
    if (!ReadCompactCell(&at, end, &cell)) return false;
    out->push_back(cell.tag);
    if (cell.tag == kInt || cell.tag == kList || cell.tag == kString) {
      char word[8];
      StoreU64(word, cell.word);
      out->append(word, 8);
    }
    out->append(cell.payload);
  }
  return out->size() - start >= compact.size();
}

}  // namespace sluice::storage
