// Known-wrong file connectors, as wrappers that sim/mutants.cc puts around the standard file sink
// and file source of a pipeline (sluice-sim --pipeline, and the reference pipeline that the
// pipeline mutants run by default). Each reproduces, in what reaches the disk, what a connector
// built the wrong way would do; the connectors' own code is the standard one.
//
// Rules: a wrapper shares its target; it never changes a run that has no fault (a fault-free run
// with the mutant commits the same output as one without it).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "engine/io/sink.h"
#include "engine/query/progress.h"
#include "sim/source_wrapper.h"
#include "storage/file_system.h"

namespace sluice::sim {

// Hands a batch to the file sink only when the query reports the batch's progress, after
// commits/N (mutant commit-before-manifest): a crash between the commit and the report loses
// the batch's output.
class ManifestAfterCommit : public engine::Sink, public engine::QueryListener {
 public:
  explicit ManifestAfterCommit(std::shared_ptr<engine::Sink> target) : target_(std::move(target)) {}
  std::string Describe() const override { return target_->Describe(); }
  Status AcceptsOutputMode(engine::OutputMode mode) const override {
    return target_->AcceptsOutputMode(mode);
  }
  Status AddBatch(const std::string& query_id, int64_t batch_id, const engine::RecordBatch& rows,
                  engine::OutputMode mode) override;
  void OnQueryProgress(const engine::StreamingQueryProgress& p) override;

 private:
  struct Pending {
    std::string query_id;
    int64_t batch_id;
    engine::RecordBatch rows;
    engine::OutputMode mode;
  };
  std::shared_ptr<engine::Sink> target_;
  std::optional<Pending> pending_;
};

// When the engine runs a batch again whose manifest entry exists, writes its rows once more as a
// new part file and lists that file in the batch's entry beside the first attempt's (mutant
// rerun-rewrites-batch): a crash between the manifest entry and commits/N duplicates the batch.
// Writes JSON lines; the output folder is `dir` of `fs`.
class RerunRewritesBatch : public engine::Sink {
 public:
  RerunRewritesBatch(std::shared_ptr<engine::Sink> target, storage::FileSystem* fs, std::string dir)
      : target_(std::move(target)), fs_(fs), dir_(std::move(dir)) {}
  std::string Describe() const override { return target_->Describe(); }
  Status AcceptsOutputMode(engine::OutputMode mode) const override {
    return target_->AcceptsOutputMode(mode);
  }
  Status AddBatch(const std::string& query_id, int64_t batch_id, const engine::RecordBatch& rows,
                  engine::OutputMode mode) override;

 private:
  std::shared_ptr<engine::Sink> target_;
  storage::FileSystem* fs_;
  std::string dir_;
};

// Cleans a batch's files (cleanSource) as soon as the batch has read them, before commits/N
// (mutant clean-before-commit): a crash before the commit leaves the re-run nothing to read.
class CleanBeforeCommit : public SourceWrapper {
 public:
  using SourceWrapper::SourceWrapper;
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override;
};

}  // namespace sluice::sim
