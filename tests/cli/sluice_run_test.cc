// `sluice run` as a user runs it: the example pipelines of examples/pipelines on data each test
// makes, a bad pipeline refused before anything runs, SIGINT as a clean stop, and SIGKILL at
// seeded moments during a file -> aggregate -> file pipeline, after which the committed output
// (read as Spark reads it, through `_spark_metadata`) must equal a fault-free run's. Damaged
// manifest and seen-files entries on the real disk are recovered or refused naming the fix.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "connectors/files/file_uri.h"
#include "connectors/files/sink_file_status.h"
#include "connectors/files/text_lines.h"
#include "storage/posix_file_system.h"

namespace sluice {
namespace {

namespace fs = boost::filesystem;
using nlohmann::json;

struct Exit {
  bool killed = false;  // by SIGKILL
  int code = -1;        // the exit code when it exited
  std::string out, err;
};

std::string Slurp(const fs::path& p) {
  std::ifstream in(p.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p.string()) << text;
}

size_t LineCount(const fs::path& p) {
  const std::string text = Slurp(p);
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

class SluiceRunTest : public ::testing::Test {
 protected:
  SluiceRunTest() {
    root_ = fs::temp_directory_path() / fs::unique_path("sluice-run-%%%%%%%%");
    fs::create_directories(root_);
  }
  ~SluiceRunTest() override { fs::remove_all(root_); }

  // Copies an example pipeline into the test's folder.
  fs::path Example(const std::string& name) {
    const fs::path to = root_ / (name + ".json");
    fs::copy_file(fs::path(SLUICE_SOURCE_DIR) / "examples" / "pipelines" / (name + ".json"), to);
    return to;
  }

  // Starts `sluice run PIPELINE --progress-log progress.jsonl` in the test's folder.
  pid_t Spawn(const fs::path& pipeline) {
    const pid_t pid = fork();
    if (pid == 0) {
      if (chdir(root_.c_str()) != 0) _exit(126);
      if (!freopen("stdout.txt", "w", stdout) || !freopen("stderr.txt", "w", stderr)) _exit(126);
      execl(SLUICE_BIN, SLUICE_BIN, "run", pipeline.c_str(), "--progress-log", "progress.jsonl",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    return pid;
  }

  Exit Wait(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    Exit e;
    e.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    e.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    e.out = Slurp(root_ / "stdout.txt");
    e.err = Slurp(root_ / "stderr.txt");
    return e;
  }

  Exit Run(const fs::path& pipeline) { return Wait(Spawn(pipeline)); }

  // Runs the pipeline and sends SIGKILL after `kill_after` unless it exited first.
  Exit RunAndKill(const fs::path& pipeline, std::chrono::microseconds kill_after) {
    const pid_t pid = Spawn(pipeline);
    const auto deadline = std::chrono::steady_clock::now() + kill_after;
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
      if (waitpid(pid, &status, WNOHANG) == pid) {
        Exit e;
        e.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        e.err = Slurp(root_ / "stderr.txt");
        return e;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    kill(pid, SIGKILL);
    return Wait(pid);
  }

  // The rows the file sink's manifest has committed under `dir`, each as its JSON line or CSV
  // line prefixed by its partition folder, sorted.
  std::vector<std::string> Committed(const fs::path& dir) {
    storage::PosixFileSystem machine("/");
    auto files = connectors::files::ReadSinkManifest(&machine, dir.string().substr(1));
    EXPECT_TRUE(files.ok()) << files.status().ToString();
    std::vector<std::string> rows;
    if (!files.ok()) return rows;
    for (const auto& f : files.value()) {
      const std::string path = connectors::files::PathOfFileUri(f.uri).value();
      const std::string bytes = Slurp("/" + path);
      EXPECT_EQ(static_cast<int64_t>(bytes.size()), f.size_bytes) << f.uri;
      const std::string folder = fs::path(path).parent_path().filename().string();
      for (std::string_view line : connectors::files::SplitLines(bytes)) {
        rows.push_back(folder + " " + std::string(line));
      }
    }
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  fs::path root_;
};

// "2026-12-03T10:05:00.000Z" for minute 5 after 10:00.
std::string IsoMinute(int minute) {
  char text[40];
  std::snprintf(text, sizeof(text), "2026-12-03T%02d:%02d:00.000Z", 10 + minute / 60, minute % 60);
  return text;
}

struct Clicks {
  std::map<std::pair<int, std::string>, int> per_window;  // (window start minute, page) -> clicks
  int newest_second = 0;                                  // seconds after 10:00
};

// Clicks on three pages, one file per 10 minutes of clicks, modified in file order.
Clicks WriteClicks(const fs::path& dir, int files) {
  Clicks clicks;
  const char* pages[] = {"home", "cart", "checkout"};
  std::mt19937 rng(7);
  for (int f = 0; f < files; ++f) {
    std::string text;
    for (int i = 0; i < 20; ++i) {
      const int minute = f * 10 + static_cast<int>(rng() % 10);
      const int second = 1 + static_cast<int>(rng() % 59);  // never on a window's edge
      const std::string page = pages[rng() % 3];
      char time[40];
      std::snprintf(time, sizeof(time), "2026-12-03T%02d:%02d:%02dZ", 10 + minute / 60, minute % 60,
                    second);
      text += R"({"user":"u)" + std::to_string(rng() % 5) + R"(","page":")" + page +
              R"(","time":")" + time + "\"}\n";
      ++clicks.per_window[{minute / 5 * 5, page}];
      clicks.newest_second = std::max(clicks.newest_second, minute * 60 + second);
    }
    char name[32];
    std::snprintf(name, sizeof(name), "clicks-%03d.json", f);
    Write(dir / name, text);
    fs::last_write_time(dir / name, 1700000000 + f);
  }
  return clicks;
}

TEST_F(SluiceRunTest, JsonFilesToAFiveMinuteWindowCountInJsonFiles) {
  const int kFiles = 6;
  const Clicks clicks = WriteClicks(root_ / "data" / "clicks", kFiles);
  const Exit e = Run(Example("json_window_count"));
  ASSERT_EQ(e.code, 0) << e.err;
  // maxFilesPerTrigger 1: a batch per file, then one that the final watermark lets emit.
  EXPECT_EQ(LineCount(root_ / "progress.jsonl"), static_cast<size_t>(kFiles + 1));
  // The watermark ends 10 minutes behind the newest click; append mode emits the windows that
  // end by then.
  const int watermark_second = clicks.newest_second - 600;
  std::vector<std::string> want;
  for (const auto& [key, n] : clicks.per_window) {
    if ((key.first + 5) * 60 > watermark_second) continue;
    nlohmann::ordered_json row;  // the sink writes the columns in order
    row["window"] = {{"start", IsoMinute(key.first)}, {"end", IsoMinute(key.first + 5)}};
    row["page"] = key.second;
    row["clicks"] = n;
    want.push_back("clicks_per_window " + row.dump());
  }
  std::sort(want.begin(), want.end());
  ASSERT_GE(want.size(), 10u);
  EXPECT_EQ(Committed(root_ / "out" / "clicks_per_window"), want);
}

TEST_F(SluiceRunTest, CsvFilesFilteredAndProjectedIntoPartitionFolders) {
  Write(root_ / "data" / "orders" / "a.csv",
        "id,country,amount,time\n1,fr,150.50,2026-12-03 10:00:00\n2,de,20.00,2026-12-03 "
        "11:00:00\n3,de,300.00,2026-12-04 01:00:00\n");
  Write(root_ / "data" / "orders" / "b.csv",
        "id,country,amount,time\n4,,99.99,2026-12-05 "
        "00:00:00\n5,it,100.00,2026-12-05 00:00:00\n");
  const Exit e = Run(Example("csv_filter_partitioned"));
  ASSERT_EQ(e.code, 0) << e.err;
  // Each partition's file starts with the header; the partition column is in the folder's name.
  const std::vector<std::string> want{"country=DE 3,300.00,2026-12-04", "country=DE id,amount,day",
                                      "country=FR 1,150.50,2026-12-03", "country=FR id,amount,day",
                                      "country=IT 5,100.00,2026-12-05", "country=IT id,amount,day"};
  EXPECT_EQ(Committed(root_ / "out" / "large_orders"), want);
  // Read back as Spark reads a partitioned sink's output: through its manifest, with the
  // partition column from the folder names.
  Write(root_ / "back.json", R"({"checkpoint": "ckpt-back",
    "inputs": [{"name": "orders", "format": "csv", "path": "out/large_orders",
                "schema": "id INT, amount DECIMAL(10,2), day DATE, country STRING",
                "options": {"header": true}}],
    "ops": [], "trigger": {"kind": "available_now"},
    "sink": {"format": "json", "path": "back"}})");
  const Exit back = Run(root_ / "back.json");
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_EQ(Committed(root_ / "back"),
            (std::vector<std::string>{
                R"(back {"id":1,"amount":150.50,"day":"2026-12-03","country":"FR"})",
                R"(back {"id":3,"amount":300.00,"day":"2026-12-04","country":"DE"})",
                R"(back {"id":5,"amount":100.00,"day":"2026-12-05","country":"IT"})"}));
}

TEST_F(SluiceRunTest, RateToConsoleStopsCleanlyOnSigintAndGoesOnAfterARestart) {
  const fs::path pipeline = Example("rate_to_console");
  std::vector<int64_t> first_batches;
  for (int run = 0; run < 2; ++run) {
    const size_t lines_before = LineCount(root_ / "progress.jsonl");
    const pid_t pid = Spawn(pipeline);
    // Wait (bounded) for two more batches: the trigger runs once a second.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (LineCount(root_ / "progress.jsonl") < lines_before + 2 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGINT);
    const Exit e = Wait(pid);
    ASSERT_EQ(e.code, 0) << e.err;
    std::istringstream progress(Slurp(root_ / "progress.jsonl"));
    std::vector<int64_t> batches;
    for (std::string line; std::getline(progress, line);) {
      batches.push_back(json::parse(line).at("batchId").get<int64_t>());
    }
    ASSERT_GE(batches.size(), lines_before + 2);
    first_batches.push_back(batches[lines_before]);
    EXPECT_NE(e.out.find("Batch: " + std::to_string(batches[lines_before])), std::string::npos)
        << e.out;
    EXPECT_NE(e.out.find("|timestamp"), std::string::npos) << e.out;
  }
  // The second run goes on from the checkpoint, after the first run's batches.
  EXPECT_GT(first_batches[1], first_batches[0]);
}

TEST_F(SluiceRunTest, ABadPipelineIsRefusedBeforeAnythingRunsNamingTheKeyPath) {
  Write(root_ / "bad.json",
        R"({"checkpoint": "ckpt", "inputs": [{"name": "in", "format": "json", "path": "in",
            "schema": "a INT", "options": {"maxFilesPerTrigger": 0}}],
            "ops": [], "sink": {"format": "console"}})");
  Exit e = Run(root_ / "bad.json");
  EXPECT_EQ(e.code, 2);
  EXPECT_NE(e.err.find("inputs[0].options.maxFilesPerTrigger"), std::string::npos) << e.err;
  EXPECT_NE(e.err.find("positive integer"), std::string::npos) << e.err;
  EXPECT_FALSE(fs::exists(root_ / "ckpt"));
  Write(root_ / "bad.json", R"({"checkpoint": "ckpt", "inputs": [], "ops": [],
                                "sink": {"format": "json", "path": "out", "optoins": {}}})");
  e = Run(root_ / "bad.json");
  EXPECT_EQ(e.code, 2);
  EXPECT_NE(e.err.find("sink: unknown key 'optoins'"), std::string::npos) << e.err;
  EXPECT_FALSE(fs::exists(root_ / "ckpt"));
}

// A file -> window count -> file pipeline over `files` files, one per batch.
fs::path WriteAggregatePipeline(const fs::path& dir) {
  Write(dir / "pipeline.json", R"({
    "checkpoint": "ckpt",
    "inputs": [{"name": "clicks", "format": "json", "path": "in",
                "schema": "user STRING, page STRING, time TIMESTAMP",
                "options": {"maxFilesPerTrigger": 1}}],
    "ops": [{"op": "with_watermark", "col": "time", "delay": "5 minutes"},
            {"op": "group_by", "keys": [
              {"expr": {"fn": "window", "args": [{"col": "time"}], "duration": "10 minutes"},
               "as": "window"},
              {"expr": {"col": "page"}, "as": "page"}]},
            {"op": "agg", "aggs": [{"fn": "count", "arg": "*", "as": "clicks"},
                                   {"fn": "count_distinct", "arg": {"col": "user"}, "as": "users"}]}],
    "output_mode": "append",
    "trigger": {"kind": "available_now"},
    "sink": {"format": "json", "path": "out", "partition_by": ["page"]}})");
  return dir / "pipeline.json";
}

TEST_F(SluiceRunTest, SigkillAtSeededMomentsKeepsTheCommittedOutputExactlyAsAFaultFreeRun) {
  const int kFiles = 40;
  // The fault-free run, in a folder of its own.
  const fs::path clean = root_;
  WriteClicks(clean / "in", kFiles);
  const fs::path pipeline = WriteAggregatePipeline(clean);
  ASSERT_EQ(Run(pipeline).code, 0);
  const std::vector<std::string> want = Committed(clean / "out");
  ASSERT_FALSE(want.empty());
  fs::remove_all(clean / "ckpt");
  fs::remove_all(clean / "out");

  std::mt19937 rng(20261203);  // fixed: the same kill moments on every run of the test
  std::uniform_int_distribution<int> delay_us(3000, 60000);
  int kills = 0;
  for (int attempt = 0; attempt < 60 && kills < 12; ++attempt) {
    const Exit e = RunAndKill(pipeline, std::chrono::microseconds(delay_us(rng)));
    ASSERT_TRUE(e.killed || e.code == 0) << "exit " << e.code << ": " << e.err;
    if (!e.killed) {  // it finished before the kill: start over on fresh output
      fs::remove_all(clean / "ckpt");
      fs::remove_all(clean / "out");
      continue;
    }
    ++kills;
  }
  ASSERT_GE(kills, 10) << "too few runs were killed: the kill moments are too late";
  const Exit last = Run(pipeline);
  ASSERT_EQ(last.code, 0) << last.err;
  EXPECT_EQ(Committed(clean / "out"), want);
  std::printf("killed %d times; the committed output equals the fault-free run's (%zu rows)\n",
              kills, want.size());
}

// The newest entry of a folder of numbered entries.
fs::path Newest(const fs::path& dir) {
  int64_t newest = -1;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (!name.empty() && std::isdigit(static_cast<unsigned char>(name[0]))) {
      newest = std::max<int64_t>(newest, std::stoll(name));
    }
  }
  return dir / std::to_string(newest);
}

TEST_F(SluiceRunTest, ADamagedManifestEntryIsWrittenAgainWhenItsBatchReruns) {
  WriteClicks(root_ / "in", 4);
  const fs::path pipeline = WriteAggregatePipeline(root_);
  ASSERT_EQ(Run(pipeline).code, 0);
  const std::vector<std::string> want = Committed(root_ / "out");
  // The newest batch's manifest entry torn, and its commit gone: the batch runs again.
  const fs::path entry = Newest(root_ / "out" / "_spark_metadata");
  fs::resize_file(entry, 5);
  fs::remove(root_ / "ckpt" / "commits" / entry.filename());
  const Exit e = Run(pipeline);
  ASSERT_EQ(e.code, 0) << e.err;
  EXPECT_EQ(Committed(root_ / "out"), want);
}

TEST_F(SluiceRunTest, ADamagedManifestEntryOfACommittedBatchIsRefusedNamingItAndTheFix) {
  WriteClicks(root_ / "in", 4);
  const fs::path pipeline = WriteAggregatePipeline(root_);
  ASSERT_EQ(Run(pipeline).code, 0);
  const std::vector<std::string> want = Committed(root_ / "out");
  const fs::path entry = Newest(root_ / "out" / "_spark_metadata");
  const std::string id = entry.filename().string();
  const std::string bytes = Slurp(entry);
  fs::resize_file(entry, 5);
  WriteClicks(root_ / "in2", 1);  // a new file, so the next run has a batch to write
  fs::rename(root_ / "in2" / "clicks-000.json", root_ / "in" / "clicks-new.json");
  Exit e = Run(pipeline);
  EXPECT_EQ(e.code, 1);
  EXPECT_NE(e.err.find("_spark_metadata/" + id), std::string::npos) << e.err;
  EXPECT_NE(e.err.find("delete commits/" + id + " and every offsets/ entry after it"),
            std::string::npos)
      << e.err;
  // The fix the message gives works.
  fs::rename(entry, root_ / ("damaged-" + id));
  fs::remove(root_ / "ckpt" / "commits" / id);
  for (int64_t later = std::stoll(id) + 1;
       fs::exists(root_ / "ckpt" / "offsets" / std::to_string(later)); ++later) {
    fs::remove(root_ / "ckpt" / "offsets" / std::to_string(later));
  }
  e = Run(pipeline);
  ASSERT_EQ(e.code, 0) << e.err;
  const std::vector<std::string> after = Committed(root_ / "out");
  for (const std::string& row : want) {
    EXPECT_TRUE(std::binary_search(after.begin(), after.end(), row)) << row;
  }
}

TEST_F(SluiceRunTest, ADamagedSeenFilesEntryIsRefusedNamingItAndTheFix) {
  WriteClicks(root_ / "in", 3);
  const fs::path pipeline = WriteAggregatePipeline(root_);
  ASSERT_EQ(Run(pipeline).code, 0);
  const fs::path entry = Newest(root_ / "ckpt" / "sources" / "0");
  fs::resize_file(entry, 10);
  const Exit e = Run(pipeline);
  EXPECT_EQ(e.code, 2);
  EXPECT_NE(e.err.find("sources/0/" + entry.filename().string()), std::string::npos) << e.err;
  EXPECT_NE(e.err.find("restore it, or start with a new checkpoint"), std::string::npos) << e.err;
}

}  // namespace
}  // namespace sluice
