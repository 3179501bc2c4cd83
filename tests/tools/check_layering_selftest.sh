#!/usr/bin/env bash
# The layering check must fail on a tree that breaks each of its rules.
set -u
checker="$(cd "$(dirname "$0")" && pwd)/check_layering.sh"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree"/{spec,storage,engine/types,engine/state,engine/query,connectors,runtime,faults,sim}
echo '#include "engine/plan/plan.h"' > "$tree/storage/bad.h"
echo 'int f() { return rand(); }' > "$tree/engine/query/bad.cc"
echo '#include "engine/x.h"' > "$tree/faults/bad.h"
echo 'std::thread t;' > "$tree/sim/bad.cc"
echo '#include "runtime/real_environment.h"' > "$tree/sim/bad.h"
echo '#include "engine/query/streaming_query.h"' > "$tree/engine/state/bad.h"
echo '#include "engine/types/column.h"' > "$tree/engine/loose.h"
echo 'storage::PosixFileSystem fs;' > "$tree/engine/query/concrete.cc"
echo '#include "connectors/files/file_source.h"' > "$tree/engine/types/up.h"
out=$(bash "$checker" "$tree")
rc=$?
echo "$out"
[[ $rc != 0 ]] || { echo "FAIL: checker passed a bad tree"; exit 1; }
for want in "storage/bad.h:1 includes engine/" "faults/bad.h:1 includes engine/" \
            "sim/bad.h:1 includes runtime/" "engine/state/bad.h:1 includes engine/query/" \
            "engine/loose.h is not in an engine sub-area" "composition: engine/query/concrete.cc" \
            "engine/types/up.h:1 includes connectors/" \
            "determinism: engine/query/bad.cc" "determinism: sim/bad.cc"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: missing '$want'"; exit 1; }
done
echo "selftest passed"
