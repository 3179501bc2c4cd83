#!/usr/bin/env bash
# One entry point for a fresh Debian machine (run as root):
#   scripts/sluice.sh sim    install what is missing, build (Release), run the default simulation
#   scripts/sluice.sh test   install what is missing, build (Release), run every test with ctest
# BUILD_DIR overrides the build directory (default: build).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ libboost-filesystem-dev libcereal-dev librapidcheck-dev
          libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev libcli11-dev spin)

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

case ${1:-} in
  sim)
    install_missing
    build
    "${BUILD_DIR:-build}/bin/sluice-sim"
    ;;
  test)
    install_missing
    build
    ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
    ;;
  campaign)  # a long simulation campaign, outside CI: campaign [SECONDS] [sluice-campaign flags]
    install_missing
    build
    "${BUILD_DIR:-build}/bin/sluice-campaign" --duration "${2:-600}" "${@:3}"
    ;;
  *)
    echo "usage: $0 sim|test|campaign [SECONDS]" >&2
    exit 2
    ;;
esac
