#!/usr/bin/env bash
# The copies check must pass on identical folders, fail on a changed byte, a file added on either
# side or a file missing, and pass, saying it skipped, when the shared folder does not exist.
set -u
checker="$(cd "$(dirname "$0")" && pwd)/check_scenario_copies.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fresh() {
  rm -rf "$tmp/shared" "$tmp/copies"
  mkdir -p "$tmp/shared" "$tmp/copies"
  printf '{"id": "a"}\n' > "$tmp/shared/a.jsonl"
  printf '# format\n' > "$tmp/shared/FORMAT.md"
  cp "$tmp/shared/"* "$tmp/copies/"
}
expect() {  # expect pass|fail TEXT: the check's outcome, and a line of its output
  local want=$1 text=$2 out rc
  out=$(bash "$checker" "$tmp/copies" "$tmp/shared")
  rc=$?
  [[ ($want == pass && $rc == 0) || ($want == fail && $rc == 1) ]] || {
    echo "FAIL: wanted $want, got exit $rc: $out"; exit 1; }
  grep -qF "$text" <<<"$out" || { echo "FAIL: '$text' not in: $out"; exit 1; }
}
fresh; expect pass "identical to $tmp/shared (2 files)"
fresh; printf '{"id": "b"}\n' > "$tmp/copies/a.jsonl"; expect fail "a.jsonl differ"
fresh; printf '{"id": "a"} \n' > "$tmp/shared/a.jsonl"; expect fail "a.jsonl differ"
fresh; printf '{}\n' > "$tmp/shared/new.jsonl"; expect fail "Only in $tmp/shared: new.jsonl"
fresh; printf '{}\n' > "$tmp/copies/extra.jsonl"; expect fail "Only in $tmp/copies: extra.jsonl"
fresh; rm "$tmp/copies/FORMAT.md"; expect fail "Only in $tmp/shared: FORMAT.md"
fresh; rm -rf "$tmp/shared"; expect pass "skipped the comparison, $tmp/shared does not exist"
echo "selftest passed"
