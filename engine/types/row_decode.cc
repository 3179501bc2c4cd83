#include "engine/types/row_codec.h"
#include "engine/types/row_codec_internal.h"

namespace sluice::engine {

using enum storage::cell_tags::CellTag;
using row_codec_detail::GetU64;
using storage::cell_tags::kTaggedWordBytes;

namespace {

// Decodes one cell at `*pos`. `depth` bounds nesting so that corrupt bytes cannot recurse without
// end (state bytes are checksummed, so this is an invariant, not an input check).
Value DecodeOne(std::string_view bytes, size_t* pos, int depth) {
  SLUICE_CHECK(depth < 64 && *pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[(*pos)++];
  auto need = [&](size_t n) { SLUICE_CHECK(*pos + n <= bytes.size(), "a row codec cell's bytes"); };
  switch (tag) {
    case kNull:
      return Value{};
    case kInt:
      need(8);
      *pos += 8;
      return Value{static_cast<int64_t>(GetU64(bytes, *pos - 8))};
    case kDouble: {
      need(8);
      const uint64_t bits = GetU64(bytes, *pos);
      *pos += 8;
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      return Value{d};
    }
    case kString: {
      need(8);
      const size_t n = GetU64(bytes, *pos);
      need(8 + n);
      Value v{std::string(bytes.substr(*pos + 8, n))};
      *pos += 8 + n;
      return v;
    }
    case kDecimal: {
      need(16);
      const auto low = static_cast<unsigned __int128>(GetU64(bytes, *pos));
      const auto high = static_cast<unsigned __int128>(GetU64(bytes, *pos + 8));
      *pos += 16;
      return Value{Decimal128{static_cast<Int128>((high << 64) | low)}};
    }
    case kList: {
      need(8);
      const size_t n = GetU64(bytes, *pos);
      *pos += 8;
      SLUICE_CHECK(n <= bytes.size() - *pos, "a list no longer than its bytes");
      ValueList items;
      items.reserve(n);
      for (size_t i = 0; i < n; ++i) items.push_back(DecodeOne(bytes, pos, depth + 1));
      return Value{std::move(items)};
    }
    case kFalse:
      return Value{false};
    case kTrue:
      return Value{true};
    default:
      SLUICE_CHECK(false, "a row codec tag");
      return Value{};
  }
}

}  // namespace

namespace {

// The position just past the cell that starts at `pos`.
size_t SkipCell(std::string_view bytes, size_t pos, int depth) {
  SLUICE_CHECK(depth < 64 && pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[pos++];
  size_t width = 0;
  switch (tag) {
    case kNull:
    case kFalse:
    case kTrue:
      return pos;
    case kInt:
    case kDouble:
      width = 8;
      break;
    case kDecimal:
      width = 16;
      break;
    case kString:
      SLUICE_CHECK(pos + 8 <= bytes.size(), "a row codec cell's bytes");
      width = 8 + GetU64(bytes, pos);
      break;
    case kList: {
      SLUICE_CHECK(pos + 8 <= bytes.size(), "a row codec cell's bytes");
      const size_t n = GetU64(bytes, pos);
      pos += 8;
      for (size_t i = 0; i < n; ++i) pos = SkipCell(bytes, pos, depth + 1);
      return pos;
    }
    default:
      SLUICE_CHECK(false, "a row codec tag");
  }
  SLUICE_CHECK(width <= bytes.size() - pos, "a row codec cell's bytes");
  return pos + width;
}

}  // namespace

std::string_view CellAt(std::string_view bytes, size_t index) {
  size_t begin = 0;
  for (size_t i = 0; i < index; ++i) begin = SkipCell(bytes, begin, 0);
  return bytes.substr(begin, SkipCell(bytes, begin, 0) - begin);
}

std::string_view ListItemAt(std::string_view list_cell, size_t index) {
  SLUICE_CHECK(list_cell.size() >= kTaggedWordBytes && list_cell[0] == kList, "a list cell");
  SLUICE_CHECK(index < GetU64(list_cell, 1), "a list item within the list");
  return CellAt(list_cell.substr(kTaggedWordBytes), index);
}

std::optional<int64_t> IntOfCell(std::string_view cell) {
  SLUICE_CHECK(
      !cell.empty() && (cell[0] == kNull || (cell[0] == kInt && cell.size() == kTaggedWordBytes)),
      "an integer or null cell");
  if (cell[0] == kNull) return std::nullopt;
  return static_cast<int64_t>(GetU64(cell, 1));
}

bool IsNullCell(std::string_view cell) { return !cell.empty() && cell[0] == kNull; }

Value DecodeCell(std::string_view bytes, size_t* pos) { return DecodeOne(bytes, pos, 0); }

namespace {

void AppendEncodedCellAt(std::string_view bytes, size_t* pos, Column& column, int depth) {
  SLUICE_CHECK(depth < 64 && *pos < bytes.size(), "a row codec cell within its bytes");
  const char tag = bytes[*pos];
  const auto fixed = [&](size_t n) {
    SLUICE_CHECK(*pos + 1 + n <= bytes.size(), "a row codec cell's bytes");
    const size_t at = *pos + 1;
    *pos += 1 + n;
    return at;
  };
  switch (tag) {
    case kNull:
      ++*pos;
      return column.AppendNull();
    case kFalse:
    case kTrue:
      ++*pos;
      return column.AppendBool(tag == kTrue);
    case kInt:
      return column.AppendIntegral(static_cast<int64_t>(GetU64(bytes, fixed(8))));
    case kDouble: {
      const uint64_t bits = GetU64(bytes, fixed(8));
      double d;
      std::memcpy(&d, &bits, sizeof(d));
      if (column.type().id() == TypeId::kFloat) return column.AppendFloat(static_cast<float>(d));
      return column.AppendDouble(d);
    }
    case kDecimal: {
      const size_t at = fixed(16);
      const auto low = static_cast<unsigned __int128>(GetU64(bytes, at));
      const auto high = static_cast<unsigned __int128>(GetU64(bytes, at + 8));
      return column.AppendDecimal(static_cast<Int128>((high << 64) | low));
    }
    case kString: {
      const size_t n = GetU64(bytes, fixed(8));
      SLUICE_CHECK(n <= bytes.size() - *pos, "a row codec cell's bytes");
      column.AppendString(bytes.substr(*pos, n));
      *pos += n;
      return;
    }
    case kList: {
      const size_t n = GetU64(bytes, fixed(8));
      SLUICE_CHECK(n <= bytes.size() - *pos, "a list no longer than its bytes");
      switch (column.type().id()) {
        case TypeId::kStruct:
          SLUICE_CHECK(n == column.num_children(), "a struct cell has one cell per field");
          for (size_t f = 0; f < n; ++f)
            AppendEncodedCellAt(bytes, pos, column.child(f), depth + 1);
          return column.CloseStruct();
        case TypeId::kArray:
          for (size_t i = 0; i < n; ++i)
            AppendEncodedCellAt(bytes, pos, column.child(0), depth + 1);
          return column.CloseList();
        case TypeId::kMap:
          for (size_t i = 0; i < n; ++i) {
            const size_t entry = fixed(8) - 1;
            SLUICE_CHECK(bytes[entry] == kList && GetU64(bytes, entry + 1) == 2,
                         "a map entry is {key, value}");
            AppendEncodedCellAt(bytes, pos, column.child(0), depth + 1);
            AppendEncodedCellAt(bytes, pos, column.child(1), depth + 1);
          }
          return column.CloseList();
        default:
          SLUICE_CHECK(false, "a list cell goes into an array, map or struct column");
          return;
      }
    }
    default:
      SLUICE_CHECK(false, "a row codec tag");
  }
}

}  // namespace

void AppendEncodedCell(std::string_view bytes, size_t* pos, Column& column) {
  AppendEncodedCellAt(bytes, pos, column, 0);
}

std::vector<Value> DecodeValues(std::string_view bytes) {
  std::vector<Value> out;
  DecodeValuesInto(bytes, &out);
  return out;
}

void DecodeValuesInto(std::string_view bytes, std::vector<Value>* out) {
  size_t pos = 0;
  while (pos < bytes.size()) out->push_back(DecodeOne(bytes, &pos, 0));
}

}  // namespace sluice::engine
