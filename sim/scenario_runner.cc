#include "sim/scenario_runner.h"

#include "sim/scenario_keys.h"
#include "sim/scenario_run.h"

namespace sluice::sim {
namespace {

using nlohmann::json;

ScenarioOutcome Failed(std::string detail) {
  return {ScenarioOutcome::Kind::kFailed, std::move(detail), 0, 0};
}

// Where a parse error is, as a person counts it: the file's line, and the column in characters.
std::string ParseErrorText(const std::string& line, int line_no, const json::parse_error& e) {
  size_t column = 1;
  for (size_t i = 0; i + 1 < e.byte && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++column;  // not a UTF-8 tail
  }
  // nlohmann's text names line 1 of the one line it saw; keep only what follows its position.
  const std::string what = e.what();
  const size_t cut = what.find(": ", what.find("column"));
  return "malformed JSON at line " + std::to_string(line_no) + ", column " +
         std::to_string(column) + ": " + (cut == std::string::npos ? what : what.substr(cut + 2));
}

// The report of one non-blank line; nullopt for a case that `options.only` leaves out.
std::optional<CaseReport> RunLine(const std::string& line, int line_no, const std::string& file,
                                  const ScenarioFileOptions& options) {
  const std::string place = file + ":" + std::to_string(line_no);
  json scenario;
  try {
    scenario = json::parse(line);
  } catch (const json::parse_error& e) {
    return CaseReport{place, Failed(ParseErrorText(line, line_no, e))};
  }
  if (!scenario.is_object()) {
    return CaseReport{place, Failed("line " + std::to_string(line_no) + " is not a JSON object")};
  }
  const bool has_id = scenario.contains("id") && scenario["id"].is_string();
  const std::string name = has_id ? scenario["id"].get<std::string>() : place;
  if (!options.only.empty() && name != options.only) return std::nullopt;
  try {
    return CaseReport{name, RunScenario(scenario, options.crash_everywhere)};
  } catch (const json::exception& e) {  // a shape that the checks before running did not foresee
    return CaseReport{name, Failed(std::string("malformed case: ") + e.what())};
  }
}

}  // namespace

ScenarioOutcome RunScenario(const json& scenario, bool crash_everywhere) {
  if (Status keys = CheckScenarioKeys(scenario); !keys.ok()) return Failed(keys.message());
  ScenarioOutcome out;
  ScenarioRun plain(scenario, std::nullopt, {});
  Status st = plain.Run();
  if (plain.needs()) {
    return {ScenarioOutcome::Kind::kSkipped, *plain.needs() + " is not built yet", 0, 0};
  }
  if (!st.ok()) return Failed(st.message());
  if (!crash_everywhere) return out;
  const auto variants = faults::AllCrashVariants();
  for (int64_t point = 1; point <= plain.points(); ++point) {
    const faults::CrashState state = variants[point % variants.size()];
    ScenarioRun run(scenario, point, state);
    Status crashed = run.Run();
    ++out.crash_runs;
    out.unverifiable_checks += run.unverifiable_checks();
    if (!crashed.ok()) {
      return {ScenarioOutcome::Kind::kFailed,
              "with a crash at point " + std::to_string(point) + " (" + state.Name() +
                  "): " + crashed.message(),
              out.crash_runs, out.unverifiable_checks};
    }
  }
  return out;
}

void RunScenarioFile(std::string_view text, const std::string& file,
                     const ScenarioFileOptions& options,
                     const std::function<void(const CaseReport&)>& on_case) {
  int line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string line(text.substr(pos, end - pos));
    SLUICE_CHECK(end + 1 > pos, "each line moves the position on");
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (std::optional<CaseReport> report = RunLine(line, line_no, file, options)) on_case(*report);
  }
}

std::string FormatCaseReport(const CaseReport& report, bool crash_everywhere) {
  const ScenarioOutcome& o = report.outcome;
  switch (o.kind) {
    case ScenarioOutcome::Kind::kPassed:
      if (!crash_everywhere) return report.name + ": PASS";
      return report.name + ": PASS (" + std::to_string(o.crash_runs) + " crash runs; " +
             std::to_string(o.unverifiable_checks) + " progress checks unverifiable after a crash)";
    case ScenarioOutcome::Kind::kFailed:
      return report.name + ": FAIL: " + o.detail;
    case ScenarioOutcome::Kind::kSkipped:
      return report.name + ": skipped: " + o.detail;
  }
  SLUICE_CHECK(false, "an outcome of an unknown kind");
  return "";
}

}  // namespace sluice::sim
