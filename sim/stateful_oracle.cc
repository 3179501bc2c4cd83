#include "sim/stateful_oracle.h"

#include <algorithm>
#include <optional>
#include <set>

#include "sim/payload.h"

namespace sluice::sim {
namespace {

// One open window of the model.
struct WindowGroup {
  int64_t count = 0;
  int64_t sum = 0;                // of ids
  std::optional<int64_t> top_id;  // the largest id whose payload is not null
};

// window start -> its group
using WindowState = std::map<int64_t, WindowGroup>;

// One output row: window bounds, count, sum of ids and max(payload).
std::string RowText(int64_t start, int64_t end, int64_t count, int64_t sum,
                    const engine::Value& top) {
  return std::to_string(start) + "," + std::to_string(end) + "," + std::to_string(count) + "," +
         std::to_string(sum) + "," + PayloadText(top);
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

namespace {

// The rows the sink stored, per batch, as RowText.
std::map<int64_t, std::multiset<std::string>> StoredRows(const RecordingSink& sink) {
  std::map<int64_t, std::multiset<std::string>> stored;
  for (const auto& [batch_id, rows] : sink.stored()) {
    auto& out = stored[batch_id];
    for (size_t r = 0; r < rows.num_rows(); ++r) {
      const engine::Column& window = rows.column(0);  // struct<start, end>
      out.insert(RowText(window.child(0).Int(r), window.child(1).Int(r), rows.column(1).Int(r),
                         rows.column(2).Int(r), rows.column(3).Get(r)));
    }
  }
  return stored;
}

// The workload's query, replayed batch by batch over the logged offsets: deduplication on
// (id, time) with a watermark, then a windowed count, sum of ids and max of payloads in append
// mode.
class StatefulModel {
 public:
  explicit StatefulModel(const StatefulWorkload& w) : w_(w), ends_(w.partitions.size(), 0) {}

  int64_t watermark_ms() const { return watermark_ms_; }

  // The rows batch N reads: each partition from the last batch's end to this one's.
  std::vector<EventRow> Input(const storage::OffsetsEntry& entry) {
    const auto& text = entry.source_ends.at(0);
    std::optional<storage::PartitionOffsets> logged;
    if (text) {
      Result<storage::PartitionOffsets> parsed =
          storage::ParsePartitionOffsetsJson(*text, "offsets");
      SLUICE_CHECK(parsed.ok(), "the memory source logs its offsets");
      logged = std::move(parsed).value();
    }
    std::vector<EventRow> input;
    for (size_t p = 0; p < w_.partitions.size(); ++p) {
      const int64_t end = logged ? (*logged)[p] : 0;
      for (int64_t o = ends_[p]; o < end; ++o) input.push_back(w_.partitions[p][o]);
      ends_[p] = end;
    }
    return input;
  }

  // Runs one batch over `input` and gives the rows it must emit; advances the watermarks.
  std::multiset<std::string> Run(const std::vector<EventRow>& input) {
    int64_t max_time_ms = INT64_MIN;
    for (const EventRow& r : input) max_time_ms = std::max(max_time_ms, r.time_us / 1000);
    Aggregate(Deduplicate(input));
    std::multiset<std::string> expected = CloseWindows();
    previous_ms_ = watermark_ms_;
    if (!input.empty()) watermark_ms_ = std::max(watermark_ms_, max_time_ms - w_.delay_us / 1000);
    return expected;
  }

 private:
  // Late rows first, then first occurrences, then eviction.
  std::vector<EventRow> Deduplicate(const std::vector<EventRow>& input) {
    std::vector<EventRow> fresh;
    for (const EventRow& r : input) {
      if (r.time_us <= previous_ms_ * 1000) continue;
      if (seen_.insert({r.id, r.time_us}).second) fresh.push_back(r);
    }
    std::erase_if(seen_, [&](const auto& k) { return k.second <= watermark_ms_ * 1000; });
    return fresh;
  }

  // Late groups are dropped.
  void Aggregate(const std::vector<EventRow>& fresh) {
    for (const EventRow& r : fresh) {
      const int64_t start = r.time_us - ((r.time_us % w_.window_us) + w_.window_us) % w_.window_us;
      if (start + w_.window_us <= previous_ms_ * 1000) continue;
      WindowGroup& g = windows_[start];
      ++g.count;
      g.sum += r.id;
      // Payloads order as their first field, the id; max skips null payloads.
      if (!engine::IsNull(Payload(r.id)) && (!g.top_id || r.id > *g.top_id)) g.top_id = r.id;
    }
  }

  // Windows the watermark has passed are emitted once and forgotten.
  std::multiset<std::string> CloseWindows() {
    std::multiset<std::string> expected;
    for (auto it = windows_.begin(); it != windows_.end();) {
      if (it->first + w_.window_us > watermark_ms_ * 1000) break;
      const WindowGroup& g = it->second;
      expected.insert(RowText(it->first, it->first + w_.window_us, g.count, g.sum,
                              g.top_id ? Payload(*g.top_id) : engine::Value{}));
      it = windows_.erase(it);
    }
    return expected;
  }

  const StatefulWorkload& w_;
  std::vector<int64_t> ends_;
  std::set<std::pair<int64_t, int64_t>> seen_;  // dedup state: (id, time)
  WindowState windows_;
  int64_t watermark_ms_ = 0, previous_ms_ = 0;
};

}  // namespace

std::vector<std::string> CheckStatefulRun(const StatefulWorkload& w,
                                          const std::map<int64_t, storage::OffsetsEntry>& committed,
                                          int64_t last_committed, const RecordingSink& sink) {
  const std::map<int64_t, std::multiset<std::string>> stored = StoredRows(sink);
  StatefulModel model(w);
  for (int64_t batch = 0; batch <= last_committed; ++batch) {
    auto entry = committed.find(batch);
    const std::string where = "stateful: batch " + std::to_string(batch) + ": ";
    if (entry == committed.end()) {
      return {"stateful: batch " + std::to_string(batch) +
              " is committed but its commit was never observed"};
    }
    if (entry->second.batch_watermark_ms != model.watermark_ms()) {
      return {where + "ran with watermark " + std::to_string(entry->second.batch_watermark_ms) +
              " ms, expected " + std::to_string(model.watermark_ms())};
    }
    const std::multiset<std::string> expected = model.Run(model.Input(entry->second));
    const auto it = stored.find(batch);
    const std::multiset<std::string> got =
        it == stored.end() ? std::multiset<std::string>{} : it->second;
    if (got != expected) {
      return {where + "stored " + std::to_string(got.size()) + " rows, the model expects " +
              std::to_string(expected.size()) +
              (got.size() == expected.size() ? " (with other values)" : "")};
    }
  }
  return {};
}

}  // namespace sluice::sim
