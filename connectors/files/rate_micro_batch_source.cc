#include "connectors/files/rate_micro_batch_source.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "connectors/files/source_options.h"

namespace sluice::connectors::files {
namespace {

constexpr int64_t kMaxInt64 = std::numeric_limits<int64_t>::max();
constexpr int64_t kMaxInt32 = std::numeric_limits<int32_t>::max();
constexpr int64_t kMicrosPerMilli = 1000;

// a + b for b >= 0, at most the largest long (Spark caps the offset so).
int64_t CappedAdd(int64_t a, int64_t b) { return a > kMaxInt64 - b ? kMaxInt64 : a + b; }

}  // namespace

Result<std::shared_ptr<RateMicroBatchSource>> RateMicroBatchSource::Create(
    std::string name, const std::map<std::string, std::string>& options) {
  SourceOptions o("rate-micro-batch source", options);
  const bool rows_given = o.Has("rowsPerBatch");
  SLUICE_ASSIGN_OR_RETURN(int64_t rows,
                          o.TakeInteger("rowsPerBatch", 0, 1, kMaxInt64, "must be positive"));
  SLUICE_ASSIGN_OR_RETURN(int64_t partitions,
                          o.TakeInteger("numPartitions", 1, 1, kMaxInt32, "must be positive"));
  SLUICE_ASSIGN_OR_RETURN(int64_t start,
                          o.TakeInteger("startTimestamp", 0, 0, kMaxInt64 / kMicrosPerMilli,
                                        "must be non-negative (and a timestamp)"));
  SLUICE_ASSIGN_OR_RETURN(int64_t advance, o.TakeInteger("advanceMillisPerBatch", 1000, 0,
                                                         kMaxInt32, "must be non-negative"));
  SLUICE_RETURN_IF_ERROR(
      o.Finish({"rowsPerBatch", "numPartitions", "startTimestamp", "advanceMillisPerBatch"}));
  if (!rows_given) {
    return Status::InvalidArgument(
        "rate-micro-batch source: invalid value '0'. The option 'rowsPerBatch' must be positive");
  }
  return std::shared_ptr<RateMicroBatchSource>(new RateMicroBatchSource(
      std::move(name), rows, static_cast<int>(partitions), start, advance));
}

RateMicroBatchSource::RateMicroBatchSource(std::string name, int64_t rows_per_batch,
                                           int num_partitions, int64_t start_timestamp_ms,
                                           int64_t advance_ms)
    : name_(std::move(name)),
      schema_{{{"timestamp", engine::DataType::kTimestamp}, {"value", engine::DataType::kInt64}}},
      rows_per_batch_(rows_per_batch),
      num_partitions_(num_partitions),
      start_timestamp_ms_(start_timestamp_ms),
      advance_ms_(advance_ms) {}

std::string RateMicroBatchSource::Description() const {
  return "RatePerMicroBatchStream[rowsPerBatch=" + std::to_string(rows_per_batch_) +
         ", numPartitions=" + std::to_string(num_partitions_) +
         ", startTimestamp=" + std::to_string(start_timestamp_ms_) +
         ", advanceMsPerBatch=" + std::to_string(advance_ms_) + "]";
}

engine::SourceOffset RateMicroBatchSource::ToOffset(const Position& p) {
  return {"{\"offset\":" + std::to_string(p.offset) +
          ",\"timestamp\":" + std::to_string(p.timestamp_ms) + "}"};
}

engine::SourceOffset RateMicroBatchSource::InitialOffset() const {
  return ToOffset({0, start_timestamp_ms_});
}

Result<engine::SourceOffset> RateMicroBatchSource::ParseOffset(const std::string& json) const {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  const bool shaped = j.is_object() && j.size() == 2 && j.contains("offset") &&
                      j.contains("timestamp") && j["offset"].is_number_integer() &&
                      j["timestamp"].is_number_integer();
  if (!shaped || j["offset"].get<int64_t>() < 0 || j["timestamp"].get<int64_t>() < 0 ||
      j["timestamp"].get<int64_t>() > kMaxInt64 / kMicrosPerMilli) {
    return Status::Corruption(
        "'" + json + "' is not a rate-micro-batch offset ({\"offset\":N,\"timestamp\":T})");
  }
  return ToOffset({j["offset"].get<int64_t>(), j["timestamp"].get<int64_t>()});
}

RateMicroBatchSource::Position RateMicroBatchSource::PositionOf(
    const engine::SourceOffset& o) const {
  Result<engine::SourceOffset> canonical = ParseOffset(o.json);
  SLUICE_CHECK(canonical.ok(), "an offset of this rate-micro-batch source");
  const nlohmann::json j = nlohmann::json::parse(canonical->json);
  return {j["offset"].get<int64_t>(), j["timestamp"].get<int64_t>()};
}

Result<engine::SourceOffset> RateMicroBatchSource::LatestOffset(const engine::SourceOffset& start,
                                                                const engine::ReadLimit& limit) {
  const Position from = PositionOf(start);
  const Position next{CappedAdd(from.offset, rows_per_batch_),
                      CappedAdd(from.timestamp_ms, advance_ms_)};
  if (next.timestamp_ms > kMaxInt64 / kMicrosPerMilli) {
    return Status::FailedPrecondition("rate-micro-batch source '" + name_ +
                                      "': the next batch's "
                                      "timestamp " +
                                      std::to_string(next.timestamp_ms) +
                                      " ms is past the last timestamp");
  }
  if (limit.upto && PositionOf(*limit.upto).offset < next.offset) return start;  // AvailableNow
  return ToOffset(next);
}

Result<engine::RecordBatch> RateMicroBatchSource::Read(int partition,
                                                       const engine::SourceOffset& start,
                                                       const engine::SourceOffset& end) {
  SLUICE_CHECK(partition >= 0 && partition < num_partitions_, "partition exists");
  const Position from = PositionOf(start);
  const Position to = PositionOf(end);
  engine::RecordBatch rows(schema_);
  const int64_t timestamp_us = from.timestamp_ms * kMicrosPerMilli;
  for (int64_t v = CappedAdd(from.offset, partition); v < to.offset;
       v = CappedAdd(v, num_partitions_)) {
    rows.AppendRow({timestamp_us, v});
  }
  return rows;
}

}  // namespace sluice::connectors::files
