// UnavailableSource: wraps a source so that the simulator can make it unavailable for a while,
// as a Kafka broker or a file server is during an outage. While it is down, every call fails
// with kUnavailable and a message that names the source; the data it holds is not lost.
#pragma once

#include <memory>
#include <string>

#include "engine/io/source.h"

namespace sluice::sim {

class UnavailableSource : public engine::Source {
 public:
  explicit UnavailableSource(std::shared_ptr<engine::Source> target) : target_(std::move(target)) {}

  void SetAvailable(bool available) { available_ = available; }
  int64_t refused() const { return refused_; }

  std::string Name() const override { return target_->Name(); }
  std::string Description() const override { return target_->Description(); }
  const engine::Schema& schema() const override { return target_->schema(); }
  int NumPartitions() const override { return target_->NumPartitions(); }
  engine::ReadLimit DefaultReadLimit() const override { return target_->DefaultReadLimit(); }
  // Opening reads the checkpoint, not the external system: an outage does not refuse it.
  Status Open(const engine::SourceContext& context) override { return target_->Open(context); }
  engine::SourceOffset InitialOffset() const override { return target_->InitialOffset(); }
  Result<engine::SourceOffset> ParseOffset(const std::string& json) const override {
    return target_->ParseOffset(json);
  }
  Result<std::optional<engine::SourceOffset>> PrepareForAvailableNow(
      const engine::SourceOffset& start) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target_->PrepareForAvailableNow(start);
  }
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target_->LatestOffset(start, limit);
  }
  // Nothing to report while it is down (no error: progress only).
  std::optional<engine::SourceOffset> ReportLatestOffset() const override {
    return available_ ? target_->ReportLatestOffset() : std::nullopt;
  }
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target_->Read(partition, start, end);
  }
  Status Commit(const engine::SourceOffset& end) override {
    SLUICE_RETURN_IF_ERROR(Check());
    return target_->Commit(end);
  }

 private:
  Status Check() {
    if (available_) return Status::Ok();
    ++refused_;
    return Status::Unavailable("source '" + target_->Name() + "' is unavailable (injected outage)");
  }

  std::shared_ptr<engine::Source> target_;
  bool available_ = true;
  int64_t refused_ = 0;
};

}  // namespace sluice::sim
