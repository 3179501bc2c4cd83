#!/usr/bin/env bash
# Fails when an include crosses a line that design.md does not draw:
#  - a module includes a module it may not see (spec <- storage <- engine <- connectors <-
#    runtime; spec, storage <- faults; sim sees everything but runtime);
#  - an engine sub-area includes an area above it (types <- expr <- ops; types <- io;
#    ops, io <- state <- plan <- query), or an engine file lives outside the sub-areas;
#  - engine/ or connectors/ names a concrete file system, clock or scheduler;
#  - deterministic code (spec/, storage/, engine/, connectors/, sim/) calls the wall clock, rand,
#    std::random_device or starts a thread outside the real-world implementations (files named
#    real_*, posix_*, thread_pool_*).
set -u
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root" || exit 2
status=0
fail() {
  echo "$1"
  status=1
}

allowed() {
  case $1 in
    spec) echo "spec" ;;
    storage) echo "storage spec" ;;
    engine) echo "engine storage spec" ;;
    connectors) echo "connectors engine storage spec" ;;
    runtime) echo "runtime connectors engine storage spec" ;;
    faults) echo "faults storage spec" ;;
    sim) echo "sim connectors engine faults storage spec" ;;
  esac
}
modules="spec storage engine connectors runtime faults sim"
for mod in $modules; do
  [[ -d $mod ]] || continue
  ok=" $(allowed "$mod") "
  while IFS=: read -r file line inc; do
    target=$(sed -n 's/.*#include "\([a-z_]*\)\/.*/\1/p' <<<"$inc")
    [[ -z $target || " $modules " != *" $target "* ]] && continue
    [[ $ok == *" $target "* ]] ||
      fail "layering: $file:$line includes $target/, but $mod may include only:$ok"
  done < <(grep -rn '#include "' "$mod")
done

area_allowed() {
  case $1 in
    types) echo "types" ;;
    expr) echo "types expr" ;;
    ops) echo "types expr ops" ;;
    io) echo "types io" ;;
    state) echo "types expr ops io state" ;;
    plan) echo "types expr ops io state plan" ;;
    query) echo "types expr ops io state plan query" ;;
  esac
}
areas="types expr ops io state plan query"
if [[ -d engine ]]; then
  while IFS= read -r file; do
    fail "layering: $file is not in an engine sub-area ($areas)"
  done < <(find engine -maxdepth 1 -type f \( -name '*.h' -o -name '*.cc' \))
  for dir in engine/*/; do
    area=$(basename "$dir")
    [[ " $areas " == *" $area "* ]] || fail "layering: engine/$area/ is not a sub-area ($areas)"
  done
  for area in $areas; do
    [[ -d engine/$area ]] || continue
    ok=" $(area_allowed "$area") "
    while IFS=: read -r file line inc; do
      target=$(sed -n 's/.*#include "engine\/\([a-z_]*\)\/.*/\1/p' <<<"$inc")
      [[ -z $target ]] && continue
      [[ $ok == *" $target "* ]] ||
        fail "layering: $file:$line includes engine/$target/, but engine/$area may include only:$ok"
    done < <(grep -rn '#include "engine/' "engine/$area")
  done
fi

# Only runtime/ and sim/ pick implementations.
for mod in engine connectors; do
  [[ -d $mod ]] || continue
  while IFS= read -r hit; do
    fail "composition: $hit (only runtime/ and sim/ name a concrete file system, clock or scheduler)"
  done < <(grep -rnE 'PosixFileSystem|RealClock|ThreadPoolScheduler|posix_file_system\.h|real_clock\.h' "$mod")
done

pattern='std::chrono::(system_clock|steady_clock|high_resolution_clock)::now|(^|[^_a-zA-Z0-9:.>])s?rand\(|random_device|std::thread|std::jthread|std::async|pthread_create|[^_a-z]time\((NULL|nullptr|0)\)|gettimeofday|clock_gettime'
for mod in spec storage engine connectors sim; do
  [[ -d $mod ]] || continue
  while IFS= read -r hit; do
    file=${hit%%:*}
    base=$(basename "$file")
    case $base in real_* | posix_* | thread_pool_*) continue ;; esac
    fail "determinism: $hit"
  done < <(grep -rnE "$pattern" "$mod")
done
[[ $status == 0 ]] && echo "layering and determinism checks passed"
exit $status
