#include "engine/types/row_codec.h"
#include "engine/types/row_codec_internal.h"

namespace sluice::engine {

using enum storage::cell_tags::CellTag;
using row_codec_detail::NormalizedBits;

namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr uint64_t kFnvPrime = 1099511628211ULL;

uint64_t FnvByte(uint64_t h, uint8_t byte) { return (h ^ byte) * kFnvPrime; }
uint64_t FnvU64(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; ++i) h = FnvByte(h, static_cast<uint8_t>(v >> (8 * i)));
  return h;
}
uint64_t FnvBytes(uint64_t h, std::string_view bytes) {
  for (char c : bytes) h = FnvByte(h, static_cast<uint8_t>(c));
  return h;
}

// Feeds the bytes EncodeCell gives each row of `column` into that row's running FNV-1a hash,
// one loop per physical type. A struct without nulls feeds its list header, then its children
// column by column: FNV-1a is a byte-serial fold, so the order within a row is all that counts.
void FeedColumn(const Column& column, uint64_t* h) {
  const size_t n = column.size();
  const bool nulls = column.null_count() > 0;
  // Calls `feed(h, row)` for each non-null row; a null row gets the null tag.
  auto each = [&](auto&& feed) {
    for (size_t r = 0; r < n; ++r) {
      h[r] = nulls && column.IsNull(r) ? FnvByte(h[r], kNull) : feed(h[r], r);
    }
  };
  switch (column.type().id()) {
    case TypeId::kNull:
      return each([](uint64_t x, size_t) { return FnvByte(x, kNull); });
    case TypeId::kInt32:
    case TypeId::kDate:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kInt), static_cast<uint64_t>(int64_t{column.Int32(r)}));
      });
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kInt), static_cast<uint64_t>(column.Int(r)));
      });
    case TypeId::kFloat:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kDouble), NormalizedBits(column.Float(r)));
      });
    case TypeId::kDouble:
      return each([&](uint64_t x, size_t r) {
        return FnvU64(FnvByte(x, kDouble), NormalizedBits(column.Double(r)));
      });
    case TypeId::kDecimal:
      return each([&](uint64_t x, size_t r) {
        const auto bits = static_cast<unsigned __int128>(column.Decimal(r));
        return FnvU64(FnvU64(FnvByte(x, kDecimal), static_cast<uint64_t>(bits)),
                      static_cast<uint64_t>(bits >> 64));
      });
    case TypeId::kString:
    case TypeId::kBinary:
      return each([&](uint64_t x, size_t r) {
        const std::string_view s = column.String(r);
        return FnvBytes(FnvU64(FnvByte(x, kString), s.size()), s);
      });
    case TypeId::kBool:
      return each(
          [&](uint64_t x, size_t r) { return FnvByte(x, column.Bool(r) ? kTrue : kFalse); });
    case TypeId::kStruct:
      if (!nulls) {
        each([&](uint64_t x, size_t) { return FnvU64(FnvByte(x, kList), column.num_children()); });
        for (size_t f = 0; f < column.num_children(); ++f) {
          SLUICE_CHECK(column.child(f).size() == n, "a struct's children hold its rows");
          FeedColumn(column.child(f), h);
        }
        return;
      }
      [[fallthrough]];
    case TypeId::kArray:
    case TypeId::kMap: {
      std::string cell;
      for (size_t r = 0; r < n; ++r) {
        cell.clear();
        EncodeCell(column, r, &cell);
        h[r] = FnvBytes(h[r], cell);
      }
      return;
    }
  }
}

}  // namespace

uint64_t StableHash(std::string_view bytes) { return FnvBytes(kFnvOffset, bytes); }

std::vector<uint64_t> StableKeyHashes(const RecordBatch& batch,
                                      const std::vector<size_t>& columns) {
  std::vector<uint64_t> hashes(batch.num_rows(), kFnvOffset);
  for (size_t c : columns) FeedColumn(batch.column(c), hashes.data());
  return hashes;
}

}  // namespace sluice::engine
