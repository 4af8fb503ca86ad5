#!/usr/bin/env bash
# Installs the Debian packages that sahelwatch's build, tests and demo need.
# Idempotent: when every package is already installed it does nothing (no apt-get update either).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config ninja-build
  libboost-dev libboost-system-dev
  librdkafka-dev
  libprotobuf-dev protobuf-compiler
  prometheus-cpp-dev
  libhyperscan-dev
  libyaml-cpp-dev
  nlohmann-json3-dev
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  kcat curl python3 python3-yaml ccache clang-format
  prometheus
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
