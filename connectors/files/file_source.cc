#include "connectors/files/file_source.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <set>

#include "connectors/files/file_uri.h"
#include "connectors/files/partition_folders.h"
#include "connectors/files/sink_file_status.h"
#include "connectors/files/source_options.h"
#include "engine/expr/cast.h"

namespace sluice::connectors::files {
namespace {

constexpr int64_t kMicrosPerMilli = 1000;
constexpr int64_t kDefaultMaxFileAgeMs = 7LL * 24 * 3600 * 1000;  // "7d"

// A folder path of the file system as one spelling: no leading '/' (the root), no "." parts, no
// empty parts, no trailing '/'. So `in`, `/in/`, `./in` and `in//` are one folder, as Hadoop's
// Path makes them.
std::string NormalizePath(const std::string& path) {
  std::string out;
  size_t begin = 0;
  while (begin <= path.size()) {
    const size_t end = std::min(path.find('/', begin), path.size());
    const std::string part = path.substr(begin, end - begin);
    if (!part.empty() && part != ".") out += (out.empty() ? "" : "/") + part;
    begin = end + 1;
  }
  return out;
}

// Whether `path` is `folder` or inside it (both normalized; "" is the root).
bool IsAtOrUnder(const std::string& path, const std::string& folder) {
  return folder.empty() || path == folder || path.starts_with(folder + "/");
}

// Spark's takeFilesUntilMax: the first file always, then files while the total stays within
// `max_bytes` and none was left out yet. Returns how many are taken.
size_t TakenWithinBytes(const std::vector<ListedFile>& files, int64_t max_bytes) {
  __int128 total = 0;
  size_t taken = 0;
  for (const ListedFile& f : files) {
    if (taken > 0 && total + f.size_bytes > max_bytes) break;
    total += f.size_bytes;
    ++taken;
  }
  return taken;
}

int64_t BytesOf(const std::vector<ListedFile>& files, size_t from) {
  __int128 total = 0;
  for (size_t i = from; i < files.size(); ++i) total += files[i].size_bytes;
  return static_cast<int64_t>(std::min<__int128>(total, INT64_MAX));
}

// The rows a file gave a batch: [begin, end).
struct FileRows {
  std::string path;
  size_t begin;
  size_t end;
};

// Whether a schema column is named `name`, as Spark's default resolver compares (any case).
bool SameColumnName(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// `batch` with the columns that the files' partition folders (`col=value/` below `dir`) name
// taking those values, cast to the column's type (a value that does not cast is null), for the
// rows of each file below such a folder; the rows of other files keep what the files hold.
// A folder naming a column whose type no text casts to (an array, a map, a struct) is an error
// naming the file and the column.
Result<engine::RecordBatch> WithPartitionValues(engine::RecordBatch batch, const std::string& dir,
                                                const std::vector<FileRows>& files) {
  const engine::Schema& schema = batch.schema();
  // Per file, per schema column: the folder's value (nullopt inside: a null value).
  std::vector<std::map<size_t, std::optional<std::string>>> values(files.size());
  std::set<size_t> named;
  for (size_t f = 0; f < files.size(); ++f) {
    for (auto& [name, value] : PartitionValuesOf(dir, files[f].path)) {
      for (size_t c = 0; c < schema.fields.size(); ++c) {
        if (!SameColumnName(schema.fields[c].name, name)) continue;
        if (!engine::CanCast(engine::DataType::kString, schema.fields[c].type)) {
          return Status::InvalidArgument(
              "file source: the partition folder '" + name + "=' above " +
              FileUriOf(files[f].path) + " names column '" + schema.fields[c].name + "' of type " +
              engine::TypeName(schema.fields[c].type) +
              ", which a folder's text cannot give (rename the folder or the column, or set "
              "recursiveFileLookup to true)");
        }
        values[f][c] = value;
        named.insert(c);
      }
    }
  }
  if (named.empty()) return batch;
  std::vector<engine::Column> columns;
  for (size_t c = 0; c < batch.num_columns(); ++c) columns.push_back(batch.column(c));
  for (size_t c : named) {
    const engine::Column& held = batch.column(c);
    engine::Column out(held.type());
    out.Reserve(batch.num_rows());
    for (size_t f = 0; f < files.size(); ++f) {
      auto it = values[f].find(c);
      if (it == values[f].end()) {
        for (size_t r = files[f].begin; r < files[f].end; ++r) out.Append(held.Get(r));
        continue;
      }
      engine::Value v;  // null
      if (it->second) {
        engine::Column text(engine::DataType::kString);
        text.AppendString(*it->second);
        v = engine::CastColumn(text, held.type()).Get(0);
      }
      for (size_t r = files[f].begin; r < files[f].end; ++r) out.Append(v);
    }
    columns[c] = std::move(out);
  }
  return engine::RecordBatch(schema, std::move(columns));
}
}  // namespace

Result<std::shared_ptr<FileSource>> FileSource::Create(
    std::string name, storage::FileSystem* fs, std::string dir, const std::string& format,
    const std::string& schema_ddl, const std::map<std::string, std::string>& options) {
  SLUICE_CHECK(fs != nullptr, "a file system");
  SourceOptions o("file source '" + name + "'", options);
  SLUICE_ASSIGN_OR_RETURN(std::unique_ptr<RecordFileReader> reader,
                          MakeRecordFileReader(format, schema_ddl, o));
  for (const char* refused : {"modifiedBefore", "modifiedAfter"}) {
    if (o.Has(refused)) {
      return Status::InvalidArgument("file source '" + name + "': option '" + refused +
                                     "' is not allowed in file stream sources");
    }
  }
  Options opts;
  SLUICE_ASSIGN_OR_RETURN(opts.max_files,
                          o.TakeCount("maxFilesPerTrigger", 1, false, "positive integer"));
  SLUICE_ASSIGN_OR_RETURN(opts.max_bytes,
                          o.TakeCount("maxBytesPerTrigger", 1, true, "positive integer"));
  if (opts.max_files && opts.max_bytes) {
    return Status::InvalidArgument("file source '" + name +
                                   "': options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' "
                                   "can't be both set at the same time");
  }
  SLUICE_ASSIGN_OR_RETURN(opts.latest_first, o.TakeBool("latestFirst", false));
  SLUICE_ASSIGN_OR_RETURN(opts.max_file_age_ms, o.TakeMillis("maxFileAge", kDefaultMaxFileAgeMs));
  // Spark: with latestFirst and a limit, maxFileAge is ignored (the newest files come first, so
  // an age would drop the older backlog for good).
  if (opts.latest_first && (opts.max_files || opts.max_bytes)) opts.max_file_age_ms = INT64_MAX;
  SLUICE_ASSIGN_OR_RETURN(opts.file_name_only, o.TakeBool("fileNameOnly", false));
  if (auto glob = o.TakeString("pathGlobFilter")) {
    SLUICE_ASSIGN_OR_RETURN(NameGlob g, NameGlob::Parse(*glob));
    opts.name_filter = std::move(g);
  }
  // Folders are always walked; without recursiveFileLookup, partition folders (k=v) give their
  // columns values, as Spark's partition discovery does.
  SLUICE_ASSIGN_OR_RETURN(opts.recursive_file_lookup, o.TakeBool("recursiveFileLookup", false));
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> cached,
                          o.TakeCount("maxCachedFiles", 0, false, "positive integer"));
  if (cached) opts.max_cached_files = *cached;
  if (auto ratio = o.TakeString("discardCachedInputRatio")) {
    double r = 0;
    const auto [end, ec] = std::from_chars(ratio->data(), ratio->data() + ratio->size(), r);
    if (ec != std::errc() || end != ratio->data() + ratio->size() || !(r >= 0)) {
      return Status::InvalidArgument("file source '" + name + "': invalid value '" + *ratio +
                                     "' for option 'discardCachedInputRatio', must be a positive "
                                     "float");
    }
    opts.discard_cached_input_ratio = r;
  }
  if (auto clean = o.TakeString("cleanSource")) {
    const std::string mode = SourceOptions::Lower(*clean);
    if (mode != "off" && mode != "archive" && mode != "delete") {
      return Status::InvalidArgument("file source '" + name +
                                     "': invalid mode for clean source "
                                     "option " +
                                     *clean + ". Must be one of ARCHIVE,DELETE,OFF");
    }
    opts.clean = mode == "archive"  ? Options::Clean::kArchive
                 : mode == "delete" ? Options::Clean::kDelete
                                    : Options::Clean::kOff;
  }
  if (auto archive = o.TakeString("sourceArchiveDir")) opts.archive_dir = NormalizePath(*archive);
  if (opts.clean == Options::Clean::kArchive) {
    if (opts.archive_dir.empty()) {
      return Status::InvalidArgument(
          "file source '" + name + "': archive mode must be used with 'sourceArchiveDir' option.");
    }
    // An archived file goes to <archive>/<its path>: inside the source folder when the archive
    // is the folder, under it, or above it (Spark refuses these too).
    const std::string source = NormalizePath(dir);
    if (IsAtOrUnder(opts.archive_dir, source) || IsAtOrUnder(source, opts.archive_dir)) {
      return Status::InvalidArgument(
          "file source '" + name + "': sourceArchiveDir " + FileUriOf(opts.archive_dir) +
          " is the source folder " + FileUriOf(source) +
          ", inside it, or above it: archived files would land in the source folder and be read "
          "again; choose a folder outside it");
    }
  }
  std::vector<std::string> known = {
      "maxFilesPerTrigger",  "maxBytesPerTrigger", "latestFirst",
      "maxFileAge",          "fileNameOnly",       "pathGlobFilter",
      "recursiveFileLookup", "maxCachedFiles",     "discardCachedInputRatio",
      "cleanSource",         "sourceArchiveDir"};
  for (std::string& k : RecordFileReaderOptions(format)) known.push_back(std::move(k));
  SLUICE_RETURN_IF_ERROR(o.Finish(known));
  return std::shared_ptr<FileSource>(
      new FileSource(std::move(name), fs, NormalizePath(dir), std::move(reader), std::move(opts)));
}

FileSource::FileSource(std::string name, storage::FileSystem* fs, std::string dir,
                       std::unique_ptr<RecordFileReader> reader, Options options)
    : name_(std::move(name)),
      fs_(fs),
      dir_(std::move(dir)),
      reader_(std::move(reader)),
      options_(std::move(options)),
      seen_(options_.max_file_age_ms, options_.file_name_only) {}

std::string FileSource::Description() const { return "FileStreamSource[" + FileUriOf(dir_) + "]"; }

engine::ReadLimit FileSource::DefaultReadLimit() const {
  engine::ReadLimit limit;
  limit.max_files = options_.max_files;
  limit.max_bytes = options_.max_bytes;
  return limit;
}

engine::SourceOffset FileSource::OffsetOf(int64_t log_offset) {
  return {"{\"logOffset\":" + std::to_string(log_offset) + "}"};
}

Result<int64_t> FileSource::LogOffsetOf(const std::string& json) {
  // Spark's FileStreamSourceOffset: {"logOffset":k}, or a bare number from Spark 2.0.
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  const nlohmann::json* n = &j;
  if (j.is_object() && j.size() == 1 && j.contains("logOffset")) n = &j["logOffset"];
  if (!n->is_number_integer() || (n->is_number_unsigned() && n->get<uint64_t>() > INT64_MAX) ||
      n->get<int64_t>() < -1) {
    return Status::Corruption("'" + json.substr(0, 200) +
                              "' is not a file source offset ({\"logOffset\":k})");
  }
  return n->get<int64_t>();
}

Result<engine::SourceOffset> FileSource::ParseOffset(const std::string& json) const {
  SLUICE_ASSIGN_OR_RETURN(int64_t k, LogOffsetOf(json));
  return OffsetOf(k);
}

Status FileSource::Open(const engine::SourceContext& context) {
  SLUICE_CHECK(context.log != nullptr && context.clock != nullptr, "a source log and a clock");
  Result<storage::FileInfo> folder = fs_->Stat(dir_);
  if (!folder.ok() || !folder.value().is_dir) {
    if (folder.ok() || folder.status().code() == StatusCode::kNotFound) {
      return Status::NotFound("file source '" + name_ + "': path does not exist: " +
                              FileUriOf(dir_) + (folder.ok() ? " (it is a file)" : ""));
    }
    return folder.status().WithContext("file source '" + name_ + "': " + FileUriOf(dir_));
  }
  storage::CompactibleLogOptions log_options;
  log_options.default_compact_interval = 10;  // spark.sql.streaming.fileSource.log.compactInterval
  auto log = std::make_unique<storage::CompactibleLog>(
      context.log->AsCompactibleLog(std::move(log_options)));
  SLUICE_RETURN_IF_ERROR(log->Open());
  SeenFiles seen(options_.max_file_age_ms, options_.file_name_only);
  int64_t log_offset = -1;
  SLUICE_ASSIGN_OR_RETURN(std::optional<int64_t> latest, log->LatestId());
  if (latest) {
    Result<std::vector<std::string>> lines = log->AllLines(*latest);
    if (lines.status().code() == StatusCode::kCorruption) {
      return Status::Corruption(
          "file source '" + name_ + "': " + lines.status().message() +
          ". A crash does not leave a seen-files entry damaged (each is published whole), so "
          "something else changed it. If it is the newest entry and no offsets/ entry holds its "
          "{\"logOffset\":N} yet, move it out of " +
          log->dir() + " and restart; otherwise restore it, or start with a new checkpoint");
    }
    SLUICE_RETURN_IF_ERROR(lines.status());
    for (const std::string& line : lines.value()) {
      SLUICE_ASSIGN_OR_RETURN(FileEntry e, DecodeFileEntry(line, log->dir()));
      seen.Add(e.uri, e.modified_ms);
    }
    seen.Purge();
    log_offset = *latest;
  }
  std::lock_guard<std::mutex> lock(mu_);
  log_ = std::move(log);
  clock_ = context.clock;
  seen_ = std::move(seen);
  log_offset_ = log_offset;
  unread_.reset();
  available_now_files_.reset();
  entries_.clear();
  reads_manifest_.reset();
  return Status::Ok();
}

Result<std::vector<ListedFile>> FileSource::ManifestFiles() {
  SLUICE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> committed, ReadSinkManifest(fs_, dir_));
  std::vector<ListedFile> files;
  for (const SinkFileStatus& s : committed) {
    if (s.is_dir) continue;
    Result<std::string> path = PathOfFileUri(s.uri);
    if (!path.ok()) return path.status().WithContext(SinkManifestDir(dir_));
    if (options_.name_filter && !options_.name_filter->Matches(FileNameOfUri(s.uri))) continue;
    files.push_back({path.value(), s.modified_ms, s.size_bytes});
  }
  return files;
}

Result<std::vector<ListedFile>> FileSource::ListFiles() {
  const std::string manifest_dir = SinkManifestDir(dir_);
  if (!reads_manifest_) {
    SLUICE_ASSIGN_OR_RETURN(bool has_manifest, fs_->Exists(manifest_dir));
    if (has_manifest) reads_manifest_ = true;
  }
  if (reads_manifest_ == true && options_.clean != Options::Clean::kOff) {
    return Status::InvalidArgument("file source '" + name_ +
                                   "': clean up source files is not supported when reading from "
                                   "the output directory of FileStreamSink (" +
                                   FileUriOf(dir_) + ")");
  }
  if (reads_manifest_ == true) return ManifestFiles();
  SLUICE_ASSIGN_OR_RETURN(std::vector<ListedFile> files,
                          ListLeafFiles(fs_, dir_, options_.name_filter));
  if (!reads_manifest_ && !files.empty()) {
    // Decided once files are seen; the manifest may have appeared since the look above.
    SLUICE_ASSIGN_OR_RETURN(bool has_manifest, fs_->Exists(manifest_dir));
    reads_manifest_ = has_manifest;
    if (has_manifest) return ListFiles();
  }
  return files;
}

Result<std::vector<ListedFile>> FileSource::NewFiles() {
  if (unread_ && !unread_->empty()) return *unread_;
  std::vector<ListedFile> all;
  if (available_now_files_) {
    all = *available_now_files_;
  } else {
    SLUICE_ASSIGN_OR_RETURN(all, ListFiles());
  }
  std::vector<ListedFile> fresh;
  for (ListedFile& f : all) {
    if (seen_.IsNew(FileUriOf(f.path), f.modified_ms)) fresh.push_back(std::move(f));
  }
  // Oldest first (newest first with latestFirst); the listing's path order breaks ties.
  std::stable_sort(fresh.begin(), fresh.end(), [this](const ListedFile& a, const ListedFile& b) {
    return options_.latest_first ? a.modified_ms > b.modified_ms : a.modified_ms < b.modified_ms;
  });
  return fresh;
}

Result<std::optional<engine::SourceOffset>> FileSource::PrepareForAvailableNow(
    const engine::SourceOffset& start) {
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_ASSIGN_OR_RETURN(available_now_files_, ListFiles());
  return std::optional<engine::SourceOffset>();
}

Result<engine::SourceOffset> FileSource::LatestOffset(const engine::SourceOffset& start,
                                                      const engine::ReadLimit& limit) {
  SLUICE_ASSIGN_OR_RETURN(int64_t start_offset, LogOffsetOf(start.json));
  std::lock_guard<std::mutex> lock(mu_);
  SLUICE_CHECK(log_ != nullptr, "the file source is opened before it is read");
  if (start_offset > log_offset_) {
    return Status::Corruption("file source '" + name_ +
                              "': the batch starts after seen-files entry " +
                              std::to_string(start_offset) + " but " + log_->dir() +
                              " ends at entry " + std::to_string(log_offset_) +
                              ": the seen-files log lost entries; restore it, or start "
                              "with a new checkpoint");
  }
  // Entries at or before `start` are never read again (Commit of `start` may still look at it).
  entries_.erase(entries_.begin(), entries_.lower_bound(start_offset));
  SLUICE_ASSIGN_OR_RETURN(std::vector<ListedFile> fresh, NewFiles());
  // Files listed but not taken are kept for the next trigger, unless the listing is a snapshot
  // (AvailableNow), the order is newest first, or too few are left to be worth keeping.
  const bool may_cache = !options_.latest_first && !available_now_files_;
  size_t taken = fresh.size();
  bool keep_rest = false;
  if (limit.max_files) {
    taken = std::min<size_t>(fresh.size(), static_cast<size_t>(*limit.max_files));
    keep_rest = may_cache &&
                static_cast<double>(fresh.size() - taken) >=
                    static_cast<double>(*limit.max_files) * options_.discard_cached_input_ratio;
  } else if (limit.max_bytes) {
    taken = TakenWithinBytes(fresh, *limit.max_bytes);
    keep_rest = may_cache &&
                static_cast<double>(BytesOf(fresh, taken)) >=
                    static_cast<double>(*limit.max_bytes) * options_.discard_cached_input_ratio;
  }
  std::optional<std::vector<ListedFile>> unread;
  if (keep_rest && taken < fresh.size() && options_.max_cached_files > 0) {
    const size_t end = taken + std::min<size_t>(fresh.size() - taken,
                                                static_cast<size_t>(options_.max_cached_files));
    unread.emplace(fresh.begin() + static_cast<std::ptrdiff_t>(taken),
                   fresh.begin() + static_cast<std::ptrdiff_t>(end));
  }
  int64_t log_offset = log_offset_;
  std::vector<FileEntry> entries;
  if (taken > 0) {
    ++log_offset;
    std::vector<std::string> lines;
    for (size_t i = 0; i < taken; ++i) {
      entries.push_back({FileUriOf(fresh[i].path), fresh[i].modified_ms, log_offset});
      lines.push_back(EncodeFileEntry(entries.back()));
    }
    Status added = log_->Add(log_offset, lines, clock_->NowMicros() / kMicrosPerMilli);
    if (added.code() == StatusCode::kAlreadyExists) {
      return Status::FailedPrecondition(
          "file source '" + name_ + "': concurrent update to the log " + log_->PathOf(log_offset) +
          ". Multiple streaming jobs detected for " + std::to_string(log_offset));
    }
    SLUICE_RETURN_IF_ERROR(added);
  }
  // Only once the entry is durable does the source count its files as seen.
  for (const FileEntry& e : entries) seen_.Add(e.uri, e.modified_ms);
  seen_.Purge();
  unread_ = std::move(unread);
  if (taken > 0) entries_[log_offset] = std::move(entries);
  log_offset_ = log_offset;
  return OffsetOf(log_offset);
}

Result<std::vector<FileEntry>> FileSource::EntryFiles(int64_t id) {
  if (auto it = entries_.find(id); it != entries_.end()) return it->second;
  SLUICE_ASSIGN_OR_RETURN(std::optional<std::vector<std::string>> lines, log_->ReadFileOf(id));
  if (!lines) {
    return Status::Corruption("file source '" + name_ + "': " + log_->PathOf(id) +
                              " is missing, and a logged batch reads it: the seen-files log lost "
                              "entries; restore it, or start with a new checkpoint");
  }
  std::vector<FileEntry> files;
  for (const std::string& line : *lines) {
    SLUICE_ASSIGN_OR_RETURN(FileEntry e, DecodeFileEntry(line, log_->PathOf(id)));
    if (e.batch_id == id) files.push_back(std::move(e));  // a compaction holds earlier ones too
  }
  entries_[id] = files;
  return files;
}

Result<std::string> FileSource::ReadFile(const FileEntry& entry, int64_t id) {
  SLUICE_ASSIGN_OR_RETURN(std::string path, PathOfFileUri(entry.uri));
  Result<std::string> bytes = fs_->ReadFile(path);
  if (!bytes.ok()) {
    const std::string what = bytes.status().code() == StatusCode::kNotFound
                                 ? " no longer exists (it was taken by seen-files entry " +
                                       std::to_string(id) +
                                       "; a file must stay until the batch that reads it commits)"
                                 : " cannot be read";
    return bytes.status().WithContext("file source '" + name_ + "': " + entry.uri + what);
  }
  return bytes;
}

Result<engine::RecordBatch> FileSource::Read(int partition, const engine::SourceOffset& start,
                                             const engine::SourceOffset& end) {
  SLUICE_CHECK(partition == 0, "the file source has one partition");
  SLUICE_ASSIGN_OR_RETURN(int64_t first, LogOffsetOf(start.json));
  SLUICE_ASSIGN_OR_RETURN(int64_t last, LogOffsetOf(end.json));
  // The files' sizes first, so that the first file's rows can size the columns for all; then
  // each file read and its rows appended in place, one file in memory at a time.
  std::vector<std::pair<FileEntry, int64_t>> files;  // (file, its seen-files entry)
  for (int64_t id = first + 1; id <= last; ++id) {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_CHECK(log_ != nullptr, "the file source is opened before it is read");
    SLUICE_ASSIGN_OR_RETURN(std::vector<FileEntry> entries, EntryFiles(id));
    for (FileEntry& f : entries) files.emplace_back(std::move(f), id);
  }
  size_t bytes_to_come = 0;
  for (const auto& [entry, id] : files) {
    SLUICE_ASSIGN_OR_RETURN(std::string path, PathOfFileUri(entry.uri));
    Result<storage::FileInfo> info = fs_->Stat(path);
    if (info.ok()) bytes_to_come += static_cast<size_t>(info->size_bytes);  // else: ReadFile says
  }
  engine::Column rows(reader_->row_type());
  std::vector<FileRows> file_rows;
  for (const auto& [entry, id] : files) {
    SLUICE_ASSIGN_OR_RETURN(std::string bytes, ReadFile(entry, id));
    const size_t before = rows.size();
    SLUICE_RETURN_IF_ERROR(reader_->AppendRows(bytes, entry.uri, &rows, bytes_to_come));
    bytes_to_come -= std::min(bytes_to_come, bytes.size());
    SLUICE_ASSIGN_OR_RETURN(std::string path, PathOfFileUri(entry.uri));
    file_rows.push_back({std::move(path), before, rows.size()});
  }
  engine::RecordBatch batch = reader_->ToBatch(std::move(rows));
  if (options_.recursive_file_lookup) return batch;  // Spark: no partition discovery then
  return WithPartitionValues(std::move(batch), dir_, file_rows);
}

Status FileSource::CleanFile(const std::string& path) {
  if (options_.clean == Options::Clean::kDelete) {
    // Gone already: cleaned before a crash.
    if (!fs_->Remove(path).ok()) return Status::Ok();
    return fs_->SyncDir(storage::ParentDir(path));
  }
  const std::string to = storage::JoinPath(options_.archive_dir, path);
  SLUICE_RETURN_IF_ERROR(storage::CreateDirsDurably(fs_, storage::ParentDir(to)));
  Status moved = fs_->RenameNoReplace(path, to);
  // A file gone was archived (or removed by someone else) before a crash.
  if (moved.code() == StatusCode::kNotFound) return Status::Ok();
  if (moved.code() == StatusCode::kAlreadyExists) {
    // A crash between the archive folder's sync and the source folder's can leave both names:
    // the move is finished by removing the source name when the archived file is the same
    // bytes. Another file under that name stays where it is, as in Spark.
    SLUICE_ASSIGN_OR_RETURN(std::string archived, fs_->ReadFile(to));
    Result<std::string> source = fs_->ReadFile(path);
    if (!source.ok() || source.value() != archived) return Status::Ok();
    SLUICE_RETURN_IF_ERROR(fs_->Remove(path));
    return fs_->SyncDir(storage::ParentDir(path));
  }
  if (!moved.ok()) return Status::Ok();  // best effort, as Spark's cleaner (see Commit)
  // The new name first: a crash between the syncs leaves both names, never neither.
  SLUICE_RETURN_IF_ERROR(fs_->SyncDir(storage::ParentDir(to)));
  return fs_->SyncDir(storage::ParentDir(path));
}

Status FileSource::Commit(const engine::SourceOffset& end) {
  if (options_.clean == Options::Clean::kOff) return Status::Ok();
  SLUICE_ASSIGN_OR_RETURN(int64_t k, LogOffsetOf(end.json));
  if (k < 0) return Status::Ok();
  std::vector<FileEntry> files;
  {
    std::lock_guard<std::mutex> lock(mu_);
    SLUICE_CHECK(log_ != nullptr, "the file source is opened before it is acknowledged");
    // Spark cleans the files of the entry the batch ends at (a batch that spans more entries,
    // after a restart, leaves the earlier ones' files).
    SLUICE_ASSIGN_OR_RETURN(files, EntryFiles(k));
  }
  // Best effort, as Spark's cleaner, which logs a failure and goes on: a file that cannot be
  // moved or removed (another device, no permission) stays, and never stops the query; it is
  // seen, so it is not read again. A storage error stops the clean of the rest of the entry.
  for (const FileEntry& f : files) {
    Result<std::string> path = PathOfFileUri(f.uri);
    if (!path.ok() || !CleanFile(path.value()).ok()) continue;
  }
  return Status::Ok();
}

}  // namespace sluice::connectors::files
