// Shrink: reduces a failing script to a small one that still fails, by deleting commands (in
// halving chunks, then one by one, until no single deletion keeps the failure) and then rows of
// the remaining adds. The result is what `sluice-sim --shrink` prints and what a regression test
// under tests/regression/ replays.
#pragma once

#include <functional>

#include "sim/script.h"

namespace sluice::sim {

// REQUIRES: fails(failing). Returns a script s with fails(s), from which no single command or
// row can be deleted without losing the failure. `runs` counts the calls of `fails`.
Script Shrink(const Script& failing, const std::function<bool(const Script&)>& fails, int* runs);

// True when the script run under its own mutant reports a violation.
bool ScriptFails(const Script& script);

}  // namespace sluice::sim
