#include "sim/script.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <sstream>

#include "sim/rng.h"

namespace sluice::sim {
namespace {

constexpr uint64_t kCommandStream = 2;  // the generator's own draws

void AddStatelessInput(Script& s, Rng& rng) {
  int64_t next_id = 0;
  auto add = [&](int64_t at_ms, int source, int rows) {
    Command c;
    c.at_ms = at_ms;
    c.amount = source;
    for (int r = 0; r < rows; ++r) c.rows.push_back({next_id++, 0});
    s.commands.push_back(std::move(c));
  };
  if (s.mode == Mode::kExhaustive) {
    // The reference pipeline: three batches, each with input from both sources.
    for (int b = 0; b < 3; ++b) {
      add(b * 300 + 50, 0, 3);
      add(b * 300 + 60, 1, 2);
    }
    return;
  }
  const int count = static_cast<int>(rng.Range(6, 14));
  for (int i = 0; i < count; ++i) {
    const int rows = static_cast<int>(rng.Range(1, 6));
    add(rng.Range(0, 2500), static_cast<int>(rng.Uniform(2)), rows);
  }
}

// Rows of (id, event time) with event times near their arrival, some late, some repeated.
void AddStatefulInput(Script& s, Rng& rng) {
  const bool exhaustive = s.mode == Mode::kExhaustive;
  int64_t next_id = 0;
  std::vector<std::pair<int64_t, int64_t>> all;
  const int count = exhaustive ? 4 : static_cast<int>(rng.Range(6, 14));
  std::vector<Command> adds;
  for (int i = 0; i < count; ++i) {
    Command c;
    c.at_ms = exhaustive ? i * 300 + 50 : rng.Range(0, 2500);
    c.amount = i % 2;
    const int rows = exhaustive ? 2 : static_cast<int>(rng.Range(1, 5));
    for (int r = 0; r < rows; ++r) {
      if (!all.empty() && (exhaustive ? r == 1 && i == 2 : rng.Chance(0.2))) {
        c.rows.push_back(all[exhaustive ? 0 : rng.Uniform(all.size())]);  // a duplicate
        continue;
      }
      const int64_t skew_ms = exhaustive ? -100 * r : rng.Range(-1200, 300);
      c.rows.push_back({next_id++, std::max<int64_t>(1, c.at_ms + skew_ms)});
      all.push_back(c.rows.back());
    }
    adds.push_back(std::move(c));
  }
  std::stable_sort(adds.begin(), adds.end(),
                   [](const Command& x, const Command& y) { return x.at_ms < y.at_ms; });
  for (Command& c : adds) s.commands.push_back(std::move(c));
}

// Up to three crashes, each at a point past the previous one.
void AddCrashes(Script& s, Rng& rng) {
  int64_t point = 0;
  for (int i = 0; i < 3; ++i) {
    if (!rng.Chance(0.75)) continue;
    point += rng.Range(1, 250);
    Command c;
    c.kind = CommandKind::kCrash;
    c.point = point;
    s.commands.push_back(c);
  }
}

// The swarm's other faults: each seed draws its own mix.
void AddSwarmFaults(Script& s, Rng& rng) {
  static constexpr faults::IoFault kIo[] = {faults::IoFault::kEio, faults::IoFault::kEnospc,
                                            faults::IoFault::kSyncFailure,
                                            faults::IoFault::kSyncLosesData};
  const int io = static_cast<int>(rng.Range(0, 4));
  for (int i = 0; i < io; ++i) {
    Command c;
    c.kind = CommandKind::kIoFault;
    c.point = rng.Range(1, 400);
    c.fault = kIo[rng.Uniform(4)];
    s.commands.push_back(c);
  }
  if (rng.Chance(0.3)) {
    Command c;
    c.kind = CommandKind::kSlowStorage;
    c.at_ms = rng.Range(0, 2500);
    c.duration_ms = rng.Range(100, 1500);
    c.amount = rng.Range(1, 40) * 1000;
    s.commands.push_back(c);
  }
  for (int i = 0; i < 2; ++i) {
    if (!rng.Chance(0.3)) continue;
    Command c;
    c.kind = CommandKind::kClockJump;
    c.at_ms = rng.Range(0, 3000);
    c.amount = rng.Range(1, 3000) * (rng.Chance(0.5) ? 1 : -1);
    s.commands.push_back(c);
  }
  if (rng.Chance(0.3)) {
    Command c;
    c.kind = CommandKind::kOutage;
    c.at_ms = rng.Range(0, 2500);
    c.duration_ms = rng.Range(50, 1000);
    c.amount = s.stateful ? 2 * static_cast<int64_t>(rng.Uniform(2))  // the source or the sink
                          : static_cast<int64_t>(rng.Uniform(3));
    s.commands.push_back(c);
  }
  if (rng.Chance(0.15)) {
    Command c;
    c.kind = CommandKind::kRot;
    c.at_ms = rng.Range(300, 3000);
    c.amount = static_cast<int64_t>(rng.Uniform(3));
    s.commands.push_back(c);
  }
}

constexpr std::string_view kKindNames[] = {"add", "crash", "io", "slow", "clock", "outage", "rot"};

std::string RowsText(const Command& c) {
  std::string out;
  for (const auto& [id, t] : c.rows) {
    if (!out.empty()) out += ',';
    out += std::to_string(id) + "@" + std::to_string(t);
  }
  return out;
}

bool ParseInt(std::string_view text, int64_t& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Script GenerateScript(const SeedConfig& config) {
  Rng rng = Rng::ForStream(config.seed, kCommandStream);
  Script s;
  s.seed = config.seed;
  s.mode = config.mode;
  s.mutant = config.mutant ? std::string(config.mutant->name) : std::string();
  s.stateful = config.workload == Workload::kDrawn ? rng.Chance(0.5)
                                                   : config.workload == Workload::kStateful;
  if (s.stateful) {
    AddStatefulInput(s, rng);
  } else {
    AddStatelessInput(s, rng);
  }
  if (config.mode == Mode::kExhaustive) {
    if (config.crash_point) {
      Command c;
      c.kind = CommandKind::kCrash;
      c.point = *config.crash_point;
      c.crash_state = config.crash_state;
      s.commands.push_back(c);
    }
    return s;
  }
  AddCrashes(s, rng);
  if (config.mode == Mode::kSwarm) AddSwarmFaults(s, rng);
  return s;
}

std::string FormatScript(const Script& s) {
  std::ostringstream out;
  out << "# sluice-sim script: replay with sluice-sim --replay FILE\n";
  out << "seed " << s.seed << "\nmode " << ModeName(s.mode) << "\nworkload "
      << (s.stateful ? "stateful" : "stateless") << "\n";
  if (!s.mutant.empty()) out << "mutant " << s.mutant << "\n";
  for (const Command& c : s.commands) {
    out << kKindNames[static_cast<int>(c.kind)];
    switch (c.kind) {
      case CommandKind::kAdd:
        out << " at_ms=" << c.at_ms << " to=" << c.amount << " rows=" << RowsText(c);
        break;
      case CommandKind::kCrash:
        out << " point=" << c.point;
        if (c.crash_state) out << " state=" << c.crash_state->Name();
        break;
      case CommandKind::kIoFault:
        out << " op=" << c.point << " fault=" << faults::IoFaultName(c.fault);
        break;
      case CommandKind::kSlowStorage:
        out << " at_ms=" << c.at_ms << " for_ms=" << c.duration_ms << " delay_us=" << c.amount;
        break;
      case CommandKind::kClockJump: out << " at_ms=" << c.at_ms << " jump_ms=" << c.amount; break;
      case CommandKind::kOutage:
        out << " at_ms=" << c.at_ms << " for_ms=" << c.duration_ms << " source=" << c.amount;
        break;
      case CommandKind::kRot: out << " at_ms=" << c.at_ms << " pick=" << c.amount; break;
    }
    out << "\n";
  }
  return out.str();
}

Result<Script> ParseScript(std::string_view text, const std::string& file) {
  Script s;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string where = file + ":" + std::to_string(line_no);
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string head;
    words >> head;
    std::map<std::string, std::string> kv;
    std::string word, plain;
    while (words >> word) {
      const size_t eq = word.find('=');
      if (eq == std::string::npos) {
        plain = word;
        continue;
      }
      kv[word.substr(0, eq)] = word.substr(eq + 1);
    }
    auto num = [&](const char* key, int64_t& out) -> Status {
      auto it = kv.find(key);
      if (it == kv.end() || !ParseInt(it->second, out)) {
        return Status::InvalidArgument(where + ": '" + head + "' needs " + key + "=<integer>");
      }
      return Status::Ok();
    };
    if (head == "seed") {
      int64_t seed = 0;
      if (!ParseInt(plain, seed) || seed < 0) return Status::InvalidArgument(where + ": bad seed");
      s.seed = static_cast<uint64_t>(seed);
      continue;
    }
    if (head == "mode") {
      if (plain == "lite") s.mode = Mode::kLite;
      else if (plain == "swarm") s.mode = Mode::kSwarm;
      else if (plain == "exhaustive") s.mode = Mode::kExhaustive;
      else return Status::InvalidArgument(where + ": mode must be lite, swarm or exhaustive");
      continue;
    }
    if (head == "workload") {
      if (plain != "stateful" && plain != "stateless") {
        return Status::InvalidArgument(where + ": workload must be stateful or stateless");
      }
      s.stateful = plain == "stateful";
      continue;
    }
    if (head == "mutant") {
      if (!FindMutant(plain)) {
        return Status::InvalidArgument(where + ": unknown mutant '" + plain + "' (see --list-mutants)");
      }
      s.mutant = plain;
      continue;
    }
    const auto kind = std::find(std::begin(kKindNames), std::end(kKindNames), head);
    if (kind == std::end(kKindNames)) {
      return Status::InvalidArgument(where + ": unknown command '" + head + "'");
    }
    Command c;
    c.kind = static_cast<CommandKind>(kind - std::begin(kKindNames));
    switch (c.kind) {
      case CommandKind::kAdd: {
        SLUICE_RETURN_IF_ERROR(num("at_ms", c.at_ms));
        SLUICE_RETURN_IF_ERROR(num("to", c.amount));
        if (c.amount < 0 || c.amount > 1) {
          return Status::InvalidArgument(where + ": add to=0 or to=1");
        }
        std::istringstream rows(kv["rows"]);
        std::string row;
        while (std::getline(rows, row, ',')) {
          const size_t at = row.find('@');
          int64_t id = 0, t = 0;
          if (at == std::string::npos || !ParseInt(row.substr(0, at), id) ||
              !ParseInt(row.substr(at + 1), t)) {
            return Status::InvalidArgument(where + ": rows are id@time_ms, comma-separated");
          }
          c.rows.push_back({id, t});
        }
        break;
      }
      case CommandKind::kCrash:
        SLUICE_RETURN_IF_ERROR(num("point", c.point));
        if (kv.count("state")) {
          c.crash_state = faults::ParseCrashState(kv["state"]);
          if (!c.crash_state) return Status::InvalidArgument(where + ": unknown crash state");
        }
        break;
      case CommandKind::kIoFault: {
        SLUICE_RETURN_IF_ERROR(num("op", c.point));
        auto fault = faults::ParseIoFault(kv["fault"]);
        if (!fault) {
          return Status::InvalidArgument(
              where + ": fault must be eio, enospc, sync-failure or sync-loses-data");
        }
        c.fault = *fault;
        break;
      }
      case CommandKind::kSlowStorage:
        SLUICE_RETURN_IF_ERROR(num("at_ms", c.at_ms));
        SLUICE_RETURN_IF_ERROR(num("for_ms", c.duration_ms));
        SLUICE_RETURN_IF_ERROR(num("delay_us", c.amount));
        break;
      case CommandKind::kClockJump:
        SLUICE_RETURN_IF_ERROR(num("at_ms", c.at_ms));
        SLUICE_RETURN_IF_ERROR(num("jump_ms", c.amount));
        break;
      case CommandKind::kOutage:
        SLUICE_RETURN_IF_ERROR(num("at_ms", c.at_ms));
        SLUICE_RETURN_IF_ERROR(num("for_ms", c.duration_ms));
        SLUICE_RETURN_IF_ERROR(num("source", c.amount));
        if (c.amount < 0 || c.amount > 2) {
          return Status::InvalidArgument(where + ": outage source=0 or 1 (a source) or 2 (the sink)");
        }
        break;
      case CommandKind::kRot:
        SLUICE_RETURN_IF_ERROR(num("at_ms", c.at_ms));
        SLUICE_RETURN_IF_ERROR(num("pick", c.amount));
        break;
    }
    s.commands.push_back(std::move(c));
  }
  return s;
}

}  // namespace sluice::sim
