#!/usr/bin/env bash
# clang-tidy (.clang-tidy at the root: bugprone-*, concurrency-*, performance-*) over our code in
# engine/, models/, ui/ and app/, with the compile commands of BUILD_DIR (default build/dev,
# configured if missing). Exits non-zero on any finding. The whole tree passes it. Not part of
# scripts/test.sh: about 8 s a file, so the 279 files take some 20 minutes on two quiet cores,
# which CI's 90 minutes no longer hold beside the ASan pass.
# Needs: apt-get install -y clang-tidy
#   scripts/tidy.sh                     every file
#   scripts/tidy.sh engine/cdc models   only files under these folders
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build="${BUILD_DIR:-build/dev}"
if [[ ! -f "$build/compile_commands.json" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
# Generated headers (version.h) and moc output the sources include.
cmake --build "$build" --target riverdelta_engine_autogen riverdelta_models_autogen \
  riverdelta_ui_autogen >/dev/null 2>&1 || true
folders=("$@")
[[ ${#folders[@]} -eq 0 ]] && folders=(engine models ui app)
pattern="^$(pwd)/($(IFS='|'; echo "${folders[*]}"))/.*\.cpp$"
# GCC-only warning flags in the compile commands are not clang-tidy's business.
run-clang-tidy -p "$build" -j "$(nproc)" -quiet -extra-arg=-Wno-unknown-warning-option \
  "$pattern"
