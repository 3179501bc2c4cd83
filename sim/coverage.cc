#include "sim/coverage.h"

#include <cinttypes>

#include "spec/check.h"
#include "spec/protocol.h"

namespace sluice::sim {
namespace {

// Fault marks, hit by the World (sim/world.cc) and by the disk's crash model.
constexpr std::string_view kFaultMarks[] = {
    "fault: crash",
    "crash: data lost",
    "crash: data kept",
    "crash: data cut to a prefix",
    "crash: data torn",
    "crash: data lost after a failed fsync",
    "crash: names lost",
    "crash: names kept",
    "crash: names partly kept",
    "io: eio on read",
    "io: eio on write",
    "io: eio on sync",
    "io: enospc on write",
    "io: sync-failure",
    "io: sync-loses-data",
    "fault: slow storage",
    "fault: clock jump forward",
    "fault: clock jump backward",
    "fault: source outage",
    "fault: source call refused",
    "fault: sink outage",
    "fault: sink call refused",
    "fault: corrupt entry",
    "outcome: refused after corruption",
};

struct Rare {
  std::string_view mark;
  std::string_view because;
};

// Marks a few hundred seeds may miss, each with the reason. Every other mark must be hit.
constexpr Rare kRare[] = {
    {"micro_batch reporting -error-> failed", "reporting has no failing action"},
    {"micro_batch advancing_watermark -error-> failed", "advancing the watermark cannot fail"},
    {"query running_trigger -finish-> finished",
     "the workloads run continuous triggers; Once and AvailableNow are the engine tests' and "
     "scenarios'"},
    {"query idle -finish-> finished", "as above"},
    {"query idle -error-> failed", "a query fails only while recovering or running a trigger"},
    {"micro_batch deciding -error-> failed", "deciding has no failing action"},
    {"atomic_publish renaming -exists-> failed", "needs two writers; failure-mode tests cover it"},
    {"recovery deciding -inconsistent-> refused",
     "the standard protocol never leaves an inconsistent log; failure-mode tests cover it"},
    {"recovery deciding -error-> refused", "deciding reads nothing"},
    {"crash: data lost after a failed fsync",
     "needs a crash after a sync-loses-data fault and before the file is rewritten"},
    {"outcome: refused after corruption",
     "needs silent corruption of an entry that recovery reads, then a restart"},
};

}  // namespace

void Coverage::OnTransition(spec::MachineId machine, int from, int event, int to) {
  std::string mark =
      spec::TransitionName{spec::MachineName(machine), spec::StateNameOf(machine, from),
                           spec::EventNameOf(machine, event), spec::StateNameOf(machine, to)}
          .Mark();
  ++hits_[std::move(mark)];
}

void Coverage::Hit(const std::string& mark, int64_t times) {
  if (times == 0) return;
  hits_[mark] += times;
}

void Coverage::Merge(const Coverage& other) {
  for (const auto& [mark, n] : other.hits_) hits_[mark] += n;
}

int64_t Coverage::Count(const std::string& mark) const {
  auto it = hits_.find(mark);
  return it == hits_.end() ? 0 : it->second;
}

const std::vector<std::string>& Coverage::AllMarks() {
  static const std::vector<std::string> marks = [] {
    std::vector<std::string> m;
    for (const spec::TransitionName& t : spec::TransitionNames(spec::kStandardProtocol)) {
      m.push_back(t.Mark());
    }
    for (std::string_view f : kFaultMarks) m.emplace_back(f);
    return m;
  }();
  return marks;
}

std::string_view Coverage::RareBecause(const std::string& mark) {
  for (const Rare& r : kRare) {
    if (r.mark == mark) return r.because;
  }
  return {};
}

int Coverage::Print(std::FILE* out) const {
  int missed = 0;
  for (const std::string& mark : AllMarks()) {
    const int64_t n = Count(mark);
    const std::string_view rare = RareBecause(mark);
    const bool miss = n == 0 && rare.empty();
    missed += miss ? 1 : 0;
    std::fprintf(out, "coverage %10" PRId64 "  %s%s%s\n", n, mark.c_str(), miss ? "  MISSED" : "",
                 rare.empty() ? "" : "  (rare)");
  }
  for (const auto& [mark, n] : hits_) {
    bool known = false;
    for (const std::string& m : AllMarks()) known = known || m == mark;
    SLUICE_CHECK(known, "every coverage mark is in Coverage::AllMarks");
  }
  return missed;
}

}  // namespace sluice::sim
