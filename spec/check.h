// Invariant assertions that stay on in every build type.
//
// SLUICE_CHECK is for programmer errors and broken invariants, never for expected failures
// (those are Status values). A failed check prints the condition, the reason and the place,
// then aborts, so a simulation run stops at the first broken invariant.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace sluice {

[[noreturn]] inline void CheckFailed(const char* condition, const char* reason, const char* file,
                                     int line) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", file, line, condition, reason);
  std::fflush(stderr);
  std::abort();
}

}  // namespace sluice

#define SLUICE_CHECK(condition, reason)                                              \
  do {                                                                               \
    if (!(condition)) ::sluice::CheckFailed(#condition, reason, __FILE__, __LINE__); \
  } while (false)
