// Spark's message-digest and checksum functions over a string's UTF-8 bytes or a binary value:
// md5(e), sha2(e, bits) and crc32(e). A null input gives null; the caller handles that before
// calling these, so they take the bytes of a non-null value.
//
// The digests come from OpenSSL's libcrypto (EVP interface) and the checksum from zlib. A digest
// can only fail if libcrypto is broken (out of memory, or a provider configuration that removes
// MD5 or SHA-2), which is a broken environment rather than an expected failure, so it is checked.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::engine {

// md5(e): the 128-bit MD5 digest as 32 lower-case hex characters.
std::string Md5Hex(std::string_view bytes);

// sha2(e, bits): the SHA-2 digest of the given bit length as lower-case hex. Spark accepts 224,
// 256, 384 and 512, and 0 as 256; any other length (negative ones included) gives SQL null.
std::optional<std::string> Sha2Hex(std::string_view bytes, int32_t bits);

// crc32(e): the CRC-32 (zlib's, Java's java.util.zip.CRC32) as an unsigned 32-bit value held in
// a long, so it is never negative.
int64_t Crc32(std::string_view bytes);

}  // namespace sluice::engine
