// A state file's decoder (storage/state_file.h) on any bytes: what a restart reads from
// `state/<operator>/<partition>/<V>.delta` and `<V>.snapshot`.
//
// The first byte chooses how the rest is used: b0 % 3 == 0, as a whole file; 1 or 2, as the
// records, end mark and count of a file in format 2 or 1, framed with a right header and checksum
// (random bytes almost never carry a right CRC-32C, so that the record parser is reached). The
// kind and version the decoder expects are those the file's header names, when it is long enough.
//
// Properties: no crash and no sanitizer report; a refusal is a corruption; a format 2 file that
// decodes encodes back from its records, in their order, byte for byte (the format has one
// encoding of a list of records); a format 1 file's records, encoded (in format 2), decode to
// the same records.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/check.h"
#include "storage/entry_codec.h"
#include "storage/state_file.h"

namespace sluice::storage {
namespace {

constexpr size_t kHeaderBytes = state_file_internal::kHeaderBytes;

// A file's records, owning their bytes (a decoder's views last only during its call).
struct Records {
  std::vector<std::string> keys, values;
  std::vector<bool> removed;
  bool operator==(const Records&) const = default;

  std::vector<StateRecord> Views() const {
    std::vector<StateRecord> views;
    for (size_t i = 0; i < keys.size(); ++i) {
      views.push_back(
          {keys[i], removed[i] ? std::nullopt : std::optional<std::string_view>(values[i])});
    }
    return views;
  }
};

Status Decode(std::string_view bytes, bool snapshot, int64_t version, Records* out) {
  return DecodeStateFile(bytes, snapshot, version,
                         [&](std::string_view key, const std::string_view* value) {
                           out->keys.emplace_back(key);
                           out->values.emplace_back(value ? *value : std::string_view());
                           out->removed.push_back(value == nullptr);
                         });
}

void DecodeAndEncodeAgain(std::string_view bytes) {
  bool snapshot = false;
  int64_t version = 1;
  if (bytes.size() >= kHeaderBytes) {
    snapshot = bytes[5] == 'S';
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(bytes[6 + i])} << (8 * i);
    version = static_cast<int64_t>(v);
  }
  Records records;
  const Status st = Decode(bytes, snapshot, version, &records);
  if (!st.ok()) {
    SLUICE_CHECK(st.code() == StatusCode::kCorruption, "a bad state file is a corruption");
    return;
  }
  const std::string again = EncodeStateFile(snapshot, version, records.Views());
  if (bytes[4] == 1) {
    Records back;
    SLUICE_CHECK(Decode(again, snapshot, version, &back).ok() && back == records,
                 "a format 1 file's records, written again, read back the same");
    return;
  }
  if (again != bytes) {
    std::fprintf(stderr, "%zu bytes decoded to %zu records that encode to %zu bytes\n",
                 bytes.size(), records.keys.size(), again.size());
    SLUICE_CHECK(false, "a state file encodes back from its records byte for byte");
  }
}

// `records` framed as a delta of version 1 in format `format` with a right checksum.
std::string Framed(std::string_view records, char format) {
  std::string file = EncodeStateFile(false, 1, {});
  file.resize(kHeaderBytes);
  file[4] = format;
  file.append(records);
  const uint32_t crc = Crc32c(file);
  for (int i = 0; i < 4; ++i) file.push_back(static_cast<char>(crc >> (8 * i)));
  return file;
}

void Fuzz(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      DecodeAndEncodeAgain(rest);
      return;
    case 1:
      DecodeAndEncodeAgain(Framed(rest, 2));
      return;
    default:
      DecodeAndEncodeAgain(Framed(rest, 1));
  }
}

}  // namespace
}  // namespace sluice::storage

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::storage::Fuzz(data, size);
  return 0;
}
