#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build (Release) and launch Riverdelta on the
# local sandbox (embedded Kafka + a private PostgreSQL). Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DRIVERDELTA_BUILD_TESTS=OFF -DRIVERDELTA_BUILD_BENCH=OFF >/dev/null
cmake --build build/release --target riverdelta riverdelta-cli

# The app itself explains how to run headless when there is no display.
exec build/release/app/riverdelta "$@"
