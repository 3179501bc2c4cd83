// The tags of the cells that keys and state values are encoded in (engine/types/row_codec.h
// writes them; docs/formats.md, "Keys and state values"). Each cell is its tag and then the
// tag's payload. The state file (storage/state_cells.h) reads the same tags to store cells in
// fewer bytes, so the one list lives here, below both.
//
// Rules: a tag is one byte and names its payload's layout for good; a new kind of cell takes a
// new tag. A state file stores bytes with a tag it does not know as they are; teaching the
// compact form a new tag changes which fields a file must hold compact, so it takes a new state
// file format version (storage/state_file.h), since older files may hold such a field as it is.
#pragma once

#include <cstddef>

namespace sluice::storage::cell_tags {

// Unscoped, so that code that writes cells can use a tag as the char it is (`using enum`).
enum CellTag : char {
  kNull = 'n',     // no payload
  kInt = 'i',      // 8 bytes, a two's-complement int64, little-endian
  kDouble = 'd',   // 8 bytes, the IEEE 754 bits, little-endian
  kString = 's',   // an 8-byte length, little-endian, then that many bytes
  kFalse = 'f',    // no payload
  kTrue = 't',     // no payload
  kDecimal = 'D',  // 16 bytes, the unscaled value's two's complement, little-endian
  kList = 'l',     // an 8-byte count, then that many cells: array elements, struct fields, map
                   // entries
};

// The bytes of a tag and the eight-byte word after it: the whole cell of an int, a double or a
// list header (the word is the item count), and a string's cell before its bytes.
inline constexpr size_t kTaggedWordBytes = 1 + 8;

}  // namespace sluice::storage::cell_tags
