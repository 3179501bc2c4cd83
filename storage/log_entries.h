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

// One column of a recorded schema: its name and what it holds, a type name ("long") or, for an
// aggregate's state, the function and its argument's type ("sum(double)", "count(*)").
struct SchemaColumn {
  std::string name;
  std::string type;
  bool operator==(const SchemaColumn&) const = default;
};

// A source of the query that created the checkpoint: its name and its rows' columns.
struct SourceSchema {
  std::string name;
  std::vector<SchemaColumn> columns;
  bool operator==(const SourceSchema&) const = default;
};

// A stateful operator of that query: Spark's operator name (stateStoreSave, dedupe, ...) and the
// columns of its state store's keys and values, which give `state/<operator>/` its meaning.
struct OperatorStateSchema {
  std::string name;
  std::vector<SchemaColumn> key;
  std::vector<SchemaColumn> value;
  bool operator==(const OperatorStateSchema&) const = default;
};

// What a checkpoint's contents depend on, recorded when it is created (Spark's state schema and
// operator metadata files, in one place): sources in source order and stateful operators in
// operator order. A query that differs is refused at start.
struct QuerySchema {
  std::vector<SourceSchema> sources;
  std::vector<OperatorStateSchema> stateful;
  bool operator==(const QuerySchema&) const = default;
};

// `metadata`: the stable identity of the query that owns the checkpoint.
struct MetadataEntry {
  std::string query_id;
  // Absent in a checkpoint created before Sluice recorded it (docs/formats.md).
  std::optional<QuerySchema> schema;
};

// `offsets/N`: what batch N reads, written before batch N runs.
struct OffsetsEntry {
  int64_t batch_watermark_ms = 0;           // the event-time watermark batch N runs with
  int64_t batch_timestamp_ms = 0;           // the processing time of batch N
  std::map<std::string, std::string> conf;  // configuration pinned for the checkpoint's life
  // End offsets per source, in source order, each the one-line JSON text its source writes
  // (Spark's shape for the source's kind); nullopt (`-`) for a source that has never had data.
  std::vector<std::optional<std::string>> source_ends;
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
// The offsets PartitionOffsetsJson wrote (any spacing); Corruption naming `what` otherwise.
Result<PartitionOffsets> ParsePartitionOffsetsJson(std::string_view json, const std::string& what);

}  // namespace sluice::storage
