#include "storage/entry_codec.h"

#include <boost/crc.hpp>
#include <cstdio>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

namespace sluice::storage {
namespace {

constexpr std::string_view kChecksumPrefix = "crc32c ";
constexpr size_t kChecksumLineSize = 7 + 8 + 1;  // prefix, 8 hex digits, newline

std::string Hex8(uint32_t v) {
  char buf[9];
  std::snprintf(buf, sizeof(buf), "%08x", v);
  return buf;
}

}  // namespace

uint32_t Crc32cPortable(std::string_view bytes, uint32_t crc) {
  // Boost takes the running remainder unreflected: the bits of the complemented checksum reversed.
  uint32_t remainder = 0;
  for (int bit = 0; bit < 32; ++bit) remainder |= ((~crc >> bit) & 1u) << (31 - bit);
  boost::crc_optimal<32, 0x1EDC6F41, 0xFFFFFFFF, 0xFFFFFFFF, true, true> sum(remainder);
  sum.process_bytes(bytes.data(), bytes.size());
  return sum.checksum();
}

#if defined(__x86_64__)
namespace {
// The SSE 4.2 crc32 instruction computes CRC-32C, eight bytes at a time.
__attribute__((target("sse4.2"))) uint32_t Crc32cSse42(std::string_view bytes, uint32_t start) {
  const char* p = bytes.data();
  size_t n = bytes.size();
  uint64_t crc = ~start;
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t word;
    std::memcpy(&word, p, 8);
    crc = _mm_crc32_u64(crc, word);
  }
  auto crc32 = static_cast<uint32_t>(crc);
  for (; n > 0; ++p, --n) crc32 = _mm_crc32_u8(crc32, static_cast<uint8_t>(*p));
  return ~crc32;
}
}  // namespace
#endif

uint32_t Crc32c(std::string_view bytes, uint32_t crc) {
#if defined(__x86_64__)
  static const bool sse42 = __builtin_cpu_supports("sse4.2");
  if (sse42) return Crc32cSse42(bytes, crc);
#endif
  return Crc32cPortable(bytes, crc);
}

std::string EncodeEntry(const std::vector<std::string>& body_lines) {
  SLUICE_CHECK(!body_lines.empty(), "an entry has at least one body line");
  std::string out = "v" + std::to_string(kEntryVersion) + "\n";
  for (const std::string& line : body_lines) {
    SLUICE_CHECK(line.find('\n') == std::string::npos, "a body line holds no newline");
    out += line;
    out += '\n';
  }
  out += std::string(kChecksumPrefix) + Hex8(Crc32c(out)) + "\n";
  return out;
}

Result<std::vector<std::string>> DecodeEntry(std::string_view bytes, const std::string& file) {
  if (bytes.empty()) {
    return Status::Corruption(file + ": empty entry (a write that never completed); not loaded");
  }
  if (bytes.size() < 2 || bytes[0] != 'v' || bytes.find('\n') == std::string_view::npos) {
    return Status::Corruption(file +
                              ": not a Sluice checkpoint entry (no version line); not loaded");
  }
  const size_t first_newline = bytes.find('\n');
  const std::string version(bytes.substr(1, first_newline - 1));
  if (version.empty() || version.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Corruption(file + ": not a Sluice checkpoint entry (first line 'v" + version +
                              "'); not loaded");
  }
  if (bytes.size() < first_newline + 1 + kChecksumLineSize || bytes.back() != '\n') {
    return Status::Corruption(file + ": torn entry (no checksum line); not loaded");
  }
  const size_t body_end = bytes.size() - kChecksumLineSize;
  const std::string_view checksum_line = bytes.substr(body_end);
  // The checksum line starts a line of its own: the body before it ends in a newline.
  if (bytes[body_end - 1] != '\n' ||
      checksum_line.substr(0, kChecksumPrefix.size()) != kChecksumPrefix) {
    return Status::Corruption(file + ": torn entry (no checksum line); not loaded");
  }
  const std::string expected = Hex8(Crc32c(bytes.substr(0, body_end)));
  if (checksum_line.substr(kChecksumPrefix.size(), 8) != expected) {
    return Status::Corruption(file + ": torn or corrupt entry (checksum mismatch); not loaded");
  }
  if (version.size() > 9 || std::stoll(version) > kEntryVersion) {
    return Status::FailedPrecondition(file + ": written by a newer Sluice (entry version v" +
                                      version + ", this build reads up to v" +
                                      std::to_string(kEntryVersion) + ")");
  }
  std::vector<std::string> lines;
  size_t pos = first_newline + 1;
  while (pos < body_end) {
    const size_t nl = bytes.find('\n', pos);
    SLUICE_CHECK(nl != std::string_view::npos && nl < body_end, "checksummed body ends in newline");
    lines.emplace_back(bytes.substr(pos, nl - pos));
    pos = nl + 1;
  }
  if (lines.empty()) return Status::Corruption(file + ": entry has no body; not loaded");
  return lines;
}

}  // namespace sluice::storage
