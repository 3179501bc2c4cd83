// The bytes of a state file, `<V>.delta` or `<V>.snapshot` (docs/formats.md, "State files"): a
// header naming the file's kind and version, its records (a put of a key and value, or a removal
// of a key), an end mark with the record count, and a CRC-32C of everything before it.
//
// Rules: a file holds each key once; its records may be in any order (a store writes them in the
// order of its entries in memory, so that the same history of writes gives the same bytes).
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

#include "storage/status.h"

namespace sluice::storage {

// One record of a state file: a key and its value, or no value for a key removed. Both views
// stay valid while the file is encoded.
struct StateRecord {
  std::string_view key;
  std::optional<std::string_view> value;
};

// The bytes `r` takes in a state file.
inline size_t StateRecordBytes(const StateRecord& r) {
  return 1 + 4 + r.key.size() + (r.value ? 4 + r.value->size() : 0);
}

namespace state_file_internal {

inline constexpr size_t kHeaderBytes = 4 + 1 + 1 + 8;  // magic, format, kind, version
inline constexpr size_t kTrailerBytes = 1 + 8 + 4;     // end mark, record count, CRC-32C
inline constexpr uint8_t kPut = 1, kRemove = 2, kEnd = 0;

// Little-endian at `at`, which advances past them.
inline void PutU32(char*& at, uint32_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
  std::memcpy(at, &v, 4);
  at += 4;
}
inline void PutBytes(char*& at, std::string_view bytes) {
  std::memcpy(at, bytes.data(), bytes.size());
  at += bytes.size();
}
inline void PutRecord(char*& at, const StateRecord& r) {
  *at++ = static_cast<char>(r.value ? kPut : kRemove);
  PutU32(at, static_cast<uint32_t>(r.key.size()));
  PutBytes(at, r.key);
  if (r.value) {
    PutU32(at, static_cast<uint32_t>(r.value->size()));
    PutBytes(at, *r.value);
  }
}
// Write the header at the start of `out`, and the trailer at `at` for `records` records, then
// check that `at` reached the end of `out`.
void PutHeader(std::string& out, bool snapshot, int64_t version);
void PutTrailer(std::string& out, char* at, uint64_t records);

}  // namespace state_file_internal

// Encodes a state file of `n` records, `record_at(i)` giving record i, in that order: the sizes
// first, then each record written once into a buffer of the file's size.
template <class RecordAt>
std::string EncodeStateRecords(bool snapshot, int64_t version, size_t n,
                               const RecordAt& record_at) {
  namespace in = state_file_internal;
  size_t bytes = in::kHeaderBytes + in::kTrailerBytes;
  for (size_t i = 0; i < n; ++i) bytes += StateRecordBytes(record_at(i));
  std::string out(bytes, '\0');
  in::PutHeader(out, snapshot, version);
  char* at = out.data() + in::kHeaderBytes;
  for (size_t i = 0; i < n; ++i) in::PutRecord(at, record_at(i));
  in::PutTrailer(out, at, n);
  return out;
}

// Encodes a state file of `records` in their order. REQUIRES: each key once.
std::string EncodeStateFile(bool snapshot, int64_t version,
                            const std::vector<StateRecord>& records);

// Checks that `bytes` are a whole state file of the given kind and version, then passes each
// record to `on_record` in the file's order (`value` null for a removal). A corrupt file gives a
// Corruption status whose message says what is wrong ("checksum mismatch", "bad record"); records
// before a bad one or a wrong count have been passed on by then.
Status DecodeStateFile(
    std::string_view bytes, bool snapshot, int64_t version,
    const std::function<void(std::string_view key, const std::string_view* value)>& on_record);

// "12.delta" -> (12, false); "12.snapshot" -> (12, true); anything else (a version below 1, or
// one written with leading zeros) -> nullopt.
std::optional<std::pair<int64_t, bool>> ParseStateFileName(const std::string& name);

}  // namespace sluice::storage
