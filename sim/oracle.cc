#include "sim/oracle.h"

#include <algorithm>
#include <set>

#include "sim/payload.h"

namespace sluice::sim {

void Oracle::OnQueryProgress(const engine::StreamingQueryProgress& p) {
  std::vector<std::string> ends;
  for (const auto& s : p.sources) ends.push_back(s.end_offset);
  auto [it, inserted] = reported_ends_.emplace(p.batch_id, ends);
  if (!inserted && it->second != ends) {
    violations_.push_back("batch " + std::to_string(p.batch_id) +
                          " re-ran with other end offsets than its first run");
  }
  if (!watermarks_.empty() && p.batch_id >= watermarks_.back().first &&
      p.batch_watermark_ms < watermarks_.back().second) {
    violations_.push_back("watermark moved back at batch " + std::to_string(p.batch_id));
  }
  watermarks_.emplace_back(p.batch_id, p.batch_watermark_ms);
}

void Oracle::CheckPayloadColumn(int64_t batch_id, const engine::RecordBatch& rows) {
  const std::optional<size_t> column = rows.schema().IndexOf("payload");
  if (!column) {
    violations_.push_back("batch " + std::to_string(batch_id) + " has no payload column");
    return;
  }
  for (size_t r = 0; r < rows.num_rows(); ++r) {
    const int64_t id = rows.column(0).Int(r);
    if (!IsPayloadOf(rows.column(*column).Get(r), id)) {
      violations_.push_back("row " + std::to_string(id) + " in batch " + std::to_string(batch_id) +
                            " has a payload other than the one it was added with");
    }
  }
}

void Oracle::CheckRows(const RecordingSink& sink) {
  std::map<int64_t, int> seen;
  for (const auto& [batch_id, rows] : sink.stored()) {
    if (check_payloads_) CheckPayloadColumn(batch_id, rows);
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      const int64_t id = rows.column(0).Int(r);
      ++seen[id];
      if (rows.column(1).Int(r) != 2 * id) {
        violations_.push_back("row " + std::to_string(id) + " in batch " +
                              std::to_string(batch_id) + " has a wrong computed column");
      }
    }
  }
  for (const auto& [id, kept] : expected_) {
    const int n = seen.count(id) ? seen[id] : 0;
    if (kept && (safety_only_ ? n > 1 : n != 1)) {
      violations_.push_back("row " + std::to_string(id) + " reached the sink " + std::to_string(n) +
                            " times, not once");
    }
    if (!kept && n != 0) {
      violations_.push_back("row " + std::to_string(id) + " should have been filtered out");
    }
  }
  for (const auto& [id, n] : seen) {
    if (!expected_.count(id))
      violations_.push_back("row " + std::to_string(id) + " was never added");
  }
}

void Oracle::CheckReruns(const RecordingSink& sink) {
  std::map<int64_t, std::string> first;
  std::set<int64_t> reported;
  for (const auto& a : sink.attempts()) {
    auto [it, inserted] = first.emplace(a.batch_id, a.bytes);
    if (!inserted && it->second != a.bytes && reported.insert(a.batch_id).second) {
      violations_.push_back("batch " + std::to_string(a.batch_id) +
                            " re-ran with output that differs from its first run");
    }
  }
}

void Oracle::CheckCommitted(const RecordingSink& sink, storage::Checkpoint& checkpoint) {
  auto commits = checkpoint.commits().ListIds();
  if (!commits.ok()) {
    violations_.push_back("cannot list commits/: " + commits.status().message());
    return;
  }
  int64_t last = commits->empty() ? -1 : commits->back();
  if (safety_only_) {
    // Recovery refused to go on: the batch it could not re-run (offsets/L) may be in the sink,
    // since a sink's output is visible before commits/L. Nothing past L may be.
    auto logged = checkpoint.offsets().ListIds();
    if (logged.ok() && !logged->empty()) last = std::max(last, logged->back());
  }
  for (const auto& [batch_id, rows] : sink.stored()) {
    if (batch_id > last) {
      violations_.push_back("batch " + std::to_string(batch_id) +
                            " is visible in the sink but has no commit entry");
    }
  }
  auto offsets = checkpoint.offsets().ListIds();
  if (!offsets.ok()) return;
  for (int64_t id : offsets.value()) {
    auto it = reported_ends_.find(id);
    if (it == reported_ends_.end()) continue;
    auto entry = checkpoint.ReadOffsets(id);
    if (!entry.ok() && forgiven_.count(checkpoint.offsets().PathOf(id))) continue;
    if (!entry.ok()) {
      violations_.push_back(entry.status().message());
      continue;
    }
    for (size_t i = 0; i < entry->source_ends.size() && i < it->second.size(); ++i) {
      const std::string logged = entry->source_ends[i].value_or("");
      if (logged != it->second[i]) {
        violations_.push_back("batch " + std::to_string(id) + " read source " + std::to_string(i) +
                              " up to " + it->second[i] + " but offsets/" + std::to_string(id) +
                              " logs " + logged);
      }
    }
  }
}

void Oracle::CheckQueryId(const RecordingSink& sink, storage::Checkpoint& checkpoint) {
  auto metadata = checkpoint.ReadMetadata();
  const std::string expected =
      metadata.ok() && metadata->has_value() ? metadata.value()->query_id : "";
  for (const auto& a : sink.attempts()) {
    const bool wrong = a.query_id.empty() || (!expected.empty() && a.query_id != expected) ||
                       (expected.empty() && a.query_id != sink.attempts().front().query_id);
    if (wrong) {
      violations_.push_back("batch " + std::to_string(a.batch_id) +
                            " reached the sink with query id '" + a.query_id +
                            "', not the checkpoint's '" + expected + "'");
      return;
    }
  }
}

std::vector<std::string> Oracle::Check(const RecordingSink& sink, storage::Checkpoint& checkpoint) {
  if (check_rows_) CheckRows(sink);
  CheckReruns(sink);
  CheckQueryId(sink, checkpoint);
  CheckCommitted(sink, checkpoint);
  return violations_;
}

}  // namespace sluice::sim
