#include "storage/compactible_log.h"

#include <algorithm>
#include <charconv>

#include "storage/entry_codec.h"
#include "storage/metadata_log.h"

namespace sluice::storage {
namespace {

constexpr std::string_view kCompactSuffix = ".compact";
constexpr std::string_view kSparkVersionLine = "v1";

// The id a file name stands for: `<id>` or `<id>.compact`, the id written without leading zeros.
std::optional<int64_t> IdOfName(std::string_view name) {
  if (name.ends_with(kCompactSuffix)) name.remove_suffix(kCompactSuffix.size());
  if (name.empty() || name.size() > 18 || (name.size() > 1 && name[0] == '0')) return std::nullopt;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), id);
  if (ec != std::errc() || end != name.data() + name.size() || id < 0) return std::nullopt;
  return id;
}

Result<std::vector<std::string>> DecodeSparkLogFile(std::string_view bytes,
                                                    const std::string& file) {
  std::vector<std::string> lines;
  size_t begin = 0;
  while (begin <= bytes.size()) {
    const size_t end = std::min(bytes.find('\n', begin), bytes.size());
    lines.emplace_back(bytes.substr(begin, end - begin));
    begin = end + 1;
  }
  if (!lines.empty() && lines.back().empty()) lines.pop_back();  // a final newline
  if (lines.empty()) {
    return Status::Corruption(file + ": an empty log file; a complete one starts with 'v1'");
  }
  const std::string& version = lines.front();
  int number = 0;
  const bool is_version =
      version.size() > 1 && version[0] == 'v' &&
      std::from_chars(version.data() + 1, version.data() + version.size(), number).ptr ==
          version.data() + version.size();
  if (!is_version) {
    return Status::Corruption(file + ": the first line '" + version.substr(0, 40) +
                              "' is not a log version such as 'v1'");
  }
  if (number != 1) {
    return Status::Corruption(file + ": log version " + version +
                              " is not supported (this build reads v1); it was written by a newer "
                              "version");
  }
  lines.erase(lines.begin());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return Status::Corruption(file + ": line " + std::to_string(i + 2) +
                                " is empty; every line after the version is an entry");
    }
  }
  return lines;
}

}  // namespace

std::string EncodeLogFile(LogFileFormat format, const std::vector<std::string>& lines) {
  if (format == LogFileFormat::kEnvelope) return EncodeEntry(lines);
  std::string bytes(kSparkVersionLine);
  for (const std::string& line : lines) {
    SLUICE_CHECK(line.find('\n') == std::string::npos, "a log line holds no newline");
    bytes += '\n';
    bytes += line;
  }
  return bytes;
}

Result<std::vector<std::string>> DecodeLogFile(LogFileFormat format, std::string_view bytes,
                                               const std::string& file) {
  if (format == LogFileFormat::kEnvelope) return DecodeEntry(bytes, file);
  return DecodeSparkLogFile(bytes, file);
}

int DeriveCompactInterval(int default_interval, int64_t compact_id) {
  SLUICE_CHECK(default_interval > 0 && compact_id >= 0, "a positive interval and an id");
  const int64_t batches = compact_id + 1;
  if (batches <= default_interval) return static_cast<int>(batches);
  // As Spark: the least divisor of `batches` from the default up to half of it, when the default
  // is below half; otherwise (or with no such divisor) the compaction was the log's first batch
  // group, and `batches` is the interval.
  if (default_interval < batches / 2) {
    // Divisors up to the square root in order, then their co-divisors in order.
    int64_t root = 1;
    while ((root + 1) * (root + 1) <= batches) ++root;
    for (int64_t d = default_interval; d <= root; ++d) {
      if (batches % d == 0) return static_cast<int>(d);
    }
    for (int64_t d = root; d >= 2; --d) {
      const int64_t q = batches / d;
      if (batches % d == 0 && q >= default_interval && q <= batches / 2) {
        return static_cast<int>(q);
      }
    }
  }
  return static_cast<int>(std::min<int64_t>(batches, INT32_MAX));
}

CompactibleLog::CompactibleLog(FileSystem* fs, AtomicPublisher* publisher, std::string dir,
                               CompactibleLogOptions options)
    : fs_(fs), publisher_(publisher), dir_(std::move(dir)), options_(std::move(options)) {
  SLUICE_CHECK(options_.default_compact_interval > 0, "a positive compact interval");
}

Status CompactibleLog::Open() {
  auto names = fs_->ListDir(dir_);
  std::vector<int64_t> compactions;
  if (names.ok() && !options_.read_only) SLUICE_RETURN_IF_ERROR(CreateDirsDurably(fs_, dir_));
  if (names.ok()) {
    for (const std::string& name : names.value()) {
      if (!std::string_view(name).ends_with(kCompactSuffix)) continue;
      if (auto id = IdOfName(name)) compactions.push_back(*id);
    }
  } else if (names.status().code() != StatusCode::kNotFound) {
    return names.status();
  }
  std::sort(compactions.begin(), compactions.end());
  // Spark's batch ids of a compactible log are ints in effect (its interval is an Int).
  if (!compactions.empty() && compactions.back() >= INT32_MAX) {
    return Status::Corruption(dir_ + ": " + std::to_string(compactions.back()) +
                              ".compact is past the last batch id a compactible log can reach");
  }
  interval_ = options_.default_compact_interval;
  if (compactions.size() >= 2) {
    const int64_t gap = compactions.back() - compactions[compactions.size() - 2];
    if (gap > INT32_MAX) {
      return Status::Corruption(dir_ + ": compactions " + std::to_string(compactions.back()) +
                                " and " + std::to_string(compactions[compactions.size() - 2]) +
                                " are too far apart for a compact interval");
    }
    interval_ = static_cast<int>(gap);
  } else if (compactions.size() == 1) {
    interval_ = DeriveCompactInterval(options_.default_compact_interval, compactions.front());
  }
  return Status::Ok();
}

std::string CompactibleLog::PathOf(int64_t id) const {
  SLUICE_CHECK(interval_ > 0, "Open before use");
  std::string name = std::to_string(id);
  if (IsCompaction(id)) name += kCompactSuffix;
  return JoinPath(dir_, name);
}

int64_t CompactibleLog::FirstNeededFor(int64_t id) const {
  return std::max<int64_t>(0, (id + 1) / interval_ * interval_ - 1);
}

Status CompactibleLog::Add(int64_t id, const std::vector<std::string>& lines, int64_t now_ms,
                           const AtomicPublisher::BeforeTempSync& before_temp_sync) {
  SLUICE_CHECK(id >= 0, "batch ids are not negative");
  SLUICE_CHECK(interval_ > 0, "Open before use");
  std::vector<std::string> written;
  if (IsCompaction(id)) {
    for (int64_t earlier = std::max<int64_t>(0, id - interval_); earlier < id; ++earlier) {
      SLUICE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> got, ReadFileOf(earlier));
      if (!got) {
        return Status::Corruption(PathOf(earlier) + " is missing, and compacting batch " +
                                  std::to_string(id) + " (compact interval " +
                                  std::to_string(interval_) + ") needs it");
      }
      written.insert(written.end(), got->begin(), got->end());
    }
    written.insert(written.end(), lines.begin(), lines.end());
    if (options_.compact_lines) written = options_.compact_lines(std::move(written));
  } else {
    written = lines;
  }
  if (!dir_durable_) {
    SLUICE_RETURN_IF_ERROR(CreateDirsDurably(fs_, dir_));
    dir_durable_ = true;
  }
  Status published =
      publisher_->Publish(PathOf(id), EncodeLogFile(options_.format, written), before_temp_sync);
  if (!published.ok()) return published;
  return options_.delete_expired ? RemoveExpired(id, now_ms) : Status::Ok();
}

Status CompactibleLog::RemoveExpired(int64_t id, int64_t now_ms) {
  const int64_t oldest_retained = id + 1 - options_.min_batches_to_retain;
  if (interval_ > oldest_retained) return Status::Ok();
  // The compaction that the oldest retained batch is read through is kept, and what follows it.
  const int64_t keep_from = oldest_retained - oldest_retained % interval_ - 1;
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ListIds());
  for (int64_t old : ids) {
    if (old >= keep_from) break;
    const std::string path = JoinPath(dir_, std::to_string(old)) +
                             ((old + 1) % interval_ == 0 ? std::string(kCompactSuffix) : "");
    Result<FileInfo> info = fs_->Stat(path);
    if (!info.ok()) {
      if (info.status().code() == StatusCode::kNotFound) continue;
      return info.status();
    }
    if (info.value().modified_ms > now_ms - options_.cleanup_delay_ms) continue;
    Status removed = fs_->Remove(path);
    if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  }
  return Status::Ok();
}

Result<std::optional<std::vector<std::string>>> CompactibleLog::ReadFileOf(int64_t id) {
  const std::string path = PathOf(id);
  Result<std::string> bytes = fs_->ReadFile(path);
  if (!bytes.ok()) {
    if (bytes.status().code() == StatusCode::kNotFound) {
      return std::optional<std::vector<std::string>>();
    }
    return bytes.status();
  }
  SLUICE_ASSIGN_OR_RETURN(std::vector<std::string> lines,
                          DecodeLogFile(options_.format, bytes.value(), path));
  return std::optional<std::vector<std::string>>(std::move(lines));
}

Result<std::vector<int64_t>> CompactibleLog::ListIds() {
  return ListEntryIds(fs_, dir_, [](const std::string& name) { return IdOfName(name); });
}

Result<std::optional<int64_t>> CompactibleLog::LatestId() {
  SLUICE_ASSIGN_OR_RETURN(std::vector<int64_t> ids, ListIds());
  if (ids.empty()) return std::optional<int64_t>();
  return std::optional<int64_t>(ids.back());
}

Result<std::vector<std::string>> CompactibleLog::AllLines(int64_t latest_id) {
  std::vector<std::string> all;
  for (int64_t id = FirstNeededFor(latest_id); id <= latest_id; ++id) {
    SLUICE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> got, ReadFileOf(id));
    if (!got) {
      return Status::Corruption(PathOf(id) + " is missing; the log up to batch " +
                                std::to_string(latest_id) +
                                " needs it. Restore it, or start with a new checkpoint");
    }
    all.insert(all.end(), got->begin(), got->end());
  }
  return all;
}

}  // namespace sluice::storage
