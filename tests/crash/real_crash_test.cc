// Real crashes: a real query (sluice-crash-child) over the POSIX file system, killed with SIGKILL
// at random moments and restarted, must deliver every row exactly once, as the simulator's oracle
// judges it. And a torn newest log entry on the real disk, left between two runs, must end in a
// refusal that names the file and a fix that works.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/filesystem.hpp>
#include <chrono>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "sim/oracle.h"
#include "sim/recording_sink.h"
#include "storage/checkpoint.h"
#include "storage/posix_file_system.h"

namespace sluice {
namespace {

namespace fs = boost::filesystem;

constexpr int64_t kRows = 400;
constexpr int kMaxRowsPerBatch = 3;

struct ChildResult {
  bool killed = false;
  int exit_code = -1;
  std::string stderr_text;
};

class RealCrashTest : public ::testing::Test {
 protected:
  RealCrashTest() {
    root_ = fs::temp_directory_path() / fs::unique_path("sluice-real-crash-%%%%%%%%");
    fs::create_directories(root_ / "sink");
  }
  ~RealCrashTest() override { fs::remove_all(root_); }

  // Runs the child; with `kill_after`, sends SIGKILL after that long unless it exited first.
  ChildResult Run(std::optional<std::chrono::microseconds> kill_after, int64_t stop_after = -1) {
    const std::string err = (root_ / "stderr").string();
    const pid_t pid = fork();
    if (pid == 0) {
      if (!freopen(err.c_str(), "w", stderr)) _exit(126);
      const std::string rows = std::to_string(kRows), limit = std::to_string(kMaxRowsPerBatch),
                        stop = std::to_string(stop_after);
      execl(SLUICE_CRASH_CHILD, SLUICE_CRASH_CHILD, (root_ / "checkpoint").c_str(),
            (root_ / "sink").c_str(), rows.c_str(), limit.c_str(), stop.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    ChildResult result;
    int status = 0;
    if (kill_after) {
      // Polls for an early exit while the kill moment has not come.
      const auto deadline = std::chrono::steady_clock::now() + *kill_after;
      while (std::chrono::steady_clock::now() < deadline) {
        if (waitpid(pid, &status, WNOHANG) == pid) return Finish(status);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
      kill(pid, SIGKILL);
    }
    waitpid(pid, &status, 0);
    return Finish(status);
  }

  ChildResult Finish(int status) {
    ChildResult r;
    r.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream in((root_ / "stderr").string());
    std::stringstream text;
    text << in.rdbuf();
    r.stderr_text = text.str();
    return r;
  }

  // The sink's files, in batch order, as the oracle's recording sink; then the oracle's verdict.
  std::vector<std::string> Verdict() {
    sim::RecordingSink sink(true);
    std::map<int64_t, fs::path> files;
    for (const auto& e : fs::directory_iterator(root_ / "sink")) {
      const std::string name = e.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      files[std::stoll(name)] = e.path();
    }
    engine::Schema schema{
        {{"id", engine::DataType::kInt64}, {"doubled", engine::DataType::kInt64}}};
    storage::PosixFileSystem disk((root_ / "checkpoint").string());
    storage::Checkpoint checkpoint(&disk, spec::kStandardProtocol, nullptr);
    // The files do not hold the query id: each batch is given the checkpoint's.
    auto metadata = checkpoint.ReadMetadata();
    const std::string query_id =
        metadata.ok() && metadata->has_value() ? metadata.value()->query_id : "no metadata";
    for (const auto& [batch, path] : files) {
      std::ifstream in(path.string());
      engine::RecordBatch rows(schema);
      std::string line;
      while (std::getline(in, line)) {
        const size_t comma = line.find(',');
        rows.AppendRow({std::stoll(line.substr(0, comma)), std::stoll(line.substr(comma + 1))});
      }
      EXPECT_TRUE(sink.AddBatch(query_id, batch, rows, engine::OutputMode::kAppend).ok());
    }
    sim::Oracle oracle;
    for (int64_t id = 0; id < kRows; ++id) oracle.ExpectRow(id, id % 5 != 3);
    return oracle.Check(sink, checkpoint);
  }

  fs::path root_;
};

TEST_F(RealCrashTest, SigkillAtRandomMomentsKeepsExactlyOnce) {
  std::mt19937 rng(20261121);  // fixed: the same kill moments on every run of the test
  std::uniform_int_distribution<int> delay_us(2000, 40000);
  int kills = 0;
  std::string progress;  // sink files after each kill: the kills fall at different moments
  for (int attempt = 0; attempt < 12; ++attempt) {
    const ChildResult r = Run(std::chrono::microseconds(delay_us(rng)));
    ASSERT_TRUE(r.killed || r.exit_code == 0) << "exit " << r.exit_code << ": " << r.stderr_text;
    kills += r.killed ? 1 : 0;
    progress += " " + std::to_string(std::distance(fs::directory_iterator(root_ / "sink"),
                                                   fs::directory_iterator()));
    if (!r.killed) break;  // it finished before the kill
  }
  EXPECT_GT(kills, 0) << "no run was killed: the kill moments are too late for this machine";
  const ChildResult last = Run(std::nullopt);
  ASSERT_EQ(last.exit_code, 0) << last.stderr_text;
  const std::vector<std::string> violations = Verdict();
  EXPECT_TRUE(violations.empty()) << violations.size()
                                  << " violations, first: " << violations.front();
  std::printf("killed %d times; sink files after each run:%s; the oracle found %zu violations\n",
              kills, progress.c_str(), violations.size());
}

// Cuts the newest entry of `log` to `keep` bytes (0: empty) on the real disk, between runs.
void Truncate(const fs::path& checkpoint, const std::string& log, size_t keep) {
  int64_t newest = -1;
  for (const auto& e : fs::directory_iterator(checkpoint / log)) {
    const std::string name = e.path().filename().string();
    if (!name.empty() && name[0] != '.') newest = std::max<int64_t>(newest, std::stoll(name));
  }
  ASSERT_GE(newest, 0);
  fs::resize_file(checkpoint / log / std::to_string(newest), keep);
}

TEST_F(RealCrashTest, TornNewestCommitEntryIsRefusedAndItsFixRecoversExactlyOnce) {
  ASSERT_EQ(Run(std::nullopt, 10).exit_code, 0);
  Truncate(root_ / "checkpoint", "commits", 5);
  ChildResult r = Run(std::nullopt);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.stderr_text.find("commits/9"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("move commits/9 out of commits/ and restart"), std::string::npos)
      << r.stderr_text;
  fs::rename(root_ / "checkpoint" / "commits" / "9", root_ / "checkpoint" / "commits" / ".9.torn");
  r = Run(std::nullopt);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  const std::vector<std::string> violations = Verdict();
  EXPECT_TRUE(violations.empty()) << violations.front();
}

TEST_F(RealCrashTest, TornOrCorruptNewestOffsetsEntryIsRefusedNamingTheFile) {
  ASSERT_EQ(Run(std::nullopt, 10).exit_code, 0);
  Truncate(root_ / "checkpoint", "offsets", 0);
  ChildResult r = Run(std::nullopt);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.stderr_text.find("offsets/9"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("delete offsets/9 and restart"), std::string::npos) << r.stderr_text;
  // A flipped byte in place of a cut: the checksum catches it.
  {
    std::fstream f((root_ / "checkpoint" / "offsets" / "8").string(),
                   std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4);
    f.put('#');
  }
  fs::remove(root_ / "checkpoint" / "offsets" / "9");
  r = Run(std::nullopt);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.stderr_text.find("offsets/8"), std::string::npos) << r.stderr_text;
  EXPECT_NE(r.stderr_text.find("checksum mismatch"), std::string::npos) << r.stderr_text;
}

}  // namespace
}  // namespace sluice
