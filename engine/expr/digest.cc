#include "engine/expr/digest.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>

#include "spec/check.h"

namespace sluice::engine {
namespace {

std::string LowerHex(const unsigned char* digest, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(static_cast<size_t>(size) * 2, '0');
  for (unsigned int i = 0; i < size; ++i) {
    hex[2 * i] = kDigits[digest[i] >> 4];
    hex[2 * i + 1] = kDigits[digest[i] & 0x0f];
  }
  return hex;
}

std::string DigestHex(const EVP_MD* algorithm, std::string_view bytes) {
  SLUICE_CHECK(algorithm != nullptr, "libcrypto provides MD5 and SHA-2");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  const int ok = EVP_Digest(bytes.data(), bytes.size(), digest, &size, algorithm, nullptr);
  SLUICE_CHECK(ok == 1, "EVP_Digest fails only when libcrypto is out of memory or misconfigured");
  SLUICE_CHECK(size == static_cast<unsigned int>(EVP_MD_get_size(algorithm)),
               "a digest has its algorithm's size");
  return LowerHex(digest, size);
}

}  // namespace

std::string Md5Hex(std::string_view bytes) { return DigestHex(EVP_md5(), bytes); }

std::optional<std::string> Sha2Hex(std::string_view bytes, int32_t bits) {
  switch (bits) {
    case 224:
      return DigestHex(EVP_sha224(), bytes);
    case 0:
    case 256:
      return DigestHex(EVP_sha256(), bytes);
    case 384:
      return DigestHex(EVP_sha384(), bytes);
    case 512:
      return DigestHex(EVP_sha512(), bytes);
    default:
      return std::nullopt;
  }
}

int64_t Crc32(std::string_view bytes) {
  // zlib takes at most uInt bytes a call, so longer inputs are fed in pieces.
  constexpr size_t kChunkMax = 1u << 30;
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
  size_t remaining = bytes.size();
  while (remaining > 0) {
    const size_t chunk = std::min(remaining, kChunkMax);
    crc = crc32(crc, data, static_cast<uInt>(chunk));
    data += chunk;
    remaining -= chunk;
  }
  SLUICE_CHECK(crc <= 0xffffffffu, "a CRC-32 fits in 32 bits");
  return static_cast<int64_t>(crc);
}

}  // namespace sluice::engine
