#include "sim/script.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
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
    // One draw per statement: the order of a call's arguments is unspecified, and compilers
    // differ (GCC took the source before the time), so the trace would depend on the compiler.
    const int source = static_cast<int>(rng.Uniform(2));
    const int64_t at_ms = rng.Range(0, 2500);
    add(at_ms, source, rows);
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

// Lite's two rarer faults, at most one kind per seed, drawn after the input and the crashes so
// that a lite seed keeps those as it drew them before these faults existed. A run stays mostly
// about crashes.
constexpr double kRotChance = 0.4;  // of stateful seeds
constexpr int kRots = 2;
constexpr double kLostSyncChance = 0.7;  // of the other seeds
constexpr int kLostSyncs = 3;

bool HasCrashAfter(const Script& s, int64_t point) {
  return std::any_of(s.commands.begin(), s.commands.end(), [&](const Command& c) {
    return c.kind == CommandKind::kCrash && c.point > point;
  });
}

// Linux's lost-pages fsync, a few times early in the run, where a lost entry (the metadata, the
// first batches) is one that recovery still reads. The pages are gone only after a crash, so
// unless one of the seed's crashes follows, one is added shortly after the first fault: under a
// processing-time trigger, crash points pass three to five times as fast as storage operations
// (every machine transition is a point too).
void AddLostSyncs(Script& s, Rng& rng) {
  int64_t op = 0;
  for (int i = 0; i < kLostSyncs; ++i) {
    op += rng.Range(1, 16);
    Command c;
    c.kind = CommandKind::kIoFault;
    c.point = op;
    c.fault = faults::IoFault::kSyncLosesData;
    s.commands.push_back(c);
    if (i > 0 || HasCrashAfter(s, 3 * op)) continue;
    Command crash;
    crash.kind = CommandKind::kCrash;
    const int64_t stride = rng.Range(3, 4);
    crash.point = op * stride + rng.Range(0, 200);
    s.commands.push_back(crash);
  }
}

// Silent corruption of the newest offsets entry (pick 0) after the last input, late in the safety
// phase, so that the liveness phase's recovery reads it.
void AddLateRots(Script& s, Rng& rng) {
  for (int i = 0; i < kRots; ++i) {
    Command c;
    c.kind = CommandKind::kRot;
    c.at_ms = rng.Range(2600, 3000);
    c.amount = 0;
    s.commands.push_back(c);
  }
}

// Corruption only in stateful runs. Once recovery refuses a corrupt entry, liveness is not
// checked, and the stateless oracle checks only that no row arrived twice: it would miss a lost
// row such as the canary's. The stateful oracle still checks every committed batch.
void AddLiteFaults(Script& s, Rng& rng) {
  if (s.stateful && rng.Chance(kRotChance)) return AddLateRots(s, rng);
  if (rng.Chance(kLostSyncChance)) AddLostSyncs(s, rng);
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
    const int64_t size_ms = rng.Range(1, 3000);
    c.amount = size_ms * (rng.Chance(0.5) ? 1 : -1);
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
static_assert(std::size(kKindNames) == static_cast<size_t>(CommandKind::kRot) + 1,
              "a name for every command kind");

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

// One script line: its first word, its last word without '=', and its key=value words.
struct Words {
  std::string head;
  std::string plain;
  std::map<std::string, std::string> kv;
};

Words SplitWords(const std::string& line) {
  Words w;
  std::istringstream words(line);
  words >> w.head;
  std::string word;
  while (words >> word) {
    const size_t eq = word.find('=');
    if (eq == std::string::npos) {
      w.plain = word;
      continue;
    }
    w.kv[word.substr(0, eq)] = word.substr(eq + 1);
  }
  return w;
}

// The value of `key`, empty if the line has none.
std::string Value(const Words& w, const std::string& key) {
  auto it = w.kv.find(key);
  return it == w.kv.end() ? std::string() : it->second;
}

// Each key's integer value into its field, in order; the first one missing or not an integer is
// the error.
Status NeedInts(const Words& w, const std::string& where,
                std::initializer_list<std::pair<const char*, int64_t*>> fields) {
  for (const auto& [key, out] : fields) {
    auto it = w.kv.find(key);
    if (it == w.kv.end() || !ParseInt(it->second, *out)) {
      return Status::InvalidArgument(where + ": '" + w.head + "' needs " + key + "=<integer>");
    }
  }
  return Status::Ok();
}

bool IsHeader(const std::string& head) {
  return head == "seed" || head == "mode" || head == "workload" || head == "mutant";
}

// A header line (IsHeader): the seed, mode, workload or mutant of the script.
Status ApplyHeader(const Words& w, const std::string& where, Script& s) {
  const std::string& plain = w.plain;
  if (w.head == "seed") {
    int64_t seed = 0;
    if (!ParseInt(plain, seed) || seed < 0) return Status::InvalidArgument(where + ": bad seed");
    s.seed = static_cast<uint64_t>(seed);
  } else if (w.head == "mode") {
    static constexpr Mode kModes[] = {Mode::kLite, Mode::kSwarm, Mode::kExhaustive};
    const auto mode = std::find_if(std::begin(kModes), std::end(kModes),
                                   [&](Mode m) { return ModeName(m) == plain; });
    if (mode == std::end(kModes)) {
      return Status::InvalidArgument(where + ": mode must be lite, swarm or exhaustive");
    }
    s.mode = *mode;
  } else if (w.head == "workload") {
    if (plain != "stateful" && plain != "stateless") {
      return Status::InvalidArgument(where + ": workload must be stateful or stateless");
    }
    s.stateful = plain == "stateful";
  } else {
    if (!FindMutant(plain)) {
      return Status::InvalidArgument(where + ": unknown mutant '" + plain +
                                     "' (see --list-mutants)");
    }
    s.mutant = plain;
  }
  return Status::Ok();
}

Status ParseAdd(const Words& w, const std::string& where, Command& c) {
  SLUICE_RETURN_IF_ERROR(NeedInts(w, where, {{"at_ms", &c.at_ms}, {"to", &c.amount}}));
  if (c.amount < 0 || c.amount > 1) return Status::InvalidArgument(where + ": add to=0 or to=1");
  std::istringstream rows(Value(w, "rows"));
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
  return Status::Ok();
}

Status ParseCrash(const Words& w, const std::string& where, Command& c) {
  SLUICE_RETURN_IF_ERROR(NeedInts(w, where, {{"point", &c.point}}));
  if (w.kv.count("state")) {
    c.crash_state = faults::ParseCrashState(Value(w, "state"));
    if (!c.crash_state) return Status::InvalidArgument(where + ": unknown crash state");
  }
  return Status::Ok();
}

Status ParseIo(const Words& w, const std::string& where, Command& c) {
  SLUICE_RETURN_IF_ERROR(NeedInts(w, where, {{"op", &c.point}}));
  auto fault = faults::ParseIoFault(Value(w, "fault"));
  if (!fault) {
    return Status::InvalidArgument(where +
                                   ": fault must be eio, enospc, sync-failure or sync-loses-data");
  }
  c.fault = *fault;
  return Status::Ok();
}

Status ParseOutage(const Words& w, const std::string& where, Command& c) {
  SLUICE_RETURN_IF_ERROR(
      NeedInts(w, where, {{"at_ms", &c.at_ms}, {"for_ms", &c.duration_ms}, {"source", &c.amount}}));
  if (c.amount < 0 || c.amount > 2) {
    return Status::InvalidArgument(where + ": outage source=0 or 1 (a source) or 2 (the sink)");
  }
  return Status::Ok();
}

// The fields that `c.kind` needs.
Status ParseFields(const Words& w, const std::string& where, Command& c) {
  switch (c.kind) {
    case CommandKind::kAdd:
      return ParseAdd(w, where, c);
    case CommandKind::kCrash:
      return ParseCrash(w, where, c);
    case CommandKind::kIoFault:
      return ParseIo(w, where, c);
    case CommandKind::kSlowStorage:
      return NeedInts(w, where,
                      {{"at_ms", &c.at_ms}, {"for_ms", &c.duration_ms}, {"delay_us", &c.amount}});
    case CommandKind::kClockJump:
      return NeedInts(w, where, {{"at_ms", &c.at_ms}, {"jump_ms", &c.amount}});
    case CommandKind::kOutage:
      return ParseOutage(w, where, c);
    case CommandKind::kRot:
      return NeedInts(w, where, {{"at_ms", &c.at_ms}, {"pick", &c.amount}});
  }
  return Status::Ok();
}

// A command line: its kind from the first word, then the fields that kind needs.
Result<Command> ParseCommand(const Words& w, const std::string& where) {
  const auto kind = std::find(std::begin(kKindNames), std::end(kKindNames), w.head);
  if (kind == std::end(kKindNames)) {
    return Status::InvalidArgument(where + ": unknown command '" + w.head + "'");
  }
  Command c;
  c.kind = static_cast<CommandKind>(kind - std::begin(kKindNames));
  SLUICE_RETURN_IF_ERROR(ParseFields(w, where, c));
  return c;
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
  if (config.mode == Mode::kSwarm) {
    AddSwarmFaults(s, rng);
  } else {
    AddLiteFaults(s, rng);
  }
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
      case CommandKind::kClockJump:
        out << " at_ms=" << c.at_ms << " jump_ms=" << c.amount;
        break;
      case CommandKind::kOutage:
        out << " at_ms=" << c.at_ms << " for_ms=" << c.duration_ms << " source=" << c.amount;
        break;
      case CommandKind::kRot:
        out << " at_ms=" << c.at_ms << " pick=" << c.amount;
        break;
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
    if (line.empty() || line[0] == '#') continue;
    const std::string where = file + ":" + std::to_string(line_no);
    const Words w = SplitWords(line);
    if (IsHeader(w.head)) {
      SLUICE_RETURN_IF_ERROR(ApplyHeader(w, where, s));
      continue;
    }
    SLUICE_ASSIGN_OR_RETURN(Command c, ParseCommand(w, where));
    s.commands.push_back(std::move(c));
  }
  return s;
}

}  // namespace sluice::sim
