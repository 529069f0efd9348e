#!/usr/bin/env bash
# Writes the library package results/ulpforge_math/ (include/ulpforge_math.h with every
# kernel of results/*/kernels.json, its CMake package config and pkg-config file),
# proving every kernel again on the way (`ulpforge library`, about 2 minutes on 2 cores).
# Run it after scripts/make-tiers.sh or anything else that changes a manifest, from a
# committed tree, so that the header names a clean tool commit.
# Usage: scripts/make-library.sh [BUILD_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
cmake --build "$build" --target ulpforge
cd "$root"
"$build/cli/ulpforge" library results --out results/ulpforge_math
