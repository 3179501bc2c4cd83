// sluice-scenario: runs scenario files (../shared/scenarios/FORMAT.md).
//
//   sluice-scenario [--crash-everywhere] [--only ID] FILE...
//
// One line per case; the last line reads `N passed, M failed, K skipped`, and the exit status is
// non-zero when M > 0. Cases that need an operator not built yet are skipped and say which.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/scenario_runner.h"

int main(int argc, char** argv) {
  CLI::App app{"Run Sluice scenario files"};
  std::vector<std::string> files;
  bool crash_everywhere = false;
  std::string only;
  app.add_option("files", files, "scenario .jsonl files")->required();
  app.add_flag("--crash-everywhere", crash_everywhere,
               "re-run each case with a crash and restart at every crash point");
  app.add_option("--only", only, "run only the case with this id");
  CLI11_PARSE(app, argc, argv);

  int passed = 0, failed = 0, skipped = 0;
  for (const std::string& file : files) {
    std::ifstream in(file);
    if (!in) {
      std::printf("%s: cannot open\n", file.c_str());
      ++failed;
      continue;
    }
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      auto scenario = nlohmann::json::parse(line, nullptr, false);
      if (scenario.is_discarded() || !scenario.is_object()) {
        std::printf("%s:%d: FAIL: not a JSON object\n", file.c_str(), line_no);
        ++failed;
        continue;
      }
      const std::string id = scenario.value("id", file + ":" + std::to_string(line_no));
      if (!only.empty() && id != only) continue;
      const auto outcome = sluice::sim::RunScenario(scenario, crash_everywhere);
      switch (outcome.kind) {
        case sluice::sim::ScenarioOutcome::Kind::kPassed:
          ++passed;
          if (crash_everywhere) {
            std::printf("%s: PASS (%lld crash runs; %lld progress checks unverifiable after a crash)\n",
                        id.c_str(), static_cast<long long>(outcome.crash_runs),
                        static_cast<long long>(outcome.unverifiable_checks));
          } else {
            std::printf("%s: PASS\n", id.c_str());
          }
          break;
        case sluice::sim::ScenarioOutcome::Kind::kFailed:
          ++failed;
          std::printf("%s: FAIL: %s\n", id.c_str(), outcome.detail.c_str());
          break;
        case sluice::sim::ScenarioOutcome::Kind::kSkipped:
          ++skipped;
          std::printf("%s: skipped: %s\n", id.c_str(), outcome.detail.c_str());
          break;
      }
    }
  }
  std::printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
  return failed > 0 ? 1 : 0;
}
