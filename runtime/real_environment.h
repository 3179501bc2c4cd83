// RealEnvironment: the production composition of an Environment: the POSIX file system rooted at
// a checkpoint directory, the wall clock, a thread pool, and random (version 4) UUIDs.
#pragma once

#include <memory>
#include <string>

#include "engine/query/environment.h"
#include "runtime/thread_pool_scheduler.h"
#include "storage/posix_file_system.h"
#include "storage/real_clock.h"

namespace sluice::runtime {

using engine::Environment;
using engine::Scheduler;

class RealEnvironment {
 public:
  // `threads`: how many threads run a batch's tasks, the one that runs the query included
  // (ThreadPoolScheduler). REQUIRES: threads >= 1. The checkpoint directory is created by the
  // query if missing.
  RealEnvironment(const std::string& checkpoint_dir, int threads);
  const Environment& env() const { return env_; }

 private:
  storage::PosixFileSystem fs_;
  storage::RealClock clock_;
  ThreadPoolScheduler scheduler_;
  Environment env_;
};

// A random UUID, as Spark uses for query and run ids.
std::string RandomUuid();

}  // namespace sluice::runtime
