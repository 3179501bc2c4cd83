#include "sim/shrink.h"

namespace sluice::sim {
namespace {

// Tries deleting each run of `chunk` consecutive commands; keeps every deletion that still fails.
bool DeleteChunks(Script& s, size_t chunk, const std::function<bool(const Script&)>& fails,
                  int* runs) {
  bool changed = false;
  for (size_t start = 0; start < s.commands.size();) {
    Script candidate = s;
    const size_t end = std::min(start + chunk, candidate.commands.size());
    candidate.commands.erase(candidate.commands.begin() + static_cast<long>(start),
                             candidate.commands.begin() + static_cast<long>(end));
    ++*runs;
    if (fails(candidate)) {
      s = std::move(candidate);
      changed = true;
    } else {
      start += chunk;
    }
  }
  return changed;
}

bool DeleteRows(Script& s, const std::function<bool(const Script&)>& fails, int* runs) {
  bool changed = false;
  for (size_t i = 0; i < s.commands.size(); ++i) {
    for (size_t r = 0; r < s.commands[i].rows.size() && s.commands[i].rows.size() > 1;) {
      Script candidate = s;
      candidate.commands[i].rows.erase(candidate.commands[i].rows.begin() + static_cast<long>(r));
      ++*runs;
      if (fails(candidate)) {
        s = std::move(candidate);
        changed = true;
      } else {
        ++r;
      }
    }
  }
  return changed;
}

}  // namespace

Script Shrink(const Script& failing, const std::function<bool(const Script&)>& fails, int* runs) {
  Script s = failing;
  for (size_t chunk = std::max<size_t>(1, s.commands.size() / 2); chunk > 1; chunk /= 2) {
    DeleteChunks(s, chunk, fails, runs);
  }
  while (DeleteChunks(s, 1, fails, runs) || DeleteRows(s, fails, runs)) {
  }
  return s;
}

bool ScriptFails(const Script& script) { return !RunScript(script).violations.empty(); }

}  // namespace sluice::sim
