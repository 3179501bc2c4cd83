// Cells in fewer bytes: how a state file (format 2) stores the keys and values that the row codec
// encodes as cells (storage/cell_tags.h). Each cell keeps its tag; an int64 becomes a zigzag
// varint, a list's count and a string's length become varints, and every other payload is kept
// as it is. A window key of three ints, 36 bytes as cells, takes about 20.
//
// Rules: the compact form is a function of the cells, and expanding it gives the cells back
// byte for byte. Bytes that are not a sequence of whole cells have no compact form, nor do
// cells whose compact form would be longer than they are (ints near the 64-bit limits); a state
// file stores those as they are.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "storage/cell_tags.h"
#include "storage/varint.h"

namespace sluice::storage {

inline constexpr size_t kNoCompactForm = static_cast<size_t>(-1);

// The room CompactCells needs at its output beyond the cells' size: it writes a varint as one
// 8-byte store.
inline constexpr size_t kCompactSlackBytes = 8;

// Writes the compact form of `cells` at `out` and returns its size, or kNoCompactForm when
// `cells` are not whole cells or the form would be longer than they are. The bytes at `out`
// after the form's size (all of them, on kNoCompactForm) are garbage. REQUIRES: `cells.size() +
// kCompactSlackBytes` bytes of room at `out`.
size_t CompactCells(std::string_view cells, char* out);

// Appends to `out` the cells that `compact` is the compact form of, and returns whether it is
// one: a sequence of whole compact cells, every varint in its shortest form, whose cells are at
// least as long as it (else the cells would have been stored as they are). On false, `out`
// holds garbage after its old size.
bool ExpandCells(std::string_view compact, std::string* out);

// One cell of a compact form, as ReadCompactCell reads it, without its expansion: its tag; for an
// int, a string or a list, `word`: the int's two's complement bits, the string's length or the
// list's count (a list's items are the cells after it); and `payload`: a string's bytes, or the
// payload of a cell that the compact form keeps as it is (8 bytes of a double, 16 of a decimal,
// none of a null or a bool).
struct CompactCell {
  char tag = 0;
  uint64_t word = 0;
  std::string_view payload;
};

namespace state_cells_detail {

// The payload bytes a compact cell keeps as they are after its tag, or -1 for a tag whose
// payload changes form (or no tag at all).
inline int KeptPayloadBytes(char tag) {
  using enum cell_tags::CellTag;
  switch (tag) {
    case kNull:
    case kFalse:
    case kTrue:
      return 0;
    case kDouble:
      return 8;
    case kDecimal:
      return 16;
    default:
      return -1;
  }
}

}  // namespace state_cells_detail

// Reads the compact cell that starts at `*at`, before `end`, into `*cell`, moves `*at` past it,
// and returns whether a whole cell with a known tag and a varint in its shortest form is there.
// On false, `*at` is unchanged and `*cell` holds garbage. Inline: an aggregation reads each group's
// stored value with it.
inline bool ReadCompactCell(const char** at, const char* end, CompactCell* cell) {
  using enum cell_tags::CellTag;
  const char* p = *at;
  if (p >= end) return false;
  cell->tag = *p++;
  if (cell->tag == kInt || cell->tag == kList || cell->tag == kString) {
    uint64_t varint = 0;
    p = GetVarint(p, end, &varint);
    if (p == nullptr) return false;
    cell->word = cell->tag == kInt ? static_cast<uint64_t>(UnZigZag(varint)) : varint;
    const uint64_t bytes = cell->tag == kString ? varint : 0;
    if (static_cast<uint64_t>(end - p) < bytes) return false;
    cell->payload = std::string_view(p, bytes);
    *at = p + bytes;
    return true;
  }
  const int kept = state_cells_detail::KeptPayloadBytes(cell->tag);
  if (kept < 0 || end - p < kept) return false;
  cell->word = 0;
  cell->payload = std::string_view(p, static_cast<size_t>(kept));
  *at = p + kept;
  return true;
}

// The most bytes PutCompactHeader writes, and room enough for it at any place.
inline constexpr size_t kMaxCompactHeaderBytes = 1 + kMaxVarintBytes;

// The varint of a compact header: an int's zigzag (`word` its two's complement bits), or a
// string's length or a list's count as it is.
inline uint64_t CompactHeaderVarint(char tag, uint64_t word) {
  return tag == cell_tags::kInt ? ZigZag(static_cast<int64_t>(word)) : word;
}

// Writes at `out` the compact form of a cell whose payload the compact form changes: an int, or
// a string's or a list's header (the string's bytes or the list's items follow), as its tag and
// `varint` (CompactHeaderVarint), `varint_bytes` (VarintBytes(varint)) long. Returns the byte
// after it. Every other cell's compact form is the cell as it is. The one writer of the form:
// CompactCells writes from cells, StoreValues (engine/state/stored_cells.h) from values.
// REQUIRES: 1 + max(8, varint_bytes) bytes of room at `out` (the varint is one 8-byte store
// where it fits); the bytes after the header within that room are garbage.
inline char* PutCompactHeader(char tag, uint64_t varint, size_t varint_bytes, char* out) {
  *out++ = tag;
  return PutVarintWide(out, varint, varint_bytes);
}

// The same, from the cell's word. REQUIRES: kMaxCompactHeaderBytes of room at `out`.
inline char* PutCompactHeader(char tag, uint64_t word, char* out) {
  const uint64_t varint = CompactHeaderVarint(tag, word);
  return PutCompactHeader(tag, varint, VarintBytes(varint), out);
}

}  // namespace sluice::storage
