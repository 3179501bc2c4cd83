// CrashPoints: numbers every crash point of a run (every machine transition and every storage
// operation, in the order they happen) and crashes the process model at an armed one.
//
// A crash is modelled by throwing SimulatedCrash: nothing after the crash point runs, and the
// simulator catches it at the top, discards the engine's memory, and applies a crash state to
// the disk. Points are numbered from 1 over the whole run, across restarts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::faults {

struct SimulatedCrash {
  int64_t point;
  std::string where;
};

class CrashPoints {
 public:
  // Hears every point, armed or not, before any crash (the simulator hashes its trace here).
  using Observer = std::function<void(int64_t point, std::string_view where)>;
  explicit CrashPoints(Observer observer = nullptr) : observer_(std::move(observer)) {}

  // Crash when point number `point` (1-based, absolute) is reached.
  void Arm(int64_t point) { armed_ = point; }
  void Disarm() { armed_.reset(); }
  std::optional<int64_t> armed() const { return armed_; }
  int64_t passed() const { return passed_; }

  // Counts one point; throws SimulatedCrash if it is the armed one.
  void Pass(std::string_view where);

 private:
  Observer observer_;
  std::optional<int64_t> armed_;
  int64_t passed_ = 0;
};

}  // namespace sluice::faults
