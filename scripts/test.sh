#!/usr/bin/env bash
# Builds ulpforge and runs the default test suite (everything but the `exhaustive`
# label). Installs missing Debian packages first. Usage: scripts/test.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bash "$root/scripts/setup-deps.sh"
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DULPFORGE_WERROR=$werror
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest -LE exhaustive --output-on-failure -j"$(nproc)" --timeout 900
