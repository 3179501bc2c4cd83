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
#include <string>
#include <string_view>

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

}  // namespace sluice::storage
