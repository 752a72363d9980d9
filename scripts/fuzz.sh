#!/usr/bin/env bash
# Builds the scenario-loader fuzz target in build/fuzz/ (clang, libFuzzer, ASan+UBSan) and runs
# it for SECONDS (default 60) with a corpus seeded from resources/scenarios.
# Needs: apt-get install -y clang libclang-rt-14-dev
set -euo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DRIVERDELTA_FUZZ=ON -DRIVERDELTA_BUILD_GUI=OFF \
  -DRIVERDELTA_BUILD_TESTS=OFF -DRIVERDELTA_BUILD_BENCH=OFF >/dev/null
ninja -C "$build" -j"${FUZZ_JOBS:-2}" fuzz_scenario_loader
corpus="$build/corpus"
mkdir -p "$corpus"
find "$root/resources/scenarios" -name '*.json' -exec cp {} "$corpus/" \;
mkdir -p "$build/artifacts"
"$build/tests/fuzz/fuzz_scenario_loader" "$corpus" -max_total_time="$seconds" \
  -max_len=16384 -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build/artifacts/" \
  -print_final_stats=1
