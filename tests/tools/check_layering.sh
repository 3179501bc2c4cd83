#!/usr/bin/env bash
# Fails when a module includes a module that design.md does not allow it to see, or when
# deterministic code (spec/, storage/, engine/, sim/) calls the wall clock, rand,
# std::random_device or starts a thread outside the scheduler and real-world implementations
# (files named real_*, posix_*, thread_pool_*).
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
status=0
allowed() {
  case $1 in
    spec) echo "spec" ;;
    storage) echo "storage spec" ;;
    engine) echo "engine storage spec" ;;
    faults) echo "faults storage spec" ;;
    sim) echo "sim engine faults storage spec" ;;
  esac
}
modules="spec storage engine faults sim"
for mod in $modules; do
  ok=" $(allowed "$mod") "
  while IFS=: read -r file line inc; do
    target=$(sed -n 's/.*#include "\([a-z_]*\)\/.*/\1/p' <<<"$inc")
    [[ -z $target || " $modules " != *" $target "* ]] && continue
    if [[ $ok != *" $target "* ]]; then
      echo "layering: $file:$line includes $target/, but $mod may include only:$ok"
      status=1
    fi
  done < <(grep -rn '#include "' "$mod")
done
pattern='std::chrono::(system_clock|steady_clock|high_resolution_clock)::now|(^|[^_a-zA-Z0-9:.>])s?rand\(|random_device|std::thread|std::jthread|std::async|pthread_create|[^_a-z]time\((NULL|nullptr|0)\)|gettimeofday|clock_gettime'
for mod in spec storage engine sim; do
  while IFS= read -r hit; do
    file=${hit%%:*}
    base=$(basename "$file")
    case $base in real_* | posix_* | thread_pool_*) continue ;; esac
    echo "determinism: $hit"
    status=1
  done < <(grep -rnE "$pattern" "$mod")
done
[[ $status == 0 ]] && echo "layering and determinism checks passed"
exit $status
