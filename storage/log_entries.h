// The typed contents of checkpoint entries: `metadata`, `offsets/N` and `commits/N`.
// Each is serialized with cereal as one JSON object per body line inside the entry envelope of
// entry_codec.h; docs/formats.md gives every byte.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/status.h"

namespace sluice::storage {

// One source's position: the exclusive end offset of each of its partitions.
using PartitionOffsets = std::vector<int64_t>;

// `metadata`: the stable identity of the query that owns the checkpoint.
struct MetadataEntry {
  std::string query_id;
};

// `offsets/N`: what batch N reads, written before batch N runs.
struct OffsetsEntry {
  int64_t batch_watermark_ms = 0;   // the event-time watermark batch N runs with
  int64_t batch_timestamp_ms = 0;   // the processing time of batch N
  std::map<std::string, std::string> conf;  // configuration pinned for the checkpoint's life
  // End offsets per source, in source order; nullopt for a source that has never had data.
  std::vector<std::optional<PartitionOffsets>> source_ends;
};

// `commits/N`: batch N is done.
struct CommitEntry {
  int64_t next_batch_watermark_ms = 0;  // the watermark batch N+1 will use
};

std::string EncodeMetadata(const MetadataEntry& entry);
std::string EncodeOffsets(const OffsetsEntry& entry);
std::string EncodeCommit(const CommitEntry& entry);

// `file` names the entry in errors.
Result<MetadataEntry> DecodeMetadata(std::string_view bytes, const std::string& file);
Result<OffsetsEntry> DecodeOffsets(std::string_view bytes, const std::string& file);
Result<CommitEntry> DecodeCommit(std::string_view bytes, const std::string& file);

// The JSON of one source's offsets as it appears in `offsets/N` and in progress reports.
std::string PartitionOffsetsJson(const PartitionOffsets& offsets);

}  // namespace sluice::storage
