#include "engine/ops/join_table_index.h"

#include <algorithm>
#include <bit>

#include "engine/types/key_word_hash.h"

namespace sluice::engine {
namespace {

// Mixes into hashes[i] the hash of row row_of(i) of key column `c`, by the value `=` compares,
// for i < n; clears valid[i] where that cell is null (such a key never matches). One loop per
// type.
template <class RowOf>
void MixKeyColumn(const Column& c, size_t n, RowOf row_of, std::vector<uint64_t>& hashes,
                  std::vector<uint8_t>& valid) {
  const auto mix_all = [&](auto hash_of) {
    for (size_t i = 0; i < n; ++i) hashes[i] = Mix(hashes[i], hash_of(row_of(i)));
  };
  switch (c.type().id()) {
    case TypeId::kBool:
      mix_all([&](size_t r) -> uint64_t { return c.Bool(r) ? 1 : 2; });
      break;
    case TypeId::kInt32:
    case TypeId::kDate: {
      const auto v = c.int32s();
      mix_all([&](size_t r) { return static_cast<uint64_t>(static_cast<int64_t>(v[r])); });
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      const EveryBytes bytes_of(c);
      mix_all([&](size_t r) {
        const std::string_view bytes = bytes_of(r);
        return KeyWordHash::Hash(bytes.data(), bytes.size());
      });
      break;
    }
    default: {
      const auto v = c.int64s();
      mix_all([&](size_t r) { return static_cast<uint64_t>(v[r]); });
      break;
    }
  }
  if (c.null_count() == 0) return;
  for (size_t i = 0; i < n; ++i) valid[i] &= static_cast<uint8_t>(!c.IsNull(row_of(i)));
}

// Whether row `a` of `x` equals row `b` of `y` (same type, neither null).
bool KeysEqual(const Column& x, size_t a, const Column& y, size_t b) {
  switch (x.type().id()) {
    case TypeId::kBool:
      return x.Bool(a) == y.Bool(b);
    case TypeId::kInt32:
    case TypeId::kDate:
      return x.Int32(a) == y.Int32(b);
    case TypeId::kString:
    case TypeId::kBinary: {
      const std::string_view l = x.String(a), r = y.String(b);
      return l.size() == r.size() && EqualBytes(l.data(), r.data(), l.size());
    }
    default:
      return x.Int(a) == y.Int(b);
  }
}

}  // namespace

// Whether a key of this type is hashed and compared directly: one whose `=` is plain equality
// of the stored value (no coercion, no NaN or -0.0 rules, no nested values).
bool HashableKeyType(const DataType& t) {
  switch (t.id()) {
    case TypeId::kBool:
    case TypeId::kInt32:
    case TypeId::kDate:
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kString:
    case TypeId::kBinary:
      return true;
    default:
      return false;
  }
}

KeyHashes HashKeys(const RecordBatch& b, const std::vector<size_t>& keys,
                   const std::vector<uint32_t>* rows) {
  const size_t n = rows ? rows->size() : b.num_rows();
  KeyHashes out{std::vector<uint64_t>(n, 0), std::vector<uint8_t>(n, 1)};
  for (size_t k : keys) {
    if (rows) {
      MixKeyColumn(
          b.column(k), n, [rows](size_t i) { return (*rows)[i]; }, out.hashes, out.valid);
    } else {
      MixKeyColumn(
          b.column(k), n, [](size_t i) { return i; }, out.hashes, out.valid);
    }
  }
  return out;
}

TableIndex::TableIndex(const RecordBatch& table, const std::vector<size_t>& keys) : keys_(keys) {
  const size_t n = table.num_rows();
  const size_t capacity = std::bit_ceil(std::max<size_t>(16, n * 2));
  heads_.assign(capacity, kNone);
  hashes_.assign(capacity, 0);
  next_.assign(n, kNone);
  mask_ = capacity - 1;
  const KeyHashes keyed = HashKeys(table, keys_);
  // Inserted from the last row up, each at the head of its chain: chains run in table order.
  for (size_t r = n; r-- > 0;) {
    if (!keyed.valid[r]) continue;
    const uint64_t h = keyed.hashes[r];
    size_t slot = h & mask_;
    while (heads_[slot] != kNone &&
           !(hashes_[slot] == h && Equal(table, keys_, heads_[slot], table, keys_, r))) {
      slot = (slot + 1) & mask_;
    }
    next_[r] = heads_[slot];
    heads_[slot] = static_cast<uint32_t>(r);
    hashes_[slot] = h;
  }
}

bool TableIndex::Equal(const RecordBatch& a, const std::vector<size_t>& a_keys, size_t ra,
                       const RecordBatch& b, const std::vector<size_t>& b_keys, size_t rb) {
  for (size_t i = 0; i < a_keys.size(); ++i) {
    if (!KeysEqual(a.column(a_keys[i]), ra, b.column(b_keys[i]), rb)) return false;
  }
  return true;
}

}  // namespace sluice::engine
