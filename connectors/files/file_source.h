// FileSource: Spark's file stream source. It reads the files that appear in a folder, each file
// once, in order of modification time, a bounded number per trigger.
//
// Each trigger lists the folder (connectors/files/file_listing.h), keeps the files that are new
// (connectors/files/seen_files.h: not taken before, and not older than maxFileAge behind the
// newest file taken), orders them by modification time (newest first with latestFirst; ties in
// path order), and takes what the read limit allows. The files taken are written, before the
// batch is logged, as the next entry of the seen-files log in sources/<n>/ of the checkpoint
// (a compactible log of FileEntry lines), and the offset is that entry's number:
// `{"logOffset":k}`. A batch (start, end] reads the files of entries start+1..end, so a restarted
// query reads the same files for the same batch.
//
// Options (Spark's names, any case): maxFilesPerTrigger or maxBytesPerTrigger (not both),
// latestFirst, maxFileAge (7d; ignored with latestFirst and a limit), fileNameOnly,
// pathGlobFilter, recursiveFileLookup, maxCachedFiles and discardCachedInputRatio (files listed
// but not taken are kept for the next trigger, as Spark does), cleanSource (off, delete, or
// archive into sourceArchiveDir: a file is moved to <sourceArchiveDir>/<its path>) and
// sourceArchiveDir. Files are cleaned when the engine acknowledges a batch that ends at their
// seen-files entry (Commit, after that batch is committed), once: a clean run again after a
// crash finds them gone or archived and goes on.
// Formats: `text` and `json`, with their options (connectors/files/record_file_reader.h).
//
// A folder that is a file sink's output (it holds `_spark_metadata/`) is read through that
// manifest: only committed files are seen, never a crashed attempt's part files.
//
// Under Trigger.AvailableNow the folder is listed once, when the query starts, and the limits
// still apply. The folder must exist when the source is opened. A source object serves one
// query at a time; Open rebuilds everything from the checkpoint.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "connectors/files/file_entry.h"
#include "connectors/files/file_listing.h"
#include "connectors/files/record_file_reader.h"
#include "connectors/files/seen_files.h"
#include "engine/io/source.h"
#include "storage/compactible_log.h"

namespace sluice::connectors::files {

class FileSource : public engine::Source {
 public:
  // `dir`: the folder, a path of `fs` (which outlives the source). `format`: text or json.
  // `schema`: the DDL string the user gave; for text it may be empty (else `value STRING`).
  static Result<std::shared_ptr<FileSource>> Create(
      std::string name, storage::FileSystem* fs, std::string dir, const std::string& format,
      const std::string& schema, const std::map<std::string, std::string>& options);

  std::string Name() const override { return name_; }
  std::string Description() const override;
  const engine::Schema& schema() const override { return reader_->schema(); }
  int NumPartitions() const override { return 1; }
  engine::ReadLimit DefaultReadLimit() const override;
  // Reads the seen-files log back; refuses a folder that does not exist.
  Status Open(const engine::SourceContext& context) override;
  engine::SourceOffset InitialOffset() const override { return OffsetOf(-1); }
  Result<engine::SourceOffset> ParseOffset(const std::string& json) const override;
  Result<std::optional<engine::SourceOffset>> PrepareForAvailableNow(
      const engine::SourceOffset& start) override;
  // Lists the folder and writes the files it takes as a new seen-files entry.
  Result<engine::SourceOffset> LatestOffset(const engine::SourceOffset& start,
                                            const engine::ReadLimit& limit) override;
  Result<engine::RecordBatch> Read(int partition, const engine::SourceOffset& start,
                                   const engine::SourceOffset& end) override;
  // Cleans the files of the seen-files entry `end` ends at (cleanSource), as Spark does.
  Status Commit(const engine::SourceOffset& end) override;

  // The offset of seen-files entry `log_offset` ({"logOffset":k}), and back: Spark's shape, or a
  // bare number as Spark 2.0 wrote it; Corruption for anything else.
  static engine::SourceOffset OffsetOf(int64_t log_offset);
  static Result<int64_t> LogOffsetOf(const std::string& json);

 private:
  struct Options {
    std::optional<int64_t> max_files;
    std::optional<int64_t> max_bytes;
    bool latest_first = false;
    int64_t max_file_age_ms = 0;
    bool file_name_only = false;
    bool recursive_file_lookup = false;  // true: no partition discovery
    std::optional<NameGlob> name_filter;
    int64_t max_cached_files = 10000;
    double discard_cached_input_ratio = 0.2;
    enum class Clean { kOff, kDelete, kArchive } clean = Clean::kOff;
    std::string archive_dir;  // a path of the file system, for kArchive
  };

  FileSource(std::string name, storage::FileSystem* fs, std::string dir,
             std::unique_ptr<RecordFileReader> reader, Options options);
  // The files in the folder: from its file sink manifest when it has one (`_spark_metadata`,
  // decided at the first listing that finds either, as Spark does), else by listing it.
  Result<std::vector<ListedFile>> ListFiles();
  // The files a file sink's manifest has committed.
  Result<std::vector<ListedFile>> ManifestFiles();
  // The new files in the order they are taken, from the cache, the AvailableNow listing or a
  // fresh listing.
  Result<std::vector<ListedFile>> NewFiles();
  // The files of seen-files entry `id`. Corruption naming the entry when it is missing.
  Result<std::vector<FileEntry>> EntryFiles(int64_t id);
  // The bytes of one file, taken by seen-files entry `id`; an error naming it.
  Result<std::string> ReadFile(const FileEntry& entry, int64_t id);
  // Deletes or archives one file taken by a committed batch.
  Status CleanFile(const std::string& path);

  std::string name_;
  storage::FileSystem* fs_;
  std::string dir_;
  std::unique_ptr<RecordFileReader> reader_;
  Options options_;

  std::mutex mu_;  // guards what follows: Read runs on the scheduler's threads
  std::unique_ptr<storage::CompactibleLog> log_;  // set by Open
  storage::Clock* clock_ = nullptr;               // set by Open
  SeenFiles seen_;
  int64_t log_offset_ = -1;                                     // the newest seen-files entry
  std::optional<std::vector<ListedFile>> unread_;               // listed, not taken yet
  std::optional<std::vector<ListedFile>> available_now_files_;  // the listing at start
  std::map<int64_t, std::vector<FileEntry>> entries_;  // seen-files entries read or written
  std::optional<bool> reads_manifest_;                 // whether the folder is a file sink's output
};

}  // namespace sluice::connectors::files
