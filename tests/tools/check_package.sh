#!/bin/bash
# Installs the build into a temporary prefix, builds examples/app against the installed package
# (find_package(Sluice)) as a user's project would, runs it on JSON files it makes, and checks the
# committed output: a window count read through the manifest's files.
#
#   check_package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/Sluice/SluiceConfig.cmake"
test -f "$work/prefix/include/sluice/engine/query/data_stream.h"
test -x "$work/prefix/bin/sluice"
cmake -S "$source/examples/app" -B "$work/app" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/app" >/dev/null

mkdir -p "$work/in"
printf '%s\n' '{"user":"a","page":"home","time":"2026-12-03T10:00:01Z"}' \
  '{"user":"b","page":"home","time":"2026-12-03T10:03:00Z"}' >"$work/in/1.json"
printf '%s\n' '{"user":"a","page":"cart","time":"2026-12-03T10:21:00Z"}' >"$work/in/2.json"
"$work/app/clicks_per_window" "$work/in" "$work/out" "$work/checkpoint"

# The manifest lists the part files; each holds what it says it does.
manifest=$(cat "$work"/out/_spark_metadata/[0-9]*)
rows=""
for path in $(grep -o '"path":"file://[^"]*"' <<<"$manifest" | sed 's/"path":"file:\/\///; s/"$//'); do
  rows+=$(cat "$path")
done
want='{"window":{"start":"2026-12-03T10:00:00.000Z","end":"2026-12-03T10:05:00.000Z"},"page":"home","clicks":2}'
if [[ "$rows" != "$want" ]]; then
  echo "package: the example app wrote '$rows', not '$want'" >&2
  exit 1
fi
echo "package: installed, example app built against it and ran: ok"
