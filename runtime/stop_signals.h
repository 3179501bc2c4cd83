// StopOnSignals: turns SIGINT and SIGTERM into a clean stop. While an object lives, the first of
// these signals calls its `stop` function (on a thread of its own, never in the signal handler);
// a second one gets the default action, so that a stuck process can still be interrupted.
//
// Rules: one object at a time per process. `stop` must be safe to call from another thread (as
// StreamingQuery::Stop is). A signal before the object exists (while `sluice run` recovers and
// starts the query) has the default action: the process ends, and the checkpoint is safe as
// after any crash.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace sluice::runtime {

class StopOnSignals {
 public:
  explicit StopOnSignals(std::function<void()> stop);
  ~StopOnSignals();
  StopOnSignals(const StopOnSignals&) = delete;
  StopOnSignals& operator=(const StopOnSignals&) = delete;

  // Whether a signal asked to stop.
  bool signalled() const;

 private:
  std::function<void()> stop_;
  std::thread watcher_;
};

}  // namespace sluice::runtime
