// sluice-scenario: runs scenario files (tests/scenarios/FORMAT.md).
//
//   sluice-scenario [--crash-everywhere] [--only ID] FILE...
//
// One line per case, then per file `FILE: N passed, M failed, K skipped`; the last line reads
// `N passed, M failed, K skipped` over every file, and the exit status is non-zero when M > 0.
// Cases that need something not built yet are skipped and say what.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sim/scenario_runner.h"

namespace {

struct Counts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;

  void Add(sluice::sim::ScenarioOutcome::Kind kind) {
    using Kind = sluice::sim::ScenarioOutcome::Kind;
    (kind == Kind::kPassed ? passed : kind == Kind::kFailed ? failed : skipped) += 1;
  }
  void Add(const Counts& other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
  }
  void Print(const std::string& prefix) const {
    std::printf("%s%d passed, %d failed, %d skipped\n", prefix.c_str(), passed, failed, skipped);
  }
};

Counts RunFile(const std::string& file, const sluice::sim::ScenarioFileOptions& options) {
  Counts counts;
  std::ifstream in(file);
  if (!in) {
    std::printf("%s: cannot open\n", file.c_str());
    counts.failed = 1;
    return counts;
  }
  std::ostringstream text;
  text << in.rdbuf();
  sluice::sim::RunScenarioFile(
      text.str(), file, options, [&](const sluice::sim::CaseReport& report) {
        counts.Add(report.outcome.kind);
        std::printf("%s\n",
                    sluice::sim::FormatCaseReport(report, options.crash_everywhere).c_str());
        std::fflush(stdout);
      });
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run Sluice scenario files"};
  std::vector<std::string> files;
  sluice::sim::ScenarioFileOptions options;
  app.add_option("files", files, "scenario .jsonl files")->required();
  app.add_flag("--crash-everywhere", options.crash_everywhere,
               "re-run each case with a crash and restart at every crash point");
  app.add_option("--only", options.only, "run only the case with this id");
  CLI11_PARSE(app, argc, argv);

  Counts total;
  for (const std::string& file : files) {
    const Counts counts = RunFile(file, options);
    counts.Print(file + ": ");
    total.Add(counts);
  }
  total.Print("");
  return total.failed > 0 ? 1 : 0;
}
