// SourceWrapper: a Source that hands every call to another one, for the simulator's wrappers to
// override the calls they change (as storage::FileSystemWrapper does for file systems).
//
// Rules: the wrapper shares the target (the target may outlive it); it adds no state of its own.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/io/source.h"

namespace sluice::sim {

class SourceWrapper : public engine::Source {
 public:
  explicit SourceWrapper(std::shared_ptr<engine::Source> target) : target_(std::move(target)) {}

  std::string Name() const override { return target_->Name(); }
  std::string Description() const override { return target_->Description(); }
  const engine::Schema& schema() const override { return target_->schema(); }
  int NumPartitions() const override { return target_->NumPartitions(); }
  engine::ReadLimit DefaultReadLimit() const override { return target_->DefaultReadLimit(); }
  Status Open(const engine::SourceContext& context) override { return target_->Open(context); }
  engine::SourceOffset InitialOffset() const override { return target_->InitialOffset(); }
  Result<engine::SourceOffset> ParseOffset(const std::string& json) const override {
    return target_->ParseOffset(json);
  }
  Result<std::optional<engine::SourceOffset>> PrepareForAvailableNow(
      const engine::SourceOffset& start) override {
    return target_->PrepareForAvailableNow(start);
  }
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override {
    return target_->LatestOffset(start, limit);
  }
  std::optional<engine::SourceOffset> ReportLatestOffset() const override {
    return target_->ReportLatestOffset();
  }
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override {
    return target_->Read(partition, start, end);
  }
  Status Commit(const engine::SourceOffset& end) override { return target_->Commit(end); }

 protected:
  engine::Source& target() const { return *target_; }

 private:
  std::shared_ptr<engine::Source> target_;
};

}  // namespace sluice::sim
