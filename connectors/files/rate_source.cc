#include "connectors/files/rate_source.h"

#include <charconv>
#include <cmath>

#include "connectors/files/source_options.h"

namespace sluice::connectors::files {
namespace {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kStartTimeEntry = 0;  // sources/<n>/0
// The latest millisecond whose microseconds fit a timestamp.
constexpr int64_t kMaxTimestampMs = INT64_MAX / kMicrosPerMilli;

Result<int64_t> ParseCount(const std::string& text) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < 0) {
    return Status::Corruption("'" + text + "' is not a rate offset (whole seconds, a number)");
  }
  return n;
}

}  // namespace

Result<std::shared_ptr<RateSource>> RateSource::Create(
    std::string name, const std::map<std::string, std::string>& options) {
  SourceOptions o("rate source", options);
  const bool partitions_given = o.Has("numPartitions");
  SLUICE_ASSIGN_OR_RETURN(int64_t rows,
                          o.TakeInteger("rowsPerSecond", 1, 1, INT64_MAX, "must be positive"));
  SLUICE_ASSIGN_OR_RETURN(int64_t ramp_up, o.TakeSeconds("rampUpTime", 0, "must not be negative"));
  SLUICE_ASSIGN_OR_RETURN(int64_t partitions,
                          o.TakeInteger("numPartitions", 1, 1, INT32_MAX, "must be positive"));
  SLUICE_RETURN_IF_ERROR(o.Finish({"rowsPerSecond", "rampUpTime", "numPartitions"}));
  const int64_t max_seconds = INT64_MAX / rows;
  if (ramp_up > max_seconds) {
    return Status::InvalidArgument("rate source: max offset with " + std::to_string(rows) +
                                   " rowsPerSecond is " + std::to_string(max_seconds) +
                                   ", but 'rampUpTimeSeconds' is " + std::to_string(ramp_up) + ".");
  }
  return std::shared_ptr<RateSource>(new RateSource(
      std::move(name), rows, ramp_up, static_cast<int>(partitions), partitions_given));
}

RateSource::RateSource(std::string name, int64_t rows_per_second, int64_t ramp_up_seconds,
                       int num_partitions, bool partitions_given)
    : name_(std::move(name)),
      schema_{{{"timestamp", engine::DataType::kTimestamp}, {"value", engine::DataType::kInt64}}},
      rows_per_second_(rows_per_second),
      ramp_up_seconds_(ramp_up_seconds),
      num_partitions_(num_partitions),
      partitions_given_(partitions_given) {}

int64_t RateSource::ValueAtSecond(int64_t seconds, int64_t rows_per_second,
                                  int64_t ramp_up_seconds) {
  const int64_t delta = rows_per_second / (ramp_up_seconds + 1);
  if (seconds <= ramp_up_seconds) {
    // d * s * (s + 1) / 2, halving the even factor first so that nothing overflows early.
    return seconds % 2 == 1 ? (seconds + 1) / 2 * delta * seconds
                            : seconds / 2 * delta * (seconds + 1);
  }
  return ValueAtSecond(ramp_up_seconds, rows_per_second, ramp_up_seconds) +
         (seconds - ramp_up_seconds) * rows_per_second;
}

std::string RateSource::Description() const {
  // Spark's RateStreamMicroBatchStream.toString, without a closing bracket as Spark writes it.
  return "RateStreamV2[rowsPerSecond=" + std::to_string(rows_per_second_) +
         ", rampUpTimeSeconds=" + std::to_string(ramp_up_seconds_) + ", numPartitions=" +
         (partitions_given_ ? std::to_string(num_partitions_) : std::string("default"));
}

Status RateSource::Open(const engine::SourceContext& context) {
  SLUICE_CHECK(context.log != nullptr && context.clock != nullptr, "a source log and a clock");
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (query_id_ && *query_id_ != context.query_id) {
      return Status::FailedPrecondition(
          "rate source '" + name_ + "' is read by query " + *query_id_ +
          " and cannot serve query " + context.query_id +
          " too: its time is one checkpoint's; create a source per query");
    }
  }
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> entry,
                          context.log->Read(kStartTimeEntry));
  int64_t start_ms = 0;
  if (entry) {
    const std::string file = context.log->PathOf(kStartTimeEntry);
    Result<int64_t> parsed =
        entry->size() == 1 ? ParseCount(entry->front()) : Status::Corruption("not one line");
    if (!parsed.ok()) {
      return Status::Corruption(file + ": the rate source's start time is unreadable (" +
                                parsed.status().message() +
                                "); restore the file, or start the query with a new checkpoint");
    }
    start_ms = parsed.value();
  } else {
    start_ms = context.clock->NowMicros() / kMicrosPerMilli;
    SLUICE_RETURN_IF_ERROR(context.log->Add(kStartTimeEntry, {std::to_string(start_ms)}));
  }
  if (start_ms > kMaxTimestampMs) {
    return Status::Corruption(context.log->PathOf(kStartTimeEntry) + ": the start time " +
                              std::to_string(start_ms) + " is not a timestamp");
  }
  std::lock_guard<std::mutex> lock(mu_);
  query_id_ = context.query_id;
  clock_ = context.clock;
  start_time_ms_ = start_ms;
  last_time_ms_ = start_ms;
  return Status::Ok();
}

Result<engine::SourceOffset> RateSource::ParseOffset(const std::string& json) const {
  SLUICE_ASSIGN_OR_RETURN(int64_t seconds, ParseCount(json));
  if (seconds > MaxSeconds() || seconds > kMaxTimestampMs / kMillisPerSecond) {
    return Status::Corruption("'" + json + "' is past the last second the rate source can reach");
  }
  return engine::SourceOffset{std::to_string(seconds)};
}

Status RateSource::CheckReachable(int64_t seconds, int64_t start_ms) const {
  if (seconds > MaxSeconds()) {
    return Status::FailedPrecondition("rate source '" + name_ + "': max offset with " +
                                      std::to_string(rows_per_second_) + " rowsPerSecond is " +
                                      std::to_string(MaxSeconds()) + ", but it's " +
                                      std::to_string(seconds) + " now.");
  }
  if (seconds > (kMaxTimestampMs - start_ms) / kMillisPerSecond) {
    return Status::FailedPrecondition("rate source '" + name_ + "': second " +
                                      std::to_string(seconds) + " is past the last timestamp");
  }
  return Status::Ok();
}

int64_t RateSource::SecondsOf(const engine::SourceOffset& o) {
  Result<int64_t> seconds = ParseCount(o.json);
  SLUICE_CHECK(seconds.ok(), "an offset of the rate source");
  return seconds.value();
}

Result<engine::SourceOffset> RateSource::LatestOffset(const engine::SourceOffset& start,
                                                      const engine::ReadLimit& limit) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_CHECK(start_time_ms_.has_value(), "the rate source is opened before it is read");
  last_time_ms_ = std::max(last_time_ms_, clock_->NowMicros() / kMicrosPerMilli);
  int64_t end = (last_time_ms_ - *start_time_ms_) / kMillisPerSecond;
  end = std::max(end, SecondsOf(start));  // a clock that went back does not undo a batch
  if (limit.upto) end = std::min(end, SecondsOf(*limit.upto));
  SLUICE_RETURN_IF_ERROR(CheckReachable(end, *start_time_ms_));
  return engine::SourceOffset{std::to_string(end)};
}

std::optional<engine::SourceOffset> RateSource::ReportLatestOffset() const {
  // The second LatestOffset reached (the batch's end, as Spark reports a MicroBatchStream's).
  std::lock_guard<std::mutex> lock(mu_);
  if (!start_time_ms_) return std::nullopt;
  return engine::SourceOffset{std::to_string((last_time_ms_ - *start_time_ms_) / kMillisPerSecond)};
}

Result<engine::RecordBatch> RateSource::Read(int partition, const engine::SourceOffset& start,
                                             const engine::SourceOffset& end) {
  SLUICE_CHECK(partition >= 0 && partition < num_partitions_, "partition exists");
  const int64_t s1 = SecondsOf(start);
  const int64_t s2 = SecondsOf(end);
  int64_t start_ms = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_CHECK(start_time_ms_.has_value(), "the rate source is opened before it is read");
    start_ms = *start_time_ms_;
    SLUICE_RETURN_IF_ERROR(CheckReachable(s2, start_ms));
    // A batch run again after a restart: the clock is taken to be past its end.
    last_time_ms_ = std::max(last_time_ms_, start_ms + s2 * kMillisPerSecond);
  }
  engine::RecordBatch rows(schema_);
  const int64_t lo = ValueAtSecond(s1, rows_per_second_, ramp_up_seconds_);
  const int64_t hi = ValueAtSecond(s2, rows_per_second_, ramp_up_seconds_);
  if (lo >= hi) return rows;
  const int64_t local_start_ms = start_ms + s1 * kMillisPerSecond;
  const double ms_per_value =
      static_cast<double>((s2 - s1) * kMillisPerSecond) / static_cast<double>(hi - lo);
  for (int64_t v = lo + partition; v < hi; v += num_partitions_) {
    // Java's Math.round: the nearest long, halves up.
    const auto relative_ms =
        static_cast<int64_t>(std::floor(static_cast<double>(v - lo) * ms_per_value + 0.5));
    rows.AppendRow({(local_start_ms + relative_ms) * kMicrosPerMilli, v});
    if (v > INT64_MAX - num_partitions_) break;
  }
  return rows;
}

}  // namespace sluice::connectors::files
