#!/usr/bin/env bash
# The layering check must fail on a tree that breaks each of its rules.
set -u
checker="$(cd "$(dirname "$0")" && pwd)/check_layering.sh"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{spec,storage,engine,faults,sim}
echo '#include "engine/plan.h"' > "$tree/storage/bad.h"
echo 'int f() { return rand(); }' > "$tree/engine/bad.cc"
echo '#include "engine/x.h"' > "$tree/faults/bad.h"
echo 'std::thread t;' > "$tree/sim/bad.cc"
out=$(bash "$checker" "$tree")
rc=$?
echo "$out"
[[ $rc != 0 ]] || { echo "FAIL: checker passed a bad tree"; exit 1; }
for want in "storage/bad.h:1 includes engine/" "faults/bad.h:1 includes engine/" \
            "determinism: engine/bad.cc" "determinism: sim/bad.cc"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: missing '$want'"; exit 1; }
done
echo "selftest passed"
