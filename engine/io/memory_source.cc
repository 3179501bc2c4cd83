#include "engine/io/memory_source.h"

#include <algorithm>

namespace sluice::engine {

int64_t MemorySource::Partition::end() const {
  return discarded + static_cast<int64_t>(num_rows + markers.size());
}

RecordBatch MemorySource::Partition::Rows(const Schema& schema, size_t begin, size_t end) const {
  std::vector<RecordBatch> pieces;
  size_t chunk_begin = 0;  // of the chunk, among the rows held
  for (size_t i = 0; i < chunks.size() && chunk_begin < end; ++i) {
    const size_t first = i == 0 ? skip : 0;
    const size_t size = chunks[i].num_rows() - first;
    const size_t from = std::max(begin, chunk_begin), to = std::min(end, chunk_begin + size);
    if (from < to) {
      pieces.push_back(chunks[i].Slice(first + from - chunk_begin, first + to - chunk_begin));
    }
    chunk_begin += size;
  }
  if (pieces.size() == 1) return std::move(pieces.front());
  return Concat(schema, pieces);
}

void MemorySource::Partition::DropRows(size_t n) {
  SLUICE_CHECK(n <= num_rows, "drop rows that are held");
  num_rows -= n;
  while (n > 0) {
    const size_t in_front = chunks.front().num_rows() - skip;
    if (n < in_front) {
      skip += n;
      if (chunks.size() == 1) back_takes_rows = false;  // else the chunk could never be freed
      return;
    }
    n -= in_front;
    chunks.pop_front();
    skip = 0;
    if (chunks.empty()) back_takes_rows = false;
  }
}

void MemorySource::Partition::AppendRow(const Schema& schema, const std::vector<Value>& row) {
  if (!back_takes_rows) {
    chunks.emplace_back(schema);
    back_takes_rows = true;
  }
  chunks.back().AppendRow(row);
  ++num_rows;
}

size_t MemorySource::Partition::RowIndex(int64_t offset) const {
  const auto below = std::lower_bound(markers.begin(), markers.end(), offset) - markers.begin();
  return static_cast<size_t>(offset - discarded - below);
}

MemorySource::MemorySource(std::string name, Schema schema, int partitions, ReadLimit limit)
    : name_(std::move(name)), schema_(std::move(schema)), limit_(limit) {
  SLUICE_CHECK(partitions >= 1, "a source has at least one partition");
  partitions_.resize(static_cast<size_t>(partitions));
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

SourceOffset MemorySource::InitialOffset() const {
  return ToOffset(PartitionOffsets(partitions_.size(), 0));
}

SourceOffset MemorySource::ToOffset(const PartitionOffsets& offsets) {
  return SourceOffset{storage::PartitionOffsetsJson(offsets)};
}

Result<SourceOffset> MemorySource::ParseOffset(const std::string& json) const {
  SLUICE_ASSIGN_OR_RETURN(PartitionOffsets offsets,
                          storage::ParsePartitionOffsetsJson(json, "the offset"));
  if (offsets.size() != partitions_.size()) {
    return Status::FailedPrecondition("had " + std::to_string(offsets.size()) +
                                      " partitions in the checkpoint and has " +
                                      std::to_string(partitions_.size()) + " now");
  }
  for (int64_t o : offsets) {
    if (o < 0) return Status::Corruption("a negative offset in " + json);
  }
  return ToOffset(offsets);  // canonical text
}

PartitionOffsets MemorySource::FromOffset(const SourceOffset& offset) const {
  Result<PartitionOffsets> offsets = storage::ParsePartitionOffsetsJson(offset.json, name_);
  SLUICE_CHECK(offsets.ok() && offsets->size() == partitions_.size(),
               "an offset of this memory source");
  return std::move(offsets).value();
}

Result<SourceOffset> MemorySource::LatestOffset(const SourceOffset& start, const ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(PartitionOffsets end, LatestOffsets(FromOffset(start), limit));
  if (limit.upto) {
    const PartitionOffsets cap = FromOffset(*limit.upto);
    for (size_t p = 0; p < end.size(); ++p) end[p] = std::min(end[p], cap[p]);
  }
  return ToOffset(end);
}

Result<RecordBatch> MemorySource::Read(int partition, const SourceOffset& start,
                                       const SourceOffset& end) {
  return Read(partition, FromOffset(start)[partition], FromOffset(end)[partition]);
}

Status MemorySource::Commit(const SourceOffset& end) { return Commit(FromOffset(end)); }

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
  return p.Rows(schema_, p.RowIndex(start), p.RowIndex(end));
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
    p.DropRows(p.RowIndex(upto));
    p.markers.erase(p.markers.begin(), std::lower_bound(p.markers.begin(), p.markers.end(), upto));
    p.discarded = upto;
  }
  return Status::Ok();
}

namespace {

// What a value of the right kind that still does not fit (an int out of range, a nested value
// with a bad element) adds to the error.
std::string Detail(const DataType& type, const Status& fits) {
  const bool plain = type.id() == TypeId::kInt64 || type.id() == TypeId::kTimestamp ||
                     type.is_floating() || type.id() == TypeId::kString ||
                     type.id() == TypeId::kBinary || type.id() == TypeId::kBool;
  return plain ? "" : " (" + fits.message() + ")";
}

// A value as an error shows it: its kind, then the value (a string quoted, long ones cut).
std::string DescribeValue(const Value& v) {
  constexpr size_t kShownChars = 40;
  if (const auto* i = std::get_if<int64_t>(&v)) return "long " + std::to_string(*i);
  if (std::holds_alternative<double>(v)) return "double " + ValueToString(v, DataType::kDouble);
  if (const auto* b = std::get_if<bool>(&v)) return std::string("bool ") + (*b ? "true" : "false");
  if (std::holds_alternative<Decimal128>(v)) return "decimal (unscaled) value";
  if (const auto* l = std::get_if<ValueList>(&v)) {
    return "list of " + std::to_string(l->size()) + " values";
  }
  const std::string& s = std::get<std::string>(v);
  if (s.size() <= kShownChars) return "string \"" + s + "\"";
  return "string \"" + s.substr(0, kShownChars) + "...\" (" + std::to_string(s.size()) + " bytes)";
}

}  // namespace

Status MemorySource::CheckRows(const std::vector<std::vector<Value>>& rows) const {
  const std::vector<Field>& fields = schema_.fields;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (rows[r].size() != fields.size()) {
      std::string names;
      for (size_t c = 0; c < fields.size(); ++c) names += (c ? ", " : "") + fields[c].name;
      return Status::InvalidArgument("memory source '" + name_ + "': row " + std::to_string(r) +
                                     " has " + std::to_string(rows[r].size()) +
                                     " values, the schema has " + std::to_string(fields.size()) +
                                     " columns (" + names + ")");
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      const Status fits = CheckValueType(rows[r][c], fields[c].type);
      if (fits.ok()) continue;
      return Status::InvalidArgument("memory source '" + name_ + "': row " + std::to_string(r) +
                                     ", column '" + fields[c].name + "': expected " +
                                     TypeName(fields[c].type) + ", got " +
                                     DescribeValue(rows[r][c]) + Detail(fields[c].type, fits));
    }
  }
  return Status::Ok();
}

Status MemorySource::AddRows(const std::vector<std::vector<Value>>& rows) {
  SLUICE_RETURN_IF_ERROR(CheckRows(rows));
  std::lock_guard lock(mu_);
  if (rows.empty()) {
    Partition& p = partitions_[next_partition_];
    p.markers.push_back(p.end());
    next_partition_ = (next_partition_ + 1) % partitions_.size();
    return Status::Ok();
  }
  for (const auto& row : rows) {
    partitions_[next_partition_].AppendRow(schema_, row);
    next_partition_ = (next_partition_ + 1) % partitions_.size();
  }
  return Status::Ok();
}

Status MemorySource::CheckPartition(int partition) const {
  // partitions_ is never resized after construction, so its size is read without the lock.
  if (partition < 0 || partition >= static_cast<int>(partitions_.size())) {
    return Status::InvalidArgument("memory source '" + name_ + "': partition " +
                                   std::to_string(partition) + " does not exist (the source has " +
                                   std::to_string(partitions_.size()) + ")");
  }
  return Status::Ok();
}

Status MemorySource::AddRowsTo(int partition, const std::vector<std::vector<Value>>& rows) {
  SLUICE_RETURN_IF_ERROR(CheckPartition(partition));
  SLUICE_RETURN_IF_ERROR(CheckRows(rows));
  std::lock_guard lock(mu_);
  for (const auto& row : rows) partitions_[partition].AppendRow(schema_, row);
  return Status::Ok();
}

Status MemorySource::AddBatchTo(int partition, const RecordBatch& rows) {
  SLUICE_RETURN_IF_ERROR(CheckPartition(partition));
  if (!(rows.schema() == schema_)) {
    return Status::InvalidArgument("memory source '" + name_ + "': a batch of schema " +
                                   rows.schema().Describe() + " does not fit the source's " +
                                   schema_.Describe());
  }
  if (rows.num_rows() == 0) return Status::Ok();
  std::lock_guard lock(mu_);
  Partition& p = partitions_[partition];
  p.chunks.push_back(rows);
  p.back_takes_rows = false;
  p.num_rows += rows.num_rows();
  return Status::Ok();
}

}  // namespace sluice::engine
