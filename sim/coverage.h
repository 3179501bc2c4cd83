// Coverage: how often a simulation hit each mark. A mark is a machine transition of the standard
// protocol ("micro_batch writing_sink -error-> failed") or a fault kind ("io: sync-loses-data",
// "crash: data torn", "fault: clock jump backward"). `sluice-sim --coverage` prints every known
// mark with its count; a mark that should be common and was missed fails the run, so a change
// that quietly stops the simulator from reaching a state is caught.
//
// Rules: the list of known marks is fixed (AllMarks); a hit on an unknown mark is a programming
// error. Rare marks are listed with the reason they are rare; every other mark is common.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spec/transition_listener.h"

namespace sluice::sim {

class Coverage : public spec::TransitionListener {
 public:
  void OnTransition(spec::MachineId machine, int from, int event, int to) override;
  void Hit(const std::string& mark, int64_t times = 1);
  void Merge(const Coverage& other);
  int64_t Count(const std::string& mark) const;

  // Every mark, in a fixed order: transitions table by table, then faults.
  static const std::vector<std::string>& AllMarks();
  // Why `mark` is rare, or empty for a common mark.
  static std::string_view RareBecause(const std::string& mark);

  // One line per mark: count, mark, and "MISSED" for a common mark with no hits. Returns the
  // number of common marks missed.
  int Print(std::FILE* out) const;

 private:
  std::map<std::string, int64_t> hits_;
};

}  // namespace sluice::sim
