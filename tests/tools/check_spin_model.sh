#!/usr/bin/env bash
# Checks the SPIN model of the protocol (spec/model/sluice.pml): the standard protocol keeps every
# assertion under every interleaving of crashes and I/O errors, the search completes, and the
# known-wrong order (commits/N before the sink) is found. Usage: check_spin_model.sh MODEL.pml
set -euo pipefail
model="$(realpath "$1")"
command -v spin >/dev/null || { echo "spin is not installed (scripts/sluice.sh installs it)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"

verify() {  # verify [spin -D flags...]: prints pan's report
  spin "$@" -a "$model" >/dev/null
  gcc -O2 -DSAFETY -o pan pan.c
  ./pan -m2000000
}

standard="$(verify)"
echo "$standard" | grep -E "states, stored|errors:"
echo "$standard" | grep -q "errors: 0" || { echo "FAIL: the standard protocol violates the model"; echo "$standard"; exit 1; }
if echo "$standard" | grep -q "Search not completed"; then
  echo "FAIL: the search did not complete (raise -m)"; exit 1
fi
mutant="$(verify -DCOMMIT_BEFORE_SINK)"
echo "$mutant" | grep -q "assertion violated" || { echo "FAIL: the model misses commit-before-sink"; exit 1; }
echo "commit-before-sink: $(echo "$mutant" | grep -m1 'assertion violated')"
echo "spin model: ok"
