#!/usr/bin/env bash
# Builds the Debian package: installs what is missing (scripts/install-deps.sh --package),
# builds Release in build/release (the same tree scripts/run.sh uses) and runs cpack. Prints the
# .deb's path, then lintian's verdict on it.
#   scripts/package.sh && sudo apt install ./build/package/riverdelta_*.deb
#   JOBS=1 scripts/package.sh   to build with fewer parallel jobs
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh --package
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRIVERDELTA_BUILD_TESTS=OFF -DRIVERDELTA_BUILD_BENCH=OFF >/dev/null
cmake --build build/release -j "${JOBS:-$(nproc)}"
rm -f build/package/riverdelta_*.deb
cpack --config build/release/CPackConfig.cmake -G DEB -B build/package >build/package.log 2>&1 ||
  { cat build/package.log >&2; exit 1; }
deb=$(ls build/package/riverdelta_*.deb)
echo "package.sh: $deb ($(du -h "$deb" | cut -f1))"
# Errors fail the build; the accepted warnings are listed in packaging/README.md.
lintian --fail-on error "$deb"
