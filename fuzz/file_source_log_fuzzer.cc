// The file source's and sink's readers of what they find on disk: a seen-files log file (in the
// envelope, or in Spark's format as `_spark_metadata/` holds it), a FileEntry line, a file URI,
// a manifest line (SinkFileStatus), and the source's offset in offsets/N, on any bytes.
//
// The first byte picks the reader. Property: no crash and no sanitizer report; what a reader
// accepts is written back in a form that it reads back as the same thing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "connectors/files/file_entry.h"
#include "connectors/files/file_source.h"
#include "connectors/files/file_uri.h"
#include "connectors/files/sink_file_status.h"
#include "spec/check.h"
#include "storage/compactible_log.h"

namespace sluice {
namespace {

using connectors::files::DecodeFileEntry;
using connectors::files::EncodeFileEntry;

void CheckLogFile(storage::LogFileFormat format, const std::string& bytes) {
  Result<std::vector<std::string>> lines = storage::DecodeLogFile(format, bytes, "log/0");
  if (!lines.ok()) return;
  for (const std::string& line : lines.value()) {
    SLUICE_CHECK(line.find('\n') == std::string::npos, "a decoded line holds no newline");
  }
  if (format == storage::LogFileFormat::kEnvelope && lines->empty()) return;
  const auto again = storage::DecodeLogFile(format, EncodeLogFile(format, lines.value()), "log/0");
  SLUICE_CHECK(again.ok() && again.value() == lines.value(), "a log file reads back");
}

void Fuzz(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
    case 0:
      return CheckLogFile(storage::LogFileFormat::kEnvelope, text);
    case 1:
      return CheckLogFile(storage::LogFileFormat::kSpark, text);
    case 2: {
      Result<connectors::files::FileEntry> entry = DecodeFileEntry(text, "sources/0/3");
      if (!entry.ok()) return;
      const auto again = DecodeFileEntry(EncodeFileEntry(entry.value()), "sources/0/3");
      SLUICE_CHECK(again.ok() && again.value() == entry.value(), "a file entry reads back");
      return;
    }
    case 3: {
      Result<std::string> path = connectors::files::PathOfFileUri(text);
      if (!path.ok()) return;
      const auto again =
          connectors::files::PathOfFileUri(connectors::files::FileUriOf(path.value()));
      SLUICE_CHECK(again.ok() && again.value() == path.value(), "a file URI reads back");
      (void)connectors::files::FileNameOfUri(text);
      return;
    }
    case 4: {
      using connectors::files::DecodeSinkFileStatus;
      Result<connectors::files::SinkFileStatus> status = DecodeSinkFileStatus(text, "m/0");
      if (!status.ok()) return;
      const auto again =
          DecodeSinkFileStatus(connectors::files::EncodeSinkFileStatus(status.value()), "m/0");
      SLUICE_CHECK(again.ok() && again.value() == status.value(), "a manifest line reads back");
      return;
    }
    default: {
      using connectors::files::FileSource;
      Result<int64_t> k = FileSource::LogOffsetOf(text);
      if (!k.ok()) return;
      SLUICE_CHECK(k.value() >= -1, "a log offset is -1 or an entry");
      const auto again = FileSource::LogOffsetOf(FileSource::OffsetOf(k.value()).json);
      SLUICE_CHECK(again.ok() && again.value() == k.value(), "an offset reads back");
      return;
    }
  }
}

}  // namespace
}  // namespace sluice

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::Fuzz(data, size);
  return 0;
}
