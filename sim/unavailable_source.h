// UnavailableSource: wraps a source so that the simulator can make it unavailable for a while,
// as a Kafka broker or a file server is during an outage. While it is down, every call fails
// with kUnavailable and a message that names the source; the data it holds is not lost.
#pragma once

#include <memory>
#include <string>

#include "engine/io/source.h"
#include "sim/source_wrapper.h"

namespace sluice::sim {

class UnavailableSource : public SourceWrapper {
 public:
  explicit UnavailableSource(std::shared_ptr<engine::Source> target)
      : SourceWrapper(std::move(target)) {}

  void SetAvailable(bool available) { available_ = available; }
  int64_t refused() const { return refused_; }

  // Open passes through: it reads the checkpoint, not the external system, so an outage does not
  // refuse it.
  Result<std::optional<engine::SourceOffset>> PrepareForAvailableNow(
      const engine::SourceOffset& start) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target().PrepareForAvailableNow(start);
  }
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target().LatestOffset(start, limit);
  }
  // Nothing to report while it is down (no error: progress only).
  std::optional<engine::SourceOffset> ReportLatestOffset() const override {
    return available_ ? target().ReportLatestOffset() : std::nullopt;
  }
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target().Read(partition, start, end);
  }
  Status Commit(const engine::SourceOffset& end) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target().Commit(end);
  }

 private:
  Status Check() {
    if (available_) return Status::Ok();
    ++refused_;
    return Status::Unavailable("source '" + target().Name() + "' is unavailable (injected outage)");
  }

  bool available_ = true;
  int64_t refused_ = 0;
};

}  // namespace sluice::sim
