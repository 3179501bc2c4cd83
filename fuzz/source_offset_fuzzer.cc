// The sources' readers of their own offsets (Source::ParseOffset: the lines of offsets/N) and of
// their options (RateSource::Create, RateMicroBatchSource::Create), on any bytes.
//
// The first byte picks the reader: the memory source (3 partitions), rate, rate-micro-batch, or
// the options of rate and rate-micro-batch (`name=value`). Property: no crash and no sanitizer
// report; an offset a source accepts is given back in a canonical text that the source reads
// back as itself.
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "connectors/files/rate_micro_batch_source.h"
#include "connectors/files/rate_source.h"
#include "engine/io/memory_source.h"
#include "spec/check.h"

namespace sluice {
namespace {

void CheckCanonical(const engine::Source& source, const std::string& text) {
  Result<engine::SourceOffset> offset = source.ParseOffset(text);
  if (!offset.ok()) return;
  Result<engine::SourceOffset> again = source.ParseOffset(offset->json);
  SLUICE_CHECK(again.ok() && again.value() == offset.value(),
               "a source reads its canonical offset back as itself");
}

void Fuzz(const uint8_t* data, size_t size) {
  if (size == 0) return;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  static const auto memory = std::make_shared<engine::MemorySource>(
      "m", engine::Schema{{{"v", engine::DataType::kInt64}}}, 3);
  static const auto rate = connectors::files::RateSource::Create("r", {}).value();
  static const auto micro =
      connectors::files::RateMicroBatchSource::Create("b", {{"rowsPerBatch", "3"}}).value();
  switch (data[0] % 4) {
    case 0:
      return CheckCanonical(*memory, text);
    case 1:
      return CheckCanonical(*rate, text);
    case 2:
      return CheckCanonical(*micro, text);
    default: {
      const size_t eq = text.find('=');
      if (eq == std::string::npos) return;
      const std::map<std::string, std::string> options{{text.substr(0, eq), text.substr(eq + 1)}};
      auto r = connectors::files::RateSource::Create("r", options);
      if (r.ok()) SLUICE_CHECK(!r.value()->Description().empty(), "a description");
      auto b = connectors::files::RateMicroBatchSource::Create("b", options);
      if (b.ok()) SLUICE_CHECK(!b.value()->Description().empty(), "a description");
    }
  }
}

}  // namespace
}  // namespace sluice

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sluice::Fuzz(data, size);
  return 0;
}
