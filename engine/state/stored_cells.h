// StoredCells: how an aggregation keeps a group's buffer, encoded as cells (row_codec.h), as the
// value of its state store: a mark byte and the cells' compact form (storage/state_cells.h), so
// that a count and a sum (two 9-byte cells) take 5 or 6 bytes and sit inside the store's entry
// instead of in a heap block of their own. Cells without a shorter compact form are kept as they
// are, and so are the values of checkpoints written before state file format 2; both read.
//
// Rules: the mark is no cell tag, so a value is one form or the other by its first byte; the
// cells read back are the cells stored, byte for byte.
#pragma once

#include <string>
#include <string_view>

namespace sluice::engine {

inline constexpr char kCompactCellsMark = 'C';

// Replaces `*stored` with `cells` in stored form; `*room` is scratch, kept by the caller so that
// its memory serves every call.
void StoreCells(std::string_view cells, std::string* stored, std::string* room);

// The cells a stored value holds: a view of the value itself, or of its compact form expanded
// into `*room` (the view lasts while both are unchanged). A value that is marked but does not
// expand is a broken invariant (the store's files are checksummed): it aborts.
std::string_view StoredCells(std::string_view stored, std::string* room);

}  // namespace sluice::engine
