#include "engine/state/stored_cells.h"

#include "engine/types/row_codec.h"
#include "spec/check.h"
#include "storage/cell_tags.h"
#include "storage/state_cells.h"

namespace sluice::engine {
namespace {

using enum storage::cell_tags::CellTag;
using storage::cell_tags::kTaggedWordBytes;

// Writes the compact cell of `v` at `out` where it is a long or a null, adds the size of the cell
// itself to `*cell_bytes`, and returns the byte after it; else returns null. REQUIRES:
// storage::kMaxCompactHeaderBytes of room at `out`.
char* PutIntOrNullCell(const Value& v, char* out, size_t* cell_bytes) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    *cell_bytes += kTaggedWordBytes;
    return storage::PutCompactHeader(kInt, static_cast<uint64_t>(*i), out);
  }
  if (!IsNull(v)) return nullptr;
  *cell_bytes += 1;
  *out = kNull;
  return out + 1;
}

// Appends the compact form of `v`'s cell (AppendStateValue) to `*compact`, and adds the size of
// the cell itself to `*cell_bytes`.
void AppendCompactValue(const Value& v, std::string* compact, size_t* cell_bytes) {
  char bytes[storage::kMaxCompactHeaderBytes];
  if (const char* end = PutIntOrNullCell(v, bytes, cell_bytes)) {
    compact->append(bytes, static_cast<size_t>(end - bytes));
    return;
  }
  const auto header = [&](char tag, uint64_t word) {
    compact->append(bytes,
                    static_cast<size_t>(storage::PutCompactHeader(tag, word, bytes) - bytes));
    *cell_bytes += kTaggedWordBytes;
  };
  if (const auto* s = std::get_if<std::string>(&v)) {
    header(kString, s->size());
    compact->append(*s);
    *cell_bytes += s->size();
  } else if (const auto* list = std::get_if<ValueList>(&v)) {
    header(kList, list->size());
    for (const Value& item : *list) AppendCompactValue(item, compact, cell_bytes);
  } else {  // a bool, a double or a decimal: kept as it is
    const size_t before = compact->size();
    AppendStateValue(v, compact);
    *cell_bytes += compact->size() - before;
  }
}

// Writes the stored form of `values` at `out` where each is a long or a null and it fits
// kSmallBytes, as StoreValues would, and returns its size; else returns 0 and `out` holds
// garbage. The common case of a count and a sum, with no string between.
constexpr size_t kSmallBytes = 64;
size_t PutSmallStoredValues(std::span<const Value> values, char* out) {
  if (values.size() * storage::kMaxCompactHeaderBytes + 1 > kSmallBytes) return 0;
  char* o = out;
  *o++ = kCompactCellsMark;
  size_t cell_bytes = 0;
  for (const Value& v : values) {
    o = PutIntOrNullCell(v, o, &cell_bytes);
    if (o == nullptr) return 0;
  }
  const auto size = static_cast<size_t>(o - out);
  return size <= cell_bytes ? size : 0;  // 0 too where the cells are shorter than this form
}

// Reads the compact cell at `*at` (before `end`) into `*out`, moves `*at` past it, and adds the
// size of the cell itself to `*cell_bytes`.
void ReadCompactValue(const char** at, const char* end, int depth, Value* out, size_t* cell_bytes) {
  SLUICE_CHECK(depth < 64, "a stored value's lists nest less than 64 deep");
  const char* const begin = *at;
  storage::CompactCell cell;
  SLUICE_CHECK(storage::ReadCompactCell(at, end, &cell), "a stored value's compact cell");
  switch (cell.tag) {
    case kInt:
      *cell_bytes += kTaggedWordBytes;
      *out = static_cast<int64_t>(cell.word);
      return;
    case kString:
      *cell_bytes += kTaggedWordBytes + cell.payload.size();
      *out = std::string(cell.payload);
      return;
    case kList: {
      *cell_bytes += kTaggedWordBytes;
      SLUICE_CHECK(cell.word <= static_cast<uint64_t>(end - *at),
                   "a list no longer than its bytes");
      ValueList items(cell.word);
      for (Value& item : items) ReadCompactValue(at, end, depth + 1, &item, cell_bytes);
      *out = std::move(items);
      return;
    }
    default: {  // kept as it is: the compact cell is the cell
      const std::string_view kept(begin, static_cast<size_t>(*at - begin));
      *cell_bytes += kept.size();
      size_t pos = 0;
      *out = DecodeCell(kept, &pos);
      return;
    }
  }
}

}  // namespace

void StoreValues(std::span<const Value> values, std::string* stored, std::string* room) {
  char small[kSmallBytes];
  if (const size_t n = PutSmallStoredValues(values, small); n > 0) {
    stored->assign(small, n);
    return;
  }
  room->assign(1, kCompactCellsMark);
  size_t cell_bytes = 0;
  for (const Value& v : values) AppendCompactValue(v, room, &cell_bytes);
  if (room->size() <= cell_bytes) {
    stored->assign(*room);
    return;
  }
  EncodeStateValuesInto(values, stored);  // no shorter with the mark
}

void LoadStoredValues(std::string_view stored, std::span<Value> buffer) {
  if (stored.empty() || stored[0] != kCompactCellsMark) {
    size_t pos = 0;
    for (Value& v : buffer) {
      SLUICE_CHECK(pos < stored.size(), "a stored aggregate buffer has its width");
      v = DecodeCell(stored, &pos);
    }
    SLUICE_CHECK(pos == stored.size(), "a stored aggregate buffer has its width");
    return;
  }
  const char* at = stored.data() + 1;
  const char* const end = stored.data() + stored.size();
  size_t cell_bytes = 0;
  for (Value& v : buffer) {
    SLUICE_CHECK(at < end, "a stored aggregate buffer has its width");
    ReadCompactValue(&at, end, 0, &v, &cell_bytes);
  }
  SLUICE_CHECK(at == end, "a stored aggregate buffer has its width");
  SLUICE_CHECK(cell_bytes >= stored.size() - 1, "a stored compact form no longer than its cells");
}

}  // namespace sluice::engine
