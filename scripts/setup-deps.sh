#!/usr/bin/env bash
# Installs the Debian 12 packages ulpforge needs. Idempotent: packages already
# installed are skipped, and apt-get runs only when something is missing.
set -euo pipefail

PKGS=(
  build-essential cmake ninja-build pkg-config
  llvm-19 llvm-19-dev libzstd-dev libedit-dev zlib1g-dev libffi-dev libxml2-dev
  libboost-dev libmpfr-dev libgmp-dev libmpfi-dev libtbb-dev
  libxsimd-dev xtl-dev
  libbenchmark-dev libgtest-dev libgmock-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev libtomlplusplus-dev libnlopt-cxx-dev
  libsleef-dev libhwy-dev libeigen3-dev
  libopenmpi-dev openmpi-bin
  qemu-user gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
  clang-19 libclang-rt-19-dev
  gnuplot-nox
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-deps: all ${#PKGS[@]} packages present"
  exit 0
fi

echo "setup-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
