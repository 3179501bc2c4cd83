#!/usr/bin/env bash
# tests/scenarios holds byte-for-byte copies of the shared acceptance scenarios, so that a clone
# runs them with nothing beside it. Where the shared folder exists, both sides must hold the same
# files with the same bytes: a file changed or added there is noticed here. Where it does not (a
# fresh clone), there is nothing to compare, and the check passes saying so.
#   check_scenario_copies.sh COPIES SHARED
set -u
(($# == 2)) || { echo "usage: $0 COPIES SHARED" >&2; exit 2; }
copies=$1
shared=$2
if [[ ! -d $shared ]]; then
  echo "scenario copies: skipped the comparison, $shared does not exist"
  exit 0
fi
# Names every file on one side only and every file whose bytes differ; __pycache__ is Python's.
if ! out=$(diff -rq -x __pycache__ "$shared" "$copies" 2>&1); then
  echo "$out"
  echo "FAIL: $copies is not a copy of $shared; copy the files over, and never edit an expected row"
  exit 1
fi
echo "scenario copies: identical to $shared ($(find "$shared" -type f | wc -l) files)"
