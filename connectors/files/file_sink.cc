#include "connectors/files/file_sink.h"

#include <cstdio>

#include "connectors/files/file_uri.h"
#include "connectors/files/partition_folders.h"
#include "connectors/files/sink_file_status.h"
#include "connectors/files/source_options.h"
#include "engine/expr/csv_records.h"
#include "engine/expr/json_value_writer.h"
#include "engine/types/row_codec.h"

namespace sluice::connectors::files {
namespace {

constexpr int64_t kMicrosPerMilli = 1000;
// The csv options the sink takes, by Spark's names (matched ignoring case).
constexpr const char* kCsvWriteOptions[] = {"sep",
                                            "delimiter",
                                            "quote",
                                            "escape",
                                            "nullValue",
                                            "emptyValue",
                                            "quoteAll",
                                            "ignoreLeadingWhiteSpace",
                                            "ignoreTrailingWhiteSpace",
                                            "timestampFormat",
                                            "dateFormat"};

}  // namespace

Result<std::shared_ptr<FileSink>> FileSink::Create(
    storage::FileSystem* fs, std::string dir, const std::string& format,
    std::vector<std::string> partition_by, const std::map<std::string, std::string>& options,
    storage::Clock* clock, spec::TransitionListener* listener) {
  SLUICE_CHECK(fs != nullptr && clock != nullptr, "a file system and a clock");
  const std::string name = SourceOptions::Lower(format);
  SourceOptions o("file sink", options);
  RowWriter writer;
  if (name == "json") {
    writer = [](const engine::RecordBatch& rows, std::string* out) {
      engine::AppendJsonLines(rows, out);
    };
    SLUICE_RETURN_IF_ERROR(o.Finish({}));
  } else if (name == "csv") {
    SLUICE_ASSIGN_OR_RETURN(bool header, o.TakeBool("header", false));
    engine::CsvOptionMap csv;
    for (const char* key : kCsvWriteOptions) {
      if (auto v = o.TakeString(key)) csv[key] = *v;
    }
    std::vector<std::string> known(std::begin(kCsvWriteOptions), std::end(kCsvWriteOptions));
    known.push_back("header");
    SLUICE_RETURN_IF_ERROR(o.Finish(known));
    SLUICE_ASSIGN_OR_RETURN(engine::CsvWritePlan plan, engine::PlanCsvWriter(csv, "file sink"));
    writer = [plan = std::move(plan), header](const engine::RecordBatch& rows, std::string* out) {
      if (header) {
        std::vector<std::optional<std::string>> names;
        for (const auto& f : rows.schema().fields) names.emplace_back(f.name);
        out->append(engine::WriteCsvLine(names, plan.format, plan.write));
        out->push_back('\n');
      }
      engine::AppendCsvRows(rows, plan, out);
    };
  } else {
    return Status::InvalidArgument("file sink: the format '" + format +
                                   "' is not supported (json and csv)");
  }
  return std::shared_ptr<FileSink>(new FileSink(fs, std::move(dir), name, std::move(writer),
                                                std::move(partition_by), clock, listener));
}

FileSink::FileSink(storage::FileSystem* fs, std::string dir, std::string format, RowWriter writer,
                   std::vector<std::string> partition_by, storage::Clock* clock,
                   spec::TransitionListener* listener)
    : fs_(fs),
      dir_(std::move(dir)),
      format_(std::move(format)),
      writer_(std::move(writer)),
      partition_by_(std::move(partition_by)),
      clock_(clock),
      publisher_(fs, spec::kStandardProtocol.atomic_publish, listener),
      manifest_(fs, &publisher_, SinkManifestDir(dir_), [] {
        storage::CompactibleLogOptions o;
        o.format = storage::LogFileFormat::kSpark;
        o.default_compact_interval = 10;  // ...fileSink.log.compactInterval
        return o;
      }()) {}

std::string FileSink::Describe() const { return "FileSink[" + FileUriOf(dir_) + "]"; }

std::string FileSink::ManifestDir() const { return SinkManifestDir(dir_); }

Status FileSink::AcceptsOutputMode(engine::OutputMode mode) const {
  if (mode == engine::OutputMode::kAppend) return Status::Ok();
  return Status::InvalidArgument("Data source " + format_ + " does not support " +
                                 std::string(engine::OutputModeName(mode)) +
                                 " output mode (file sink " + FileUriOf(dir_) + ")");
}

Result<FileSink::WrittenParts> FileSink::WriteParts(const std::string& query_id, int64_t batch_id,
                                                    const engine::RecordBatch& rows) {
  // The partition columns, and the data columns written in the files.
  std::vector<size_t> keys;
  for (const std::string& col : partition_by_) {
    const std::optional<size_t> i = rows.schema().IndexOf(col);
    if (!i) {
      return Status::InvalidArgument("file sink: partition column " + col + " is not among " +
                                     rows.schema().Describe());
    }
    keys.push_back(*i);
  }
  engine::Schema data_schema;
  std::vector<uint32_t> data_columns;
  for (size_t c = 0; c < rows.num_columns(); ++c) {
    if (std::find(keys.begin(), keys.end(), c) != keys.end()) continue;
    data_schema.fields.push_back(rows.schema().fields[c]);
    data_columns.push_back(static_cast<uint32_t>(c));
  }
  if (data_columns.empty()) {  // Spark's PartitioningUtils.validatePartitionColumn
    return Status::InvalidArgument("file sink " + FileUriOf(dir_) +
                                   ": Cannot use all columns for partition columns");
  }
  // Rows grouped by partition folder, folders in order of first appearance; without partition
  // columns, the whole batch in the output folder, written as it is (no copy).
  std::vector<std::string> folders;
  std::map<std::string, std::vector<uint32_t>> rows_of;
  if (keys.empty() && rows.num_rows() > 0) folders.push_back(dir_);  // an empty batch: no file
  for (size_t r = 0; !keys.empty() && r < rows.num_rows(); ++r) {
    std::string folder = dir_;
    for (size_t k = 0; k < keys.size(); ++k) {
      const engine::Column& c = rows.column(keys[k]);
      const std::string value =
          c.IsNull(r) ? std::string() : engine::ValueToString(c.Get(r), c.type());
      folder = storage::JoinPath(folder, partition_by_[k] + "=" + EscapePartitionValue(value));
    }
    auto [it, fresh] = rows_of.try_emplace(folder);
    if (fresh) folders.push_back(folder);
    it->second.push_back(static_cast<uint32_t>(r));
  }
  WrittenParts parts;
  for (size_t task = 0; task < folders.size(); ++task) {
    const std::string& folder = folders[task];
    // The buffer is the sink's, reused batch after batch: its pages are not faulted in again.
    buffer_.clear();
    if (keys.empty()) {
      writer_(rows, &buffer_);  // the whole batch, as it is
    } else {
      SLUICE_RETURN_IF_ERROR(storage::CreateDirsDurably(fs_, folder));
      const engine::RecordBatch part = rows.Take(rows_of[folder]);
      std::vector<engine::Column> columns;
      for (uint32_t c : data_columns) columns.push_back(part.column(c));
      writer_(engine::RecordBatch(data_schema, std::move(columns)), &buffer_);
    }
    std::string index = std::to_string(task);
    index.insert(0, index.size() < 5 ? 5 - index.size() : 0, '0');  // Spark's %05d
    const std::string path =
        storage::JoinPath(folder, "part-" + index + "-" + query_id + "-" +
                                      std::to_string(batch_id) + ".c000." + format_);
    SLUICE_RETURN_IF_ERROR(fs_->WriteFile(path, buffer_));
    SLUICE_ASSIGN_OR_RETURN(storage::FileInfo info, fs_->Stat(path));
    parts.lines.push_back(
        EncodeSinkFileStatus({FileUriOf(path), info.size_bytes, info.modified_ms}));
    parts.paths.push_back(path);
  }
  parts.folders = std::move(folders);
  return parts;
}

Status FileSink::SyncParts(const WrittenParts& parts) {
  for (const std::string& path : parts.paths) SLUICE_RETURN_IF_ERROR(fs_->SyncFile(path));
  // The files' names durable before a manifest names them.
  for (const std::string& folder : parts.folders) SLUICE_RETURN_IF_ERROR(fs_->SyncDir(folder));
  return Status::Ok();
}

namespace {

// Whether a manifest file starts with a version line `v<N>` of a version after 1.
bool IsNewerLogVersion(std::string_view bytes) {
  const size_t end = bytes.find('\n');
  if (end == std::string_view::npos || end < 2 || bytes[0] != 'v') return false;
  const std::string_view digits = bytes.substr(1, end - 1);
  return digits.find_first_not_of("0123456789") == std::string_view::npos && digits != "1";
}

}  // namespace

Status FileSink::CheckNewestEntry(int64_t batch_id) {
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> latest, manifest_.LatestId());
  if (!latest) return Status::Ok();
  const std::string path = manifest_.PathOf(*latest);
  Status damaged = Status::Ok();
  Result<std::optional<std::vector<std::string>>> lines = manifest_.ReadFileOf(*latest);
  if (!lines.ok()) damaged = lines.status();
  for (size_t i = 0; damaged.ok() && lines.value() && i < lines.value()->size(); ++i) {
    damaged = DecodeSinkFileStatus((*lines.value())[i], path).status();
  }
  if (damaged.ok()) return Status::Ok();
  if (damaged.code() != StatusCode::kCorruption) return damaged;
  // An entry of a newer log version is whole, written by a newer Spark or Sluice: never rewritten.
  Result<std::string> bytes = fs_->ReadFile(path);
  if (bytes.ok() && IsNewerLogVersion(bytes.value())) return damaged;
  if (batch_id == *latest) {
    // The engine runs that batch again (it has not committed it): its entry is written anew.
    SLUICE_RETURN_IF_ERROR(fs_->Remove(path));
    return fs_->SyncDir(ManifestDir());
  }
  const std::string id = std::to_string(*latest);
  return Status::Corruption(
      damaged.message() +
      ". A crash does not leave a manifest entry damaged (each is published whole), so something "
      "else changed " +
      FileUriOf(path) + ". Restore it; or move it out of " + FileUriOf(ManifestDir()) +
      " and, in the checkpoint, delete commits/" + id +
      " and every offsets/ entry after it: batch " + id + " is then written again");
}

Status FileSink::AddBatch(const std::string& query_id, int64_t batch_id,
                          const engine::RecordBatch& rows, engine::OutputMode mode) {
  SLUICE_RETURN_IF_ERROR(AcceptsOutputMode(mode));
  std::lock_guard<std::mutex> lock(mu_);
  Status st = AddBatchLocked(query_id, batch_id, rows);
  // After a failure nothing this sink made is known to be durable (a failed fsync may have
  // dropped it): the next batch opens the folder and the manifest again.
  if (!st.ok()) opened_ = false;
  return st;
}

Status FileSink::AddBatchLocked(const std::string& query_id, int64_t batch_id,
                                const engine::RecordBatch& rows) {
  if (!opened_) {
    // The manifest's folder before any part file, as Spark's sink makes it when it starts: a
    // reader that lists the output then sees a sink's folder, and reads its manifest only.
    SLUICE_RETURN_IF_ERROR(storage::CreateDirsDurably(fs_, ManifestDir()));
    SLUICE_RETURN_IF_ERROR(manifest_.Open());
    SLUICE_RETURN_IF_ERROR(CheckNewestEntry(batch_id));
    SLUICE_ASSIGN_OR_RETURN(latest_, manifest_.LatestId());
    opened_ = true;
  }
  if (latest_ && batch_id <= *latest_) return Status::Ok();  // committed by an earlier attempt
  SLUICE_ASSIGN_OR_RETURN(const WrittenParts parts, WriteParts(query_id, batch_id, rows));
  // The parts are synced while the entry's bytes are written out (AtomicPublisher's
  // BeforeTempSync): named only once they are durable, the entry never lists a file a crash lost.
  Status added = manifest_.Add(batch_id, parts.lines, clock_->NowMicros() / kMicrosPerMilli,
                               [&] { return SyncParts(parts); });
  if (added.ok()) latest_ = batch_id;
  if (added.code() == StatusCode::kAlreadyExists) {
    return Status::FailedPrecondition("file sink " + FileUriOf(dir_) + ": race while writing " +
                                      manifest_.PathOf(batch_id) +
                                      ": another query writes to the same folder");
  }
  return added;
}

}  // namespace sluice::connectors::files
