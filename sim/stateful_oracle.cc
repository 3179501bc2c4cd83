#include "sim/stateful_oracle.h"

#include <algorithm>
#include <set>

namespace sluice::sim {
namespace {

// window start -> (count, sum of ids)
using WindowState = std::map<int64_t, std::pair<int64_t, int64_t>>;

std::string RowText(int64_t start, int64_t end, int64_t count, int64_t sum) {
  return std::to_string(start) + "," + std::to_string(end) + "," + std::to_string(count) + "," +
         std::to_string(sum);
}

}  // namespace

Status CommitObserver::RenameNoReplace(const std::string& from, const std::string& to) {
  SLUICE_RETURN_IF_ERROR(target()->RenameNoReplace(from, to));
  if (storage::ParentDir(to) != "commits") return Status::Ok();
  const std::string id = to.substr(to.find('/') + 1);
  auto original = originals_.find("offsets/" + id);
  auto bytes = original != originals_.end() ? Result<std::string>(original->second)
                                            : clean_view_->ReadFile("offsets/" + id);
  if (!bytes.ok()) return Status::Ok();  // the recovery check will report a missing entry
  committed_bytes_[std::stoll(id)] = std::move(bytes).value();  // decoded only if asked for
  return Status::Ok();
}

std::map<int64_t, storage::OffsetsEntry> CommitObserver::committed() const {
  std::map<int64_t, storage::OffsetsEntry> out;
  for (const auto& [id, bytes] : committed_bytes_) {
    auto entry = storage::DecodeOffsets(bytes, "offsets/" + std::to_string(id));
    if (entry.ok()) out[id] = std::move(entry).value();
  }
  return out;
}

std::vector<std::string> CheckStatefulRun(const StatefulWorkload& w,
                                          const std::map<int64_t, storage::OffsetsEntry>& committed,
                                          int64_t last_committed, const RecordingSink& sink) {
  std::vector<std::string> violations;
  std::map<int64_t, std::multiset<std::string>> stored;
  for (const auto& [batch_id, rows] : sink.stored()) {
    auto& out = stored[batch_id];
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      out.insert(RowText(rows.column(0).Int(r), rows.column(1).Int(r), rows.column(2).Int(r),
                         rows.column(3).Int(r)));
    }
  }
  std::set<std::pair<int64_t, int64_t>> seen;  // dedup state: (id, time)
  WindowState windows;
  int64_t watermark_ms = 0, previous_ms = 0;
  std::vector<int64_t> ends(w.partitions.size(), 0);
  for (int64_t batch = 0; batch <= last_committed; ++batch) {
    auto entry = committed.find(batch);
    if (entry == committed.end()) {
      violations.push_back("stateful: batch " + std::to_string(batch) +
                           " is committed but its commit was never observed");
      return violations;
    }
    const std::string where = "stateful: batch " + std::to_string(batch) + ": ";
    if (entry->second.batch_watermark_ms != watermark_ms) {
      violations.push_back(where + "ran with watermark " +
                           std::to_string(entry->second.batch_watermark_ms) + " ms, expected " +
                           std::to_string(watermark_ms));
      return violations;
    }
    const auto& logged = entry->second.source_ends.at(0);
    std::vector<EventRow> input;
    for (size_t p = 0; p < w.partitions.size(); ++p) {
      const int64_t end = logged ? (*logged)[p] : 0;
      for (int64_t o = ends[p]; o < end; ++o) input.push_back(w.partitions[p][o]);
      ends[p] = end;
    }
    // Dedup on (id, time): late rows first, then first occurrences, then eviction.
    std::vector<EventRow> fresh;
    int64_t max_time_ms = INT64_MIN;
    for (const EventRow& r : input) {
      max_time_ms = std::max(max_time_ms, r.time_us / 1000);
      if (r.time_us <= previous_ms * 1000) continue;
      if (seen.insert({r.id, r.time_us}).second) fresh.push_back(r);
    }
    std::erase_if(seen, [&](const auto& k) { return k.second <= watermark_ms * 1000; });
    // Windowed count and sum in append mode: late groups dropped, closed windows emitted.
    WindowState batch_groups;
    for (const EventRow& r : fresh) {
      const int64_t start = r.time_us - ((r.time_us % w.window_us) + w.window_us) % w.window_us;
      if (start + w.window_us <= previous_ms * 1000) continue;
      auto& g = windows[start];
      ++g.first;
      g.second += r.id;
    }
    std::multiset<std::string> expected;
    for (auto it = windows.begin(); it != windows.end();) {
      if (it->first + w.window_us > watermark_ms * 1000) break;
      expected.insert(RowText(it->first, it->first + w.window_us, it->second.first, it->second.second));
      it = windows.erase(it);
    }
    const std::multiset<std::string>& got = stored[batch];
    if (got != expected) {
      violations.push_back(where + "stored " + std::to_string(got.size()) + " rows, the model " +
                           "expects " + std::to_string(expected.size()) +
                           (got.size() == expected.size() ? " (with other values)" : ""));
      return violations;
    }
    previous_ms = watermark_ms;
    if (!input.empty()) watermark_ms = std::max(watermark_ms, max_time_ms - w.delay_us / 1000);
  }
  return violations;
}

}  // namespace sluice::sim
