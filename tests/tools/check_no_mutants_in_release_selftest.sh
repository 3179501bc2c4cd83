#!/usr/bin/env bash
# The mutant check must fail on an archive that holds a mutant's name, an old flag or a sim/
# symbol, and on a release source that names one.
#   check_no_mutants_in_release_selftest.sh SLUICE_SIM
set -u
checker="$(cd "$(dirname "$0")" && pwd)/check_no_mutants_in_release.sh"
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/src/engine" "$tree/src/storage"
printf 'xx commit-before-sink yy\n' > "$tree/name.a"
printf 'xx no_checksum_check yy\n' > "$tree/flag.a"
printf 'clean\n' > "$tree/clean.a"
echo 'bool purge_before_commit = false;' > "$tree/src/storage/bad.h"
out=$(bash "$checker" "$1" "$tree/src" "$tree/name.a" "$tree/flag.a" "$tree/clean.a")
rc=$?
echo "$out"
[[ $rc != 0 ]] || { echo "FAIL: checker passed mutant archives"; exit 1; }
for want in "name.a holds the mutant name 'commit-before-sink'" "flag.a holds 'no_checksum_check'" \
            "source storage/bad.h:1"; do
  grep -qF "$want" <<<"$out" || { echo "FAIL: missing '$want'"; exit 1; }
done
grep -qF "clean.a" <<<"$out" && { echo "FAIL: a clean archive was flagged"; exit 1; }
echo "selftest passed"
