// The bytes of a state file, `<V>.delta` or `<V>.snapshot` (docs/formats.md, "State files"): a
// header naming the file's format, kind and version, its records (a put of a key and value, or a
// removal of a key), an end mark with the record count, and a CRC-32C of everything before it.
// Format 2 stores a key or value that is whole cells in their compact form (storage/state_cells.h);
// format 1, written before 2026-12-06, stores every key and value as it is.
//
// Rules: a file holds each key once; its records may be in any order (a store writes them in the
// order of its entries in memory, so that the same history of writes gives the same bytes). A
// writer writes format 2, in which a set of records has one encoding; a reader reads both.
// Decoding checks the checksum and header before it passes any record on.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/file_system.h"
#include "storage/status.h"

namespace sluice::storage {

// One record of a state file: a key and its value, or no value for a key removed. Both views
// stay valid while the file is encoded.
struct StateRecord {
  std::string_view key;
  std::optional<std::string_view> value;
};

namespace state_file_internal {

inline constexpr size_t kHeaderBytes = 4 + 1 + 1 + 8;  // magic, format, kind, version
inline constexpr size_t kTrailerBytes = 1 + 8 + 4;     // end mark, record count, CRC-32C
inline constexpr uint8_t kPut = 1, kRemove = 2, kEnd = 0;
// A record's op byte is its kind (kPut or kRemove), with these bits set where its key or value
// is stored in its compact form (storage/state_cells.h); format 1 has no such bits.
inline constexpr uint8_t kKindBits = 3, kKeyCompact = 4, kValueCompact = 8;

// Little-endian at `at`, which advances past them.
inline void PutU32(char*& at, uint32_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  std::memcpy(at, &v, 4);
  at += 4;
}
inline void PutU64(char*& at, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(at, &v, 8);
  at += 8;
}
inline void PutBytes(char*& at, std::string_view bytes) {
  std::memcpy(at, bytes.data(), bytes.size());
  at += bytes.size();
}

}  // namespace state_file_internal

// Writes a state file a piece at a time to `write`: the header at construction, then each record
// Add is given, then the trailer at Finish. A piece holds about kPieceBytes (a record's room is
// reserved at its longest, so a piece may end a little early), so that it is checksummed and
// written while it is in the cache, and a large file is never held whole; a record larger than
// that is a piece of its own. After `write` fails, nothing more is written
// and Finish returns its error.
class StateFileWriter {
 public:
  static constexpr size_t kPieceBytes = size_t{256} << 10;
  static constexpr size_t kFirstRoomBytes = 4096;

  // REQUIRES: `write` outlives the writer.
  StateFileWriter(bool snapshot, int64_t version, const PieceWrite& write);

  void Add(const StateRecord& r);

  // Whether a piece failed to be written: what is added after it is never written.
  bool failed() const { return !status_.ok(); }

  // Writes the trailer and the last piece, and returns the first error `write` returned.
  Status Finish();

 private:
  // Room for the next `bytes` bytes of the file, valid until the next call.
  char* Reserve(size_t bytes) {
    if (used_ + bytes > buffer_.size()) return ReserveAfterWriting(bytes);
    char* at = buffer_.data() + used_;
    used_ += bytes;
    return at;
  }
  char* ReserveAfterWriting(size_t bytes);
  // Gives back the last `bytes` of what Reserve gave.
  void Unreserve(size_t bytes) { used_ -= bytes; }
  void WritePiece();

  const PieceWrite& write_;
  std::string buffer_;  // its size is the piece's room; the first `used_` bytes are pending
  size_t used_ = 0;
  uint32_t crc_ = 0;  // of the bytes written so far
  uint64_t records_ = 0;
  Status status_;
  bool finished_ = false;
};

// Writes a state file of `n` records, `record_at(i)` giving record i, in that order.
template <class RecordAt>
Status WriteStateRecords(bool snapshot, int64_t version, size_t n, const RecordAt& record_at,
                         const PieceWrite& write) {
  StateFileWriter out(snapshot, version, write);
  for (size_t i = 0; i < n && !out.failed(); ++i) out.Add(record_at(i));
  return out.Finish();
}

// The bytes of a state file of `records` in their order. REQUIRES: each key once.
std::string EncodeStateFile(bool snapshot, int64_t version,
                            const std::vector<StateRecord>& records);

// What a decoder passes each record to: its key and its value, null for a removal. The views
// last until the visitor returns.
using RecordVisitor = std::function<void(std::string_view key, const std::string_view* value)>;

// Checks that `bytes` are a whole state file of the given kind and version, then passes each
// record to `on_record` in the file's order. A corrupt file gives a Corruption status whose
// message says what is wrong ("checksum mismatch", "bad record"); records before a bad one or a
// wrong count have been passed on by then.
Status DecodeStateFile(std::string_view bytes, bool snapshot, int64_t version,
                       const RecordVisitor& on_record);

// "12.delta" -> (12, false); "12.snapshot" -> (12, true); anything else (a version below 1, or
// one written with leading zeros) -> nullopt.
std::optional<std::pair<int64_t, bool>> ParseStateFileName(const std::string& name);

}  // namespace sluice::storage
