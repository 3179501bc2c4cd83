// The envelope of every checkpoint entry: a version line, body lines, and a checksum line.
// docs/formats.md describes it byte by byte.
//
//   v1\n
//   <body line>\n          (one or more; no line contains '\n')
//   crc32c <8 hex digits>\n
//
// The checksum is CRC-32C over every byte before the checksum line. Decoding refuses an empty,
// torn, corrupt or foreign file with an error that names the file; it never returns a partial body.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/status.h"

namespace sluice::storage {

inline constexpr int kEntryVersion = 1;

// CRC-32C (Castagnoli), as iSCSI and ext4 use it: Crc32c("123456789") is 0xe3069283. `crc`
// continues the checksum of bytes before these: Crc32c(b, Crc32c(a)) == Crc32c(a + b).
uint32_t Crc32c(std::string_view bytes, uint32_t crc = 0);
// The same checksum a byte at a time through a table, on any machine: Crc32c uses the processor's
// crc32 instruction where it has one, and tests compare the two.
uint32_t Crc32cPortable(std::string_view bytes, uint32_t crc = 0);

// REQUIRES: no line contains '\n'.
std::string EncodeEntry(const std::vector<std::string>& body_lines);

// `file` names the entry in errors ("offsets/3").
Result<std::vector<std::string>> DecodeEntry(std::string_view bytes, const std::string& file);

}  // namespace sluice::storage
