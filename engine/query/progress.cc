#include "engine/query/progress.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "engine/types/data_type.h"
#include "engine/types/datetime.h"
#include "engine/types/duration.h"

namespace sluice::engine {
namespace {

double Round1(double v) { return std::floor(v * 10 + 0.5) / 10; }

nlohmann::ordered_json OffsetJson(const std::string& s) {
  if (s.empty()) return nullptr;
  auto parsed = nlohmann::ordered_json::parse(s, nullptr, false);
  return parsed.is_discarded() ? nlohmann::ordered_json(s) : parsed;
}

}  // namespace

std::string FormatIsoMillis(int64_t epoch_ms) {
  const int64_t ms = ((epoch_ms % kMillisPerSecond) + kMillisPerSecond) % kMillisPerSecond;
  std::string base = FormatTimestamp(MicrosFromMillis(epoch_ms - ms));  // "YYYY-MM-DD HH:MM:SS"
  base[10] = 'T';
  char frac[8];
  std::snprintf(frac, sizeof(frac), ".%03d", static_cast<int>(ms));
  return base + frac + "Z";
}

std::string StreamingQueryProgress::ToJson() const {
  nlohmann::ordered_json j;
  j["id"] = id;
  j["runId"] = run_id;
  j["name"] = name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(name);
  j["timestamp"] = FormatIsoMillis(timestamp_ms);
  j["batchId"] = batch_id;
  j["batchDuration"] = batch_duration_ms;
  j["numInputRows"] = num_input_rows;
  j["inputRowsPerSecond"] = Round1(input_rows_per_second);
  j["processedRowsPerSecond"] = Round1(processed_rows_per_second);
  if (!duration_ms.empty()) {
    nlohmann::ordered_json d;
    for (const auto& [k, v] : duration_ms) d[k] = v;
    j["durationMs"] = d;
  }
  if (!event_time.empty()) {
    nlohmann::ordered_json e;
    for (const auto& [k, v] : event_time) e[k] = FormatIsoMillis(v);
    j["eventTime"] = e;
  }
  j["stateOperators"] = nlohmann::ordered_json::array();
  for (const StateOperatorProgress& op : state_operators) {
    nlohmann::ordered_json o;
    o["operatorName"] = op.operator_name;
    o["numRowsTotal"] = op.num_rows_total;
    o["numRowsUpdated"] = op.num_rows_updated;
    o["numRowsRemoved"] = op.num_rows_removed;
    o["commitTimeMs"] = op.commit_time_ms;
    o["memoryUsedBytes"] = op.memory_used_bytes;
    o["numRowsDroppedByWatermark"] = op.num_rows_dropped_by_watermark;
    o["numShufflePartitions"] = op.num_shuffle_partitions;
    o["numStateStoreInstances"] = op.num_state_store_instances;
    j["stateOperators"].push_back(o);
  }
  nlohmann::ordered_json srcs = nlohmann::ordered_json::array();
  for (const SourceProgress& s : sources) {
    nlohmann::ordered_json o;
    o["description"] = s.description;
    o["startOffset"] = OffsetJson(s.start_offset);
    o["endOffset"] = OffsetJson(s.end_offset);
    o["latestOffset"] = OffsetJson(s.latest_offset);
    o["numInputRows"] = s.num_input_rows;
    o["inputRowsPerSecond"] = Round1(s.input_rows_per_second);
    o["processedRowsPerSecond"] = Round1(s.processed_rows_per_second);
    srcs.push_back(o);
  }
  j["sources"] = srcs;
  j["sink"] = {{"description", sink.description}, {"numOutputRows", sink.num_output_rows}};
  return j.dump();
}

}  // namespace sluice::engine
