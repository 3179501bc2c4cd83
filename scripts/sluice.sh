#!/usr/bin/env bash
# One entry point for a fresh Debian machine (run as root):
#   scripts/sluice.sh sim    install what is missing, build (Release), run the default simulation
#   scripts/sluice.sh test   install what is missing, check the format, build (Release), run every
#                            test with ctest, then build the unit and property tests and the
#                            fuzzers with clang, AddressSanitizer and UndefinedBehaviorSanitizer,
#                            run the tests and each fuzzer for FUZZ_SECONDS (20)
#   scripts/sluice.sh format rewrite the tracked sources in the house format (.clang-format)
#   scripts/sluice.sh compare [compare.mjs flags]
#                            outside CI: Sluice, DuckDB (@duckdb/node-api from npm, pinned in
#                            bench/compare/package.json, kept in SLUICE_COMPARE_CACHE, default
#                            ~/.cache/sluice-compare) and a hand-written loop on the same workloads,
#                            one line of medians per workload (docs/benchmarks.md)
#   scripts/sluice.sh fuzz [SECONDS]
#                            build the fuzzers (the sanitizer build) and run each SECONDS (30)
# BUILD_DIR overrides the build directory (default: build); SANITIZE_DIR the clang sanitizer and
# fuzzer build (default: build-sanitize).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ libboost-filesystem-dev libcereal-dev librapidcheck-dev
          libssl-dev zlib1g-dev libxxhash-dev libre2-dev libsimdjson-dev libmimalloc-dev
          libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev spin
          clang-format binutils git python3 clang libclang-rt-14-dev)

install_missing() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

build() {
  local dir=${BUILD_DIR:-build}
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$dir" --parallel "$(nproc)"
}

sources() {
  git ls-files '*.h' '*.cc' 2>/dev/null || find . -path ./build\* -prune -o \( -name '*.h' -o -name '*.cc' \) -print
}

check_format() {
  local bad
  bad=$(sources | xargs clang-format --dry-run 2>&1 | grep -c 'warning:' || true)
  if ((bad > 0)); then
    sources | xargs clang-format --dry-run 2>&1 | grep 'warning:' | cut -d: -f1 | sort -u | head -20
    echo "format: $bad lines differ from .clang-format; run scripts/sluice.sh format" >&2
    return 1
  fi
  echo "format: $(sources | wc -l) files match .clang-format"
}

# One clang build with ASan and UBSan for two uses: the unit and property tests (ctest label
# 'unit') and the libFuzzer targets of fuzz/ (docs/testing.md). Sharing it compiles the libraries
# once for both (CI has 2 cores). The fuzzed libraries also carry libFuzzer's coverage hooks,
# which do nothing outside a fuzzer. Arguments: the targets to build.
build_sanitized() {
  local dir=${SANITIZE_DIR:-build-sanitize}
  # -Werror is the GCC Release build's check; clang 14 warns on other things in code GCC accepts.
  CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DSLUICE_SANITIZE=ON -DSLUICE_FUZZ=ON \
    -DSLUICE_WERROR=OFF -DSLUICE_BUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" --parallel "$(nproc)" --target "$@"
}

sanitize() {
  local dir=${SANITIZE_DIR:-build-sanitize}
  build_sanitized sluice_tests sluice_fuzzers
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$dir" --output-on-failure -j "$(nproc)" -L unit
}

# Each libFuzzer target of the sanitized build run for $1 seconds (nproc at a time) on its seed
# corpus fuzz/corpus/<target>/ and the inputs earlier runs kept in $dir/corpus/<target>/. A crash,
# a sanitizer report, a broken property or a unit slower than 10 s leaves its input in
# $dir/crashes/ and fails.
fuzz() {
  local seconds=$1 dir=${SANITIZE_DIR:-build-sanitize} jobs targets=() failed=() i j
  jobs=$(nproc)
  build_sanitized sluice_fuzzers
  for seeds in fuzz/corpus/*/; do targets+=("$(basename "$seeds")"); done
  mkdir -p "$dir/crashes"
  for ((i = 0; i < ${#targets[@]}; i += jobs)); do
    local batch=("${targets[@]:i:jobs}") pids=()
    for target in "${batch[@]}"; do
      echo "fuzz: $target for ${seconds}s"
      mkdir -p "$dir/corpus/$target"
      "$dir/bin/$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$dir/crashes/$target-" "$dir/corpus/$target" "fuzz/corpus/$target" \
        >"$dir/crashes/$target.log" 2>&1 &
      pids+=($!)
    done
    for j in "${!batch[@]}"; do
      if ! wait "${pids[j]}"; then
        tail -30 "$dir/crashes/${batch[j]}.log" >&2
        failed+=("${batch[j]}")
      fi
      echo "fuzz: ${batch[j]}: $(grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' \
        "$dir/crashes/${batch[j]}.log" | sed 's/^stat:://' | tr '\n' ' ')"
    done
  done
  if ((${#failed[@]})); then
    echo "fuzz: ${failed[*]} failed; inputs in $dir/crashes/" >&2
    return 1
  fi
}

case ${1:-} in
  sim)
    install_missing
    build
    "${BUILD_DIR:-build}/bin/sluice-sim"
    ;;
  test)
    install_missing
    check_format
    build
    ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
    sanitize
    fuzz "${FUZZ_SECONDS:-20}"
    ;;
  fuzz)
    install_missing
    fuzz "${2:-30}"
    ;;
  format)
    install_missing
    sources | xargs clang-format -i
    ;;
  campaign)  # a long simulation campaign, outside CI: campaign [SECONDS] [sluice-campaign flags]
    install_missing
    build
    "${BUILD_DIR:-build}/bin/sluice-campaign" --duration "${2:-600}" "${@:3}"
    ;;
  compare)  # outside CI: compare [--runs N] [--workloads a,b] [--rows N] [--threads N]
    install_missing
    command -v node >/dev/null && command -v npm >/dev/null || {
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    }
    cache=${SLUICE_COMPARE_CACHE:-$HOME/.cache/sluice-compare}
    duckdb_version=$(sed -n 's/.*"@duckdb\/node-api": "\(.*\)".*/\1/p' bench/compare/package.json)
    if ! grep -qs "\"version\": \"$duckdb_version\"" "$cache/node_modules/@duckdb/node-api/package.json"; then
      npm install --prefix "$cache" --no-audit --no-fund "@duckdb/node-api@$duckdb_version" >/dev/null
    fi
    build
    node bench/compare/compare.mjs --bin "${BUILD_DIR:-build}/bin/sluice-compare" --modules "$cache" "${@:2}"
    ;;
  *)
    echo "usage: $0 sim|test|fuzz|format|campaign|compare [SECONDS]" >&2
    exit 2
    ;;
esac
