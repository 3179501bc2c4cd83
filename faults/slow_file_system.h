// SlowFileSystem: makes every storage operation take simulated time while slowness is on, the
// way a congested or failing disk does. Each operation sleeps `delay_us` on the given clock
// before it goes through; in a simulation the clock jumps, so a slow disk costs nothing real.
#pragma once

#include <cstdint>

#include "storage/clock.h"
#include "storage/file_system.h"

namespace sluice::faults {

class SlowFileSystem : public storage::FileSystemWrapper {
 public:
  SlowFileSystem(storage::FileSystem* target, storage::Clock* clock)
      : FileSystemWrapper(target), clock_(clock) {}

  // 0 turns slowness off.
  void SetDelay(int64_t delay_us) { delay_us_ = delay_us; }
  int64_t delayed_operations() const { return delayed_; }

  Status WriteFile(const std::string& p, std::string_view d) override {
    Wait();
    return target()->WriteFile(p, d);
  }
  Status SyncFile(const std::string& p) override {
    Wait();
    return target()->SyncFile(p);
  }
  Result<std::string> ReadFile(const std::string& p) override {
    Wait();
    return target()->ReadFile(p);
  }
  Status RenameNoReplace(const std::string& f, const std::string& t) override {
    Wait();
    return target()->RenameNoReplace(f, t);
  }
  Status Remove(const std::string& p) override {
    Wait();
    return target()->Remove(p);
  }
  Result<std::vector<std::string>> ListDir(const std::string& d) override {
    Wait();
    return target()->ListDir(d);
  }
  Status CreateDirs(const std::string& d) override {
    Wait();
    return target()->CreateDirs(d);
  }
  Status SyncDir(const std::string& d) override {
    Wait();
    return target()->SyncDir(d);
  }
  Result<bool> Exists(const std::string& p) override {
    Wait();
    return target()->Exists(p);
  }
  Result<storage::FileInfo> Stat(const std::string& p) override {
    Wait();
    return target()->Stat(p);
  }

 private:
  void Wait() {
    if (delay_us_ <= 0) return;
    ++delayed_;
    clock_->SleepUntilMicros(clock_->NowMicros() + delay_us_);
  }

  storage::Clock* clock_;
  int64_t delay_us_ = 0;
  int64_t delayed_ = 0;
};

}  // namespace sluice::faults
