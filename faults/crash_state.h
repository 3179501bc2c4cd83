// CrashState: what a crash keeps of the work that was not yet durable (the crash model of
// design.md, after ALICE and the fault-injection file systems of LevelDB and RocksDB).
//
//  - unsynced file data: lost, kept, cut to a prefix, or cut to a prefix followed by garbage (a
//    torn last sector);
//  - names created or renamed since the parent directory's last sync: each directory keeps an
//    in-order prefix of its unsynced name changes (none, all, or a seeded length), so a rename
//    may be undone and a new name may vanish.
// kSeeded choices are drawn per file and per directory from the simulation's generator.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sluice::faults {

enum class UnsyncedData : uint8_t { kLost, kKept, kPrefix, kTorn, kSeeded };
enum class UnsyncedNames : uint8_t { kLost, kKept, kSeeded };

struct CrashState {
  UnsyncedData data = UnsyncedData::kSeeded;
  UnsyncedNames names = UnsyncedNames::kSeeded;
  std::string Name() const;  // "data=torn,names=lost"
};

// Every deterministic combination: the variants that exhaustive mode tries at each crash point.
std::vector<CrashState> AllCrashVariants();
// The variant whose Name() is `name`, or nullopt.
std::optional<CrashState> ParseCrashState(const std::string& name);

}  // namespace sluice::faults
