#include "faults/crash_state.h"

#include <iterator>

namespace sluice::faults {

std::string CrashState::Name() const {
  static constexpr const char* kData[] = {"lost", "kept", "prefix", "torn", "seeded"};
  static constexpr const char* kNames[] = {"lost", "kept", "seeded"};
  // One name per enumerator: an index past a table's end would read garbage.
  static_assert(std::size(kData) == static_cast<size_t>(UnsyncedData::kSeeded) + 1);
  static_assert(std::size(kNames) == static_cast<size_t>(UnsyncedNames::kSeeded) + 1);
  return std::string("data=") + kData[static_cast<int>(data)] +
         ",names=" + kNames[static_cast<int>(names)];
}

std::vector<CrashState> AllCrashVariants() {
  std::vector<CrashState> out;
  for (UnsyncedData d :
       {UnsyncedData::kLost, UnsyncedData::kKept, UnsyncedData::kPrefix, UnsyncedData::kTorn}) {
    for (UnsyncedNames n : {UnsyncedNames::kLost, UnsyncedNames::kKept}) out.push_back({d, n});
  }
  return out;
}

std::optional<CrashState> ParseCrashState(const std::string& name) {
  for (const CrashState& v : AllCrashVariants()) {
    if (v.Name() == name) return v;
  }
  return std::nullopt;
}

}  // namespace sluice::faults
