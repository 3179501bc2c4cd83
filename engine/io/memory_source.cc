#include "engine/io/memory_source.h"

#include <algorithm>

namespace sluice::engine {

int64_t MemorySource::Partition::end() const {
  return discarded + static_cast<int64_t>(rows.num_rows() + markers.size());
}

size_t MemorySource::Partition::RowIndex(int64_t offset) const {
  const auto below = std::lower_bound(markers.begin(), markers.end(), offset) - markers.begin();
  return static_cast<size_t>(offset - discarded - below);
}

MemorySource::MemorySource(std::string name, Schema schema, int partitions, ReadLimit limit)
    : name_(std::move(name)), schema_(std::move(schema)), limit_(limit) {
  SLUICE_CHECK(partitions >= 1, "a source has at least one partition");
  for (int p = 0; p < partitions; ++p) partitions_.push_back({RecordBatch(schema_), 0, {}});
}

PartitionOffsets MemorySource::EndOffsets() const {
  std::lock_guard lock(mu_);
  PartitionOffsets out;
  for (const Partition& p : partitions_) out.push_back(p.end());
  return out;
}

Result<PartitionOffsets> MemorySource::LatestOffsets(const PartitionOffsets& start,
                                                     const ReadLimit& limit) {
  const PartitionOffsets latest = EndOffsets();
  if (start.size() != latest.size()) {
    return Status::InvalidArgument("source '" + name_ + "': start offsets name " +
                                   std::to_string(start.size()) + " partitions, the source has " +
                                   std::to_string(latest.size()));
  }
  for (size_t p = 0; p < start.size(); ++p) {
    if (start[p] > latest[p]) {
      return Status::DataLoss("source '" + name_ + "' partition " + std::to_string(p) +
                              ": start offset " + std::to_string(start[p]) +
                              " is past the source's end " + std::to_string(latest[p]));
    }
  }
  if (!limit.max_rows) return latest;
  return ApplyRowLimit(start, latest, *limit.max_rows);
}

Result<RecordBatch> MemorySource::Read(int partition, int64_t start, int64_t end) {
  std::lock_guard lock(mu_);
  SLUICE_CHECK(partition >= 0 && partition < static_cast<int>(partitions_.size()),
               "partition exists");
  const Partition& p = partitions_[partition];
  const int64_t available = p.end();
  if (start < p.discarded) {
    return Status::DataLoss("source '" + name_ + "' partition " + std::to_string(partition) +
                            ": offsets [" + std::to_string(start) + ", " + std::to_string(end) +
                            ") were already committed and discarded (below " +
                            std::to_string(p.discarded) + ")");
  }
  if (end > available || start > end) {
    return Status::DataLoss("source '" + name_ + "' partition " + std::to_string(partition) +
                            ": offsets [" + std::to_string(start) + ", " + std::to_string(end) +
                            ") are not available (end " + std::to_string(available) + ")");
  }
  return p.rows.Slice(p.RowIndex(start), p.RowIndex(end));
}

Status MemorySource::Commit(const PartitionOffsets& end) {
  std::lock_guard lock(mu_);
  if (end.size() != partitions_.size()) {
    return Status::InvalidArgument("source '" + name_ + "': commit names " +
                                   std::to_string(end.size()) + " partitions");
  }
  for (size_t i = 0; i < end.size(); ++i) {
    Partition& p = partitions_[i];
    const int64_t upto = std::min(end[i], p.end());
    if (upto <= p.discarded) continue;
    p.rows = p.rows.Slice(p.RowIndex(upto), p.rows.num_rows());
    p.markers.erase(p.markers.begin(),
                    std::lower_bound(p.markers.begin(), p.markers.end(), upto));
    p.discarded = upto;
  }
  return Status::Ok();
}

void MemorySource::AddRows(const std::vector<std::vector<Value>>& rows) {
  std::lock_guard lock(mu_);
  if (rows.empty()) {
    Partition& p = partitions_[next_partition_];
    p.markers.push_back(p.end());
    next_partition_ = (next_partition_ + 1) % partitions_.size();
    return;
  }
  for (const auto& row : rows) {
    partitions_[next_partition_].rows.AppendRow(row);
    next_partition_ = (next_partition_ + 1) % partitions_.size();
  }
}

void MemorySource::AddRowsTo(int partition, const std::vector<std::vector<Value>>& rows) {
  std::lock_guard lock(mu_);
  SLUICE_CHECK(partition >= 0 && partition < static_cast<int>(partitions_.size()),
               "partition exists");
  for (const auto& row : rows) partitions_[partition].rows.AppendRow(row);
}

}  // namespace sluice::engine
