#include "runtime/real_environment.h"

#include <cstdio>
#include <random>

namespace sluice::runtime {

std::string RandomUuid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t hi = (rng() & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  const uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xFFFF), static_cast<unsigned>(hi & 0xFFFF),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

RealEnvironment::RealEnvironment(const std::string& checkpoint_dir, int threads)
    : fs_(checkpoint_dir), scheduler_(threads) {
  env_.checkpoint_fs = &fs_;
  env_.clock = &clock_;
  env_.scheduler = &scheduler_;
  env_.new_id = RandomUuid;
}

}  // namespace sluice::runtime
