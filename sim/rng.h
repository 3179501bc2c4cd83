// Rng: the simulation's one seeded generator (SplitMix64), passed by reference. Its sequence is
// fixed by the seed on every platform, unlike the standard library's distributions.
#pragma once

#include <cstdint>

#include "spec/check.h"

namespace sluice::sim {

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  // A generator for one purpose (`stream`) of one seed. The seed is mixed first: seeding with
  // seed * increment would make seed s+1 replay seed s's sequence shifted by one draw.
  static Rng ForStream(uint64_t seed, uint64_t stream) {
    Rng mixer(seed ^ (stream * 0xD1B54A32D192ED03ull));
    return Rng(mixer.Next());
  }
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n). REQUIRES: n > 0.
  uint64_t Uniform(uint64_t n) {
    SLUICE_CHECK(n > 0, "Uniform needs a non-empty range");
    return Next() % n;
  }
  // Uniform in [lo, hi]. REQUIRES: lo <= hi.
  int64_t Range(int64_t lo, int64_t hi) {
    SLUICE_CHECK(lo <= hi, "Range needs lo <= hi");
    return lo + static_cast<int64_t>(Uniform(static_cast<uint64_t>(hi - lo) + 1));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }

 private:
  uint64_t state_;
};

}  // namespace sluice::sim
