#!/usr/bin/env bash
# Installs what Riverdelta needs from Debian 12 packages, and only what is missing.
# Usage: scripts/install-deps.sh [--test | --package]
#   --test     also the test tooling: Java 17 + Maven + curl (Kafka broker, Schema Registry),
#              Python venv, kcat, openssl, clang (fuzzing), a Secret Service (gnome-keyring) for
#              the keychain test, poppler-utils (pdftotext/pdftoppm:
#              run report tests), the packaging tools (the suite builds and checks the .deb)
#              and Go (golang-go, unless a go is on PATH: builds the SeaweedFS S3 test server)
#   --package  also the tools that build and check the .deb (scripts/package.sh)
# Idempotent and non-interactive; runs apt-get update at most once; works as root or via sudo.
set -euo pipefail

BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev qt6-qpa-plugins
  librdkafka-dev libpq-dev nlohmann-json3-dev libzstd-dev libsnappy-dev libfmt-dev
  libcurl4-openssl-dev libssl-dev qtkeychain-qt6-dev
  postgresql fonts-dejavu-core
)
TEST_PACKAGES=(
  openjdk-17-jre-headless maven curl openssl python3 python3-venv python3-pip kcat procps
  clang clang-format libclang-rt-14-dev dbus-daemon gnome-keyring libsecret-1-0 poppler-utils
)
# cpack -G DEB: dpkg-shlibdeps (dpkg-dev) and file compute the dependencies; the checks use
# desktop-file-validate, appstreamcli and lintian.
PACKAGE_PACKAGES=(dpkg-dev file desktop-file-utils appstream lintian)

packages=("${BUILD_PACKAGES[@]}")
if [[ "${1:-}" == "--test" ]]; then
  packages+=("${TEST_PACKAGES[@]}" "${PACKAGE_PACKAGES[@]}")
elif [[ "${1:-}" == "--package" ]]; then
  packages+=("${PACKAGE_PACKAGES[@]}")
elif [[ $# -gt 0 ]]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done
# Any Go toolchain builds the S3 test server (an older one fetches the release it needs).
if [[ "${1:-}" == "--test" ]] && ! command -v go >/dev/null 2>&1; then
  packages+=(golang-go)
  missing+=(golang-go)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo -n)
  if ! sudo -n true 2>/dev/null; then
    if [[ -t 0 ]]; then SUDO=(sudo); else
      echo "install-deps: need root to install: ${missing[*]}" >&2
      echo "  run: sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
else
  echo "install-deps: not root and no sudo; install these as root: ${missing[*]}" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
