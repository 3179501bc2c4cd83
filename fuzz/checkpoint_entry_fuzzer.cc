// The checkpoint's entry envelope and log entries (storage/entry_codec.h, storage/log_entries.h)
// on any bytes: what a restart reads from `metadata`, `offsets/N` and `commits/N`.
//
// The first byte chooses how the rest is used: b0 % 4 == 0, as a whole file (DecodeEntry and
// the three entry decoders); otherwise as the body lines of an envelope with a correct checksum
// (so that the JSON body parsers are reached: random bytes almost never carry a right CRC-32C),
// decoded as offsets (1), commit (2) or metadata (3).
//
// Properties: no crash and no sanitizer report; a file DecodeEntry accepts encodes back from its
// lines byte for byte when its version line is "v1", and always decodes back to the same lines;
// an entry that decodes encodes to a file that decodes to the same entry.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "spec/check.h"
#include "storage/entry_codec.h"
#include "storage/log_entries.h"

namespace sluice::storage {
namespace {

const std::string kFile = "fuzz";

[[noreturn]] void Fail(std::string_view bytes, const std::string& again, const char* what) {
  std::fprintf(stderr, "file: '%.*s'\nencoded again: '%s'\n", static_cast<int>(bytes.size()),
               bytes.data(), again.c_str());
  SLUICE_CHECK(false, what);
}

bool SameOffsets(const OffsetsEntry& a, const OffsetsEntry& b) {
  return a.batch_watermark_ms == b.batch_watermark_ms &&
         a.batch_timestamp_ms == b.batch_timestamp_ms && a.conf == b.conf &&
         a.source_ends == b.source_ends;
}

void Envelope(std::string_view bytes) {
  Result<std::vector<std::string>> lines = DecodeEntry(bytes, kFile);
  if (!lines.ok()) return;
  const std::string again = EncodeEntry(lines.value());
  if (bytes.starts_with("v1\n") && again != bytes) {
    Fail(bytes, again, "a v1 entry encodes back byte for byte");
  }
  Result<std::vector<std::string>> relines = DecodeEntry(again, kFile);
  if (!relines.ok() || relines.value() != lines.value()) {
    Fail(bytes, again, "an entry's lines decode back from their encoding");
  }
}

void Offsets(std::string_view bytes) {
  Result<OffsetsEntry> e = DecodeOffsets(bytes, kFile);
  if (!e.ok()) return;
  const std::string again = EncodeOffsets(e.value());
  Result<OffsetsEntry> back = DecodeOffsets(again, kFile);
  if (!back.ok() || !SameOffsets(back.value(), e.value())) {
    Fail(bytes, again, "an offsets entry decodes back from its encoding");
  }
}

void Commit(std::string_view bytes) {
  Result<CommitEntry> e = DecodeCommit(bytes, kFile);
  if (!e.ok()) return;
  const std::string again = EncodeCommit(e.value());
  Result<CommitEntry> back = DecodeCommit(again, kFile);
  if (!back.ok() || back.value().next_batch_watermark_ms != e.value().next_batch_watermark_ms) {
    Fail(bytes, again, "a commit entry decodes back from its encoding");
  }
}

void Metadata(std::string_view bytes) {
  Result<MetadataEntry> e = DecodeMetadata(bytes, kFile);
  if (!e.ok()) return;
  const std::string again = EncodeMetadata(e.value());
  Result<MetadataEntry> back = DecodeMetadata(again, kFile);
  if (!back.ok() || back.value().query_id != e.value().query_id ||
      back.value().schema != e.value().schema) {
    Fail(bytes, again, "a metadata entry decodes back from its encoding");
  }
}

// `body` split at newlines into the lines of a well-formed entry.
std::string WithChecksum(std::string_view body) {
  std::vector<std::string> lines;
  for (size_t start = 0;;) {
    const size_t nl = body.find('\n', start);
    lines.emplace_back(body.substr(start, nl == std::string_view::npos ? nl : nl - start));
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return EncodeEntry(lines);
}

void Fuzz(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      Envelope(rest);
      Offsets(rest);
      Commit(rest);
      Metadata(rest);
      break;
    case 1:
      Offsets(WithChecksum(rest));
      break;
    case 2:
      Commit(WithChecksum(rest));
      break;
    default:
      Metadata(WithChecksum(rest));
      break;
  }
}

}  // namespace
}  // namespace sluice::storage

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::storage::Fuzz(data, size);
  return 0;
}
