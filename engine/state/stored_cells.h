// Stored cells: how an aggregation keeps a group's buffer as the value of its state store: a mark
// byte and the compact form (storage/state_cells.h) of the buffer's cells (row_codec.h), so that a
// count and a sum (two 9-byte cells) take 5 or 6 bytes and sit inside the store's entry instead of
// in a heap block of their own. Cells whose compact form with the mark would be longer than they
// are are kept as they are, and so are the values of checkpoints written before state file format
// 2; both read.
//
// Rules: the mark is no cell tag, so a value is one form or the other by its first byte; the
// stored form is a function of the values' cells (EncodeStateValues), and the values read back
// are the values stored, doubles to the bit.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/types/value.h"

namespace sluice::engine {

inline constexpr char kCompactCellsMark = 'C';

// Replaces `*stored` with the stored form of `values`' cells (EncodeStateValues): byte for byte
// the mark and the cells' compact form where the two are no longer than the cells, else the cells
// as they are; written straight from the values with no cells between. `*room` is scratch, kept by
// the caller.
void StoreValues(std::span<const Value> values, std::string* stored, std::string* room);

// Fills `buffer` with the values of a stored value's cells, one per cell, read straight from
// either form with no expansion. A value that does not hold `buffer.size()` whole cells, or a
// compact form longer than its cells (no writer makes one), is a broken invariant (the store's
// files are checksummed): it aborts.
void LoadStoredValues(std::string_view stored, std::span<Value> buffer);

}  // namespace sluice::engine
